// The watch supervisor against the simulated cluster: rows appear, change and leave live,
// and after every injected fault the rows converge to exactly what the server holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import { rewound } from '../../src/kube/watch-supervisor.js';
import { deployments } from '../../src/resources/deployments.js';
import type { Row, RowSink, WatchState } from '../../src/resources/index.js';
import { namespaces } from '../../src/resources/namespaces.js';
import { nodes } from '../../src/resources/nodes.js';
import { pods } from '../../src/resources/pods.js';
import { type SimulatedCluster, startSimulatedCluster } from '../../src/sim/index.js';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');

/** A sink that records rows and states as the screen's store would. */
class RecordingSink implements RowSink {
  rows = new Map<string, Row>();
  states: WatchState[] = [];
  /** Every row handed over, by reset or upsert. */
  given: Row[] = [];
  reset(rows: Row[]) {
    this.given.push(...rows);
    this.rows = new Map(rows.map((r) => [r.uid, r]));
  }
  upsert(row: Row) {
    this.given.push(row);
    this.rows.set(row.uid, row);
  }
  remove(uid: string) {
    this.rows.delete(uid);
  }
  state(s: WatchState) {
    this.states.push(s);
  }
  get phase() {
    return this.states.at(-1)?.phase;
  }
}

let c: TestCluster;
let source: KubeSource;

beforeAll(async () => {
  c = await startTestCluster();
  source = KubeSource.connect(
    { kubeconfig: c.kubeconfigPath },
    { backoff: { baseMs: 50, maxMs: 200 }, silenceMs: 2000 },
  );
});
afterAll(async () => {
  source.close();
  await c.stop();
});

/** Every pod the server holds, by uid and resourceVersion, equals what the sink shows. */
const converged = (sink: RecordingSink, namespace?: string) => {
  const server = c.sim.cluster.store
    .list(POD, namespace)
    .map((p) => `${p.metadata.uid}@${p.metadata.resourceVersion}`)
    .sort();
  const shown = [...sink.rows.values()].map((r) => `${r.uid}@${r.resourceVersion}`).sort();
  return sink.phase === 'live' && JSON.stringify(server) === JSON.stringify(shown);
};

describe('silence', () => {
  it('a quiet kind (no events, no bookmarks, as on a real server) stays live', async () => {
    const quiet = KubeSource.connect(
      { kubeconfig: c.kubeconfigPath },
      { backoff: { baseMs: 50, maxMs: 200 }, silenceMs: 200 },
    );
    const sink = new RecordingSink();
    const stop = quiet.watch({ resource: namespaces }, sink);
    try {
      await eventually(() => sink.phase === 'live');
      const before = sink.rows.size;
      await new Promise((r) => setTimeout(r, 1500));
      expect(sink.states.map((s) => s.phase)).not.toContain('stale');
      // Still watching: a namespace made now shows up.
      c.sim.cluster.create(kindOf('Namespace'), undefined, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'quiet-test' },
      });
      await eventually(() => sink.rows.size === before + 1);
    } finally {
      stop();
      quiet.close();
    }
  });

  it('a server that stops answering is stale, then live again', async () => {
    const sink = new RecordingSink();
    const s = KubeSource.connect(
      { kubeconfig: c.kubeconfigPath },
      { backoff: { baseMs: 50, maxMs: 200 }, silenceMs: 300, probeTimeoutMs: 500 },
    );
    const stop = s.watch({ resource: namespaces }, sink);
    try {
      await eventually(() => sink.phase === 'live');
      await c.sim.inject({ fault: 'stall', ms: 2000 });
      await eventually(() => sink.phase === 'stale', 5000);
      expect(sink.states.at(-1)).toMatchObject({
        reason: expect.stringMatching(/^no answer from the server for \d+s \(i\/o timeout\)$/),
      });
      await eventually(() => sink.phase === 'live', 8000);
    } finally {
      stop();
      s.close();
    }
  });
});

