import { AGE, baseRow, type ResourceDef } from './types.js';

export const events: ResourceDef = {
  name: 'events',
  kind: 'Event',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['ev', 'event'],
  columns: [
    { ...AGE, name: 'LAST SEEN', priority: 0 },
    { name: 'TYPE', priority: 1 },
    { name: 'REASON', priority: 0 },
    { name: 'OBJECT', priority: 0 },
    { name: 'MESSAGE', priority: 0 },
  ],
  toRow(o) {
    const last =
      Date.parse(o.lastTimestamp ?? o.eventTime ?? o.metadata?.creationTimestamp ?? '') || 0;
    const obj = `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`;
    return {
      ...baseRow(o),
      cells: [{ since: last }, o.type ?? '', o.reason ?? '', obj, String(o.message ?? '').trim()],
      health: o.type === 'Warning' ? 'failing' : 'neutral',
    };
  },
};
