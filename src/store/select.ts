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

// localeCompare with no locale is this collator's compare (ECMA-402), made once: asking
// localeCompare two million times to sort 100,000 rows was most of a sort's time.
const collate = new Intl.Collator().compare;

const byName = (a: Row, b: Row) =>
  collate(a.namespace ?? '', b.namespace ?? '') || collate(a.name, b.name);

/** The rows' order for `o`: total (namespace/name breaks every tie), so one answer per rows. */
export function rowOrder(o: Pick<ViewOptions, 'sortColumn' | 'descending'>): Compare {
  // Before any column is chosen, rows are in name order; O reverses that too.
  if (o.sortColumn === undefined) return o.descending ? (a, b) => byName(b, a) : byName;
  const i = o.sortColumn;
  const dir = o.descending ? -1 : 1;
  return (a, b) => {
    // A row may lack the cell (columns that came from the server after it): it sorts as empty.
    const x = sortKey(a.cells[i] ?? '');
    const y = sortKey(b.cells[i] ?? '');
    // An empty cell says nothing to order by (a pod with no figures, no IP yet): last, both ways.
    if ((x === '') !== (y === '')) return x === '' ? 1 : -1;
    const cmp =
      typeof x === 'number' && typeof y === 'number' ? x - y : collate(String(x), String(y));
    return dir * cmp || byName(a, b);
  };
}

type Compare = (a: Row, b: Row) => number;

export function selectRows(rows: readonly Row[], o: ViewOptions): Row[] {
  const keep = rowFilter(o.filter);
  const out = keep ? rows.filter(keep) : [...rows];
  return out.sort(rowOrder(o));
}

/** What a view shows of its rows, in order: selectRows kept up to date from the store's changes. */
export interface SelectionInput {
  rows: readonly Row[];
  version: number;
  origin: object;
  changedSince(version: number): ReadonlyMap<string, Row | undefined> | undefined;
}

/**
 * selectRows(rows.map(prepare) without the undefined, o), kept from one snapshot to the next by
 * moving only the rows that changed: at 100,000 rows and 2,000 changes a second, sorting every
 * row on each snapshot cost more than the screen has. A new filter filters the sorted rows
 * without sorting them; a new order or `prepare` starts afresh.
 */
export class RowSelection {
  /** Every prepared row, in order. */
  private all: Row[] = [];
  /** The rows the filter keeps, in order (`all` itself when there is no filter). */
  private shown: Row[] = [];
  /** Each row in `all` by uid, as prepared. */
  private byUid = new Map<string, Row>();
  private origin: object | undefined;
  private version = 0;
  private prepare: ((r: Row) => Row | undefined) | undefined;
  private order: string | undefined;
  private compare: Compare = byName;
  private filter: string | undefined;
  private keep: ((r: Row) => boolean) | undefined;

  /** The rows to show; the same array as last time when none of them changed. */
  select(
    s: SelectionInput,
    o: ViewOptions,
    prepare: ((r: Row) => Row | undefined) | undefined = undefined,
  ): Row[] {
    const order = `${o.sortColumn}/${o.descending === true}`;
    const changes =
      s.origin === this.origin && prepare === this.prepare && order === this.order
        ? s.changedSince(this.version)
        : undefined;
    this.version = s.version;
    if (!changes) {
      this.origin = s.origin;
      this.prepare = prepare;
      this.order = order;
      this.compare = rowOrder(o);
      this.all = [];
      this.byUid = new Map();
      for (const r of s.rows) {
        const p = prepare ? prepare(r) : r;
        if (!p) continue;
        this.all.push(p);
        this.byUid.set(p.uid, p);
      }
      this.all.sort(this.compare);
      this.refilter(o.filter);
      return this.shown;
    }
    if (changes.size) this.apply(changes);
    if (o.filter !== this.filter) this.refilter(o.filter);
    return this.shown;
  }

  private refilter(filter: string | undefined): void {
    this.filter = filter;
    this.keep = rowFilter(filter);
    this.shown = this.keep ? this.all.filter(this.keep) : this.all;
  }

  private apply(changes: ReadonlyMap<string, Row | undefined>): void {
    if (changes.size > MOVES) {
      this.merge(changes);
      return;
    }
    // Copies, not edits: the arrays handed out before are React's props and memo inputs.
    const all = this.all.slice();
    const shown = this.keep ? this.shown.slice() : all;
    let touched = false;
    for (const [uid, row] of changes) {
      const before = this.byUid.get(uid);
      const after = row && this.prepare ? this.prepare(row) : row;
      if (before === after) continue;
      touched = true;
      if (after) this.byUid.set(uid, after);
      else this.byUid.delete(uid);
      move(all, before, after, this.compare);
      if (this.keep) {
        const was = before && this.keep(before) ? before : undefined;
        const is = after && this.keep(after) ? after : undefined;
        if (was || is) move(shown, was, is, this.compare);
      }
    }
    if (!touched) return;
    this.all = all;
    this.shown = shown;
  }

  /**
   * Many changes at once (a page of a big first list: 5,000 new rows): each moved on its own
   * shifts the rows after it, 5,000 × 100,000; the changed rows sorted among themselves and
   * merged with the others cost one pass.
   */
  private merge(changes: ReadonlyMap<string, Row | undefined>): void {
    const gone = new Set<Row>();
    const added: Row[] = [];
    for (const [uid, row] of changes) {
      const before = this.byUid.get(uid);
      const after = row && this.prepare ? this.prepare(row) : row;
      if (before === after) continue;
      if (before) gone.add(before);
      if (after) {
        this.byUid.set(uid, after);
        added.push(after);
      } else this.byUid.delete(uid);
    }
    if (!gone.size && !added.length) return;
    const kept = gone.size ? this.all.filter((r) => !gone.has(r)) : this.all;
    this.all = mergeSorted(kept, added.sort(this.compare), this.compare);
    this.shown = this.keep ? this.all.filter(this.keep) : this.all;
  }
}

/** Changes moved one by one up to this many; more are merged (RowSelection.merge). */
const MOVES = 256;

/** Two sorted lists as one sorted list. */
function mergeSorted(a: readonly Row[], b: readonly Row[], compare: Compare): Row[] {
  const out: Row[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(b[j], a[i]) < 0 ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/** Replaces `before` with `after` in the sorted `rows` (either may be undefined: an insert or a
 * removal), in place when `after` belongs where `before` was. */
function move(rows: Row[], before: Row | undefined, after: Row | undefined, compare: Compare) {
  let at = before ? position(rows, before, compare) : -1;
  if (before && rows[at] !== before) at = rows.indexOf(before);
  if (at >= 0 && after) {
    const fits =
      (at === 0 || compare(rows[at - 1], after) < 0) &&
      (at === rows.length - 1 || compare(after, rows[at + 1]) < 0);
    if (fits) {
      rows[at] = after;
      return;
    }
  }
  if (at >= 0) rows.splice(at, 1);
  if (after) rows.splice(position(rows, after, compare), 0, after);
}

/** The first index whose row does not sort before `row`. */
function position(rows: readonly Row[], row: Row, compare: Compare): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(rows[mid], row) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
