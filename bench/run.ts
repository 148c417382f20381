// npm run bench: kdeck against the simulated cluster in a real pseudo-terminal (200×50), with
// kubectl (and k9s, when a k9s binary is on the PATH or in $K9S) measured the same way.
// Prints a markdown table and writes bench/results/latest.json. Benchmarks print figures;
// tests never assert them.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXE, exeFigures } from './exe.ts';
import {
  BUNDLE,
  countingProxy,
  type Json,
  NODE,
  OBJECT_SIZE,
  procStats,
  ROOT,
  runInTerminal,
  type Sim,
  sleep,
  startSim,
  summary,
  type Term,
} from './harness.ts';
import { sshChannel } from './ssh.ts';

/** BENCH_QUICK=1: one run and 10 samples, to check the harness rather than take figures. */
const QUICK = process.env.BENCH_QUICK === '1';
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 1 : 3));
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? (QUICK ? 10 : 30));
/** The issue's scale: 100,000 pods over 2,000 namespaces, 2,000 changes a second. */
const PODS = Number(process.env.BENCH_PODS ?? 100_000);
const NAMESPACES = Number(process.env.BENCH_NAMESPACES ?? 2000);
const CHURN = Number(process.env.BENCH_CHURN ?? 2000);
const SCALE = `${PODS.toLocaleString('en')} pods`;

type Program = 'kdeck' | 'kdeck-exe' | 'kubectl' | 'kubectl-unchunked' | 'k9s';
const COLUMNS: Program[] = ['kdeck', 'kdeck-exe', 'kubectl', 'kubectl-unchunked', 'k9s'];
const k9s =
  process.env.K9S ??
  (() => {
    try {
      return execFileSync('sh', ['-c', 'command -v k9s']).toString().trim();
    } catch {
      return '';
    }
  })();
const available: Program[] = [
  'kdeck',
  ...(existsSync(EXE) ? (['kdeck-exe'] as const) : []),
  'kubectl',
  'kubectl-unchunked',
  ...(k9s && existsSync(k9s) ? (['k9s'] as const) : []),
];
/** BENCH_PROGRAMS=kdeck,kubectl-unchunked measures those alone (quicker while optimising). */
const chosen = process.env.BENCH_PROGRAMS?.split(',');
const programs = chosen ? available.filter((p) => chosen.includes(p)) : available;
const among = (...ps: Program[]) => programs.filter((p) => ps.includes(p));

/** Where a program finds the cluster: the simulator itself, or the counting proxy before it. */
type Target = { kubeconfig: string; env: NodeJS.ProcessEnv };

/** Starts a program on the whole cluster (-A) or one namespace, in a 200×50 terminal. */
function launch(p: Program, sim: Target, namespace?: string, extra: string[] = []): Term {
  const scope = namespace ? ['-n', namespace] : ['-A'];
  if (p === 'kdeck' || p === 'kdeck-exe') {
    const [file, before] = p === 'kdeck' ? [NODE, [BUNDLE]] : [EXE, []];
    return runInTerminal(
      file,
      [...before, '--kubeconfig', sim.kubeconfig, ...scope, ...extra],
      sim.env,
    );
  }
  // kubectl's default asks for pages of 500; --chunk-size=0 asks for the whole list at once.
  if (p === 'kubectl' || p === 'kubectl-unchunked')
    return runInTerminal(
      'kubectl',
      [
        '--kubeconfig',
        sim.kubeconfig,
        'get',
        'pods',
        ...scope,
        '-w',
        ...(p === 'kubectl-unchunked' ? ['--chunk-size=0'] : []),
      ],
      sim.env,
    );
  return runInTerminal(
    k9s,
    [
      '--kubeconfig',
      sim.kubeconfig,
      '--readonly',
      '--headless',
      '--logoless',
      '--crumbsless',
      '-c',
      'pods',
      ...(namespace ? ['-n', namespace] : ['-A']),
    ],
    sim.env,
  );
}

const isKubectl = (p: Program) => p === 'kubectl' || p === 'kubectl-unchunked';

/** The program's sign that the whole list of `count` pods is on screen (or printed). */
async function untilListed(
  p: Program,
  t: Term,
  count: number,
  timeoutMs = 300_000,
): Promise<number> {
  if (isKubectl(p)) {
    const start = performance.now();
    while (t.lines() < count + 1) {
      if (performance.now() - start > timeoutMs)
        throw new Error(`${p} did not print the list in time`);
      await sleep(20);
    }
    return performance.now();
  }
  // kdeck's title and k9s's table title both read pods(scope)[N] (k9s: 1,013); done when N
  // reaches the count. kdeck's title while the first list loads, [1500 of 100000], is not it.
  return t.waitFor(
    (text) =>
      [...text.matchAll(/pods\((?:all|load-0000)\)\[([\d,]+)\]/gi)].some(
        (m) => Number(m[1].replaceAll(',', '')) >= count,
      ),
    timeoutMs,
  );
}

