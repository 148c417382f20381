// The simulator's metrics API (metrics.k8s.io/v1beta1): the figures as a function of the pod
// and the clock, and the API over HTTPS: discovery (aggregated and legacy), lists, gets, the
// request counter under /_sim/, and a simulator started without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf } from '../../src/sim/kinds.js';
import { containerUsage, nodeMetrics, podMetrics } from '../../src/sim/metrics.js';
import type { Obj } from '../../src/sim/types.js';
import { parseQuantity } from '../../src/util/quantity.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const pod = (phase: string, resources?: Obj, node = 'n1'): Obj => ({
  metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' } },
  spec: { nodeName: node, containers: [{ name: 'web', ...(resources ? { resources } : {}) }] },
  status: {
    phase,
    containerStatuses: [{ name: 'web', state: phase === 'Running' ? { running: {} } : {} }],
  },
});

describe('metrics figures', () => {
  const t0 = Date.UTC(2026, 0, 1, 12);

  it('are the same at the same moment, and move with the clock', () => {
    const p = pod('Running');
    expect(podMetrics(p, t0)).toEqual(podMetrics(p, t0));
    const cpu = (t: number) => containerUsage(p, p.spec.containers[0], t).cpu;
    const seen = new Set([0, 5, 10, 15, 20].map((s) => cpu(t0 + s * 1000).toFixed(6)));
    expect(seen.size).toBe(5);
  });

  it("stay around a container's request, and within its limit", () => {
    const p = pod('Running', {
      requests: { cpu: '500m', memory: '256Mi' },
      limits: { cpu: '1', memory: '512Mi' },
    });
    for (let s = 0; s < 600; s += 7) {
      const u = containerUsage(p, p.spec.containers[0], t0 + s * 1000);
      expect(u.cpu).toBeGreaterThanOrEqual(0.05);
      expect(u.cpu).toBeLessThanOrEqual(0.45);
      expect(u.memory).toBeGreaterThanOrEqual(0.35 * 256 * 2 ** 20);
      expect(u.memory).toBeLessThanOrEqual(0.75 * 256 * 2 ** 20);
    }
  });

  it('leave out a pod that is not Running, as metrics-server does', () => {
    expect(podMetrics(pod('Pending'), t0)).toBeUndefined();
    expect(podMetrics(pod('Succeeded'), t0)).toBeUndefined();
    const m = podMetrics(pod('Running'), t0)!;
    expect(m).toMatchObject({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' } },
      window: '15s',
    });
    expect(m.containers[0].usage.cpu).toMatch(/^\d+n$/);
    expect(m.containers[0].usage.memory).toMatch(/^\d+Ki$/);
  });

  it("give a node more than the sum of the pods running on it (the system's share)", () => {
    const pods = [pod('Running'), { ...pod('Running'), metadata: { name: 'b', namespace: 'x' } }];
    const other = pod('Running', undefined, 'n2');
    const n = nodeMetrics({ metadata: { name: 'n1' } }, [...pods, other], t0);
    const sum = pods
      .map((p) => containerUsage(p, p.spec.containers[0], t0).cpu)
      .reduce((a, b) => a + b);
    expect(parseQuantity(n.usage.cpu)).toBeGreaterThan(sum);
    expect(parseQuantity(n.usage.cpu)).toBeLessThan(sum + 0.2);
  });
});

describe('the metrics API', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster();
    await eventually(
      () =>
        c.sim.cluster.store.list(POD, 'default').filter((p) => p.status?.phase === 'Running')
          .length === 5,
    );
  });
  afterAll(() => c.stop());

  it('is in aggregated and legacy discovery', async () => {
    const agg = (await c.api('/apis', { headers: { accept: AGGREGATED } })).json;
    const group = agg.items.find((g: Obj) => g.metadata.name === 'metrics.k8s.io');
    expect(group.versions[0].version).toBe('v1beta1');
    expect(group.versions[0].resources.map((r: Obj) => [r.resource, r.scope, r.verbs])).toEqual([
      ['pods', 'Namespaced', ['get', 'list']],
      ['nodes', 'Cluster', ['get', 'list']],
    ]);
    const legacy = (await c.api('/apis')).json;
    expect(legacy.groups.map((g: Obj) => g.name)).toContain('metrics.k8s.io');
    const list = (await c.api('/apis/metrics.k8s.io/v1beta1')).json;
    expect(list.resources.map((r: Obj) => `${r.name} ${r.kind}`)).toEqual([
      'pods PodMetrics',
      'nodes NodeMetrics',
    ]);
  });

  it('lists, gets and counts the requests it answers', async () => {
    const before = (await c.api('/_sim/metrics-requests')).json.requests;
    const all = (await c.api('/apis/metrics.k8s.io/v1beta1/pods')).json;
    expect(all.kind).toBe('PodMetricsList');
    const ns = (await c.api('/apis/metrics.k8s.io/v1beta1/namespaces/default/pods')).json;
    expect(ns.items.map((m: Obj) => m.metadata.namespace)).toEqual(Array(5).fill('default'));
    const name = ns.items[0].metadata.name;
    const one = await c.api(`/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/${name}`);
    expect(one.json).toMatchObject({ kind: 'PodMetrics', metadata: { name } });
    const nodes = (await c.api('/apis/metrics.k8s.io/v1beta1/nodes')).json;
    expect(nodes.items.map((m: Obj) => m.metadata.name)).toEqual([
      'kdeck-control-plane',
      'kdeck-worker',
      'kdeck-worker2',
    ]);
    const gone = await c.api('/apis/metrics.k8s.io/v1beta1/nodes/nope');
    expect(gone.status).toBe(404);
    expect(gone.json.message).toBe('nodemetrics.metrics.k8s.io "nope" not found');
    expect((await c.api('/_sim/metrics-requests')).json.requests).toBe(before + 5);
    const watch = await c.api('/apis/metrics.k8s.io/v1beta1/pods?watch=true');
    expect(watch.status).toBe(405);
  });

  it('is absent from a simulator started without it: 404, as without metrics-server', async () => {
    const bare = await startTestCluster({ metrics: false });
    try {
      const agg = (await bare.api('/apis', { headers: { accept: AGGREGATED } })).json;
      expect(agg.items.map((g: Obj) => g.metadata.name)).not.toContain('metrics.k8s.io');
      expect((await bare.api('/apis/metrics.k8s.io/v1beta1/pods')).status).toBe(404);
    } finally {
      await bare.stop();
    }
  });
});
