// Column definitions and cell formats the printers share (printers.go's ObjectMeta columns,
// translateTimestampSince).
import { humanDuration } from '../../util/duration.js';
import type { Column } from '../kind-info.js';
import type { Obj } from '../types.js';

export const nameColumn: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
};

export const ageColumn: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is the time this object was created.',
};

export const col = (
  name: string,
  description: string,
  priority = 0,
  type: Column['type'] = 'string',
): Column => ({ name, type, description, ...(priority ? { priority } : {}) });

/** How long ago, as kubectl prints an age; `<unknown>` for no time at all. */
export function since(ts: string | undefined | null, now: number): string {
  return ts ? humanDuration(now - Date.parse(ts)) : '<unknown>';
}

/** The age cell of an object. */
export const age = (o: Obj, now: number) => since(o.metadata.creationTimestamp, now);