/** Pod rows on a screen: lines with a load namespace followed by more cells. */
const podRows = (screen: string) =>
  screen.split('\n').filter((line) => /\bload-\d{4}\s+\S/.test(line)).length;

/** What a program spends over `ms` while the harness waits: bytes a second, CPU, memory. */
async function sample(t: Term, ms: number) {
  const a = procStats(t.pid);
  const bytes0 = t.bytes();
  await sleep(ms);
  const b = procStats(t.pid);
  return {
    bytesPerS: Math.round(((t.bytes() - bytes0) * 1000) / ms),
    cpuPct: Math.round(((b.cpuMs - a.cpuMs) / ms) * 100),
    rssMb: Math.round(b.rssMb),
  };
}

const results: Record<string, Record<string, unknown>> = {};
const record = (scenario: string, program: Program, metric: string, value: unknown) => {
  process.stderr.write(`  ${scenario} ${program} ${metric}: ${fmt(value)}\n`);
  results[scenario] ??= {};
  results[scenario][`${program}.${metric}`] = value;
};
const progress = (s: string) =>
  process.stderr.write(`  [${new Date().toISOString().slice(11, 19)}] ${s}\n`);

const STARTUP = '1,000 pods: startup';
const LIST = `${SCALE} over ${NAMESPACES.toLocaleString('en')} namespaces (-A): list`;
const CHURNED = `${SCALE} (-A), ${CHURN.toLocaleString('en')} changes/s`;
const LOG = 'log follow at 1000 lines/s';
/** How long `logs` follows at 1,000 lines/s; memory is judged over the second half. */
const LOG_SECONDS = Number(process.env.BENCH_LOG_FOLLOW_SECONDS ?? (QUICK ? 30 : 60));

async function startup() {
  // startup_ms: spawn → first frame with the table header, 1,000 pods, -A.
  const small = await startSim({ pods: 1000, namespaces: 10, churn: 0 });
  const header = /NAME\S*\s+(PF\s+)?READY\s+STATUS/i;
  const times = new Map<Program, number[]>();
  // The programs take turns, so that a load that comes and goes weighs on all alike.
  for (let i = 0; i < RUNS; i++)
    for (const p of among('kdeck', 'kdeck-exe', 'kubectl', 'k9s')) {
      const t0 = performance.now();
      const t = launch(p, small);
      t.printed(header);
      // kubectl prints its header and then 1,000 lines, which may scroll it off the screen.
      const shown = await t.waitFor((screen) => header.test(screen) || !!t.printed(header));
      times.set(p, [...(times.get(p) ?? []), Math.min(shown, t.printed(header) ?? shown) - t0]);
      await t.kill();
    }
  for (const [p, v] of times) record(STARTUP, p, 'startup_ms', summary(v));
  await small.stop();
}

async function list() {
  // first_rows_ms, full_table_ms, bytes_from_server, rss_mb: PODS pods over NAMESPACES
  // namespaces viewed with -A, each program reaching the simulator through a counting proxy.
  progress(`starting the simulator: ${LIST}`);
  const sim = await startSim({ pods: PODS, namespaces: NAMESPACES, churn: 0 });
  for (const p of among('kdeck', 'kubectl', 'kubectl-unchunked', 'k9s')) {
    const first: number[] = [];
    const full: number[] = [];
    const bytes: number[] = [];
    const rss: number[] = [];
    const peak: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      progress(`${p}: run ${i + 1} of ${RUNS}`);
      const proxy = await countingProxy(sim);
      const t0 = performance.now();
      const t = launch(p, proxy);
      const rowsReached = t.track(podRows);
      const done = await untilListed(p, t, PODS);
      const fromServer = proxy.fromServer();
      full.push(done - t0);
      bytes.push(fromServer / PODS);
      // A screenful: as many pod rows as the program shows once the list is complete.
      await sleep(5000);
      const screenful = podRows(t.screen());
      const firstRows = rowsReached(screenful);
      if (firstRows === undefined) progress(`${p}: never showed ${screenful} pod rows`);
      else first.push(firstRows - t0);
      const s = procStats(t.pid);
      rss.push(s.rssMb);
      peak.push(s.peakMb);
      await t.kill();
      await proxy.stop();
    }
    record(LIST, p, 'first_rows_ms', first.length ? summary(first) : 'not seen');
    record(LIST, p, 'full_table_ms', summary(full));
    record(LIST, p, 'bytes_from_server', Math.round(summary(bytes).median));
    record(LIST, p, 'rss_mb', summary(rss));
    record(LIST, p, 'rss_mb_peak', summary(peak));
  }
  await sim.stop();
}

