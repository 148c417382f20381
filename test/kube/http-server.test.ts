// A cluster reached over plain http:// (here the real `kubectl proxy` in front of the
// simulated cluster, as a user runs it): kdeck connects as kubectl does, no TLS involved.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import type { Row, RowSink, WatchState } from '../../src/resources/index.js';
import { pods } from '../../src/resources/pods.js';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, spawnCollecting, startTestCluster, type TestCluster } from '../helpers/sim.js';

let c: TestCluster;
let proxy: ReturnType<typeof spawnCollecting>;
let kubeconfig: string;

beforeAll(async () => {
  c = await startTestCluster();
  proxy = spawnCollecting('kubectl', ['proxy', '--port=0', '--address=127.0.0.1'], c.env);
  const url = await eventually(
    () => /Starting to serve on (127\.0\.0\.1:\d+)/.exec(proxy.output())?.[1],
    15_000,
    { what: 'kubectl proxy to start' },
  );
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'kdeck-http-')), 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: proxied, cluster: {server: "http://${url}"}}]
users: [{name: nobody, user: {}}]
contexts: [{name: proxied, context: {cluster: proxied, user: nobody, namespace: default}}]
current-context: proxied
`,
  );
});
afterAll(async () => {
  await proxy?.stop();
  await c.stop();
});

it('lists and watches through kubectl proxy over plain HTTP', async () => {
  const source = KubeSource.connect({ kubeconfig });
  try {
    expect(await source.serverVersion()).toMatch(/^v1\./);
    const rows = new Map<string, Row>();
    let state: WatchState | undefined;
    const sink: RowSink = {
      reset: (all) => {
        rows.clear();
        for (const r of all) rows.set(r.uid, r);
      },
      upsert: (r) => rows.set(r.uid, r),
      remove: (uid) => rows.delete(uid),
      state: (s) => {
        state = s;
      },
    };
    const stop = source.watch({ resource: pods, namespace: 'default' }, sink);
    const server = () =>
      c.sim.cluster.store
        .list(kindOf('Pod'), 'default')
        .map((p) => p.metadata.uid)
        .sort()
        .join();
    await eventually(() => state?.phase === 'live' && [...rows.keys()].sort().join() === server());
    // Changes arrive over the proxied watch too.
    await c.kubectl(['scale', 'deployment/nginx-server-deployment', '--replicas=6']);
    await eventually(() => rows.size === 6 && [...rows.keys()].sort().join() === server());
    stop();
  } finally {
    source.close();
  }
});
