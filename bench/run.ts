// npm run bench: kdeck against the simulated cluster in a real pseudo-terminal (200×50), with
// kubectl (and k9s, when a k9s binary is on the PATH or in $K9S) measured the same way.
// Prints a markdown table and writes bench/results/latest.json. Benchmarks print figures;
// tests never assert them.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUNDLE,
  type Json,
  NODE,
  procStats,
  ROOT,
  runInTerminal,
  type Sim,
  sleep,
  startSim,
  summary,
  type Term,
} from './harness.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);

type Program = 'kdeck' | 'kubectl' | 'k9s';
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
  'kubectl',
  ...(k9s && existsSync(k9s) ? (['k9s'] as const) : []),
];
/** BENCH_PROGRAMS=kdeck measures kdeck alone (quicker while optimising). */
const chosen = process.env.BENCH_PROGRAMS?.split(',');
const programs = chosen ? available.filter((p) => chosen.includes(p)) : available;

/** Starts a program on the whole cluster (-A) or one namespace, in a 200×50 terminal. */
function launch(p: Program, sim: Sim, namespace?: string): Term {
  const scope = namespace ? ['-n', namespace] : ['-A'];
  if (p === 'kdeck')
    return runInTerminal(NODE, [BUNDLE, '--kubeconfig', sim.kubeconfig, ...scope], sim.env);
  if (p === 'kubectl') return runInTerminal('kubectl', ['get', 'pods', ...scope, '-w'], sim.env);
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

/** The program's sign that the whole list of `count` pods is on screen (or printed). */
async function untilListed(
  p: Program,
  t: Term,
  count: number,
  timeoutMs = 120_000,
): Promise<number> {
  if (p === 'kubectl') {
    const start = performance.now();
    while (t.lines() < count + 1) {
      if (performance.now() - start > timeoutMs)
        throw new Error('kubectl did not print the list in time');
      await sleep(20);
    }
    return performance.now();
  }
  // kdeck's title and k9s's table title both read pods(scope)[N] (k9s: 1,013); done when N reaches the count.
  return t.waitFor(
    (text) =>
      [...text.matchAll(/pods\((?:all|load-0000)\)\[([\d,]+)\]/gi)].some(
        (m) => Number(m[1].replaceAll(',', '')) >= count,
      ),
    timeoutMs,
  );
}

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

async function startupAndFullTable() {
  // startup_ms: spawn → first frame with the table header, 1,000 pods.
  const small = await startSim({ pods: 1000, namespaces: 10, churn: 0 });
  for (const p of programs) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const header = /NAME\S*\s+(PF\s+)?READY\s+STATUS/i;
      const t0 = performance.now();
      const t = launch(p, small);
      t.printed(header);
      // kubectl prints its header and then 1,000 lines, which may scroll it off the screen.
      const shown = await t.waitFor((screen) => header.test(screen) || !!t.printed(header));
      times.push(Math.min(shown, t.printed(header) ?? shown) - t0);
      await t.kill();
    }
    record('1k pods', p, 'startup_ms', summary(times));
  }
  await small.stop();

  // full_table_ms and rss_mb: 50,000 pods over 1,000 namespaces, viewed with -A.
  const big = await startSim({ pods: 50_000, namespaces: 1000, churn: 0 });
  for (const p of programs) {
    const times: number[] = [];
    const rss: number[] = [];
    const peak: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const t = launch(p, big);
      times.push((await untilListed(p, t, 50_000)) - t0);
      await sleep(5000);
      const s = procStats(t.pid);
      rss.push(s.rssMb);
      peak.push(s.peakMb);
      await t.kill();
    }
    record('50k pods', p, 'full_table_ms', summary(times));
    record('50k pods', p, 'rss_mb_steady', summary(rss));
    record('50k pods', p, 'rss_mb_peak', summary(peak));
  }
  await big.stop();
}

async function underChurn() {
  // cpu_pct, event_to_screen_ms, key_to_frame_ms, bytes: 10,000 pods, 1,000 changes/s.
  const sim = await startSim({ pods: 10_000, namespaces: 10, churn: 1000 });
  const list = await sim.get('/api/v1/namespaces/load-0000/pods?limit=20');
  const visible: string[] = list.items.map((p: Json) => p.metadata.name).slice(0, 10);
  let mark = 0;
  for (const p of programs) {
    // All namespaces: every one of the 1,000 changes a second reaches the program.
    const t = launch(p, sim);
    await untilListed(p, t, 10_000);
    await sleep(2000);
    const spent = await sample(t, 10_000);
    record('10k pods, 1000 changes/s', p, 'cpu_pct', spent.cpuPct);
    record('10k pods, 1000 changes/s', p, 'bytes_per_s', spent.bytesPerS);
    record('10k pods, 1000 changes/s', p, 'rss_mb', spent.rssMb);

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
    record(
      '10k pods, 1000 changes/s',
      p,
      'event_to_screen_ms',
      seen.length ? summary(seen) : 'never seen',
    );
    record('10k pods, 1000 changes/s', p, 'events_seen', `${seen.length}/${latencies.length}`);

    if (p === 'kdeck') {
      const keys: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const shown = t.waitFor('Keys (Esc or ? to close)', 5000);
        const t0 = performance.now();
        t.write('?');
        keys.push((await shown) - t0);
        const back = t.waitFor(/NAME\s+READY/, 5000);
        t.write('\u001B');
        await back;
        await sleep(50);
      }
      record('10k pods, 1000 changes/s', p, 'key_to_frame_ms', summary(keys));
    }
    await t.kill();
  }
  await sim.stop();
}