describe('a pods watch', () => {
  it('shows pods, a status change, a deleted pod leaving, and a scale adding and removing rows', async () => {
    const sink = new RecordingSink();
    const stop = source.watch({ resource: pods, namespace: 'default' }, sink);
    await eventually(
      () =>
        converged(sink, 'default') &&
        [...sink.rows.values()].filter((r) => r.cells[2] === 'Running').length === 5,
    );
    const victim = [...sink.rows.values()][0];
    await c.api(`/api/v1/namespaces/default/pods/${victim.name}`, { method: 'DELETE' });
    await eventually(
      () => [...sink.rows.values()].find((r) => r.uid === victim.uid)?.cells[2] === 'Terminating',
    );
    await eventually(() => !sink.rows.has(victim.uid) && converged(sink, 'default'));
    await c.kubectl(['scale', 'deployment/nginx-server-deployment', '--replicas=8']);
    await eventually(() => sink.rows.size === 8 && converged(sink, 'default'));
    await c.kubectl(['scale', 'deployment/nginx-server-deployment', '--replicas=5']);
    await eventually(() => sink.rows.size === 5 && converged(sink, 'default'), 15_000);
    stop();
  });

  it.each([
    ['dropped watches', { fault: 'drop-watches' }],
    ['410 Gone (history compacted)', { fault: 'expire-watches' }],
    ['500 for a while', { fault: 'fail', status: 500, ms: 1500 }],
    ['a server restart', { fault: 'restart', ms: 500 }],
  ] as const)(
    'converges after %s, with changes made meanwhile and no ghost rows',
    async (_name, fault) => {
      const sink = new RecordingSink();
      const stop = source.watch({ resource: pods }, sink);
      await eventually(() => converged(sink));
      const injected = c.sim.inject(fault);
      // Change the cluster while the watch is down: a pod deleted for good and a scale.
      const gone = c.sim.cluster.store
        .list(POD, 'kube-system')
        .find((p) => p.metadata.name.startsWith('etcd-'));
      if (gone) c.sim.cluster.store.remove(POD, gone);
      c.sim.cluster.store.mutate(
        kindOf('Deployment'),
        'default',
        'nginx-server-deployment',
        (d) => {
          d.spec.replicas = d.spec.replicas === 5 ? 6 : 5;
        },
      );
      await injected;
      if (fault.fault === 'fail' || fault.fault === 'restart') {
        await eventually(
          () => sink.phase === 'stale' || sink.states.some((s) => s.phase === 'stale'),
        );
      }
      await eventually(() => converged(sink), 20_000);
      if (gone) expect(sink.rows.has(gone.metadata.uid)).toBe(false);
      stop();
    },
  );
});

