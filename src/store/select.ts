// Filtering and sorting of rows: pure, and memoised by the screen.
import type { Cell, Row } from '../resources/index.js';

export interface ViewOptions {
  /** Text typed after `/` (see parseFilter). */
  filter?: string;
  /** Column index to sort by; undefined keeps namespace/name order. */
  sortColumn?: number;
  descending?: boolean;
}

/** Text or a regular expression, case-insensitively: a regex when it is one, else plain text. */
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

export interface RowFilter {
  /** `!` first: keep the rows that do not match. */
  inverse: boolean;
  /** `-f PATTERN`: the name has the pattern's characters in order (k9s's fuzzy filter). */
  fuzzy: boolean;
  pattern: string;
}

/** `/` as typed: `[!][-f ]PATTERN`; an empty pattern filters nothing. */
export function parseFilter(text: string): RowFilter {
  const inverse = text.startsWith('!');
  const rest = inverse ? text.slice(1) : text;
  const fuzzy = /^-f\s+/.exec(rest);
  return {
    inverse,
    fuzzy: fuzzy !== null,
    pattern: fuzzy ? rest.slice(fuzzy[0].length).trim() : rest,
  };
}

/** The characters of `pattern` appear in `text` in order, case aside (`ngx` in `nginx-7f9`).
 * k9s ranks such matches by score, then sorts the table anyway: only the match is kept here. */
export function inOrder(pattern: string, text: string): boolean {
  const t = text.toLowerCase();
  let at = 0;
  for (const ch of pattern.toLowerCase()) {
    const i = t.indexOf(ch, at);
    if (i < 0) return false;
    at = i + ch.length;
  }
  return true;
}

/** A row matches text or a regex when its name, namespace or any text cell does (so ^ and $
 * anchor to a field). Undefined: the filter keeps every row. */
export function rowFilter(filter: string | undefined): ((r: Row) => boolean) | undefined {
  if (!filter) return undefined;
  const f = parseFilter(filter);
  if (!f.pattern) return undefined;
  let hit: (r: Row) => boolean;
  if (f.fuzzy) hit = (r) => inOrder(f.pattern, r.name);
  else {
    const match = matcher(f.pattern);
    hit = (r) =>
      match(r.name) ||
      match(r.namespace ?? '') ||
      r.cells.some((c) => typeof c === 'string' && match(c));
  }
  return f.inverse ? (r) => !hit(r) : hit;
}

/** A cell's value for sorting: numbers and times compare as numbers. */
export function sortKey(c: Cell): string | number {
  if (typeof c === 'string' || typeof c === 'number') {
    if (typeof c === 'string' && /^\d+\/\d+$/.test(c)) return Number(c.split('/')[0]);
    return c;
  }
  // Ages sort youngest first as k9s does: a later start is a smaller age.
  if ('since' in c) return -c.since;
  if ('value' in c) return c.value;
  return c.restarts;
}

const byName = (a: Row, b: Row) =>
  (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);

export function selectRows(rows: readonly Row[], o: ViewOptions): Row[] {
  const keep = rowFilter(o.filter);
  const out = keep ? rows.filter(keep) : [...rows];
  // Before any column is chosen, rows are in name order; O reverses that too.
  if (o.sortColumn === undefined)
    return o.descending ? out.sort(byName).reverse() : out.sort(byName);
  const i = o.sortColumn;
  const dir = o.descending ? -1 : 1;
  return out.sort((a, b) => {
    // A row may lack the cell (columns that came from the server after it): it sorts as empty.
    const x = sortKey(a.cells[i] ?? '');
    const y = sortKey(b.cells[i] ?? '');
    // An empty cell says nothing to order by (a pod with no figures, no IP yet): last, both ways.
    if ((x === '') !== (y === '')) return x === '' ? 1 : -1;
    const cmp =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return dir * cmp || byName(a, b);
  });
}

/** A column by its name, as a kind or the server spells it (`NAME`, `Name`); -1 if none. */
export function columnIndex(columns: readonly { name: string }[], name: string): number {
  const n = name.toLowerCase();
  return columns.findIndex((c) => c.name.toLowerCase() === n);
}

/** The column the rows are in order of, and which way, for the header to mark: the one
 * chosen, else the name (the namespace when rows span namespaces: it is compared first).
 * Column -1 is the namespace; undefined when the order follows no column shown. */
export function sortMark(
  columns: readonly { name: string }[],
  o: ViewOptions,
  spansNamespaces: boolean,
): { column: number; descending: boolean } | undefined {
  const descending = o.descending === true;
  if (o.sortColumn !== undefined)
    return o.sortColumn < columns.length ? { column: o.sortColumn, descending } : undefined;
  if (spansNamespaces) return { column: -1, descending };
  const name = columnIndex(columns, 'name');
  return name < 0 ? undefined : { column: name, descending };
}

/** The column `o` sorts by after `from` (-1: before the first), wrapping around: the next one
 * shown, as k9s offers only the columns on screen. Undefined when none is shown. */
export function nextSortColumn(
  columns: readonly { hidden?: boolean }[],
  from: number,
): number | undefined {
  for (let k = 1; k <= columns.length; k++) {
    const i = (((from + k) % columns.length) + columns.length) % columns.length;
    if (!columns[i].hidden) return i;
  }
  return undefined;
}

/** Sorting by a named column (k9s's Shift-N, Shift-A): ascending (descending first when
 * `descendingFirst`, as Shift-C and Shift-M put the busiest first), or reversed when the rows
 * are already in that column's order. Undefined when the kind has no such column. */
export function sortOn(
  name: string,
  columns: readonly { name: string }[],
  o: ViewOptions,
  spansNamespaces: boolean,
  descendingFirst = false,
): Required<Pick<ViewOptions, 'sortColumn' | 'descending'>> | undefined {
  const i = columnIndex(columns, name);
  if (i < 0) return undefined;
  const now = sortMark(columns, o, spansNamespaces);
  return { sortColumn: i, descending: now?.column === i ? !now.descending : descendingFirst };
}
