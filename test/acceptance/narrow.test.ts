// An 80×24 terminal, through the binary against `kdeck sim`: the bottom line's prompts keep
// what is typed in sight (the label gives way), :pf's last error wraps rather than being cut,
// and `?` on pods shows every entry it has, whole, where it needs more rows than it has.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();
const kdeck = (width = 80, height = 24) =>
  new Terminal(['--kubeconfig', sim.kubeconfig], { width, height });

/** A port nothing listens on now (the system's choice, let go at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const bottom = (t: Terminal) => t.lines()[23];

/** The pod the selection is on, by its name's column. */
const selectedName = (t: Terminal) => t.selected()!.slice(2).trim().split(/\s+/)[0];

describe.skipIf(!hasTmux)('the header at 80 columns', () => {
  it('a server address that does not fit is cut with …, not taken for a whole one', async () => {
    const server = /server: (\S+)/.exec(sim.kubectl('config', 'view', '--minify'))![1];
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d\] live/);
    const line = t.lines()[0];
    expect(line).toMatch(/^ctx: \S+ .* https:\/\/\S*…$/);
    // kubectl's address for the same context begins as the cut one does.
    expect(server.startsWith(line.slice(line.lastIndexOf(' ') + 1, -1))).toBe(true);
    expect([...line].length).toBe(80);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('the bottom line at 80 columns', () => {
  it("F with no declared port: what is typed shows, the label gives way with …; a declared port's prefill shows whole", async () => {
    // A running pod that declares no port (F refuses one that is not running).
    sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'portless-web-server-0', namespace: 'data' },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    });
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d\] live/);
    t.burst(':pods data\r');
    await t.waitFor(/pods\(data\)\[\d+\] live/);
    t.burst('/portless\r');
    await t.waitFor(/pods\(data\)\[1\] \/portless live/);
    await t.waitFor(/portless-web-server-0\s+1\/1\s+Running/);
    const pod = selectedName(t);
    t.keys('F');
    await t.waitFor(/^port-forward pod\/portless-.*from: 127\.0\.0\.1:$/m);
    t.burst('9999:80');
    await t.waitFor((lines) => lines[23].endsWith('from: 127.0.0.1:9999:80'));
    const line = bottom(t);
    // The label is cut in its middle: what is forwarded starts it, the question ends it.
    expect(line.startsWith(`port-forward pod/${pod.slice(0, 10)}`)).toBe(true);
    expect(line).toContain('…');
    expect(line.length).toBeLessThan(80);
    t.keys('Escape');
    await t.waitGone('port-forward pod/');

    t.burst(':pods default\r');
    await t.waitFor(/pods\(default\)\[\d\] live/);
    t.burst('/nginx-server\r');
    await t.waitFor(/pods\(default\)\[\d\] \/nginx-server live/);
    t.keys('F');
    await t.waitFor((lines) => /^port-forward pod\/.*:80 from: 127\.0\.0\.1:80$/.test(lines[23]));
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a filter and a command longer than the line show their end, after the label', async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d\] live/);
    const long = `${'a'.repeat(60)}${'b'.repeat(30)}-end`;
    t.keys('/');
    t.burst(long);
    await t.waitFor((lines) => lines[23].endsWith('b-end'));
    // The label, then the end of the text up to the cursor, in the last column.
    expect(bottom(t)).toBe(`/…${long.slice(-77)}`);
    t.keys('Escape');
    // The filter's line gone first: until then it ends the same way as the command's will.
    await t.waitFor((lines) => !lines[23].startsWith('/'));
    t.keys(':');
    t.burst(long);
    await t.waitFor((lines) => lines[23].startsWith(':') && lines[23].endsWith('b-end'));
    expect(bottom(t)).toBe(`:…${long.slice(-77)}`);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)(':pf at 80 columns', () => {
  it("the selected forward's last error is whole, wrapped over the lines it needs", async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d\] live/);
    t.burst('/nginx-server\r');
    await t.waitFor(/pods\(default\)\[\d\] \/nginx-server live/);
    const pod = selectedName(t);
    t.keys('F');
    await t.waitFor(/^port-forward pod\/nginx-server-.*from: 127\.0\.0\.1:/m);
    const port = await freePort();
    t.keys('C-u');
    t.burst(`${port}:81\r`);
    await t.waitFor(`port-forward 127.0.0.1:${port} → pod/${pod}:81`);
    // Nothing in the pod listens on 81: the connection fails, in kubelet's (long) words.
    const answer = await fetch(`http://127.0.0.1:${port}/`, {
      signal: AbortSignal.timeout(10_000),
    }).then(
      () => 'an answer',
      (e: Error) => e.name,
    );
    expect(answer).toBe('TypeError');
    t.burst(':pf\r');
    const screen = await t.waitFor(/^last error: /m);
    const lines = screen.split('\n');
    const from = lines.findIndex((l) => l.startsWith('last error: '));
    // Every line of it up to the hint bar.
    const error = lines.slice(from, 23).join(' ').replace(/\s+$/, '');
    expect(error).toBe(
      `last error: failed to connect to localhost:81 inside namespace "default/${pod}", IPv4: dial tcp4 127.0.0.1:81: connect: connection refused`,
    );
    expect(23 - from).toBeGreaterThan(1);
    // The list keeps its row.
    expect(t.selected()).toContain(`127.0.0.1:${port}`);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});

