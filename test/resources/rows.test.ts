// kdeck's rows read as `kubectl get` reads: each projection is checked cell by cell against
// the simulator's server-side Table (kubectl's printers) for the same live objects.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type KubeObject, RESOURCES } from '../../src/resources/index.js';
import { columnsFromTable, rowFromTable } from '../../src/resources/table-rows.js';
import { kindOf } from '../../src/sim/kinds.js';
import { cellText } from '../../src/ui/layout.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
  // Wait for a lively cluster: a crash-looping pod with restarts, a LoadBalancer with its IP.
  await eventually(
    () =>
      c.sim.cluster.store
        .list(kindOf('Pod'), 'kube-system')
        .some((p) => p.status?.containerStatuses?.[0]?.restartCount > 0) &&
      c.sim.cluster.store.get(kindOf('Service'), 'default', 'nginx-server-service')?.status
        ?.loadBalancer?.ingress,
    15_000,
  );
});
afterAll(() => c.stop());

const TABLE = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
/** Columns kdeck adds that kubectl get has not: a deployment's ROLLOUT (rollout status's). */
const KDECK_OWN = new Set(['ROLLOUT']);

it.each(['pods', 'deployments', 'services', 'replicasets', 'namespaces', 'nodes', 'events'])(
  '%s rows match kubectl get cell by cell',
  async (name) => {
    const def = RESOURCES.find((r) => r.name === name)!;
    const path = def.group
      ? `/apis/${def.group}/${def.version}/${def.name}`
      : `/api/${def.version}/${def.name}`;
    // Each row is projected from the object the server printed it from (includeObject=Object):
    // a second request could see a pod the kubelet has moved on since.
    const before = Date.now();
    const table = await c.api(`${path}?includeObject=Object`, { headers: TABLE });
    const after = Date.now();
    const headers: string[] = table.json.columnDefinitions.map((d: { name: string }) =>
      d.name.toUpperCase(),
    );
    expect(table.json.rows.length).toBeGreaterThan(0);
    // A Table-form kind reads the cells themselves (its RESTARTS typed, its AGE ticking).
    const columns = def.table
      ? columnsFromTable(table.json.columnDefinitions, def.columns).filter((c) => !c.hidden)
      : def.columns.filter((c) => !KDECK_OWN.has(c.name));
    const at = (name: string) =>
      def.table ? headers.indexOf(name) : def.columns.findIndex((c) => c.name === name);
    for (const tableRow of table.json.rows as { cells: unknown[]; object: KubeObject }[]) {
      // A Table row's "(5m ago)" is read back as a time, relative to when the row came.
      const rowAt = (now: number) =>
        def.table
          ? rowFromTable(tableRow, table.json.columnDefinitions, def.refine, now)!
          : def.toRow!(tableRow.object);
      const same = (now: number) =>
        columns.every(
          (col) =>
            cellText(rowAt(now).cells[at(col.name)], now) ===
            String(tableRow.cells[headers.indexOf(col.name)]),
        );
      // Ages tick each second: the server printed at some moment between before and after.
      const moments = [before, after];
      for (let s = Math.ceil(before / 1000) * 1000; s < after; s += 1000) moments.push(s);
      const now = moments.find(same) ?? after;
      const row = rowAt(now);
      columns.forEach((col) => {
        const j = headers.indexOf(col.name);
        expect(j, `${col.name} is a kubectl column`).toBeGreaterThanOrEqual(0);
        expect(`${col.name}: ${cellText(row.cells[at(col.name)], now)}`).toBe(
          `${col.name}: ${String(tableRow.cells[j])}`,
        );
      });
    }
  },
);