/**
 * Filters to type, one key at a time, whose every prefix keeps fewer rows than the one
 * before, so each keystroke's result is seen in the title's count. Each begins at a letter
 * that no cell but a name can hold (the load's names are app-N-<base 36>; the other cells
 * say load-, Running, 1/1, ages, IPs, kdeck-worker, CPU and memory, and the stamps MARKnX)
 * and runs to the end of one pod's name.
 */
function filterStrings(names: string[], keystrokes: number): { text: string; counts: number[] }[] {
  const letters = /[bfjqtvyz]/;
  const count = (s: string) => names.reduce((n, name) => n + (name.includes(s) ? 1 : 0), 0);
  const out: { text: string; counts: number[] }[] = [];
  let typed = 0;
  // Names from the end of the list and then every 97th: spread, and the same each run;
  // three keys or more first (most names have their first such letter near the end).
  for (const least of [3, 2])
    for (let i = 0; i < names.length && typed < keystrokes; i += 97) {
      const name = names[names.length - 1 - i];
      const at = name.search(letters);
      const text = name.slice(at);
      if (at < 0 || text.length < least || out.some((f) => f.text === text)) continue;
      const counts = [...text].map((_, k) => count(text.slice(0, k + 1)));
      if (counts.some((c, k) => c >= (k ? counts[k - 1] : names.length))) continue;
      out.push({ text, counts });
      typed += text.length;
    }
  return out;
}

async function underChurn() {
  // cpu_pct, event_to_screen_ms, key_to_frame_ms, filter_frame_ms: PODS pods over NAMESPACES
  // namespaces with -A, CHURN changes a second spread over all of them.
  progress(`starting the simulator: ${CHURNED}`);
  const sim = await startSim({ pods: PODS, namespaces: NAMESPACES, churn: CHURN });
  const first = await sim.get('/api/v1/namespaces/load-0000/pods?limit=20');
  // With -A the screen opens on load-0000's pods in order of name.
  const visible: string[] = first.items
    .map((p: Json) => p.metadata.name as string)
    .sort()
    .slice(0, 10);
  let mark = 0;
  // kubectl is measured once, unchunked: after the list its watch is the same either way,
  // and the default's paced pages would add a minute to each listing.
  for (const p of among('kdeck', 'kubectl-unchunked', 'k9s')) {
    progress(`${p}: listing under churn`);
    const t = launch(p, sim);
    // A program that dies under churn (killed for its memory, its watch ended) is said, not
    // a crash of the benchmark: the next program is measured all the same.
    try {
      await untilListed(p, t, PODS);
      await sleep(2000);
      progress(`${p}: cpu over 10 s`);
      // The changes the simulator made meanwhile (one resourceVersion each): a loaded machine
      // can leave it short of CHURN, which lightens the program's work too.
      const rv = async () =>
        Number(
          (await sim.get('/api/v1/namespaces/load-0000/pods?limit=1')).metadata.resourceVersion,
        );
      const rv0 = await rv();
      const spent = await sample(t, 10_000);
      record(CHURNED, p, 'sim_changes_per_s', Math.round(((await rv()) - rv0) / 10));
      record(CHURNED, p, 'cpu_pct', spent.cpuPct);
      // kdeck's title says whether its watch is live or still syncing (a relist after 410).
      if (p === 'kdeck')
        record(
          CHURNED,
          p,
          'title_state',
          /pods\(all\)\[\d+\]\s+(\S+)/.exec(t.screen())?.[1] ?? '?',
        );
      record(CHURNED, p, 'bytes_per_s', spent.bytesPerS);
      record(CHURNED, p, 'rss_mb', spent.rssMb);

      progress(`${p}: ${SAMPLES} stamped changes on screen`);
      const latencies: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const marker = `MARK${++mark}X`;
        const seen = t.waitFor(marker, 10_000).catch(() => Number.NaN);
        const t0 = performance.now();
        await sim.post('/_sim/stamp', {
          namespace: 'load-0000',
          name: visible[i % visible.length],
          reason: marker,
        });
        latencies.push((await seen) - t0);
        await sleep(100);
      }
      const seen = latencies.filter((x) => !Number.isNaN(x));
      record(CHURNED, p, 'event_to_screen_ms', seen.length ? summary(seen) : 'never seen');
      record(CHURNED, p, 'events_seen', `${seen.length}/${latencies.length}`);

      if (p === 'kdeck') {
        progress(`${p}: ${SAMPLES} × ? and Esc`);
        const keys: number[] = [];
        for (let i = 0; i < SAMPLES; i++) {
          const shown = t.waitFor('Keys (Esc or ? to close)', 5000);
          const t0 = performance.now();
          t.write('?');
          keys.push((await shown) - t0);
          const back = t.waitFor(/NAME\S*\s+READY/, 5000);
          t.write('\u001B');
          await back;
          await sleep(50);
        }
        record(CHURNED, p, 'key_to_frame_ms', summary(keys));
        progress(`${p}: filters typed a key at a time`);
        await filterFrames(t, sim, (metric, v) => record(CHURNED, p, metric, v));
      }
    } catch (e) {
      const last = t.screen().trim().split('\n').at(-1) ?? '';
      record(
        CHURNED,
        p,
        'failed',
        `${(e as Error).message.split('\n')[0]} (its screen ended: ${last})`,
      );
    }
    await t.kill();
  }
  await sim.stop();
}

