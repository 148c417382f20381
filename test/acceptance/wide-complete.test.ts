// Ctrl-W (wide) and Tab in command mode, through the built binary: a kind shown from the
// server's Table gains `kubectl get -o wide`'s columns and cells while wide is on, and the title
// says so (pods show IP and NODE without it); kinds kdeck lists as objects hide no column, so
// Ctrl-W leaves them as they are. Tab completes
// kinds, then namespaces after a kind, and context names after :ctx.
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal, tableRows } from './terminal.js';

// Without the metrics API: the columns compared are kubectl get's (metrics.test.ts has CPU
// and MEM, and a burst with Ctrl-W where they are).
const sim = simForFile('--no-metrics');
const kdeck = (...args: string[]) =>
  new Terminal(['--kubeconfig', sim.kubeconfig, ...args], { width: 160, height: 30 });

/** Column names as words (the sort mark dropped). */
const names = (header: string) =>
  header
    .replace(/[↑↓]/g, '')
    .trim()
    .split(/\s{2,}/);
const headerOf = (screen: string) => screen.split('\n').find((l) => /^\s+NAME/.test(l))!;
/** The screen once it shows `title` and a table's header under it (one frame, both drawn). */
const table = (t: Terminal, title: RegExp) =>
  t.waitFor((l) => title.test(l.join('\n')) && l.some((x) => /^\s+NAME/.test(x)));
/** A table's cells as words, AGE dropped (kubectl's and kdeck's are read at other moments). */
const cells = (lines: string[], age: number) =>
  lines.map((l) =>
    l
      .replace(/^[› ][* ]/, '')
      .trim()
      .split(/\s{2,}/)
      .filter((_, i) => i !== age),
  );

