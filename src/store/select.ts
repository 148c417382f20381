// Filtering and sorting of rows: pure, and memoised by the screen.
import type { Cell, Row } from '../resources/index.js';

export interface ViewOptions {
  /** Text typed after `/`: a case-insensitive regular expression, or plain text if it is not one. */
  filter?: string;
  /** Column index to sort by; undefined keeps namespace/name order. */
  sortColumn?: number;
  descending?: boolean;
}

export function matcher(filter: string | undefined): (text: string) => boolean {
  if (!filter) return () => true;
  try {
    const re = new RegExp(filter, 'i');
    return (t) => re.test(t);
  } catch {
    const needle = filter.toLowerCase();
    return (t) => t.toLowerCase().includes(needle);
  }
}

/** A cell's value for sorting: numbers and times compare as numbers. */
export function sortKey(c: Cell): string | number {
  if (typeof c === 'string' || typeof c === 'number') {
    if (typeof c === 'string' && /^\d+\/\d+$/.test(c)) return Number(c.split('/')[0]);
    return c;
  }
  // Ages sort youngest first as k9s does: a later start is a smaller age.
  if ('since' in c) return -c.since;
  return c.restarts;
}

const byName = (a: Row, b: Row) =>
  (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);

export function selectRows(rows: readonly Row[], o: ViewOptions): Row[] {
  const match = matcher(o.filter);
  // A row matches when its name, namespace or any text cell does (so ^ and $ anchor to a field).
  const fields = (r: Row) => [
    r.name,
    r.namespace ?? '',
    ...r.cells.filter((c): c is string => typeof c === 'string'),
  ];
  const out = o.filter ? rows.filter((r) => fields(r).some(match)) : [...rows];
  // Before any column is chosen, rows are in name order; O reverses that too.
  if (o.sortColumn === undefined)
    return o.descending ? out.sort(byName).reverse() : out.sort(byName);
  const i = o.sortColumn;
  const dir = o.descending ? -1 : 1;
  return out.sort((a, b) => {
    const x = sortKey(a.cells[i]);
    const y = sortKey(b.cells[i]);
    const cmp =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return dir * cmp || byName(a, b);
  });
}