describe('a list in pages', () => {
  const waited = async (): Promise<number> => (await c.api('/_sim/pages-waited')).json.pages;

  it('the first list shows each page as it comes, with the count it will reach', async () => {
    const s = KubeSource.connect(
      { kubeconfig: c.kubeconfigPath },
      { backoff: { baseMs: 50, maxMs: 200 }, pageSize: 3, laterPageSize: 4 },
    );
    const sink = new RecordingSink();
    // How many rows the list had handed over when it said it was complete.
    let listed = -1;
    const state = sink.state.bind(sink);
    sink.state = (st) => {
      if (st.phase === 'syncing' && !st.progress && sink.states.length) listed = sink.given.length;
      state(st);
    };
    await c.sim.inject({ fault: 'hold-pages' });
    const stop = s.watch({ resource: pods }, sink);
    try {
      await eventually(async () => (await waited()) > 0 && sink.rows.size === 3);
      const first = sink.states.at(-1);
      expect(first).toMatchObject({ phase: 'syncing', progress: { total: expect.any(Number) } });
      await c.sim.inject({ fault: 'clear' });
      await eventually(() => converged(sink));
      // The count it said was coming is what came, and once complete no count is on its way.
      expect(first).toEqual({ phase: 'syncing', progress: { total: listed } });
    } finally {
      await c.sim.inject({ fault: 'clear' });
      stop();
      s.close();
    }
  });

  it('with a label selector the server gives no count to come: rows so far only', async () => {
    const s = KubeSource.connect({ kubeconfig: c.kubeconfigPath }, { pageSize: 1 });
    const sink = new RecordingSink();
    await c.sim.inject({ fault: 'hold-pages' });
    const stop = s.watch({ resource: pods, namespace: 'default', labelSelector: 'app' }, sink);
    try {
      await eventually(async () => (await waited()) > 0 && sink.rows.size === 1);
      expect(sink.states.at(-1)).toEqual({ phase: 'syncing', progress: {} });
    } finally {
      await c.sim.inject({ fault: 'clear' });
      stop();
      s.close();
    }
  });

  it('a first list cut half way is stale with its count so far; listed again, what is gone goes', async () => {
    const s = KubeSource.connect(
      { kubeconfig: c.kubeconfigPath },
      { backoff: { baseMs: 50, maxMs: 200 }, pageSize: 3, laterPageSize: 4 },
    );
    const sink = new RecordingSink();
    await c.sim.inject({ fault: 'hold-pages' });
    const stop = s.watch({ resource: pods }, sink);
    try {
      await eventually(async () => (await waited()) > 0 && sink.rows.size === 3);
      const total = c.sim.cluster.store.count(POD);
      // The server goes away with the second page unanswered, and comes back a second later;
      // meanwhile one of the rows shown is deleted.
      const shown = [...sink.rows.values()][0];
      const restarted = c.sim.inject({ fault: 'restart', ms: 1000 });
      await eventually(() => sink.phase === 'stale');
      expect(sink.states.at(-1)).toMatchObject({ phase: 'stale', progress: { total } });
      const gone = c.sim.cluster.store.list(POD).find((p) => p.metadata.uid === shown.uid)!;
      c.sim.cluster.store.remove(POD, gone);
      await restarted;
      await eventually(() => converged(sink));
      // Listed again over the rows shown, and the one deleted meanwhile is not among them.
      expect(sink.rows.has(shown.uid)).toBe(false);
    } finally {
      await c.sim.inject({ fault: 'clear' });
      stop();
      s.close();
    }
  });

  it('a relist after the server failed is syncing, not reconnecting, once its first page answers', async () => {
    const s = KubeSource.connect(
      { kubeconfig: c.kubeconfigPath },
      { backoff: { baseMs: 50, maxMs: 200 }, pageSize: 3 },
    );
    const sink = new RecordingSink();
    const stop = s.watch({ resource: pods }, sink);
    try {
      await eventually(() => converged(sink) && sink.phase === 'live');
      const before = sink.rows.size;
      const from = await waited();
      await c.sim.inject({ fault: 'hold-pages' });
      // Long enough for the watch, cut, to meet the failure however busy the machine.
      await c.sim.inject({ fault: 'fail', status: 503, ms: 3000 });
      await eventually(() => sink.phase === 'stale');
      // The relist has its first page and waits for its second: the server answers, so the
      // table says it is being listed again, with its old rows meanwhile.
      await eventually(async () => (await waited()) > from);
      await eventually(() => sink.phase === 'syncing');
      expect(sink.rows.size).toBe(before);
      await c.sim.inject({ fault: 'clear' });
      await eventually(() => converged(sink) && sink.phase === 'live');
    } finally {
      await c.sim.inject({ fault: 'clear' });
      stop();
      s.close();
    }
  });

  it('a relist keeps the old rows until it is complete, then replaces them at once', async () => {
    const s = KubeSource.connect(
      { kubeconfig: c.kubeconfigPath },
      { backoff: { baseMs: 50, maxMs: 200 }, pageSize: 3 },
    );
    const sink = new RecordingSink();
    const stop = s.watch({ resource: pods }, sink);
    try {
      await eventually(() => converged(sink));
      const before = sink.rows.size;
      const resets: number[] = [];
      const reset = sink.reset.bind(sink);
      sink.reset = (rows) => {
        resets.push(rows.length);
        reset(rows);
      };
      const from = await waited();
      await c.sim.inject({ fault: 'hold-pages' });
      await c.sim.inject({ fault: 'expire-watches' });
      // The relist has its first page and waits for its second: the old rows are all there.
      await eventually(async () => (await waited()) > from);
      expect(sink.rows.size).toBe(before);
      // Stale (the watch was cut) or syncing, but no count on its way: the rows are the old list's.
      expect(sink.states.at(-1)).not.toHaveProperty('progress');
      expect(resets).toEqual([]);
      await c.sim.inject({ fault: 'clear' });
      await eventually(() => converged(sink));
      // One reset, of the whole list (more than its first page of 3).
      expect(resets).toHaveLength(1);
      expect(resets[0]).toBeGreaterThan(3);
    } finally {
      await c.sim.inject({ fault: 'clear' });
      stop();
      s.close();
    }
  });
});