describe.skipIf(!hasTmux)('wide columns and completion', () => {
  it('Ctrl-W shows the -o wide columns of :sts as kubectl get -o wide does, and hides them again', async () => {
    const t = kdeck('-n', 'data');
    await t.waitFor(/pods\(data\)\[\d+\] live/);
    t.burst(':sts -n data\r');
    let screen = await table(t, /statefulsets\(data\)\[1\] live/);
    const narrow = sim.kubectl('get', 'sts', '-n', 'data').trim().split('\n');
    expect(names(headerOf(screen))).toEqual(names(narrow[0]));
    t.keys('C-w');
    screen = await table(t, /statefulsets\(data\)\[1\] wide live/);
    const wide = sim.kubectl('get', 'sts', '-n', 'data', '-o', 'wide').trim().split('\n');
    expect(names(wide[0])).toEqual(expect.arrayContaining(['CONTAINERS', 'IMAGES']));
    expect(names(headerOf(screen))).toEqual(names(wide[0]));
    const age = names(wide[0]).indexOf('AGE');
    expect(cells(tableRows(screen), age)).toEqual(cells(wide.slice(1), age));
    t.keys('C-w');
    screen = await table(t, /statefulsets\(data\)\[1\] live/);
    expect(names(headerOf(screen))).toEqual(names(narrow[0]));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('Ctrl-W typed in one burst with :sts⏎ waits for the columns and turns wide on', async () => {
    const t = kdeck('-n', 'data');
    await t.waitFor(/pods\(data\)\[\d+\] live/);
    t.burst(':sts\r\x17');
    const screen = await table(t, /statefulsets\(data\)\[1\] wide live/);
    expect(names(headerOf(screen))).toEqual(expect.arrayContaining(['CONTAINERS', 'IMAGES']));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('Ctrl-W typed in one burst with :po data⏎ turns wide on for the pods', async () => {
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(':po data\r\x17');
    const screen = await table(t, /pods\(data\)\[\d+\] wide live/);
    expect(names(headerOf(screen))).toEqual(
      expect.arrayContaining(['NOMINATED NODE', 'READINESS GATES']),
    );
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('wide belongs to the view: Esc back from another view finds it on', async () => {
    const t = kdeck('-n', 'data');
    await t.waitFor(/pods\(data\)\[\d+\] live/);
    t.burst(':sts\r');
    await table(t, /statefulsets\(data\)\[1\] live/);
    t.keys('C-w');
    await table(t, /statefulsets\(data\)\[1\] wide live/);
    t.burst(':cm\r');
    const cm = await t.waitFor(/configmaps\(data\)\[\d+\] live/);
    expect(cm).not.toMatch(/configmaps\(data\)\[\d+\] wide/);
    t.keys('Escape');
    const back = await table(t, /statefulsets\(data\)\[1\] wide live/);
    expect(names(headerOf(back))).toEqual(expect.arrayContaining(['CONTAINERS', 'IMAGES']));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a narrow terminal drops the wide columns first, with wide on', async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '-n', 'data'], {
      width: 60,
      height: 20,
    });
    await t.waitFor(/pods\(data\)\[\d+\] live/);
    t.burst(':sts\r');
    await table(t, /statefulsets\(data\)\[1\] live/);
    t.keys('C-w');
    const screen = await table(t, /statefulsets\(data\)\[1\] wide/);
    const header = names(headerOf(screen));
    expect(header).toEqual(expect.arrayContaining(['NAME', 'READY', 'AGE']));
    expect(header).not.toContain('IMAGES');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('pods show IP and NODE at once, and Ctrl-W adds the rest of kubectl get pods -o wide', async () => {
    const t = kdeck('-n', 'data');
    let screen = await table(t, /pods\(data\)\[\d+\] live/);
    const wide = sim.kubectl('get', 'pods', '-n', 'data', '-o', 'wide').trim().split('\n');
    expect(names(headerOf(screen))).toEqual(names(wide[0]).slice(0, 7));
    expect(names(headerOf(screen)).slice(-2)).toEqual(['IP', 'NODE']);
    t.keys('C-w');
    screen = await table(t, /pods\(data\)\[\d+\] wide live/);
    expect(names(headerOf(screen))).toEqual(names(wide[0]));
    const age = names(wide[0]).indexOf('AGE');
    expect(cells(tableRows(screen), age)).toEqual(cells(wide.slice(1), age));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("Ctrl-W leaves kdeck's own kinds as they are: :deploy hides no column", async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.burst(':deploy\r');
    const before = await table(t, /deployments\(default\)\[\d+\] live/);
    t.keys('C-w', '?');
    const help = await t.waitFor(/mark rows for delete/);
    expect(help).not.toContain('ctrl-w');
    t.keys('Escape');
    const after = await t.waitFor((l) => l.some((x) => /^\s+NAME/.test(x)));
    expect(after).not.toMatch(/deployments\(default\)\[\d+\] wide/);
    expect(headerOf(after)).toEqual(headerOf(before));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it(':po k + Tab completes the namespaces as far as they agree; one more letter, to the name', async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    const namespaces = sim.kubectl('get', 'ns', '-o', 'name');
    expect(namespaces.match(/namespace\/kube-/g)?.length).toBeGreaterThan(1);
    t.keys(':');
    t.burst('po k');
    t.keys('Tab');
    await t.waitFor(/^:po kube- *$/m);
    t.burst('s');
    t.keys('Tab');
    await t.waitFor(/^:po kube-system *$/m);
    t.keys('Enter');
    await t.waitFor(/pods\(kube-system\)\[\d+\] live/);
    t.keys(':');
    t.burst('sts -n da');
    t.keys('Tab');
    await t.waitFor(/^:sts -n data *$/m);
    t.keys('Enter');
    await t.waitFor(/statefulsets\(data\)\[1\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it(':ctx + Tab completes the one other context, and Enter switches to it', async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.keys(':');
    t.burst('ctx ');
    t.keys('Tab');
    await t.waitFor(/^:ctx kdeck-demo-readonly *$/m);
    t.keys('Enter');
    await t.waitFor('ctx: kdeck-demo-readonly');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