interface Entry {
  keys: string;
  description: string;
}

/** The help's entries as shown: two columns, each a keys' column (as wide as the screen
 * allows, at least two spaces before the descriptions), its descriptions' continuation lines
 * blank there (and never starting with a space). */
function helpEntries(lines: string[], width: number, height: number): Entry[] {
  const top = lines.findIndex((l) => l.startsWith('Keys (Esc or ? to close)'));
  // Up to the hint bar, the last line.
  const body = lines.slice(top + 1, height - 1);
  const columns = [0, Math.floor(width / 2)].map((start, c) =>
    body.map((l) => l.slice(start, c ? undefined : Math.floor(width / 2)).trimEnd()),
  );
  const entries: Entry[] = [];
  for (const column of columns) {
    // Where descriptions start: after the keys (single spaces inside them) and the gap.
    const starts = column
      .map((l) => /^\S(?:\S| (?! ))*\s{2,}/.exec(l)?.[0].length)
      .filter((n) => n !== undefined);
    const start = starts[0] ?? 0;
    expect(starts.every((n) => n === start)).toBe(true);
    for (const line of column) {
      if (!line) continue;
      const keys = line.slice(0, start).trim();
      const text = line.slice(start);
      if (keys) entries.push({ keys, description: text });
      else {
        expect(text, `a continuation line: ${line}`).toMatch(/^\S/);
        entries.at(-1)!.description += ` ${text}`;
      }
    }
  }
  return entries;
}

describe.skipIf(!hasTmux)('? at 80×24', () => {
  it('on pods, help shows every entry it has, whole, and nothing else; a shorter screen what fits', async () => {
    const helpOf = async (t: Terminal) => {
      // CPU and MEM join after the first list, and with them help's C and M: wait for them,
      // so the two screens compare the same keys.
      await t.waitFor(
        (lines) =>
          lines.some((l) => /pods\(default\)\[\d\] live/.test(l)) &&
          lines.some((l) => /\bNAME\b.*\bCPU\s+MEM\b/.test(l)),
      );
      t.keys('?');
      return (await t.waitFor((lines) => lines[2].startsWith('Keys ('))).split('\n');
    };
    // The reference: the same help where every entry is one line.
    const wide = kdeck(200, 60);
    const reference = helpEntries(await helpOf(wide), 200, 60);
    expect(reference.every((e) => e.description.trim() === e.description)).toBe(true);
    wide.keys('Escape', 'q');
    expect(await wide.exitCode()).toBe(0);

    const t = kdeck();
    const lines = await helpOf(t);
    expect(lines.join('\n')).not.toContain('more keys than fit');
    const shown = helpEntries(lines, 80, 24);
    // Every description whole; keys whole too, but for those too wide for 80 columns' keys
    // column, cut with … (help at 200 columns shows them whole: keys.test.ts).
    const whole = (keys: string) =>
      reference.find(
        (r) => r.keys === keys || (keys.endsWith('…') && r.keys.startsWith(keys.slice(0, -1))),
      );
    expect(shown.map((e) => ({ keys: whole(e.keys)?.keys, description: e.description }))).toEqual(
      reference,
    );

    // Shorter than the help: what fits, each row once, and a line saying there is more.
    t.resize(80, 14);
    const cut = (
      await t.waitFor(/^… more keys than fit: a taller terminal shows them all$/m)
    ).split('\n');
    expect(cut[12]).toMatch(/^… more keys than fit/);
    const fits = helpEntries(cut, 80, 13);
    expect(new Set(fits.map((e) => e.keys)).size).toBe(fits.length);
    for (const e of fits) expect(whole(e.keys)?.description.startsWith(e.description)).toBe(true);
    expect(fits.length).toBeGreaterThan(10);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});
