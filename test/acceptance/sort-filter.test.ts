// Sorting by name and age, and the filter's ! and -f, typed in a real terminal on the built
// kdeck against `kdeck sim`; kubectl judges the orders.
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, simForFile, Terminal, tableRows } from './terminal.js';

// Without the metrics API: the columns here are kubectl get's (metrics.test.ts sorts by CPU
// and MEM).
const sim = simForFile('--no-metrics');
const NS = 'sortfilter';
// Made in this order, each in a later second than the one before: oldest first. Name order
// and age order differ, so each sort is told from the others. A pod and a ConfigMap of each
// name: ConfigMaps are shown in the server's Table form, with its columns (`Name`, `Age`).
const MADE = ['nginx-delta', 'charlie', 'alpha', 'bravo'];

beforeAll(async () => {
  if (!hasTmux) return;
  sim.kubectl('create', 'namespace', NS);
  for (const name of MADE) {
    sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: NS },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    sim.kubectl('create', 'configmap', name, '-n', NS);
    // creationTimestamp has whole seconds: the next pod is made once this one's second is over.
    const made = Date.parse(
      sim.kubectl('get', 'pod', name, '-n', NS, '-o', 'jsonpath={.metadata.creationTimestamp}'),
    );
    await eventually(() => Date.now() >= made + 1000, 5000, { what: `a second after ${name}` });
  }
}, 30_000);

const kdeck = (...args: string[]) => new Terminal(['--kubeconfig', sim.kubeconfig, ...args]);
const names = (screen: string) => tableRows(screen).map((r) => r.slice(2).trim().split(/\s+/)[0]);
/** Waits until the rows are `expected`, top to bottom, under a header that matches `header`. */
const shows = (t: Terminal, header: RegExp, expected: string[]) =>
  t.waitFor(
    (lines) =>
      lines.some((l) => header.test(l)) && names(lines.join('\n')).join(' ') === expected.join(' '),
  );

