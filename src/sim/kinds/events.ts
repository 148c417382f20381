// Event (core/v1): pkg/registry/core/event. Columns in the real order (Message after
// Source), Count a string column, as kube-apiserver 1.36 declares them.
import { type KindInfo, RW } from '../kind-info.js';
import { col, nameColumn, since } from './columns.js';

export const events: KindInfo = {
  group: '',
  version: 'v1',
  resource: 'events',
  kind: 'Event',
  singular: 'event',
  namespaced: true,
  shortNames: ['ev'],
  verbs: RW,
  subresources: [],
  returnsDeletedObject: true,
  printer: {
    columns: [
      col('Last Seen', 'Time when last event occurred.'),
      col('Type', 'Type of this event.'),
      col('Reason', 'Reason why this event was generated.'),
      col('Object', 'Object this event is about.'),
      col('Subobject', 'Subobject this event is about.', 1),
      col('Source', 'Source of this event.', 1),
      col('Message', 'Message associated with the event.'),
      col('First Seen', 'Time when first event occurred.', 1),
      col('Count', 'The number of times this event has occurred.', 1),
      { ...nameColumn, priority: 1 },
    ],
    cells: (e, now) => [
      since(e.lastTimestamp ?? e.eventTime, now),
      e.type ?? '',
      e.reason ?? '',
      `${String(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`,
      e.involvedObject?.fieldPath ?? '',
      [e.source?.component, e.source?.host].filter(Boolean).join(', '),
      String(e.message ?? '').trim(),
      since(e.firstTimestamp ?? e.eventTime, now),
      e.count ?? 1,
      e.metadata.name,
    ],
  },
};
