// Load mode's pods are pods like any other: kubectl reads them whole and deletes them, and the
// simulator lives on (a load pod without its kind once took the simulator down on delete).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ tutorial: false, load: { pods: 5, namespaces: 1, churn: 1 } });
});
afterAll(() => c?.stop());

it('kubectl gets a load pod with its kind and deletes it; the simulator answers after', async () => {
  const name = (await c.kubectl(['get', 'pods', '-n', 'load-0000', '-o', 'name'])).stdout
    .split('\n')[0]
    .replace('pod/', '');
  const got = await c.kubectl(['get', 'pod', name, '-n', 'load-0000', '-o', 'jsonpath={.kind}']);
  expect(got.stdout).toBe('Pod');
  const del = await c.kubectl(['delete', 'pod', name, '-n', 'load-0000'], { timeoutMs: 60_000 });
  expect(del.code).toBe(0);
  await eventually(
    async () =>
      !(await c.kubectl(['get', 'pods', '-n', 'load-0000', '-o', 'name'])).stdout.includes(name),
    30_000,
    { everyMs: 250, what: `${name} gone` },
  );
  expect((await c.api('/version')).status).toBe(200);
});
