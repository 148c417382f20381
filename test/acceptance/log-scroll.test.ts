// A followed log, through the binary in tmux: the terminal scrolls the log area itself (the
// screen writer's scroll region), and what tmux shows must still be exactly the pod's log as
// kubectl gives it, line after line, none lost or doubled, through many scrolls, a resize and
// a search; and one new line must cost about the line, not the log area again.
import { beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal, tableRows } from './terminal.js';

const sim = simForFile();
const POD = 'chatty-web';

const HEADING = /^(following|paused)/m;

/** The log rows on screen: below the log's heading, down to a blank row or the key hints. */
function logRows(screen: string): string[] {
  const lines = screen.split('\n');
  const rows: string[] = [];
  for (const l of lines.slice(lines.findIndex((l) => HEADING.test(l)) + 1)) {
    if (!l.trim() || l.startsWith('<esc>')) break;
    rows.push(l);
  }
  return rows;
}

/** The screen once it stands still (two captures alike): the log paused, nothing moving. */
async function still(t: Terminal): Promise<string> {
  let last = '';
  for (;;) {
    const s = await t.waitFor(/^paused/m);
    if (s === last) return s;
    last = s;
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Every log row is the pod's line as kubectl prints it (cut at the right edge), and the rows
 * are consecutive lines of the log: none missing, none twice, in order.
 */
function expectConsecutive(screen: string, width: number) {
  const rows = logRows(screen);
  expect(rows.length).toBeGreaterThan(5);
  const log = sim.kubectl('logs', POD).split('\n');
  const cut = (l: string) => (l.length <= width ? l : `${l.slice(0, width - 1)}…`);
  const start = log.findIndex((l) => cut(l).trimEnd() === rows[0].trimEnd());
  expect(start, `first row ${rows[0]} not in the log`).toBeGreaterThanOrEqual(0);
  expect(rows.map((r) => r.trimEnd())).toEqual(
    log.slice(start, start + rows.length).map((l) => cut(l).trimEnd()),
  );
}

/** Following, drawn for a terminal of this height: the key hints on its last row. */
const laidOut = (lines: string[], height: number) =>
  lines.some((l) => /^following/.test(l)) &&
  lines.findIndex((l) => l.startsWith('<esc>')) === height - 1;

const seqs = (screen: string) => [...screen.matchAll(/seq=(\d+)/g)].map((m) => Number(m[1]));

describe.skipIf(!hasTmux)('a followed log scrolls in the terminal', () => {
  // A pod writing 20 lines a second, each with its sequence number.
  beforeAll(() => {
    sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: POD,
        namespace: 'default',
        annotations: { 'sim.kdeck.dev/log-rate': '20' },
      },
      spec: { containers: [{ name: 'app', image: 'example.com/chatty:1' }] },
    });
  });

  it.each([
    [80, 24],
    [120, 35],
  ])(
    'at %i×%i shows the log as kubectl does, through scrolls, a resize and a search',
    async (width, height) => {
      const t = new Terminal(['--kubeconfig', sim.kubeconfig], { width, height });
      await t.waitFor(POD);
      t.burst(`/${POD}\r`);
      await t.waitFor((lines) => {
        const rows = tableRows(lines.join('\n'));
        return rows.length === 1 && rows[0].includes(POD);
      });
      const bytes = t.record();
      t.keys('l');
      await t.waitFor(/^following — logs pod default\/chatty-web/m);
      // Many lines scroll by: more than two screens.
      const first = Math.max(...seqs(await t.waitFor(/seq=\d+/)));
      const seen = await t.waitFor(
        (lines) => Math.max(...seqs(lines.join('\n'))) > first + 2 * height,
      );
      const bytesAt = bytes();
      const seqAt = Math.max(...seqs(seen));
      const later = await t.waitFor(
        (lines) => Math.max(...seqs(lines.join('\n'))) > seqAt + 2 * height,
      );
      // One new line: about the line (kdeck cuts it at the right edge) and a few bytes to scroll.
      const perLine = (bytes() - bytesAt) / (Math.max(...seqs(later)) - seqAt);
      expect(perLine).toBeLessThan(width + 40);

      // Up one line pauses: the screen stands still, and is the log, consecutive.
      t.keys('k');
      expectConsecutive(await still(t), width);

      // Following again, then the terminal shrinks and grows back while lines come.
      t.keys('f');
      await t.waitFor(/^following/m);
      t.resize(width - 10, height - 4);
      await t.waitFor((lines) => laidOut(lines, height - 4));
      const after = Math.max(...seqs(t.screen()));
      await t.waitFor((lines) => Math.max(...seqs(lines.join('\n'))) > after + height);
      t.keys('k');
      expectConsecutive(await still(t), width - 10);
      t.resize(width, height);
      t.keys('f');
      await t.waitFor((lines) => laidOut(lines, height));
      const grown = Math.max(...seqs(t.screen()));
      await t.waitFor((lines) => Math.max(...seqs(lines.join('\n'))) > grown + height);

      // A search jumps to a line on screen and pauses there; the rows are still the log.
      const target = Math.max(...seqs(t.screen())) - 5;
      t.keys('/');
      t.burst(`seq=${target} \r`);
      const found = await still(t);
      expect(logRows(found).some((r) => r.includes(`seq=${target} `))).toBe(true);
      expectConsecutive(found, width);
      t.keys('q');
      await t.waitFor(/pods\(default\)/);
      t.keys('q');
      expect(await t.exitCode()).toBe(0);
    },
  );
});

describe.skipIf(!hasTmux)('a followed log with long lines wrapped', () => {
  it('at 80×24 with w, the bottom rows are the newest lines of kubectl logs, each whole', async () => {
    const width = 80;
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], { width, height: 24 });
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    // An nginx pod: its access log lines (a line a second) take two or three rows each.
    t.burst('/nginx\r');
    const pod = tableRows(await t.waitFor(/pods\(default\)\[\d+\] \/nginx/))[0]
      .slice(2)
      .trim()
      .split(/\s+/)[0];
    t.keys('l');
    await t.waitFor(/^following — logs pod /m);
    t.keys('w');
    // kubectl's newest lines, wrapped as a terminal `width` wide wraps them.
    const wrapped = () =>
      sim
        .kubectl('logs', pod, '--tail=100')
        .replace(/\n$/, '')
        .split('\n')
        .flatMap((l) => l.match(new RegExp(`.{1,${width}}`, 'g')) ?? [''])
        .map((r) => r.trimEnd());
    // Once the log is longer than the screen, its 20 rows (24 less the context line, the
    // table's title, the log's heading and the key hints) are full, down to the newest line.
    // The log moves on between a capture and kubectl's answer: the two agree between lines.
    await t.waitFor((lines) => {
      const rows = logRows(lines.join('\n')).map((r) => r.trimEnd());
      const log = wrapped();
      return log.length > 20 && log.slice(-20).join('\n') === rows.join('\n');
    });
    t.keys('q');
    await t.waitFor(/pods\(default\)/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