/**
 * filter_frame_ms: `/`, then a filter typed a key at a time, then Enter; each key is timed
 * to the first frame that shows its result. Where the table filters as the keys are typed
 * (the title carries the filter while the prompt is open), that is the frame whose title
 * has the filter typed so far and a count of rows other than the one before: each prefix
 * keeps fewer rows (filterStrings). Where it filters on Enter, a typed key's result is the
 * prompt showing it, and Enter's is the title with the filter and its count
 * (filter_apply_ms on its own). filter_live says which it was.
 */
async function filterFrames(t: Term, sim: Sim, record: (metric: string, v: unknown) => void) {
  const names: string[] = [];
  let cont = '';
  do {
    const page = await sim.read(
      `/api/v1/pods?limit=5000&includeObject=None${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
      'application/json;as=Table;v=v1;g=meta.k8s.io',
    );
    for (const row of page.body.rows) names.push(row.cells[0]);
    cont = page.body.metadata?.continue ?? '';
  } while (cont);
  const filters = filterStrings(names, SAMPLES);
  // Pod names hold no character a regular expression reads as its own.
  const titleCount = (screen: string, filter: string) => {
    const m = new RegExp(`pods\\(all\\)\\[([\\d,]+)\\][^\\n]* /${filter}(?:\\s|$)`, 'm').exec(
      screen,
    );
    return m ? Number(m[1].replaceAll(',', '')) : undefined;
  };
  const prompt = (typed: string) => new RegExp(`^/${typed}\\s*$`, 'm');
  const unfiltered = new RegExp(`pods\\(all\\)\\[${PODS}\\](?! /)`);
  const clear = async () => {
    // Esc leaves the prompt; a second clears a filter that stayed.
    t.write('\u001B');
    await t.waitFor(unfiltered, 3000).catch(() => {
      t.write('\u001B');
      return t.waitFor(unfiltered, 10_000);
    });
    await sleep(300);
  };
  // Does the table filter while the prompt is open? One key, then a second and a half.
  const probe = filters[0].text[0];
  t.write('/');
  await t.waitFor(prompt(''), 5000);
  t.write(probe);
  await sleep(1500);
  const live = titleCount(t.screen(), probe) !== undefined;
  record('filter_live', live);
  await clear();

  const frames: number[] = [];
  const applied: number[] = [];
  let missed = 0;
  const timed = async (key: string, shown: (screen: string) => boolean, into: number[][]) => {
    const seen = t.waitFor(shown, 10_000);
    const t0 = performance.now();
    t.write(key);
    try {
      const ms = (await seen) - t0;
      for (const list of into) list.push(ms);
    } catch {
      missed++;
    }
  };
  for (const { text, counts } of filters) {
    t.write('/');
    await t.waitFor(prompt(''), 5000);
    await sleep(100);
    let before = PODS;
    for (let k = 0; k < text.length; k++) {
      const typed = text.slice(0, k + 1);
      const previous = before;
      await timed(
        text[k],
        live
          ? (s) => {
              const n = titleCount(s, typed);
              return n !== undefined && n !== previous;
            }
          : (s) => prompt(typed).test(s),
        [frames],
      );
      if (live) {
        const n = titleCount(t.screen(), typed);
        if (n !== counts[k]) progress(`filter /${typed}: ${n} rows shown, ${counts[k]} by name`);
        before = n ?? before;
      }
      await sleep(50);
    }
    if (live) {
      t.write('\r');
      await sleep(200);
    } else {
      await timed('\r', (s) => (titleCount(s, text) ?? PODS) < PODS, [applied, frames]);
      const n = titleCount(t.screen(), text);
      if (n !== counts.at(-1))
        progress(`filter /${text}: ${n} rows shown, ${counts.at(-1)} by name`);
    }
    await clear();
  }
  if (missed) progress(`filter: ${missed} keys showed nothing within 10 s`);
  record('filter_frame_ms', frames.length ? summary(frames) : 'never seen');
  if (!live) record('filter_apply_ms', applied.length ? summary(applied) : 'never seen');
}

async function bytesPerVisibleChange() {
  // idle_bytes_per_s with pods made just now: every AGE cell on screen ticks each second.
  const fresh = await startSim({ pods: 1000, namespaces: 1, churn: 0 });
  for (const p of among('kdeck', 'kubectl', 'k9s')) {
    const t = launch(p, fresh, 'load-0000');
    await untilListed(p, t, 1000);
    await sleep(1500);
    const idle = await sample(t, 5000);
    record('1k pods, one visible change', p, 'idle_bytes_per_s_fresh_pods', idle.bytesPerS);
    await t.kill();
  }
  await fresh.stop();

  // bytes_per_change: three-day-old pods (their AGE stands still), one visible row changes at
  // a time. It flips between Running and a waiting reason, so every change recolours the row.
  const sim = await startSim({ pods: 1000, namespaces: 1, churn: 0, podAgeSeconds: 3 * 86_400 });
  const list = await sim.get('/api/v1/namespaces/load-0000/pods?limit=5');
  const name = list.items[0].metadata.name;
  for (const p of among('kdeck', 'kubectl', 'k9s')) {
    const t = launch(p, sim, 'load-0000');
    await untilListed(p, t, 1000);
    await sleep(1500);
    const idle = await sample(t, 3000);
    record('1k pods, one visible change', p, 'idle_bytes_per_s', idle.bytesPerS);
    const perChange: number[] = [];
    for (let i = 0; i < 20; i++) {
      const marker = `B${i}Y`;
      const reason = i % 2 === 0 ? marker : '';
      const shown = (screen: string) =>
        reason ? screen.includes(marker) : !screen.includes(`B${i - 1}Y`);
      const before = t.bytes();
      const seen = t.waitFor(shown, 5000).catch(() => 0);
      await sim.post('/_sim/stamp', { namespace: 'load-0000', name, reason });
      await seen;
      await sleep(150);
      perChange.push(t.bytes() - before);
    }
    record('1k pods, one visible change', p, 'bytes_per_change', summary(perChange));
    await t.kill();
  }
  await sim.stop();
}

async function offScreenChurn() {
  // bytes_per_s when the changes are off screen: 10,000 three-day-old pods over 10 namespaces
  // viewed with -A, 1,000 changes a second, none of them in load-0000, which fills the screen.
  const sim = await startSim({
    pods: 10_000,
    namespaces: 10,
    churn: 1000,
    podAgeSeconds: 3 * 86_400,
    steadyNamespaces: 1,
  });
  for (const p of among('kdeck', 'kubectl', 'k9s')) {
    const t = launch(p, sim);
    await untilListed(p, t, 10_000);
    await sleep(2000);
    const spent = await sample(t, 10_000);
    record('10k pods, 1000 changes/s off screen', p, 'bytes_per_s', spent.bytesPerS);
    record('10k pods, 1000 changes/s off screen', p, 'cpu_pct', spent.cpuPct);
    await t.kill();
  }
  await sim.stop();
}

async function wire() {
  // bytes to list 10,000 pods, in pages of 500 as kdeck lists them: as whole objects (how kdeck
  // read pods before), as the Table with each row's metadata (how it reads them now: uid,
  // resourceVersion, owner and age come from the metadata), and as the Table alone.
  const sim = await startSim({ pods: 10_000, namespaces: 10, churn: 0 });
  const table = 'application/json;as=Table;v=v1;g=meta.k8s.io';
  const forms: [string, string | undefined, string][] = [
    ['objects', undefined, ''],
    ['table_metadata', table, '&includeObject=Metadata'],
    ['table_only', table, '&includeObject=None'],
  ];
  for (const [form, accept, query] of forms) {
    let bytes = 0;
    let pages = 0;
    let cont = '';
    do {
      const page = await sim.read(
        `/api/v1/pods?limit=500${query}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
        accept,
      );
      bytes += page.bytes;
      pages++;
      cont = page.body.metadata?.continue ?? '';
    } while (cont);
    record('10k pods listed', 'kdeck', `bytes_${form}`, bytes);
    record('10k pods listed', 'kdeck', `pages_${form}`, pages);
  }
  await sim.stop();
}

