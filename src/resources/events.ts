// Events as `kubectl get events` shows them: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE (and,
// as `-o wide` does, COUNT). TYPE is text, not only a colour: with NO_COLOR a Warning must
// still read as one. MESSAGE is what an event is for, so at 80 columns the narrow columns
// (TYPE, REASON, LAST SEEN) stay beside it and OBJECT and COUNT give way first.
import { AGE, baseRow, defineResource, type KubeObject, type ObjectKind } from './types.js';

const time = (t: unknown) => (typeof t === 'string' && t ? Date.parse(t) || 0 : 0);

/** When an event last happened and how often, as kubectl's event printer reads them. */
export function eventSeen(e: KubeObject): { first: number; last: number; count: number } {
  const first = time(e.firstTimestamp) || time(e.eventTime);
  if (e.series) {
    return { first, last: time(e.series.lastObservedTime), count: e.series.count ?? 1 };
  }
  return { first, last: time(e.lastTimestamp) || first, count: e.count || 1 };
}

/** The object an event is about: `pod/web-1`, or only the kind when it has no name. */
export function eventObject(e: KubeObject): string {
  const kind = String(e.involvedObject?.kind ?? '').toLowerCase();
  const name = e.involvedObject?.name;
  return name ? `${kind}/${name}` : kind;
}

export const events: ObjectKind = defineResource({
  name: 'events',
  kind: 'Event',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['ev', 'event'],
  columns: [
    { ...AGE, name: 'LAST SEEN', priority: 0 },
    { name: 'TYPE', priority: 0 },
    { name: 'REASON', priority: 0 },
    { name: 'OBJECT', priority: 1 },
    { name: 'COUNT', priority: 2, align: 'right' },
    { name: 'MESSAGE', priority: 0 },
  ],
  toRow(o) {
    const seen = eventSeen(o);
    return {
      ...baseRow(o),
      cells: [
        { since: seen.last },
        o.type ?? '',
        o.reason ?? '',
        eventObject(o),
        seen.count,
        String(o.message ?? '').trim(),
      ],
      health: o.type === 'Warning' ? 'failing' : 'neutral',
    };
  },
});
