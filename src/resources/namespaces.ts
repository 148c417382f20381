import { AGE, baseRow, created, defineResource, NAME, type ObjectKind } from './types.js';

export const namespaces: ObjectKind = defineResource({
  name: 'namespaces',
  kind: 'Namespace',
  group: '',
  version: 'v1',
  namespaced: false,
  aliases: ['ns', 'namespace'],
  columns: [NAME, { name: 'STATUS', priority: 0 }, AGE],
  toRow(o) {
    const phase = o.status?.phase ?? 'Active';
    return {
      ...baseRow(o),
      cells: [o.metadata.name, phase, created(o)],
      health: phase === 'Active' ? 'ok' : 'terminating',
    };
  },
  drill: (row) => ({ resource: 'pods', namespace: row.name }),
});