describe('the watch state', () => {
  it("is stale with the server's reason while it answers 503, then live again", async () => {
    const sink = new RecordingSink();
    const stop = source.watch({ resource: deployments, namespace: 'default' }, sink);
    await eventually(() => sink.phase === 'live' && sink.rows.size === 1);
    await c.sim.inject({ fault: 'fail', status: 503, ms: 800 });
    const stale = await eventually(() =>
      sink.states.find(
        (s) =>
          s.phase === 'stale' &&
          s.reason === 'the server is currently unable to handle the request',
      ),
    );
    expect(stale).toBeDefined();
    await eventually(() => sink.phase === 'live');
    stop();
  });
});

describe('the client', () => {
  it('reuses its connection: thirty requests, one TLS connection', async () => {
    const fresh = KubeSource.connect({ kubeconfig: c.kubeconfigPath });
    const before = c.sim.connectionsAccepted();
    for (let i = 0; i < 30; i++) expect(await fresh.serverVersion()).toMatch(/^v1\.36\./);
    expect(c.sim.connectionsAccepted() - before).toBe(1);
    fresh.close();
  });
});

describe('a watch the user may not make', () => {
  it("says forbidden, with the server's reason", async () => {
    const viewer = KubeSource.connect(
      { kubeconfig: c.kubeconfigPath, context: 'kdeck-demo-readonly' },
      { backoff: { baseMs: 50, maxMs: 200 } },
    );
    const sink = new RecordingSink();
    const stop = viewer.watch({ resource: nodes }, sink);
    await eventually(() => sink.phase === 'forbidden');
    expect(sink.states.at(-1)).toEqual({
      phase: 'forbidden',
      reason:
        'nodes is forbidden: User "kdeck-viewer" cannot list resource "nodes" in API group "" at the cluster scope',
    });
    stop();
    viewer.close();
  });
});

