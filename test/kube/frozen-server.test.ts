// A server that freezes (its process stopped with SIGSTOP: connections are accepted by the
// kernel, no byte ever comes back) shows as stale, counted from when it was last heard, and
// live again with the rows it holds once it runs again. Uses the built bundle (npm run build).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import type { Row, RowSink, WatchState } from '../../src/resources/index.js';
import { pods } from '../../src/resources/pods.js';
import { eventually, spawnCollecting } from '../helpers/sim.js';

const BUNDLE = join(import.meta.dirname, '..', '..', 'dist', 'kdeck.js');
const SILENCE_MS = 300;
const dir = mkdtempSync(join(tmpdir(), 'kdeck-frozen-'));
const kubeconfig = join(dir, 'kubeconfig');
let sim: ReturnType<typeof spawnCollecting>;

beforeAll(async () => {
  sim = spawnCollecting(
    process.execPath,
    [BUNDLE, 'sim', '--fast', '--write-kubeconfig', kubeconfig],
    process.env,
  );
  await eventually(() => sim.output().startsWith('ready'), 15_000, { what: 'kdeck sim' });
});
afterAll(async () => {
  sim.child.kill('SIGCONT');
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('a frozen server is stale since it was last heard, then live with what it holds', async () => {
  const rows = new Map<string, Row>();
  const states: { at: number; state: WatchState }[] = [];
  const phase = () => states.at(-1)?.state.phase;
  const sink: RowSink = {
    reset: (all) => {
      rows.clear();
      for (const r of all) rows.set(r.uid, r);
    },
    upsert: (r) => rows.set(r.uid, r),
    remove: (uid) => rows.delete(uid),
    state: (state) => states.push({ at: Date.now(), state }),
  };
  const source = KubeSource.connect(
    { kubeconfig },
    { backoff: { baseMs: 50, maxMs: 200 }, silenceMs: SILENCE_MS, probeTimeoutMs: 500 },
  );
  const kubectlPods = async () => {
    const out = spawnCollecting(
      'kubectl',
      ['get', 'pods', '-A', '-o', 'jsonpath={range .items[*]}{.metadata.uid}{"\\n"}{end}'],
      { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') },
    );
    await out.exited;
    return out.output().trim().split('\n').filter(Boolean).sort().join();
  };
  const asked = Date.now();
  const stop = source.watch({ resource: pods }, sink);
  try {
    await eventually(() => phase() === 'live');
    sim.child.kill('SIGSTOP');
    const stale = (await eventually(() => states.find((s) => s.state.phase === 'stale'), 10_000))!;
    const since = (stale.state as { since: number }).since;
    // Stale only after a silence and an unanswered question: `since` is when the server
    // was last heard, not when that was noticed. (Last heard may be the list that made the
    // table live, a moment before it said so: the lower bound is when the watch asked.)
    expect(since).toBeGreaterThanOrEqual(asked);
    expect(since).toBeLessThanOrEqual(stale.at - SILENCE_MS);
    expect(stale.state).toMatchObject({
      reason: expect.stringMatching(/^no answer from the server for \d+s \(i\/o timeout\)$/),
    });
    const frozenStates = states.length;
    sim.child.kill('SIGCONT');
    await eventually(
      async () => phase() === 'live' && [...rows.keys()].sort().join() === (await kubectlPods()),
      20_000,
      { everyMs: 250, what: 'live again with the pods the server holds' },
    );
    // Stale all along from the same moment, until live again.
    for (const s of states.slice(frozenStates).filter((x) => x.state.phase === 'stale'))
      expect(s.state).toMatchObject({ since });
  } finally {
    stop();
    source.close();
  }
});
