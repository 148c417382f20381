import { nodeAddress, nodeRoles, nodeStatus } from '../util/printers.js';
import { AGE, baseRow, created, defineResource, NAME, type ObjectKind } from './types.js';

export const nodes: ObjectKind = defineResource({
  name: 'nodes',
  kind: 'Node',
  group: '',
  version: 'v1',
  namespaced: false,
  aliases: ['no', 'node'],
  columns: [
    NAME,
    { name: 'STATUS', priority: 0 },
    { name: 'ROLES', priority: 2 },
    AGE,
    { name: 'VERSION', priority: 2 },
    { name: 'INTERNAL-IP', priority: 3 },
  ],
  toRow(o) {
    const status = nodeStatus(o);
    return {
      ...baseRow(o),
      cells: [
        o.metadata.name,
        status,
        nodeRoles(o),
        created(o),
        o.status?.nodeInfo?.kubeletVersion ?? '',
        nodeAddress(o, 'InternalIP'),
      ],
      health: status.startsWith('Ready') ? (status === 'Ready' ? 'ok' : 'pending') : 'failing',
    };
  },
});
