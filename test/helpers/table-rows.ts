// Rows the way kdeck reads them off the wire, for tests that start from objects: a Table-form
// kind's objects go through the simulator's printers (kubectl's) and then kdeck's reading of
// a Table, so a test exercises the same projection a watch does.
import { columnsFromTable, rowFromTable, type TableRow } from '../../src/resources/table-rows.js';
import type { Column, KubeObject, ResourceDef, Row } from '../../src/resources/types.js';
import { kindOf } from '../../src/sim/kinds.js';
import { toTable } from '../../src/sim/table.js';

/** A Table as a server sends it (columnDefinitions, rows with their metadata), read by kdeck. */
export function rowsOfTable(
  def: ResourceDef,
  table: KubeObject,
  now = Date.now(),
): { columns: Column[]; rows: Row[] } {
  const defs = table.columnDefinitions;
  return {
    columns: columnsFromTable(defs, def.columns),
    rows: (table.rows as TableRow[])
      .map((r) => rowFromTable(r, defs, def.refine, now))
      .filter((r): r is Row => r !== undefined),
  };
}

/** The simulator's Table of these objects (includeObject=Metadata, as kdeck asks). */
export function tableOf(def: ResourceDef, objects: KubeObject[], now = Date.now()): KubeObject {
  return toTable(kindOf(def.kind), objects, {
    include: 'Metadata',
    withHeaders: true,
    listMeta: {},
    now,
  });
}

/** One object's row, as a watch of its kind would deliver it. */
export function rowOf(def: ResourceDef, object: KubeObject, now = Date.now()): Row {
  if (!def.table) return def.toRow!(object);
  const row = rowsOfTable(def, tableOf(def, [object], now), now).rows[0];
  if (!row) throw new Error(`no row for ${object.metadata?.name}`);
  return row;
}
