// `c` copies through the terminal itself (OSC 52), in a real tmux with `set-clipboard on`, as
// over SSH: a table's row name; the log view's lines on screen or its search's hits; describe's
// and YAML's lines on screen; at most 75 KB. Without SSH, where there is a display and xclip,
// xclip gets the text too (a stand-in xclip on PATH that keeps what it was given).
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();

/** An SSH session, whatever the machine running the tests has: OSC 52 alone, said so. */
const SSH = { SSH_CONNECTION: '10.0.0.1 50000 10.0.0.2 22', SSH_TTY: '/dev/pts/9' };

const kdeck = (opts: ConstructorParameters<typeof Terminal>[1] = {}, ...args: string[]) =>
  new Terminal(['--kubeconfig', sim.kubeconfig, ...args], { env: SSH, ...opts });

/** A captured screen's lines (the capture ends with a newline, not with another line). */
const screenLines = (lines: string[]) => (lines.at(-1) === '' ? lines.slice(0, -1) : lines);

/** The page's text rows: after its heading line, before the bottom line (hints or status). */
function pageRows(screen: string, heading: RegExp): string[] {
  const lines = screenLines(screen.split('\n'));
  const top = lines.findIndex((l) => heading.test(l));
  const rows = lines.slice(top + 1, lines.length - 1);
  while (rows.length && rows[rows.length - 1] === '') rows.pop();
  return rows;
}

/** A stand-in `xclip` in a directory of its own: it keeps its arguments and its stdin. */
function fakeXclip(exitCode = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-xclip-'));
  const script = join(dir, 'xclip');
  writeFileSync(
    script,
    `#!/bin/sh\necho "$@" > '${dir}/args'\ncat > '${dir}/stdin'\nexit ${exitCode}\n`,
  );
  chmodSync(script, 0o755);
  return {
    dir,
    got: () =>
      existsSync(join(dir, 'stdin')) ? readFileSync(join(dir, 'stdin'), 'utf8') : undefined,
    args: () => readFileSync(join(dir, 'args'), 'utf8').trim(),
  };
}

