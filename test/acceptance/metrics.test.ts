// Live CPU and MEM from the metrics API, on the built kdeck in a real terminal against
// `kdeck sim` (which serves metrics.k8s.io as metrics-server does): the columns of pods and
// nodes, Shift-C and Shift-M, the shares of requests, limits and allocatable, the figures
// moving with the poll; and against `kdeck sim --no-metrics`, no columns and no error.
// kubectl judges which pods have figures (`kubectl top`) and what they request.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, type Sim, simForFile, startSim, Terminal, tableRows } from './terminal.js';

const sim = simForFile();

/** The header line of the table on `screen`. */
const headerOf = (screen: string) =>
  screen.split('\n').find((l) => /^\s+NAME|^\s+NAMESPACE/.test(l)) ?? '';

/** The columns of a header, each where its name starts and ends (`NAME↑` is NAME). */
function columnsOf(header: string): { name: string; start: number; end: number }[] {
  return [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({
    name: m[0].replace(/[↑↓]$/, ''),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** Columns whose cells are right-aligned: they end where their name ends. */
const RIGHT = /^(AGE|RESTARTS|CPU|MEM|%CPU|%MEM|%CPU\/R|%CPU\/L|%MEM\/R|%MEM\/L)$/;

/** Each row as a record of its cells by column name; an empty cell is ''. */
function cellsOf(screen: string): Record<string, string>[] {
  const header = headerOf(screen);
  const cols = columnsOf(header);
  // The terminal's lines end where their text does: empty cells at the end are spaces again.
  return tableRows(screen).map((line) => {
    const row = line.padEnd(header.length);
    const out: Record<string, string> = {};
    for (const c of cols) {
      const m = RIGHT.test(c.name)
        ? /(\S+(?: \S+)*)$/.exec(row.slice(0, c.end))
        : /^(\S+(?: \S+)*)/.exec(row.slice(c.start));
      out[c.name] = m?.[1] ?? '';
    }
    return out;
  });
}

const millicores = (text: string) => Number(/^(\d+)m$/.exec(text)?.[1] ?? Number.NaN);
const mebibytes = (text: string) => Number(/^(\d+)Mi$/.exec(text)?.[1] ?? Number.NaN);
const names = (rows: Record<string, string>[]) => rows.map((r) => r.NAME);
const kdeck = (s: Sim, args: string[], size?: { width: number; height: number }) =>
  new Terminal(['--kubeconfig', s.kubeconfig, ...args], size);
/** Waits until every running pod of the view has its figures on screen. */
const figuresShown = (t: Terminal, expected: number) =>
  t.waitFor(
    (lines) =>
      cellsOf(lines.join('\n')).filter((r) => /^\d+m$/.test(r.CPU ?? '')).length === expected,
    20_000,
  );
/**
 * The pods `kubectl top` lists (those with metrics: the Running ones), but the demo's
 * crash-looping metrics-scraper, which has figures or not depending on the moment.
 */
const topPods = (s: Sim, ...scope: string[]) =>
  s
    .kubectl('top', 'pods', ...scope, '--no-headers')
    .trim()
    .split('\n')
    .map((l) => l.split(/\s+/))
    .map((cells) => (scope[0] === '-A' ? cells[1] : cells[0]))
    .filter((name) => !name.startsWith('metrics-scraper-'))
    .sort();
/** Leaves the crash-looping pod out of the table (the filter `/!…`). */
const withoutCrashLoop = async (t: Terminal) => {
  t.burst('/!metrics-scraper\r');
  await t.waitFor(/\/!metrics-scraper/);
};

describe.skipIf(!hasTmux)('CPU and MEM columns', () => {
  it('pods show CPU and MEM at 80×24, in kubectl top units, for the pods kubectl top lists', async () => {
    const t = kdeck(sim, ['-n', 'data']);
    await t.waitFor(/pods\(data\)\[\d+\] live/);
    const running = topPods(sim, '-n', 'data');
    const screen = await figuresShown(t, running.length);
    const header = columnsOf(headerOf(screen)).map((c) => c.name);
    expect(header).toEqual(expect.arrayContaining(['NAME', 'READY', 'STATUS', 'CPU', 'MEM']));
    const rows = cellsOf(screen);
    const figured = rows.filter((r) => r.CPU !== '');
    expect(names(figured).sort()).toEqual(running);
    for (const r of figured) {
      expect(r.CPU).toMatch(/^\d+m$/);
      expect(r.MEM).toMatch(/^\d+Mi$/);
    }
    // The CronJob's finished pod has no metrics: its cells are empty, with no error.
    const done = rows.filter((r) => r.STATUS === 'Completed');
    expect(done.length).toBeGreaterThan(0);
    for (const r of done) expect([r.CPU, r.MEM]).toEqual(['', '']);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('C sorts by CPU, busiest first, and again the other way; M by MEM; the header marks it', async () => {
    const t = kdeck(sim, ['-A'], { width: 120, height: 40 });
    await t.waitFor(/pods\(all\)\[\d+\] live/);
    await withoutCrashLoop(t);
    const running = topPods(sim, '-A').length;
    await figuresShown(t, running);
    // Help offers C and M where the columns are.
    t.keys('?');
    const help = await t.waitFor('Keys (Esc or ? to close)');
    expect(help).toContain('sort by CPU (busiest first) / reverse');
    expect(help).toContain('sort by MEM (largest first) / reverse');
    t.keys('Escape');
    await t.waitGone('Keys (Esc');
    // Each sorted screen is judged on its own figures: they move between polls.
    const sortedBy = (column: 'CPU' | 'MEM', descending: boolean) => (lines: string[]) => {
      const screen = lines.join('\n');
      if (!new RegExp(`\\s${column}${descending ? '↓' : '↑'}(\\s|$)`).test(headerOf(screen)))
        return false;
      const value = column === 'CPU' ? millicores : mebibytes;
      const rows = cellsOf(screen);
      const figures = rows.filter((r) => r[column] !== '').map((r) => value(r[column]));
      if (figures.length !== running || figures.some(Number.isNaN)) return false;
      const order = [...figures].sort((a, b) => (descending ? b - a : a - b));
      // The CronJob's finished pod has no figures: last, whichever way.
      const blank = rows.findIndex((r) => r[column] === '');
      return figures.join() === order.join() && blank === rows.length - 1;
    };
    t.keys('C');
    await t.waitFor(sortedBy('CPU', true));
    t.keys('C');
    await t.waitFor(sortedBy('CPU', false));
    t.keys('M');
    await t.waitFor(sortedBy('MEM', true));
    t.keys('M');
    await t.waitFor(sortedBy('MEM', false));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("a wide terminal shows the shares of each pod's requests and limits, n/a where none is set", async () => {
    const t = kdeck(sim, ['-n', 'kube-system'], { width: 200, height: 30 });
    await t.waitFor(/pods\(kube-system\)\[\d+\] live/);
    await withoutCrashLoop(t);
    await figuresShown(t, topPods(sim, '-n', 'kube-system').length);
    const screen = t.screen();
    const header = columnsOf(headerOf(screen)).map((c) => c.name);
    expect(header.slice(-6)).toEqual(['CPU', 'MEM', '%CPU/R', '%CPU/L', '%MEM/R', '%MEM/L']);
    const coredns = cellsOf(screen).filter((r) => r.NAME.startsWith('coredns-'));
    expect(coredns).toHaveLength(2);
    for (const r of coredns) {
      const resources = JSON.parse(
        sim.kubectl(
          'get',
          'pod',
          '-n',
          'kube-system',
          r.NAME,
          '-o',
          'jsonpath={.spec.containers[0].resources}',
        ),
      );
      // CoreDNS as kubeadm runs it: 100m and 70Mi requested, a memory limit of 170Mi, no CPU limit.
      expect(resources).toEqual({
        requests: { cpu: '100m', memory: '70Mi' },
        limits: { memory: '170Mi' },
      });
      // The shares are of the exact figures; CPU and MEM are shown rounded down. Of a 100m
      // request, the share in percent is the millicores: one off at most.
      expect(Math.abs(Number(r['%CPU/R']) - millicores(r.CPU))).toBeLessThanOrEqual(1);
      // MEM shown as M Mi is at least M and under M+1 Mi: its share of 70Mi lies between
      // those two figures' (a mebibyte is 1.4 % of 70Mi, so two apart at most).
      const mem = mebibytes(r.MEM);
      for (const [column, of] of [
        ['%MEM/R', 70],
        ['%MEM/L', 170],
      ] as const) {
        const pct = Number(r[column]);
        expect(pct).toBeGreaterThanOrEqual(Math.floor((mem * 100) / of));
        expect(pct).toBeLessThanOrEqual(Math.floor(((mem + 1) * 100) / of));
      }
      expect(r['%CPU/L']).toBe('n/a');
    }
    // The control plane's static pods set no requests: every share is n/a.
    const etcd = cellsOf(screen).find((r) => r.NAME.startsWith('etcd-'))!;
    expect([etcd['%CPU/R'], etcd['%CPU/L'], etcd['%MEM/R'], etcd['%MEM/L']]).toEqual([
      'n/a',
      'n/a',
      'n/a',
      'n/a',
    ]);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('nodes show CPU, %CPU, MEM and %MEM of what each node can allocate', async () => {
    const t = kdeck(sim, [], { width: 120, height: 30 });
    await t.waitFor('pods(default)[5] live');
    t.burst(':nodes\r');
    await t.waitFor(/nodes\[3\] live/);
    const screen = await t.waitFor(
      (lines) => cellsOf(lines.join('\n')).filter((r) => /^\d+m$/.test(r.CPU ?? '')).length === 3,
      20_000,
    );
    const header = columnsOf(headerOf(screen)).map((c) => c.name);
    expect(header.slice(-4)).toEqual(['CPU', '%CPU', 'MEM', '%MEM']);
    for (const r of cellsOf(screen)) {
      const allocatable = JSON.parse(
        sim.kubectl('get', 'node', r.NAME, '-o', 'jsonpath={.status.allocatable}'),
      );
      const cores = Number(allocatable.cpu);
      const mi = Number.parseInt(allocatable.memory, 10) / 1024;
      expect(
        Math.abs(Number(r['%CPU']) - Math.floor(millicores(r.CPU) / (cores * 10))),
      ).toBeLessThanOrEqual(1);
      expect(
        Math.abs(Number(r['%MEM']) - Math.floor((mebibytes(r.MEM) * 100) / mi)),
      ).toBeLessThanOrEqual(1);
    }
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("another view opened in one burst with a key does not see the pods' columns: :sts⏎ Ctrl-W turns wide on", async () => {
    const t = kdeck(sim, ['-n', 'data'], { width: 160, height: 30 });
    await figuresShown(t, topPods(sim, '-n', 'data').length);
    t.burst(':sts\r\x17');
    const screen = await t.waitFor(/statefulsets\(data\)\[1\] wide live/);
    expect(columnsOf(headerOf(screen)).map((c) => c.name)).toEqual(
      expect.arrayContaining(['CONTAINERS', 'IMAGES']),
    );
    expect(columnsOf(headerOf(screen)).map((c) => c.name)).not.toContain('CPU');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('the figures move: the next poll brings new ones', async () => {
    const t = kdeck(sim, ['-n', 'default']);
    await t.waitFor('pods(default)[5] live');
    const first = cellsOf(await figuresShown(t, 5)).map((r) => `${r.NAME} ${r.CPU} ${r.MEM}`);
    // metrics-server's pace: a new reading every 15 s.
    await t.waitFor((lines) => {
      const now = cellsOf(lines.join('\n')).map((r) => `${r.NAME} ${r.CPU} ${r.MEM}`);
      return (
        now.length === 5 && now.every((x) => /\d+m \d+Mi$/.test(x)) && now.join() !== first.join()
      );
    }, 25_000);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  }, 40_000);
});

describe.skipIf(!hasTmux)('a cluster without the metrics API (kdeck sim --no-metrics)', () => {
  let bare: Sim;
  beforeAll(async () => {
    if (hasTmux) bare = await startSim('--no-metrics');
  }, 30_000);
  afterAll(() => bare?.stop());

  it('shows pods and nodes without CPU and MEM, and no error; C and M are not offered', async () => {
    const t = kdeck(bare, [], { width: 160, height: 30 });
    await t.waitFor('pods(default)[5] live');
    // Polled once on opening: the 404 is the answer, and nothing is said about it.
    await eventually(() => /nginx-server-deployment-\S+\s+1\/1\s+Running/.test(t.screen()));
    t.burst(':nodes\r');
    let screen = await t.waitFor(/nodes\[3\] live/);
    expect(columnsOf(headerOf(screen)).map((c) => c.name)).not.toContain('CPU');
    t.burst(':pods\r');
    screen = await t.waitFor('pods(default)[5] live');
    const header = columnsOf(headerOf(screen)).map((c) => c.name);
    expect(header).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE']);
    expect(screen).not.toMatch(/error|not found|metrics/i);
    t.keys('?');
    const help = await t.waitFor('Keys (Esc or ? to close)');
    expect(help).toContain('sort by name / reverse');
    expect(help).not.toContain('sort by CPU');
    t.keys('Escape');
    await t.waitGone('Keys (Esc');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)(
  'a view of more pods than kdeck reads whole (kdeck sim --pods 5001)',
  () => {
    let big: Sim;
    beforeAll(async () => {
      if (hasTmux) big = await startSim('--pods', '5001', '--namespaces', '1', '--empty');
    }, 60_000);
    afterAll(() => big?.stop());

    it('shows CPU and MEM, and leaves the shares empty rather than reading 5,001 pods whole', async () => {
      const t = kdeck(big, ['-n', 'load-0000'], { width: 160, height: 20 });
      await t.waitFor('pods(load-0000)[5001] live', 30_000);
      const screen = await t.waitFor(
        (lines) => cellsOf(lines.join('\n')).some((r) => /^\d+m$/.test(r.CPU ?? '')),
        30_000,
      );
      const shown = cellsOf(screen);
      expect(
        columnsOf(headerOf(screen))
          .map((c) => c.name)
          .slice(-6),
      ).toEqual(['CPU', 'MEM', '%CPU/R', '%CPU/L', '%MEM/R', '%MEM/L']);
      for (const r of shown) {
        expect(r.MEM).toMatch(/^\d+Mi$/);
        expect([r['%CPU/R'], r['%CPU/L'], r['%MEM/R'], r['%MEM/L']]).toEqual(['', '', '', '']);
      }
      t.keys('q');
      expect(await t.exitCode()).toBe(0);
    }, 60_000);
  },
);

/** The kubeconfig of the real control plane `npm run cluster:up` left, if it answers. */
function realCluster(): string | undefined {
  const file =
    process.env.KDECK_REAL_CLUSTER ||
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kdeck/cluster/run/cluster.json');
  if (!existsSync(file)) return undefined;
  const { kubeconfig } = JSON.parse(readFileSync(file, 'utf8')) as { kubeconfig: string };
  try {
    execFileSync('kubectl', ['--kubeconfig', kubeconfig, 'get', '--raw', '/readyz'], { input: '' });
    return kubeconfig;
  } catch {
    return undefined;
  }
}
const real = hasTmux ? realCluster() : undefined;

describe.skipIf(!real)('the real control plane (KWOK, no metrics-server)', () => {
  it('shows its pods and nodes without CPU and MEM, and no error', async () => {
    // kubectl's own verdict on the cluster: no metrics API.
    const top = spawnSync('kubectl', ['--kubeconfig', real!, 'top', 'pods', '-A']);
    expect(top.stderr.toString()).toContain('Metrics API not available');
    const t = new Terminal(['--kubeconfig', real!, '-A'], { width: 160, height: 30 });
    let screen = await t.waitFor(/pods\(all\)\[\d+\] live/);
    await t.waitFor((lines) => tableRows(lines.join('\n')).length > 0);
    t.burst(':nodes\r');
    screen = await t.waitFor(/nodes\[\d+\] live/);
    expect(columnsOf(headerOf(screen)).map((c) => c.name)).toEqual([
      'NAME',
      'STATUS',
      'ROLES',
      'AGE',
      'VERSION',
      'INTERNAL-IP',
    ]);
    t.burst(':pods\r');
    screen = await t.waitFor((lines) => tableRows(lines.join('\n')).length > 0);
    expect(columnsOf(headerOf(screen)).map((c) => c.name)).not.toContain('CPU');
    expect(screen).not.toMatch(/error|not found|unavailable/i);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
