// The watch supervisor against the simulated cluster: rows appear, change and leave live,
// and after every injected fault the rows converge to exactly what the server holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import { deployments } from '../../src/resources/deployments.js';
import type { Row, RowSink, WatchState } from '../../src/resources/index.js';
import { namespaces } from '../../src/resources/namespaces.js';
import { nodes } from '../../src/resources/nodes.js';
import { pods } from '../../src/resources/pods.js';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');

/** A sink that records rows and states as the screen's store would. */
class RecordingSink implements RowSink {
  rows = new Map<string, Row>();
  states: WatchState[] = [];
  reset(rows: Row[]) {
    this.rows = new Map(rows.map((r) => [r.uid, r]));
  }
  upsert(row: Row) {
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
      { backoff: { baseMs: 50, maxMs: 200 }, silenceMs: 300 },
    );
    const stop = s.watch({ resource: namespaces }, sink);
    try {
      await eventually(() => sink.phase === 'live');
      await c.sim.inject({ fault: 'stall', ms: 2000 });
      await eventually(() => sink.phase === 'stale', 5000);
      expect(sink.states.at(-1)).toMatchObject({ reason: expect.stringMatching(/^no answer for/) });
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
    for (let i = 0; i < 30; i++) expect(await fresh.serverVersion()).toMatch(/^v1\.33\./);
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