async function bytesPerVisibleChange() {
  // idle_bytes_per_s with pods made just now: every AGE cell on screen ticks each second.
  const fresh = await startSim({ pods: 1000, namespaces: 1, churn: 0 });
  for (const p of programs) {
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
  for (const p of programs) {
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
  for (const p of programs) {
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
  // log_lines_per_s: kdeck follows a pod writing R lines a second; does the screen keep up?
  const sim = await startSim({ pods: 0, namespaces: 1, churn: 0 });
  for (const rate of [1000, 5000]) {
    const name = `chatty-${rate}`;
    await sim.post('/api/v1/namespaces/default/pods', {
      metadata: { name, annotations: { 'sim.kdeck.dev/log-rate': String(rate) } },
      spec: { containers: [{ name: 'app', image: 'example.com/chatty:1' }] },
    });
    await sleep(6000);
    const t = launch('kdeck', sim, 'default');
    await t.waitFor(name);
    t.write(`/${name}\r`);
    await sleep(300);
    const before = procStats(t.pid);
    const t0 = performance.now();
    t.write('l');
    await t.waitFor('following');
    await sleep(10_000);
    const seqs = [...t.screen().matchAll(/seq=(\d+)/g)].map((m) => Number(m[1]));
    const after = procStats(t.pid);
    const pod = await sim.get(`/api/v1/namespaces/default/pods/${name}`);
    const started = Date.parse(pod.status.containerStatuses[0].state.running.startedAt);
    const expected = ((Date.now() - started) / 1000) * rate;
    const shown = Math.max(0, ...seqs);
    record(`log follow at ${rate} lines/s`, 'kdeck', 'lag_lines', Math.round(expected - shown));
    record(`log follow at ${rate} lines/s`, 'kdeck', 'keeps_up', expected - shown < rate * 2);
    record(
      `log follow at ${rate} lines/s`,
      'kdeck',
      'rss_mb_added',
      Math.round(after.rssMb - before.rssMb),
    );
    record(
      `log follow at ${rate} lines/s`,
      'kdeck',
      'cpu_pct',
      Math.round(((after.cpuMs - before.cpuMs) / (performance.now() - t0)) * 100),
    );
    await t.kill();
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

async function main() {
  const only = process.argv[2];
  const steps: [string, () => Promise<void>][] = [
    ['startup', startupAndFullTable],
    ['churn', underChurn],
    ['bytes', bytesPerVisibleChange],
    ['offscreen', offScreenChurn],
    ['logs', chattyLog],
    ['wire', wire],
  ];
  for (const [name, step] of steps) {
    if (only && only !== name) continue;
    process.stderr.write(`bench: ${name}…\n`);
    await step();
  }
  const median = (v: unknown) =>
    v && typeof v === 'object' && 'median' in v
      ? (v as { median: number }).median
      : typeof v === 'number'
        ? v
        : Number.NaN;
  const ratio = (a: unknown, b: unknown) => {
    const r = median(a) / median(b);
    return Number.isFinite(r) ? `${r.toFixed(2)}×` : '';
  };
  const lines = [
    '| scenario | metric | kdeck | kubectl | k9s | kdeck/kubectl | kdeck/k9s |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [scenario, metrics] of Object.entries(results)) {
    const names = [...new Set(Object.keys(metrics).map((k) => k.split('.').slice(1).join('.')))];
    for (const m of names) {
      const [a, b, c] = (['kdeck', 'kubectl', 'k9s'] as const).map((p) => metrics[`${p}.${m}`]);
      const k9sCell = c ?? (programs.includes('k9s') ? '' : 'not run');
      lines.push(
        `| ${scenario} | ${m} | ${fmt(a ?? '')} | ${fmt(b ?? '')} | ${fmt(k9sCell)} | ${ratio(a, b)} | ${ratio(a, c)} |`,
      );
    }
  }
  process.stdout.write(
    `${lines.join('\n')}\n\nmedian (min–max, p95) of ${RUNS} runs / ${SAMPLES} samples; programs: ${programs.join(', ')}\n`,
  );
  writeFileSync(
    join(ROOT, 'bench', 'results', 'latest.json'),
    `${JSON.stringify(results, null, 2)}\n`,
  );
}

await main();
process.exit(0);
