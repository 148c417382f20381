// `kubectl top` against the simulator's metrics API (metrics.k8s.io, as metrics-server
// serves it), judged by the simulator's own pods and nodes; and the same commands against a
// simulator started without it, as against a cluster without metrics-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
const rows = (out: string) =>
  out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/));

let c: TestCluster;
const runningPods = (namespace?: string) =>
  c.sim.cluster.store
    .list(POD, namespace)
    .filter(
      (p) =>
        p.status?.phase === 'Running' &&
        p.status.containerStatuses?.some(
          (s: { state?: { running?: unknown } }) => s.state?.running,
        ),
    );

beforeAll(async () => {
  c = await startTestCluster();
  // Settled: the nginx pods run, and the crash-looping pod is between its crashes or not.
  await eventually(() => runningPods('default').length === 5);
});
afterAll(() => c.stop());

describe('kubectl top', () => {
  it('top pods lists each running pod of the namespace with its CPU in millicores and memory in Mi', async () => {
    const { code, stdout, stderr } = await c.kubectl(['top', 'pods']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0].trim().split(/\s+/)).toEqual([
      'NAME',
      'CPU(cores)',
      'MEMORY(bytes)',
    ]);
    const got = rows(stdout);
    expect(got.map((r) => r[0]).sort()).toEqual(
      runningPods('default')
        .map((p) => p.metadata.name)
        .sort(),
    );
    for (const r of got) {
      expect(r[1]).toMatch(/^[1-9]\d*m$/);
      expect(r[2]).toMatch(/^[1-9]\d*Mi$/);
    }
  });

  it('top pods -A covers every namespace and leaves out pods that are not Running', async () => {
    const { code, stdout } = await c.kubectl(['top', 'pods', '-A']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0].trim().split(/\s+/)).toEqual([
      'NAMESPACE',
      'NAME',
      'CPU(cores)',
      'MEMORY(bytes)',
    ]);
    const got = rows(stdout).map((r) => `${r[0]}/${r[1]}`);
    const namespaces = new Set(rows(stdout).map((r) => r[0]));
    expect([...namespaces].sort()).toEqual(
      expect.arrayContaining(['data', 'default', 'kube-system', 'shop']),
    );
    // The demo's CronJob left a Job whose pod completed: it has no metrics.
    const finished = c.sim.cluster.store.list(POD).filter((p) => p.status?.phase === 'Succeeded');
    expect(finished.length).toBeGreaterThan(0);
    for (const p of finished)
      expect(got).not.toContain(`${p.metadata.namespace}/${p.metadata.name}`);
    const top = await c.kubectl(['top', 'pod', '-n', 'data', finished[0].metadata.name]);
    expect(top.code).not.toBe(0);
    expect(top.stderr).toContain(
      `podmetrics.metrics.k8s.io "data/${finished[0].metadata.name}" not found`,
    );
  });

  it('top pods -l picks by label, and a pod by name', async () => {
    const { stdout } = await c.kubectl(['top', 'pods', '-n', 'data', '-l', 'app=postgres']);
    expect(rows(stdout).map((r) => r[0])).toEqual(['postgres-0', 'postgres-1', 'postgres-2']);
    const one = await c.kubectl(['top', 'pod', '-n', 'data', 'postgres-1']);
    expect(one.code).toBe(0);
    expect(rows(one.stdout).map((r) => r[0])).toEqual(['postgres-1']);
  });

  it('top nodes gives each node its CPU and memory, and their share of what it can allocate', async () => {
    const { code, stdout } = await c.kubectl(['top', 'nodes']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0].trim().split(/\s+/)).toEqual([
      'NAME',
      'CPU(cores)',
      'CPU(%)',
      'MEMORY(bytes)',
      'MEMORY(%)',
    ]);
    const got = rows(stdout);
    expect(got.map((r) => r[0])).toEqual(['kdeck-control-plane', 'kdeck-worker', 'kdeck-worker2']);
    for (const [, cpu, cpuPct, mem, memPct] of got) {
      // 8 cores and about 31 Gi allocatable on each simulated node.
      expect(cpuPct).toBe(`${Math.floor(Number.parseInt(cpu, 10) / 80)}%`);
      // MEMORY(bytes) is whole Mi, rounded down: the share is that of somewhere in that Mi.
      const ki = Number.parseInt(mem, 10) * 1024;
      const share = (k: number) => `${Math.floor((k * 100) / 32827164)}%`;
      expect([share(ki), share(ki + 1023)]).toContain(memPct);
    }
  });

  it('the figures move with time', async () => {
    const first = (await c.kubectl(['top', 'pods', '-A'])).stdout;
    await eventually(
      async () => (await c.kubectl(['top', 'pods', '-A'])).stdout !== first,
      10_000,
      {
        everyMs: 200,
      },
    );
  });
});

describe('kubectl top without the metrics API', () => {
  let bare: TestCluster;
  beforeAll(async () => {
    bare = await startTestCluster({ metrics: false });
  });
  afterAll(() => bare.stop());

  it('says the Metrics API is not available, as against a cluster without metrics-server', async () => {
    for (const args of [
      ['top', 'pods'],
      ['top', 'nodes'],
    ]) {
      const { code, stderr } = await bare.kubectl(args);
      expect(code).not.toBe(0);
      expect(stderr).toContain('Metrics API not available');
    }
    const resources = await bare.kubectl(['api-resources', '--api-group=metrics.k8s.io']);
    expect(resources.stdout.trim().split('\n')).toHaveLength(1);
  });
});