async function chattyLog() {
  // A pod writing R lines a second, followed (`l`): does the screen keep up, what does it
  // cost, and does memory stay within what --log-lines keeps? At 1,000 lines/s the default
  // 10,000 lines are full after 10 s, --log-lines 1000 after 1 s: memory sampled every 10 s
  // should then stand still.
  const sim = await startSim({ pods: 0, namespaces: 1, churn: 0 });
  const seconds = LOG_SECONDS;
  const cases: [number, string[], string][] = [
    [1000, [], LOG],
    [1000, ['--log-lines', '1000'], `${LOG}, --log-lines 1000`],
    [5000, [], 'log follow at 5000 lines/s'],
  ];
  const made = new Set<string>();
  for (const [rate, flags, scenario] of cases) {
    const name = `chatty-${rate}`;
    if (!made.has(name)) {
      made.add(name);
      await sim.post('/api/v1/namespaces/default/pods', {
        metadata: { name, annotations: { 'sim.kdeck.dev/log-rate': String(rate) } },
        spec: { containers: [{ name: 'app', image: 'example.com/chatty:1' }] },
      });
      await sleep(6000);
    }
    progress(`following ${name} ${flags.join(' ')} for ${rate === 5000 ? 10 : seconds} s`);
    const t = launch('kdeck', sim, 'default', flags);
    await t.waitFor(name);
    t.write(`/${name}\r`);
    await sleep(300);
    const before = procStats(t.pid);
    const t0 = performance.now();
    t.write('l');
    await t.waitFor('following');
    const rss: number[] = [];
    for (let s = 10; s <= (rate === 5000 ? 10 : seconds); s += 10) {
      await sleep(t0 + s * 1000 - performance.now());
      rss.push(Math.round(procStats(t.pid).rssMb));
    }
    const seqs = [...t.screen().matchAll(/seq=(\d+)/g)].map((m) => Number(m[1]));
    const after = procStats(t.pid);
    const pod = await sim.get(`/api/v1/namespaces/default/pods/${name}`);
    const started = Date.parse(pod.status.containerStatuses[0].state.running.startedAt);
    const expected = ((Date.now() - started) / 1000) * rate;
    const shown = Math.max(0, ...seqs);
    record(scenario, 'kdeck', 'lag_lines', Math.round(expected - shown));
    record(scenario, 'kdeck', 'keeps_up', expected - shown < rate * 2);
    record(
      scenario,
      'kdeck',
      'cpu_pct',
      Math.round(((after.cpuMs - before.cpuMs) / (performance.now() - t0)) * 100),
    );
    record(scenario, 'kdeck', 'rss_mb_added', Math.round(after.rssMb - before.rssMb));
    rss.forEach((mb, i) => {
      record(scenario, 'kdeck', `rss_mb_at_${(i + 1) * 10}s`, mb);
    });
    await t.kill();
  }
  await sim.stop();
}