describe.skipIf(!hasTmux)('c in a table', () => {
  it("puts the selected pod's name on the terminal's clipboard and says so", async () => {
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    t.clearClipboard();
    expect(t.clipboard()).toBe('');
    const name = t.selected()!.slice(2).trim().split(/\s+/)[0];
    expect(sim.kubectl('get', 'pods', '-o', 'name').split('\n')).toContain(`pod/${name}`);
    t.keys('c');
    await t.waitFor(`copied ${name} (OSC 52)`);
    expect(t.clipboard()).toBe(name);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('without SSH, with a display and xclip on PATH: xclip -selection clipboard gets it too', async () => {
    const xclip = fakeXclip();
    const t = kdeck({
      env: {
        SSH_CONNECTION: '',
        SSH_TTY: '',
        WAYLAND_DISPLAY: '',
        DISPLAY: ':99',
        PATH: `${xclip.dir}:${process.env.PATH}`,
      },
    });
    await t.waitFor('pods(default)[5] live');
    t.clearClipboard();
    expect(t.clipboard()).toBe('');
    const name = t.selected()!.slice(2).trim().split(/\s+/)[0];
    t.keys('c');
    await t.waitFor(`copied ${name} (OSC 52 + xclip)`);
    expect(xclip.got()).toBe(name);
    expect(xclip.args()).toBe('-selection clipboard');
    expect(t.clipboard()).toBe(name);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('over SSH, xclip is left alone even with a display; a failing xclip is said', async () => {
    const xclip = fakeXclip();
    const t = kdeck({
      env: { ...SSH, DISPLAY: ':99', PATH: `${xclip.dir}:${process.env.PATH}` },
    });
    await t.waitFor('pods(default)[5] live');
    const name = t.selected()!.slice(2).trim().split(/\s+/)[0];
    t.keys('c');
    await t.waitFor(`copied ${name} (OSC 52)`);
    expect(xclip.got()).toBeUndefined();
    t.keys('q');
    expect(await t.exitCode()).toBe(0);

    const broken = fakeXclip(1);
    const u = kdeck({
      env: {
        SSH_CONNECTION: '',
        SSH_TTY: '',
        WAYLAND_DISPLAY: '',
        DISPLAY: ':99',
        PATH: `${broken.dir}:${process.env.PATH}`,
      },
    });
    await u.waitFor('pods(default)[5] live');
    u.keys('c');
    await u.waitFor(
      `copied ${u.selected()!.slice(2).trim().split(/\s+/)[0]} (OSC 52); xclip: exit 1`,
    );
    expect(broken.got()).toBe(name);
    u.keys('q');
    expect(await u.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('c in the log view', () => {
  it('copies the lines on screen, as kubectl logs gives them, without the heading', async () => {
    const t = kdeck({ width: 300, height: 16 });
    await t.waitFor('pods(default)[5] live');
    t.clearClipboard();
    expect(t.clipboard()).toBe('');
    const pod = t.selected()!.slice(2).trim().split(/\s+/)[0];
    t.keys('l');
    const heading = / — logs pod default\//;
    // A full page (the row above the hint bar taken), then paused: the rows stay put.
    await t.waitFor((all) => {
      const lines = screenLines(all);
      return lines.some((l) => heading.test(l)) && lines[lines.length - 2] !== '';
    });
    t.keys('k');
    const rows = pageRows(await t.waitFor(/^paused \(f to follow\)/m), heading);
    expect(rows.length).toBeGreaterThan(5);
    t.keys('c');
    await t.waitFor(`copied ${rows.length} lines (OSC 52)`);
    const copied = t.clipboard().split('\n');
    expect(copied).toHaveLength(rows.length);
    // As shown; a row too long for the screen is cut there with …, the copy is whole.
    copied.forEach((line, i) => {
      if (rows[i].endsWith('…')) expect(line.startsWith(rows[i].slice(0, -1))).toBe(true);
      else expect(line).toBe(rows[i]);
    });
    const logs = sim.kubectl('logs', pod).split('\n');
    const at = logs.indexOf(copied[0]);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(logs.slice(at, at + copied.length)).toEqual(copied);
    t.keys('q', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it("after a search, copies the lines it matches, every one of the buffer's", async () => {
    const t = kdeck({ width: 300 });
    await t.waitFor('pods(default)[5] live');
    t.clearClipboard();
    expect(t.clipboard()).toBe('');
    const pod = t.selected()!.slice(2).trim().split(/\s+/)[0];
    t.keys('l');
    await t.waitFor(/"GET \/ HTTP\/1\.1/);
    t.keys('/');
    t.burst('"GET / HTTP\r');
    await t.waitFor(/^paused \(f to follow\)/m);
    t.keys('c');
    const said = await t.waitFor(/copied \d+ lines? matching "GET \/ HTTP \(OSC 52\)/);
    const count = Number(/copied (\d+) lines? matching/.exec(said)![1]);
    const copied = t.clipboard().split('\n');
    expect(copied).toHaveLength(count);
    // The log's matching lines, none left out between the first and the last copied.
    const logs = sim.kubectl('logs', pod).split('\n');
    const from = logs.indexOf(copied[0]);
    const to = logs.indexOf(copied[copied.length - 1]);
    expect(from).toBeGreaterThanOrEqual(0);
    expect(logs.slice(from, to + 1).filter((l) => l.includes('"GET / HTTP'))).toEqual(copied);
    t.keys('q', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('c on a log search over 75 KB', () => {
  it('keeps the newest hits and says the first were cut', async () => {
    // A chatty pod: 200 lines a second of about 110 bytes, each with its number (seq=N).
    sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'chatty',
        namespace: 'data',
        annotations: { 'sim.kdeck.dev/log-rate': '200' },
      },
      spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
    });
    const seqOf = (line: string) => Number(/ seq=(\d+) /.exec(line)?.[1]);
    const t = kdeck({ width: 200 }, '-n', 'data');
    await t.waitFor(/pods\(data\)\[\d+\] live/);
    t.burst('/chatty\r');
    await t.waitFor(/pods\(data\)\[1\] \/chatty live/);
    t.keys('l');
    const newest = (lines: string[]) => Math.max(-1, ...lines.map(seqOf).filter((n) => n >= 0));
    const seen = newest((await t.waitFor(/msg="handled request" seq=/)).split('\n'));
    // Since a minute ago: the whole log of this young pod, listed again from its first line.
    // A line 1,200 past any the first listing showed comes from that one; by then it holds
    // 1,200 matching lines at least, well over 75 KB (and under the 10,000 kdeck keeps).
    t.keys('1');
    await t.waitFor('— since 1m');
    await t.waitFor((lines) => newest(lines) >= seen + 1200, 30_000);
    t.keys('/');
    t.burst('handled\r');
    await t.waitFor(/^paused \(f to follow\)/m);
    t.clearClipboard();
    t.keys('c');
    const said = await t.waitFor(
      /copied \d+ lines matching handled \(OSC 52\); the first \d+ lines cut \(over 75 KB\)/,
    );
    const [, kept, cut] = /copied (\d+) lines matching handled .*; the first (\d+) lines cut/
      .exec(said.replace(/\s+/g, ' '))!
      .map(Number);
    const copied = t.clipboard().split('\n');
    expect(copied).toHaveLength(kept);
    // Consecutive lines, the last of them the newest: the first `cut` hits are the ones left out.
    const seqs = copied.map(seqOf);
    expect(seqs.every((n, i) => n === seqs[0] + i)).toBe(true);
    const first = seqOf(
      sim
        .kubectl('logs', '-n', 'data', 'chatty')
        .split('\n')
        .find((l) => l.includes('handled'))!,
    );
    expect(seqs[0]).toBe(first + cut);
    t.keys('q', 'q');
    expect(await t.exitCode()).toBe(0);
    // Quiet again for the tests after this one.
    sim.kubectl('delete', 'pod', 'chatty', '-n', 'data', '--wait=false');
  });
});

describe.skipIf(!hasTmux)('c in describe and YAML', () => {
  it("describe: the lines on screen, kubectl describe's", async () => {
    const t = kdeck({ width: 200 });
    await t.waitFor('pods(default)[5] live');
    t.clearClipboard();
    expect(t.clipboard()).toBe('');
    const pod = t.selected()!.slice(2).trim().split(/\s+/)[0];
    t.keys('d');
    const heading = /^describe pod default\/\S+ \[1-(\d+)\/\d+\]/m;
    const screen = await t.waitFor(heading);
    const rows = pageRows(screen, heading);
    expect(rows.length).toBe(Number(heading.exec(screen)![1]));
    t.keys('c');
    await t.waitFor(`copied ${rows.length} lines (OSC 52)`);
    const copied = t.clipboard().split('\n');
    expect(copied.map((l) => l.trimEnd())).toEqual(rows);
    expect(copied[0]).toMatch(new RegExp(`^Name:\\s+${pod}$`));
    const described = sim.kubectl('describe', 'pod', pod).split('\n');
    expect(copied.map((l) => l.trimEnd())).toEqual(
      described.slice(0, copied.length).map((l) => l.trimEnd()),
    );
    t.keys('q', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('YAML: the lines on screen whole, however far scrolled sideways; a search its matches, up to 75 KB', async () => {
    const body = Array.from(
      { length: 2000 },
      (_, i) => `line-${String(i).padStart(5, '0')} ${'x'.repeat(89)}`,
    );
    sim.apply({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'big', namespace: 'default' },
      data: { 'big.txt': `${body.join('\n')}\n` },
    });
    const t = kdeck({ width: 200 });
    await t.waitFor('pods(default)[5] live');
    t.clearClipboard();
    expect(t.clipboard()).toBe('');
    t.burst(':cm\r');
    await t.waitFor(/configmaps\(default\)\[\d+\] live/);
    t.burst('/^big$\r');
    await t.waitFor(/configmaps\(default\)\[1\]/);
    t.keys('y');
    const heading = /^yaml configmap default\/big \[1-(\d+)\/\d+\]/m;
    const rows = pageRows(await t.waitFor(heading), heading);
    expect(rows.slice(0, 4)).toEqual([
      'apiVersion: v1',
      'kind: ConfigMap',
      'data:',
      '  big.txt: |',
    ]);
    t.keys('l', 'l');
    await t.waitFor(/\] →16$/m);
    t.keys('c');
    await t.waitFor(`copied ${rows.length} lines (OSC 52)`);
    expect(t.clipboard()).toBe(rows.join('\n'));

    // Every line of the value matches: more than 75 KB, so whole lines up to it, the rest cut.
    t.keys('/');
    t.burst('line-0\r');
    // Found: the page moved from its top to the next matching line.
    await t.waitFor(/^yaml configmap default\/big \[(?!1-)\d+-/m);
    t.keys('c');
    const said = await t.waitFor(
      /copied (\d+) lines matching line-0 \(OSC 52\); (\d+) lines cut \(over 75 KB\)/,
    );
    const [, kept, cut] = /copied (\d+) lines matching line-0 \(OSC 52\); (\d+) lines cut/.exec(
      said,
    )!;
    const copied = t.clipboard();
    const lines = body.map((l) => `    ${l}`);
    expect(copied).toBe(lines.slice(0, Number(kept)).join('\n'));
    expect(Buffer.byteLength(copied)).toBeLessThanOrEqual(75_000);
    expect(Buffer.byteLength(lines.slice(0, Number(kept) + 1).join('\n'))).toBeGreaterThan(75_000);
    // The value's lines, and the one line of the last-applied annotation that holds them all.
    expect(Number(kept) + Number(cut)).toBe(body.length + 1);
    t.keys('q', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it("a Secret's YAML: the values only while they are shown", async () => {
    const password = Buffer.from(
      sim.kubectl(
        'get',
        'secret',
        'postgres-credentials',
        '-n',
        'data',
        '-o',
        'jsonpath={.data.password}',
      ),
      'base64',
    ).toString();
    const t = kdeck({}, '-n', 'data');
    await t.waitFor(/pods\(data\)\[\d+\] live/);
    t.clearClipboard();
    t.burst(':secrets\r');
    await t.waitFor(/secrets\(data\)\[1\] live/);
    t.keys('y');
    await t.waitFor("password: '<hidden: 12 bytes>'");
    t.keys('c');
    await t.waitFor(/copied \d+ lines \(OSC 52\)/);
    expect(t.clipboard()).toContain("  password: '<hidden: 12 bytes>'");
    expect(t.clipboard()).not.toContain(password);
    t.keys('x');
    await t.waitFor('secret values shown');
    // x cleared the status line: the next "copied" is the next c's.
    await t.waitGone(/copied \d+ lines/);
    t.keys('c');
    await t.waitFor(/copied \d+ lines \(OSC 52\)/);
    expect(t.clipboard()).toContain(password);
    t.keys('q', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});
