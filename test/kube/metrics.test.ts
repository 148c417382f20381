// kdeck's reader of the metrics API against the simulator: pods' figures with the requests and
// limits read from the pods, nodes' with their allocatable, a label selector, and a server
// without the API (absent, not an error); the simulator's own figures judge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/kube/client.js';
import { KubeSource } from '../../src/kube/cluster-source.js';
import { loadKubeConfig } from '../../src/kube/connect/kubeconfig.js';
import { KubeMetricsReader } from '../../src/kube/metrics.js';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
const MI = 2 ** 20;
let c: TestCluster;
let source: KubeSource;

beforeAll(async () => {
  c = await startTestCluster();
  source = KubeSource.connect({ kubeconfig: c.kubeconfigPath });
  // The control plane, CoreDNS and the postgres StatefulSet (its pods one after the other).
  const running = (ns: string) =>
    c.sim.cluster.store.list(POD, ns).filter((p) => p.status?.phase === 'Running').length;
  await eventually(() => running('kube-system') >= 6 && running('data') === 3);
});
afterAll(async () => {
  source.close();
  await c.stop();
});

describe('reading metrics', () => {
  it("gives each running pod its use, with its containers' requests and limits", async () => {
    const reading = await source.metrics({ kind: 'pods', namespace: 'kube-system' }).read();
    expect(reading.phase).toBe('figures');
    if (reading.phase !== 'figures') return;
    const coredns = [...reading.byKey].filter(([k]) => k.startsWith('kube-system/coredns-'));
    expect(coredns).toHaveLength(2);
    for (const [, m] of coredns) {
      expect(m.requests).toEqual({ cpu: 0.1, memory: 70 * MI });
      expect(m.limits).toEqual({ memory: 170 * MI });
      expect(m.usage.cpu).toBeGreaterThan(0);
      expect(m.usage.memory).toBeGreaterThan(0);
    }
    const etcd = reading.byKey.get('kube-system/etcd-kdeck-control-plane');
    expect(etcd?.requests).toEqual({});
  });

  it('reads the pods a label selector picks, across namespaces', async () => {
    const reading = await source.metrics({ kind: 'pods', labelSelector: 'app=postgres' }).read();
    expect(reading.phase === 'figures' && [...reading.byKey.keys()].sort()).toEqual([
      'data/postgres-0',
      'data/postgres-1',
      'data/postgres-2',
    ]);
  });

  it('gives each node its use and what it can allocate', async () => {
    const reading = await source.metrics({ kind: 'nodes' }).read();
    expect(reading.phase).toBe('figures');
    if (reading.phase !== 'figures') return;
    expect([...reading.byKey.keys()]).toEqual([
      'kdeck-control-plane',
      'kdeck-worker',
      'kdeck-worker2',
    ]);
    for (const m of reading.byKey.values())
      expect(m.allocatable).toEqual({ cpu: 8, memory: 32827164 * 1024 });
  });

  it('leaves requests and limits unread (the shares empty) in a view of more pods than it reads whole', async () => {
    const client = new KubeClient(loadKubeConfig({ kubeconfig: c.kubeconfigPath }));
    const reading = await new KubeMetricsReader(client, { kind: 'pods' }, 3).read();
    expect(reading.phase).toBe('figures');
    if (reading.phase !== 'figures') return;
    expect(reading.byKey.size).toBeGreaterThan(3);
    for (const m of reading.byKey.values()) expect(m.requests).toBeUndefined();
    const few = await new KubeMetricsReader(client, { kind: 'pods', namespace: 'data' }, 3).read();
    expect(few.phase === 'figures' && [...few.byKey.values()].every((m) => m.requests)).toBe(true);
  });

  it('says absent, not an error, where the server has no metrics API', async () => {
    const bare = await startTestCluster({ metrics: false });
    const other = KubeSource.connect({ kubeconfig: bare.kubeconfigPath });
    try {
      expect(await other.metrics({ kind: 'pods', namespace: 'default' }).read()).toEqual({
        phase: 'absent',
      });
      expect(await other.metrics({ kind: 'nodes' }).read()).toEqual({ phase: 'absent' });
    } finally {
      other.close();
      await bare.stop();
    }
  });

  it('says unavailable while the metrics server fails (503), and reads again after', async () => {
    const reader = source.metrics({ kind: 'nodes' });
    await c.sim.inject({ fault: 'fail', status: 503, ms: 60_000 });
    try {
      expect(await reader.read()).toEqual({ phase: 'unavailable' });
    } finally {
      await c.sim.inject({ fault: 'clear' });
    }
    expect((await reader.read()).phase).toBe('figures');
  });
});