async function logBytes() {
  // bytes_per_line: kdeck following a pod's log beside `kubectl logs -f` of the same pod, both
  // running at once, so each is counted over the same seconds and the same lines. kubectl
  // prints each line once, so its newlines are the lines that came; bytes per line divide
  // each program's bytes by that count. nginx access lines (about 150 characters, wider than
  // either terminal: kdeck cuts them at the edge, kubectl prints them whole), 5 a second.
  const sim = await startSim({ pods: 0, namespaces: 1, churn: 0 });
  const name = 'web-log';
  await sim.post('/api/v1/namespaces/default/pods', {
    metadata: { name, annotations: { 'sim.kdeck.dev/log-rate': '5' } },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
  });
  await sleep(3000);
  const seconds = Number(process.env.BENCH_LOG_SECONDS ?? 20);
  for (const [cols, rows] of [
    [120, 35],
    [80, 24],
  ]) {
    const scenario = `log follow ${cols}×${rows}, 5 lines/s`;
    const kdeck = runInTerminal(
      NODE,
      [BUNDLE, '--kubeconfig', sim.kubeconfig, '-n', 'default'],
      sim.env,
      cols,
      rows,
    );
    await kdeck.waitFor(name);
    kdeck.write(`/${name}\r`);
    await sleep(300);
    kdeck.write('l');
    await kdeck.waitFor('following');
    const kubectl = runInTerminal(
      'kubectl',
      ['logs', '-f', '--tail', '100', '-n', 'default', name],
      sim.env,
      cols,
      rows,
    );
    // Both have painted their first screen and are following.
    while (kubectl.lines() < 100) await sleep(50);
    await sleep(1000);
    const [k0, c0, lines0] = [kdeck.bytes(), kubectl.bytes(), kubectl.lines()];
    await sleep(seconds * 1000);
    const lines = kubectl.lines() - lines0;
    const [k, c] = [kdeck.bytes() - k0, kubectl.bytes() - c0];
    record(scenario, 'kdeck', 'new_lines', lines);
    record(scenario, 'kdeck', 'bytes_per_line', Math.round(k / lines));
    record(scenario, 'kubectl', 'bytes_per_line', Math.round(c / lines));
    record(scenario, 'kdeck', 'bytes', k);
    record(scenario, 'kubectl', 'bytes', c);
    await kdeck.kill();
    await kubectl.kill();
  }
  await sim.stop();
}