describe.skipIf(!hasTmux)("k9s's Shift-N and Shift-A", () => {
  it('N and A sort by name and by age, again reversed, the header marking the column', async () => {
    const byName = sim.kubectl('get', 'pods', '-n', NS, '-o', 'name').trim().split('\n');
    const oldestFirst = sim
      .kubectl('get', 'pods', '-n', NS, '--sort-by=.metadata.creationTimestamp', '-o', 'name')
      .trim()
      .split('\n');
    const pods = (list: string[]) => list.map((n) => n.replace('pod/', ''));
    expect(pods(byName)).toEqual(['alpha', 'bravo', 'charlie', 'nginx-delta']);
    expect(pods(oldestFirst)).toEqual(MADE);

    const t = kdeck('-n', NS);
    await t.waitFor(`pods(${NS})[4] live`);
    // Name order from the start, and marked so.
    await shows(t, /^ {2}NAME↑\s+READY/, pods(byName));
    t.keys('N');
    await shows(t, /^ {2}NAME↓\s+READY/, pods(byName).reverse());
    t.keys('A');
    await shows(t, /^ {2}NAME\s+READY.*\sAGE↑/, pods(oldestFirst).reverse());
    t.keys('A');
    await shows(t, /^ {2}NAME\s+READY.*\sAGE↓/, pods(oldestFirst));
    t.keys('N');
    await shows(t, /^ {2}NAME↑\s+READY.*\sAGE\s/, pods(byName));
    // O reverses whatever is chosen; o goes on to the next column from the marked one.
    t.keys('O');
    await shows(t, /^ {2}NAME↓\s+READY/, pods(byName).reverse());
    t.keys('o');
    await t.waitFor(/^ {2}NAME\s+READY↑\s/m);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('across namespaces at 80 columns, A keeps the AGE column (dropped first for width), marked', async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '-A'], { width: 80, height: 40 });
    // With the rows in, their names leave no room for AGE (priority 1): it is dropped.
    await t.waitFor(
      (lines) =>
        lines.some((l) => /^ {2}NAMESPACE↑\s+NAME\s/.test(l) && !/\sAGE/.test(l)) &&
        lines.some((l) => l.includes(`${NS} `)),
    );
    t.keys('A');
    const screen = await t.waitFor(/^ {2}NAMESPACE\s+NAME\s.*\sAGE↑\s*$/m);
    const ours = tableRows(screen)
      .map((r) => r.slice(2).trim().split(/\s+/))
      .filter(([ns]) => ns === NS)
      .map(([, name]) => name);
    expect(ours).toEqual([...MADE].reverse());
    expect(t.lines().every((l) => l.length <= 80)).toBe(true);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("the server's Table columns too: ConfigMaps sort by the columns it calls Name and Age", async () => {
    const t = kdeck('-n', NS);
    await t.waitFor(`pods(${NS})[4] live`);
    t.burst(':cm\r');
    await t.waitFor(`configmaps(${NS})[5] live`);
    const ours = (lines: string[]) => names(lines.join('\n')).filter((n) => MADE.includes(n));
    t.keys('A');
    await t.waitFor(
      (lines) =>
        lines.some((l) => /^ {2}NAME\s+DATA\s+AGE↑/.test(l)) &&
        ours(lines).join(' ') === [...MADE].reverse().join(' '),
    );
    t.keys('N');
    await t.waitFor(
      (lines) =>
        lines.some((l) => /^ {2}NAME↑\s+DATA\s+AGE\s*$/.test(l)) &&
        ours(lines).join(' ') === 'alpha bravo charlie nginx-delta',
    );
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('A on a kind without an AGE column says so and keeps the order', async () => {
    const t = kdeck('-n', NS);
    await t.waitFor(`pods(${NS})[4] live`);
    t.burst(':ctx\r');
    await t.waitFor(/contexts\[\d+\] live/);
    t.keys('A');
    await t.waitFor('contexts have no AGE column');
    expect(t.screen()).toMatch(/^ {2}NAME↑\s+CLUSTER/m);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('the filter: ! and -f', () => {
  it('/!nginx keeps the pods that do not match; Esc brings the others back', async () => {
    const t = kdeck('-n', NS);
    await t.waitFor(`pods(${NS})[4] live`);
    t.burst('/!nginx\r');
    await t.waitFor(`pods(${NS})[3] /!nginx live`);
    expect(names(t.screen())).toEqual(['alpha', 'bravo', 'charlie']);
    t.keys('Escape');
    await t.waitFor(`pods(${NS})[4] live`);
    expect(names(t.screen())).toContain('nginx-delta');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('/-f ngdl keeps the names with those letters in that order; as plain text it matches none', async () => {
    const t = kdeck('-n', NS);
    await t.waitFor(`pods(${NS})[4] live`);
    t.burst('/-f ngdl\r');
    await t.waitFor(`pods(${NS})[1] /-f ngdl live`);
    expect(names(t.screen())).toEqual(['nginx-delta']);
    t.burst('/');
    t.keys('C-u');
    t.burst('!-f ngdl\r');
    await t.waitFor(`pods(${NS})[3] /!-f ngdl live`);
    expect(names(t.screen())).toEqual(['alpha', 'bravo', 'charlie']);
    t.burst('/');
    t.keys('C-u');
    t.burst('ngdl\r');
    await t.waitFor(`pods(${NS})[0] /ngdl`);
    expect(t.screen()).toContain('no rows match /ngdl');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('the filter and a sort together: /!nginx then A lists the rest youngest first', async () => {
    const t = kdeck('-n', NS);
    await t.waitFor(`pods(${NS})[4] live`);
    t.burst('/!nginx\r');
    await t.waitFor(`pods(${NS})[3] /!nginx live`);
    t.keys('A');
    await shows(t, /\sAGE↑/, ['bravo', 'alpha', 'charlie']);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