describe('a control plane recreated behind the same address', () => {
  it('converges to the new server: its objects, none of the old ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-recreate-'));
    const kubeconfigPath = join(dir, 'kubeconfig');
    let b: SimulatedCluster | undefined;
    const a = await startSimulatedCluster({ timing: 'fast', kubeconfigPath });
    const s = KubeSource.connect(
      { kubeconfig: kubeconfigPath },
      { backoff: { baseMs: 50, maxMs: 200 } },
    );
    const sink = new RecordingSink();
    const stop = s.watch({ resource: pods }, sink);
    const shows = (sim: SimulatedCluster) =>
      sink.phase === 'live' &&
      JSON.stringify(
        sim.cluster.store
          .list(POD)
          .map((p) => `${p.metadata.uid}@${p.metadata.resourceVersion}`)
          .sort(),
      ) ===
        JSON.stringify([...sink.rows.values()].map((r) => `${r.uid}@${r.resourceVersion}`).sort());
    try {
      await eventually(() => shows(a));
      // The old server's history runs well ahead of where the new one will be: it accepts
      // the old resourceVersion and then says nothing (measured on kube-apiserver 1.36).
      const busy = a.cluster.store.list(POD, 'kube-system')[0];
      for (let i = 0; i < 500; i++)
        a.cluster.store.mutate(POD, 'kube-system', busy.metadata.name, (p) => {
          p.metadata.annotations = { ...p.metadata.annotations, touched: String(i) };
        });
      const last = a.cluster.store.get(POD, 'kube-system', busy.metadata.name)!;
      await eventually(
        () => sink.rows.get(last.metadata.uid)?.resourceVersion === last.metadata.resourceVersion,
      );
      const old = new Set(sink.rows.keys());
      await a.stop();
      b = await startSimulatedCluster({ timing: 'fast', port: a.port, identity: a.identity });
      await eventually(() => shows(b!), 20_000);
      expect([...sink.rows.keys()].filter((uid) => old.has(uid))).toEqual([]);
    } finally {
      stop();
      s.close();
      await b?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a server behind the resourceVersion we hold was rewound (etcd revisions only grow)', () => {
    expect(rewound('1020', '1400')).toBe(true);
    expect(rewound('1400', '1400')).toBe(false);
    expect(rewound('99999999999999999999', '1400')).toBe(false);
    expect(rewound('abc', '1400')).toBe(false);
    expect(rewound(undefined, '1400')).toBe(false);
  });

  it('the simulator answers a list from a resourceVersion it has not reached as kube-apiserver does', async () => {
    // The simulator's controllers go on writing meanwhile: "current" is what it held when it
    // answered, between the versions read before and after the request.
    const before = Number(c.sim.cluster.store.resourceVersion);
    const r = await c.api('/api/v1/pods?resourceVersion=999999999');
    const after = Number(c.sim.cluster.store.resourceVersion);
    expect(r.status).toBe(504);
    const current = Number(/current: (\d+)$/.exec(r.json.message)?.[1]);
    expect(current).toBeGreaterThanOrEqual(before);
    expect(current).toBeLessThanOrEqual(after);
    expect(r.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `Timeout: Too large resource version: 999999999, current: ${current}`,
      reason: 'Timeout',
      details: {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      },
      code: 504,
    });
  });
});

describe('malformed objects', () => {
  it('a list item or event without a name or uid is skipped and counted, and the watch goes on', async () => {
    const logs: string[] = [];
    const s = KubeSource.connect(
      { kubeconfig: c.kubeconfigPath },
      { backoff: { baseMs: 50, maxMs: 200 }, log: (m) => logs.push(m) },
    );
    await c.api('/api/v1/namespaces', { method: 'POST', body: { metadata: { name: 'odd' } } });
    const podBody = (name: string) => ({
      metadata: { name },
      spec: { containers: [{ name: 'a', image: 'nginx' }] },
    });
    await c.api('/api/v1/namespaces/odd/pods', { method: 'POST', body: podBody('fine') });
    // Straight into the store: no server would keep it, but a broken proxy or webhook can
    // hand a client such an object.
    const nameless = c.sim.cluster.store.create(POD, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { namespace: 'odd' },
      spec: { containers: [{ name: 'a', image: 'nginx' }] },
      status: { phase: 'Pending' },
    });
    const sink = new RecordingSink();
    const stop = s.watch({ resource: pods, namespace: 'odd' }, sink);
    try {
      await eventually(() => sink.phase === 'live' && sink.rows.size === 1);
      c.sim.cluster.store.update(POD, {
        ...structuredClone(nameless),
        metadata: { ...nameless.metadata, labels: { touched: 'yes' } },
      });
      await c.api('/api/v1/namespaces/odd/pods', { method: 'POST', body: podBody('after') });
      await eventually(() => [...sink.rows.values()].some((r) => r.name === 'after'));
      expect([...sink.rows.values()].map((r) => r.name).sort()).toEqual(['after', 'fine']);
      for (const r of sink.given) {
        expect(typeof r.name).toBe('string');
        expect(typeof r.uid).toBe('string');
      }
      expect(sink.states.map((x) => x.phase)).not.toContain('stale');
      // The list item, and at least the event made here (the kubelet may touch the pod too).
      expect(logs).toContain(
        'watch pods: skipped a list item without metadata.name or metadata.uid',
      );
      expect(logs).toContain(
        'watch pods: skipped an event (MODIFIED) without metadata.name or metadata.uid',
      );
    } finally {
      stop();
      s.close();
      c.sim.cluster.store.remove(
        POD,
        c.sim.cluster.store.list(POD, 'odd').find((p) => !p.metadata.name)!,
      );
    }
  });
});