function fmt(v: unknown): string {
  if (v && typeof v === 'object' && 'median' in v) {
    const s = v as { median: number; min: number; max: number; p95: number };
    return `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)}, p95 ${Math.round(s.p95)})`;
  }
  return String(v);
}

/** A figure's middle: the median of a summary, or the number itself. */
const median = (v: unknown) =>
  v && typeof v === 'object' && 'median' in v
    ? (v as { median: number }).median
    : typeof v === 'number'
      ? v
      : Number.NaN;
const p95 = (v: unknown) =>
  v && typeof v === 'object' && 'p95' in v ? (v as { p95: number }).p95 : Number.NaN;
const ratio = (a: unknown, b: unknown) => {
  const r = median(a) / median(b);
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '';
};
const figure = (scenario: string, key: string) => results[scenario]?.[key];

/** The issue's bars, each computed from this run's figures; a bar without them is not run. */
function bars(): string[][] {
  const rows: string[][] = [];
  const bar = (name: string, shown: unknown[], text: () => string, met: () => boolean) => {
    const ran = shown.every((v) => Number.isFinite(median(v)) || Number.isFinite(p95(v)));
    rows.push([
      name,
      ran ? text() : 'no figure (not run, or not seen)',
      ran ? (met() ? 'yes' : 'no') : '',
    ]);
  };
  const n = (v: number) => Math.round(v).toLocaleString('en');
  const k = (program: Program, metric: string) => figure(LIST, `${program}.${metric}`);
  bar(
    '`first_rows_ms` ≤ 300',
    [k('kdeck', 'first_rows_ms')],
    () => `${n(median(k('kdeck', 'first_rows_ms')))} ms`,
    () => median(k('kdeck', 'first_rows_ms')) <= 300,
  );
  for (const [peer, limit] of [
    ['kubectl-unchunked', 1],
    ['kubectl', 0.1],
  ] as const)
    bar(
      `\`full_table_ms\` ≤ ${limit}× ${peer}`,
      [k('kdeck', 'full_table_ms'), k(peer, 'full_table_ms')],
      () =>
        `${n(median(k('kdeck', 'full_table_ms')))} against ${n(median(k(peer, 'full_table_ms')))} ms (${ratio(k('kdeck', 'full_table_ms'), k(peer, 'full_table_ms'))})`,
      () => median(k('kdeck', 'full_table_ms')) <= limit * median(k(peer, 'full_table_ms')),
    );
  bar(
    '`bytes_from_server` per pod ≤ 1.2× kubectl',
    [k('kdeck', 'bytes_from_server'), k('kubectl', 'bytes_from_server')],
    () =>
      `${n(median(k('kdeck', 'bytes_from_server')))} against ${n(median(k('kubectl', 'bytes_from_server')))} B (${ratio(k('kdeck', 'bytes_from_server'), k('kubectl', 'bytes_from_server'))})`,
    () =>
      median(k('kdeck', 'bytes_from_server')) <= 1.2 * median(k('kubectl', 'bytes_from_server')),
  );
  bar(
    '`rss_mb` steady ≤ 200',
    [k('kdeck', 'rss_mb')],
    () => `${n(median(k('kdeck', 'rss_mb')))} MB`,
    () => median(k('kdeck', 'rss_mb')) <= 200,
  );
  const c = (metric: string) => figure(CHURNED, `kdeck.${metric}`);
  bar(
    '`event_to_screen_ms` p95 ≤ 100 under churn',
    [c('event_to_screen_ms')],
    () => `p95 ${n(p95(c('event_to_screen_ms')))} ms (${c('events_seen')} seen)`,
    () => p95(c('event_to_screen_ms')) <= 100,
  );
  bar(
    '`cpu_pct` ≤ 40 under churn',
    [c('cpu_pct')],
    () => `${c('cpu_pct')} % (the simulator made ${c('sim_changes_per_s')} changes/s)`,
    () => median(c('cpu_pct')) <= 40,
  );
  bar(
    '`key_to_frame_ms` p95 ≤ 30 under churn',
    [c('key_to_frame_ms')],
    () => `p95 ${n(p95(c('key_to_frame_ms')))} ms`,
    () => p95(c('key_to_frame_ms')) <= 30,
  );
  bar(
    '`filter_frame_ms` p95 ≤ 50 (under churn)',
    [c('filter_frame_ms')],
    () => `p95 ${n(p95(c('filter_frame_ms')))} ms`,
    () => p95(c('filter_frame_ms')) <= 50,
  );
  for (const program of ['kdeck', 'kdeck-exe'] as const) {
    const [mine, theirs] = [program, 'kubectl'].map((p) => figure(STARTUP, `${p}.startup_ms`));
    bar(
      `\`startup_ms\` ${program} ≤ 1.0× kubectl`,
      [mine, theirs],
      () => `${n(median(mine))} against ${n(median(theirs))} ms (${ratio(mine, theirs)})`,
      () => median(mine) <= median(theirs),
    );
  }
  bar(
    'log follow at 1,000 lines/s: `cpu_pct` ≤ 10',
    [figure(LOG, 'kdeck.cpu_pct')],
    () => `${figure(LOG, 'kdeck.cpu_pct')} %`,
    () => median(figure(LOG, 'kdeck.cpu_pct')) <= 10,
  );
  // Bounded: the buffer is full after 1 s with --log-lines 1000 and 10 s with the default
  // 10,000, so over the second half of the follow memory should stand still; 10 MB allows
  // for the collector.
  const from = Math.max(10, Math.ceil(LOG_SECONDS / 20) * 10);
  for (const scenario of [`${LOG}, --log-lines 1000`, LOG]) {
    const samples = Object.entries(results[scenario] ?? {})
      .filter(([key]) => key.startsWith('kdeck.rss_mb_at_'))
      .map(([key, v]) => [Number(/_at_(\d+)s/.exec(key)?.[1]), Number(v)]);
    const a = samples.find(([s]) => s === from)?.[1];
    const b = samples.at(-1);
    bar(
      `log memory bounded (${scenario.includes('--log-lines') ? '--log-lines 1000' : 'default 10,000'}): ≤ 10 MB more from ${from} s to the end`,
      [a, b?.[0] === from ? Number.NaN : b?.[1]],
      () => samples.map(([s, mb]) => `${mb} MB at ${s} s`).join(', '),
      () => (b?.[1] ?? 0) - (a ?? 0) <= 10,
    );
  }
  return rows;
}

