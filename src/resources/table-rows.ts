// Rows from the server's Table form (`as=Table;v=v1;g=meta.k8s.io`, `includeObject=Metadata`):
// the cells `kubectl get` prints, for any kind — a CRD's additionalPrinterColumns included —
// and the object's metadata beside them for the uid, name and age. Only the row is kept.

import { parseHumanDuration } from '../util/duration.js';
import {
  type Cell,
  type Column,
  type Health,
  inertRow,
  type KubeObject,
  type ResourceDef,
  type Row,
} from './types.js';

/** A Table's column definition (meta.k8s.io/v1 TableColumnDefinition). */
export interface TableColumn {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  description?: string;
}

export interface TableRow {
  cells: unknown[];
  object?: KubeObject;
}

/**
 * kubectl's headers: the server's names upper-cased; numbers right-aligned; the columns the
 * server gives a priority above 0 are `-o wide`'s, not shown, as `kubectl get` does not show them.
 * A kind with a file of its own chooses instead (`shown`: its columns by name, each with its
 * priority and alignment); the server's other columns are then its wide ones.
 */
export function columnsFromTable(defs: TableColumn[], shown?: Column[]): Column[] {
  return defs.map((d) => {
    const name = d.name.toUpperCase();
    if (shown?.length) {
      const own = shown.find((c) => c.name === name);
      return own ? { ...own, name } : { name, priority: 1, hidden: true };
    }
    return {
      name,
      priority: d.priority ?? 0,
      ...((d.priority ?? 0) > 0 ? { hidden: true } : {}),
      ...(d.type === 'integer' || d.type === 'number' ? { align: 'right' as const } : {}),
    };
  });
}

/**
 * The Age column ticks on screen from creationTimestamp, as it does for kdeck's own kinds:
 * built-in kinds declare it a `string`, CRDs a `date`.
 */
const isAge = (d: TableColumn) => d.name === 'Age' && (d.type === 'string' || d.type === 'date');

/**
 * Another `date` column (a CRD's `Last Run`): the server prints it as an age (`2d4h`), read
 * back as a time so that it ticks and sorts as one. A timestamp printed in full (the `Created
 * At` of a kind without columns of its own) stays as kubectl shows it.
 */
function dateCell(text: string, now: number): Cell {
  const ago = parseHumanDuration(text);
  return ago === undefined ? text : { since: now - ago };
}

/**
 * One Table row as kdeck keeps it, or undefined when it has no name or uid. Health, for a kind
 * with no file of its own, is read from a READY cell: `2/3` is still coming up; a kind with a
 * file of its own reads its cells itself (`refine`).
 */
export function rowFromTable(
  r: TableRow,
  defs: TableColumn[],
  refine?: ResourceDef['refine'],
  now = Date.now(),
): Row | undefined {
  const m = r.object?.metadata;
  if (typeof m?.name !== 'string' || !m.name || typeof m.uid !== 'string' || !m.uid)
    return undefined;
  const since = Date.parse(m.creationTimestamp ?? '') || 0;
  let health: Health = 'ok';
  let selector: string | undefined;
  const cells: Cell[] = defs.map((d, i) => {
    const v = r.cells?.[i];
    if (isAge(d)) return { since };
    const text = v === null || v === undefined ? '' : typeof v === 'number' ? v : String(v);
    if (d.type === 'date' && typeof text === 'string') return dateCell(text, now);
    if (d.name === 'Ready' && typeof text === 'string') {
      const ready = /^(\d+)\/(\d+)$/.exec(text);
      if (ready && Number(ready[1]) < Number(ready[2])) health = 'pending';
    }
    if (d.name === 'Selector' && typeof text === 'string' && text && text !== '<none>')
      selector = text;
    return text;
  });
  if (m.deletionTimestamp) health = 'terminating';
  const owner = Array.isArray(m.ownerReferences)
    ? m.ownerReferences.find((o: KubeObject) => o?.controller === true)?.uid
    : undefined;
  const row: Row = {
    uid: m.uid,
    name: m.name,
    namespace: m.namespace,
    resourceVersion: String(m.resourceVersion ?? ''),
    cells,
    health,
    ...(selector ? { selector } : {}),
    ...(typeof owner === 'string' ? { owner } : {}),
  };
  // Made inert once, after the kind's own reading of the cells (this runs for every row).
  if (!refine) return inertRow(row);
  const index = indexOf(defs);
  return inertRow(refine(row, (name) => index.get(name) ?? -1, now));
}

/** A Table's columns by upper-cased name, computed once per Table (not once per row). */
const indexes = new WeakMap<TableColumn[], Map<string, number>>();
function indexOf(defs: TableColumn[]): Map<string, number> {
  let index = indexes.get(defs);
  if (!index) {
    index = new Map(defs.map((d, i) => [d.name.toUpperCase(), i]));
    indexes.set(defs, index);
  }
  return index;
}
