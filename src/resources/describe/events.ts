// The Events table that ends every describe, as kubectl writes it.
import type { KubeObject } from '../types.js';
import type { Doc } from './doc.js';

const timeOf = (iso: unknown) => (typeof iso === 'string' && Date.parse(iso)) || 0;

/** kubectl's events table: oldest first (by lastTimestamp), ages for `now`. */
export function describeEvents(d: Doc, list: KubeObject[]): void {
  if (!list.length) {
    d.line(0, 'Events:', '<none>');
    return;
  }
  const sorted = [...list].sort((a, b) => timeOf(a.lastTimestamp) - timeOf(b.lastTimestamp));
  d.line(0, 'Events:');
  d.line(1, 'Type', 'Reason', 'Age', 'From', 'Message');
  d.line(1, '----', '------', '----', '----', '-------');
  for (const e of sorted) {
    const first = e.eventTime ? d.since(e.eventTime) : d.since(e.firstTimestamp);
    let age = first;
    if (e.series) age = `${d.since(e.series.lastObservedTime)} (x${e.series.count} over ${first})`;
    else if (e.count > 1) age = `${d.since(e.lastTimestamp)} (x${e.count} over ${first})`;
    // The real server's newer events set only reportingComponent (the scheduler's do).
    const from = e.source?.component || e.reportingComponent || '';
    const message = String(e.message ?? '').trim();
    const path = e.involvedObject?.fieldPath;
    d.line(1, e.type ?? '', e.reason ?? '', age, from, path ? `${path}: ${message}` : message);
  }
}