/** A markdown table whose columns line up in a terminal too. */
function table(head: string[], rows: string[][]): string {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

async function main() {
  // One step, or several separated by commas (startup,list,churn).
  const only = process.argv[2]?.split(',');
  const steps: [string, () => Promise<void>][] = [
    ['startup', startup],
    ['list', list],
    ['churn', underChurn],
    ['bytes', bytesPerVisibleChange],
    ['offscreen', offScreenChurn],
    ['logs', chattyLog],
    ['logbytes', logBytes],
    ['wire', wire],
    ['ssh', () => sshChannel(record)],
    [
      'exe',
      () => exeFigures(RUNS, (scenario, metric, value) => record(scenario, 'kdeck', metric, value)),
    ],
  ];
  const unknown = only?.find((o) => !steps.some(([name]) => name === o));
  if (unknown) {
    process.stderr.write(`bench: no step ${unknown} (${steps.map(([n]) => n).join('|')})\n`);
    process.exit(2);
  }
  const began = performance.now();
  for (const [name, step] of steps) {
    if (only && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    await step();
  }
  const rows: string[][] = [];
  for (const [scenario, metrics] of Object.entries(results)) {
    const names = [...new Set(Object.keys(metrics).map((k) => k.split('.').slice(1).join('.')))];
    for (const m of names) {
      const [kdeck, , kubectl, unchunked, k9sFigure] = COLUMNS.map((p) => metrics[`${p}.${m}`]);
      const cells = COLUMNS.map((p) => {
        const v = metrics[`${p}.${m}`];
        // k9s is said not run where kubectl ran beside kdeck, and left blank elsewhere.
        const peers = Object.keys(metrics).some((key) => key.startsWith('kubectl'));
        if (v !== undefined) return fmt(v);
        return p === 'k9s' && peers && !programs.includes('k9s') ? 'not run' : '';
      });
      rows.push([
        scenario,
        m,
        ...cells,
        ratio(kdeck, kubectl),
        ratio(kdeck, unchunked),
        ratio(kdeck, k9sFigure),
      ]);
    }
  }
  const minutes = ((performance.now() - began) / 60_000).toFixed(1);
  // The bars this run has figures for (one step alone judges one or two).
  const judged = bars().filter(([, , met]) => met);
  process.stdout.write(
    `${table(
      ['scenario', 'metric', ...COLUMNS, 'kdeck/kubectl', 'kdeck/kubectl-unchunked', 'kdeck/k9s'],
      rows,
    )}\n\nmedian (min–max, p95) of ${RUNS} runs / ${SAMPLES} samples; programs: ${programs.join(', ')}; ` +
      `${OBJECT_SIZE} objects; ${minutes} min\n` +
      (judged.length ? `\n${table(['bar', 'figure', 'met'], judged)}\n` : ''),
  );
  writeFileSync(
    join(ROOT, 'bench', 'results', 'latest.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
}

await main();
process.exit(0);
