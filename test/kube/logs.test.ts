// Log streams against the simulated cluster: nginx lines that follow, a container that has
// not started waited for with the server's reason, and a stream that outlives an outage of
// the server and resumes with no duplicate and no gap.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import { compareStamps } from '../../src/kube/logs.js';
import type { LogLine, LogState } from '../../src/resources/index.js';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
let c: TestCluster;
let source: KubeSource;

beforeAll(async () => {
  c = await startTestCluster();
  source = KubeSource.connect({ kubeconfig: c.kubeconfigPath });
});
afterAll(async () => {
  source.close();
  await c.stop();
});

function collect() {
  const lines: LogLine[] = [];
  // What the stream reports, with the phases LogState has yet to take on.
  const states: LogState[] = [];
  return {
    lines,
    states,
    handlers: { lines: (b: LogLine[]) => lines.push(...b), state: (s: LogState) => states.push(s) },
  };
}

it('nginx pods show their access lines and new ones follow', async () => {
  const pod = await eventually(() =>
    c.sim.cluster.store.list(POD, 'default').find((p) => p.status?.phase === 'Running'),
  );
  const got = collect();
  const stop = source.logs(
    {
      namespace: 'default',
      pod: pod!.metadata.name,
      container: 'nginx-server',
      previous: false,
      tailLines: 100,
      follow: true,
    },
    got.handlers,
  );
  await eventually(() => got.lines.some((l) => l.text.includes('Configuration complete')));
  const before = got.lines.length;
  await eventually(
    () =>
      got.lines.length > before && / "GET \/\S* HTTP\/1\.1" \d{3} /.test(got.lines.at(-1)!.text),
    5000,
  );
  stop();
});

it('a container that has not started is waited for, saying why, then followed once it runs', async () => {
  await c.api('/api/v1/namespaces/default/pods', {
    method: 'POST',
    body: {
      metadata: {
        name: 'stuck',
        annotations: {
          'sim.kdeck.dev/behaviour': 'image-pull-error',
          'sim.kdeck.dev/log-rate': '20',
        },
      },
      spec: { containers: [{ name: 'app', image: 'example.com/nope:1' }] },
    },
  });
  await eventually(
    () =>
      c.sim.cluster.store.get(POD, 'default', 'stuck')?.status?.containerStatuses?.[0]?.state
        ?.waiting?.reason === 'ImagePullBackOff',
  );
  const got = collect();
  const stop = source.logs(
    {
      namespace: 'default',
      pod: 'stuck',
      container: 'app',
      previous: false,
      tailLines: 100,
      follow: true,
    },
    got.handlers,
  );
  try {
    await eventually(() => got.states.filter((s) => s.phase === 'waiting').length >= 2);
    expect(got.states.at(-1)).toEqual({
      phase: 'waiting',
      reason:
        'container "app" in pod "stuck" is waiting to start: trying and failing to pull image',
    });
    // The image comes through at last: the container runs, and its lines follow.
    c.sim.cluster.store.mutate(POD, 'default', 'stuck', (p) => {
      const startedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      p.status.phase = 'Running';
      p.status.containerStatuses[0].state = { running: { startedAt } };
      p.status.containerStatuses[0].ready = true;
    });
    await eventually(() => got.states.at(-1)?.phase === 'streaming', 10_000);
    const before = got.lines.length;
    await eventually(() => got.lines.length > before + 5, 10_000);
    expect(got.states.map((s) => s.phase)).not.toContain('error');
  } finally {
    stop();
  }
});

it('a followed stream outlives an outage of the server: it reconnects, says so, and resumes with no duplicate and no gap', async () => {
  const patient = KubeSource.connect(
    { kubeconfig: c.kubeconfigPath },
    { backoff: { baseMs: 50, maxMs: 200 } },
  );
  await c.api('/api/v1/namespaces/default/pods', {
    method: 'POST',
    body: {
      metadata: { name: 'chatty', annotations: { 'sim.kdeck.dev/log-rate': '20' } },
      spec: { containers: [{ name: 'app', image: 'example.com/chatty:1' }] },
    },
  });
  await eventually(
    () => c.sim.cluster.store.get(POD, 'default', 'chatty')?.status?.phase === 'Running',
  );
  const got = collect();
  const stop = patient.logs(
    {
      namespace: 'default',
      pod: 'chatty',
      container: 'app',
      previous: false,
      tailLines: 5,
      follow: true,
    },
    got.handlers,
  );
  try {
    await eventually(() => got.lines.length > 20);
    // Down long enough for several attempts to be refused.
    await c.sim.inject({ fault: 'restart', ms: 1500 });
    await eventually(() => got.states.some((s) => s.phase === 'resumed'), 10_000);
    const refused = got.states.filter((s) => s.phase === 'reconnecting');
    expect(refused.length).toBeGreaterThan(1);
    expect(refused).toContainEqual({
      phase: 'reconnecting',
      since: expect.any(Number),
      reason: 'connection refused',
    });
    // Each attempt counts from when the server was last heard, not from itself.
    expect(new Set(refused.map((s) => ('since' in s ? s.since : undefined))).size).toBe(1);
    const cut = got.lines.length;
    await eventually(() => got.lines.length > cut + 20, 10_000);
    expect(got.states.map((s) => s.phase)).not.toContain('ended');
    expect(got.states.map((s) => s.phase)).not.toContain('error');
  } finally {
    stop();
    patient.close();
  }
  const seqs = got.lines
    .map((l) => Number(/seq=(\d+)/.exec(l.text)?.[1]))
    .filter((n) => !Number.isNaN(n));
  for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1] + 1);
  for (let i = 1; i < got.lines.length; i++)
    expect(compareStamps(got.lines[i].ts, got.lines[i - 1].ts)).toBeGreaterThan(0);
});

it('compares RFC3339Nano stamps by time, not as text', () => {
  expect(compareStamps('2026-11-24T10:00:00.12Z', '2026-11-24T10:00:00.123Z')).toBeLessThan(0);
  expect(compareStamps('2026-11-24T10:00:01Z', '2026-11-24T10:00:00.999999999Z')).toBeGreaterThan(
    0,
  );
});
