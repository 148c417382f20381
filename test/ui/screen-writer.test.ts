// The screen writer between Ink and the terminal: what the terminal ends up showing must be
// exactly what Ink's own output shows, cell by cell, while fewer bytes cross the wire.
import { EventEmitter } from 'node:events';
import xterm from '@xterm/headless';
import { createElement as h, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { ScreenWriter, type WriterCapabilities } from '../../src/ui/screen-writer.js';

const { Terminal } = xterm;
// Colours on, as in a terminal (chalk decides when Ink is first imported).
process.env.FORCE_COLOR = '3';
const { Box, render, Text, useApp } = await import('ink');
type Term = InstanceType<typeof Terminal>;

/** Every cell of the terminal: text, width, colours and attributes. */
function cells(t: Term): string[] {
  const b = t.buffer.active;
  const rows: string[] = [];
  for (let y = 0; y < t.rows; y++) {
    const line = b.getLine(b.baseY + y);
    const row: string[] = [];
    for (let x = 0; x < t.cols; x++) {
      const c = line?.getCell(x);
      if (!c) continue;
      row.push(
        [
          c.getChars() || ' ',
          c.getWidth(),
          c.getFgColorMode(),
          c.getFgColor(),
          c.getBgColorMode(),
          c.getBgColor(),
          // The flags as booleans: xterm keeps an underline from DECRC as another bit.
          ...[
            c.isBold(),
            c.isDim(),
            c.isItalic(),
            c.isUnderline(),
            c.isInverse(),
            c.isStrikethrough(),
          ].map(Boolean),
        ].join(','),
      );
    }
    rows.push(row.join('|'));
  }
  return rows;
}

// convertEol: a pty turns \n into \r\n (ONLCR), and Ink relies on it.
const settle = (t: Term) => new Promise<void>((r) => t.write('', r));

/**
 * One Ink instance writing to a fake TTY. Its bytes go both to a terminal as they are and,
 * through a ScreenWriter, to a second terminal.
 */
function setup(cols: number, rows: number, caps: Partial<WriterCapabilities> = {}) {
  const raw = new Terminal({ cols, rows, allowProposedApi: true, convertEol: true });
  const viaWriter = new Terminal({ cols, rows, allowProposedApi: true, convertEol: true });
  const sent = { raw: 0, writer: 0, last: '' };
  const size = { columns: cols, rows };
  const writer = new ScreenWriter(
    {
      get columns() {
        return size.columns;
      },
      get rows() {
        return size.rows;
      },
      write(data) {
        sent.writer += Buffer.byteLength(data);
        sent.last += data;
        viaWriter.write(data);
        return true;
      },
    },
    caps,
  );
  const stdout = Object.assign(new EventEmitter(), {
    isTTY: true,
    get columns() {
      return size.columns;
    },
    get rows() {
      return size.rows;
    },
    write(data: string, ...rest: unknown[]) {
      sent.raw += Buffer.byteLength(data);
      raw.write(data);
      writer.write(data);
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (cb) process.nextTick(cb);
      return true;
    },
  });
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: false,
    setEncoding() {},
    setRawMode() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read: () => null,
  });
  return {
    raw,
    viaWriter,
    writer,
    /** Ink as kdeck runs it: alternate screen, incremental rendering. */
    render: (element: ReactElement) =>
      render(element, {
        stdout: stdout as unknown as NodeJS.WriteStream,
        stdin: stdin as unknown as NodeJS.ReadStream,
        interactive: true,
        alternateScreen: true,
        incrementalRendering: true,
        patchConsole: false,
        exitOnCtrlC: false,
      }),
    sent,
    resize(c: number, r: number) {
      size.columns = c;
      size.rows = r;
      raw.resize(c, r);
      viaWriter.resize(c, r);
      stdout.emit('resize');
    },
    /** The first row where the two terminals differ, shown as text and as cells. */
    async difference(): Promise<string | undefined> {
      await settle(raw);
      await settle(viaWriter);
      const [a, b] = [cells(raw), cells(viaWriter)];
      const y = a.findIndex((row, i) => row !== b[i]);
      if (y < 0) return undefined;
      const text = (t: Term) =>
        t.buffer.active.getLine(t.buffer.active.baseY + y)?.translateToString();
      const x = a[y].split('|').findIndex((c, i) => c !== b[y].split('|')[i]);
      return `row ${y} col ${x}:\n  ink:    ${text(raw)}\n  writer: ${text(viaWriter)}\n  ink cell:    ${a[y].split('|')[x]}\n  writer cell: ${b[y].split('|')[x]}`;
    },
  };
}

/** A small deterministic random source, so that a failure can be replayed. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const WORDS = ['Running', 'Pending', 'CrashLoopBackOff', 'nginx', '世界', 'ポッド', 'e\u0301', '—'];
const COLOURS = ['green', 'red', 'yellow', 'cyan', '#ff8800', undefined] as const;

function Screen({ seed, width, height }: { seed: number; width: number; height: number }) {
  const rnd = random(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
  const lines = [];
  for (let y = 0; y < height; y++) {
    const parts = [];
    const n = Math.floor(rnd() * 6);
    for (let i = 0; i < n; i++)
      parts.push(
        h(
          Text,
          {
            key: i,
            color: pick(COLOURS),
            backgroundColor: rnd() < 0.1 ? 'blue' : undefined,
            bold: rnd() < 0.2,
            inverse: rnd() < 0.1,
            underline: rnd() < 0.05,
          },
          `${pick(WORDS)} ${Math.floor(rnd() * 100)} `,
        ),
      );
    lines.push(
      h(Box, { key: y, height: 1, overflow: 'hidden' }, h(Text, { wrap: 'truncate' }, ...parts)),
    );
  }
  return h(Box, { flexDirection: 'column', width, height }, ...lines);
}

/** A writer on a terminal of this size that keeps what it sends. */
function recording(columns: number, rows: number) {
  let out = '';
  const w = new ScreenWriter({
    columns,
    rows,
    write(d) {
      out += d;
      return true;
    },
  });
  return {
    w,
    sent: () => out,
    clear() {
      out = '';
    },
  };
}

describe('ScreenWriter', () => {
  it('leaves the terminal showing what Ink draws, frame after frame, resizes included', async () => {
    const s = setup(60, 12);
    const ink = s.render(h(Screen, { seed: 1, width: 60, height: 12 }));
    await ink.waitUntilRenderFlush();
    expect(await s.difference()).toBeUndefined();
    for (let seed = 2; seed < 60; seed++) {
      // Mostly small changes on the same screen, now and then a different one.
      ink.rerender(
        h(Screen, { seed: seed % 7 === 0 ? seed : 1 + (seed % 3), width: 60, height: 12 }),
      );
      await ink.waitUntilRenderFlush();
      expect(await s.difference()).toBeUndefined();
    }
    s.resize(50, 10);
    ink.rerender(h(Screen, { seed: 99, width: 50, height: 10 }));
    await ink.waitUntilRenderFlush();
    expect(await s.difference()).toBeUndefined();
    ink.unmount();
    expect(s.sent.writer).toBeLessThan(s.sent.raw);
  });

  it('sends a one-word change on a 200×50 screen in a few dozen bytes', async () => {
    const s = setup(200, 50);
    const row = (y: number, status: string) =>
      h(
        Text,
        { key: y, color: 'green' },
        [`pod-${y}`.padEnd(40), status.padEnd(20), `10.0.0.${y}`].join(''),
      );
    const table = (status: string) =>
      h(
        Box,
        { flexDirection: 'column', width: 200, height: 50 },
        ...Array.from({ length: 50 }, (_, y) => row(y, y === 3 ? status : 'Running')),
      );
    const ink = s.render(table('Running'));
    await ink.waitUntilRenderFlush();
    const rawBefore = s.sent.raw;
    s.sent.last = '';
    ink.rerender(table('Pending'));
    await ink.waitUntilRenderFlush();
    expect(await s.difference()).toBeUndefined();
    // "Running" → "Pending" differs in 3 letters: move there, write them.
    expect(s.sent.last).toBe('\u001B[4;41HPend');
    expect(s.sent.raw - rawBefore).toBeGreaterThan(100);
    ink.unmount();
  });

  it.each([1, 2, 3, 4, 5])(
    'agrees with a terminal on any mix of text, wide characters, moves, erases and colours (seed %i)',
    async (seed) => {
      // Ink emits few kinds of sequence, but the model must not drift on any it might.
      const rnd = random(seed);
      const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
      const n = () => 1 + Math.floor(rnd() * 12);
      const tokens = [
        () => pick(['abc', 'Running', 'x', '世界', 'ポ', 'e\u0301', '—', ' ']),
        () => `\u001B[${n()}${pick(['A', 'B', 'C', 'D', 'E', 'F', 'G'])}`,
        () => `\u001B[${n()};${n() * 3}H`,
        () => `\u001B[${pick(['', '0', '1', '2'])}${pick(['K', 'J'])}`,
        () =>
          `\u001B[${pick(['0', '1', '2', '3', '4', '7', '9', '22', '24', '27', '31', '39', '42', '49', '38;5;208', '48;2;1;2;3', '92', '1;31;44', ''])}m`,
        () => pick(['\r', '\n', '\b', '\t', '\r\n', '\u001B7', '\u001B8', '\u001B[s', '\u001B[u']),
      ];
      const cols = 30;
      const rows = 8;
      const raw = new Terminal({ cols, rows, allowProposedApi: true, convertEol: true });
      const viaWriter = new Terminal({ cols, rows, allowProposedApi: true, convertEol: true });
      const w = new ScreenWriter({
        columns: cols,
        rows,
        write(d) {
          viaWriter.write(d);
          return true;
        },
      });
      const both = (d: string) => {
        raw.write(d);
        w.write(d);
      };
      both('\u001B[?1049h\u001B[?25l');
      const log: string[] = [];
      for (let step = 0; step < 400; step++) {
        const chunk = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => pick(tokens)()).join(
          '',
        );
        log.push(JSON.stringify(chunk));
        both(chunk);
        await settle(raw);
        await settle(viaWriter);
        const [a, b] = [cells(raw), cells(viaWriter)];
        const y = a.findIndex((row, i) => row !== b[i]);
        if (y >= 0) {
          const line = (t: Term) => t.buffer.active.getLine(y)?.translateToString();
          const x = a[y].split('|').findIndex((c, i) => c !== b[y].split('|')[i]);
          expect.fail(
            `step ${step}, row ${y}, col ${x}\n terminal: ${line(raw)}\n writer:   ${line(viaWriter)}\n cells: ${a[y].split('|')[x]} / ${b[y].split('|')[x]}\n after: ${log.slice(-3).join(' ')}`,
          );
        }
      }
    },
  );

  it('holds only big updates in a synchronized update: a small one arrives in one read anyway', () => {
    const { w, sent, clear } = recording(80, 24);
    w.write('\u001B[?1049h\u001B[?25l');
    clear();
    w.write('\u001B[?2026h\u001B[3;5Hok\u001B[?2026l');
    // The pen is unknown at first, hence the reset.
    expect(sent()).toBe('\u001B[3;5H\u001B[mok');
    clear();
    w.write('\u001B[?2026h');
    w.write(`\u001B[H${'x'.repeat(80 * 20)}`);
    w.write('\u001B[?2026l');
    expect(sent().startsWith('\u001B[?2026h')).toBe(true);
    expect(sent().endsWith('\u001B[?2026l')).toBe(true);
  });

  it('steps aside if it ever fails: what Ink writes then goes to the terminal as it is', () => {
    const { w, sent, clear } = recording(80, 24);
    w.write('\u001B[?1049h');
    Object.assign(w, {
      print() {
        throw new Error('a bug');
      },
    });
    clear();
    w.write('\u001B[2;1Hhello');
    w.write('\u001B[?1049l');
    expect(sent()).toBe('\u001B[2;1Hhello\u001B[?1049l');
  });

  it('passes the primary screen through untouched', () => {
    const { w, sent } = recording(20, 5);
    const before = 'hello\n\u001B[31mred\u001B[39m\u001B[2A';
    w.write(before);
    expect(sent()).toBe(before);
    w.write('\u001B[?1049h\u001B[?25l');
    w.write('x\u001B[Ky');
    w.write('\u001B[?1049l\u001B[?25hbye\n');
    expect(sent().startsWith(`${before}\u001B[?1049h\u001B[?25l`)).toBe(true);
    expect(sent()).toContain('xy');
    expect(sent().endsWith('\u001B[?1049l\u001B[?25hbye\n')).toBe(true);
  });
});

/** Ink's suspendTerminal, taken from inside the tree. */
const app: { suspend?: (run: () => Promise<void>) => Promise<void> } = {};
function Grab({ seed, width, height }: { seed: number; width: number; height: number }) {
  app.suspend = useApp().suspendTerminal;
  return h(Screen, { seed, width, height });
}

describe('ScreenWriter lending the terminal', () => {
  it('sends nothing while suspended, then the alternate screen again with the whole frame', async () => {
    const cols = 30;
    const rows = 6;
    const term = new Terminal({ cols, rows, allowProposedApi: true, convertEol: true });
    const size = { columns: cols, rows };
    let out = '';
    const w = new ScreenWriter({
      get columns() {
        return size.columns;
      },
      get rows() {
        return size.rows;
      },
      write(d) {
        out += d;
        term.write(d);
        return true;
      },
    });
    const text = (t: Term) =>
      Array.from({ length: t.rows }, (_, y) =>
        t.buffer.active.getLine(t.buffer.active.baseY + y)?.translateToString(true),
      ).join('\n');
    term.write('$ kdeck\r\n');
    w.write('\u001B[?1049h\u001B[?25l');
    w.write('\u001B[Hheader\u001B[3;1H\u001B[31mrow one\u001B[39m');
    await settle(term);
    expect(text(term)).toContain('row one');

    out = '';
    w.suspend();
    // Leaves the alternate screen with the pen reset, and shows the cursor.
    expect(out).toBe('\u001B[m\u001B[?1049l\u001B[?25h');
    out = '';
    // The child's turn: it writes to the primary screen; meanwhile Ink draws and the terminal
    // grows.
    term.write('password: ****\r\n');
    w.write('\u001B[3;1H\u001B[32mrow ONE\u001B[39m\u001B[4;1Hrow two');
    size.columns = 40;
    size.rows = 8;
    term.resize(40, 8);
    w.write('\u001B[8;1Hbottom');
    w.suspend();
    expect(out).toBe('');
    await settle(term);
    expect(term.buffer.active.type).toBe('normal');
    expect(text(term)).toContain('password: ****');

    w.resume();
    // The alternate screen, the cursor hidden as Ink left it, every cell painted.
    expect(out.startsWith('\u001B[?1049h\u001B[?25l')).toBe(true);
    await settle(term);
    expect(term.buffer.active.type).toBe('alternate');
    const screen = text(term).split('\n');
    expect(screen[0]).toBe('header');
    expect(screen[2]).toBe('row ONE');
    expect(screen[3]).toBe('row two');
    expect(screen[7]).toBe('bottom');
    expect(screen.join('\n')).not.toContain('password');
    // The colour came back with the text.
    expect(term.buffer.active.getLine(2)?.getCell(0)?.getFgColor()).toBe(2);

    // Once back, changes go out as changes again.
    out = '';
    w.write('\u001B[4;5HTWO');
    expect(out).toBe('\u001B[4;5HTWO');
  });

  it('leaves nothing to take back when Ink left the alternate screen during the loan', () => {
    const { w, sent, clear } = recording(20, 5);
    w.write('\u001B[?1049h\u001B[?25lscreen');
    w.suspend();
    clear();
    w.write('\u001B[?1049l\u001B[?25h');
    w.resume();
    expect(sent()).toBe('');
    w.write('bye\n');
    expect(sent()).toBe('bye\n');
  });

  it("with Ink's suspendTerminal: the terminal ends showing what Ink draws, and nothing is sent during the loan", async () => {
    const s = setup(40, 10);
    const ink = s.render(h(Grab, { seed: 1, width: 40, height: 10 }));
    await ink.waitUntilRenderFlush();
    expect(await s.difference()).toBeUndefined();

    s.writer.suspend();
    let sentDuringLoan = -1;
    await app.suspend?.(async () => {
      const before = s.sent.writer;
      // The child writes on the primary screen of both terminals.
      s.raw.write('password: ');
      s.viaWriter.write('password: ');
      ink.rerender(h(Grab, { seed: 5, width: 40, height: 10 }));
      await ink.waitUntilRenderFlush();
      s.resize(50, 12);
      ink.rerender(h(Grab, { seed: 6, width: 50, height: 12 }));
      await ink.waitUntilRenderFlush();
      sentDuringLoan = s.sent.writer - before;
    });
    s.writer.resume();
    expect(sentDuringLoan).toBe(0);
    expect(await s.difference()).toBeUndefined();
    expect(s.viaWriter.buffer.active.type).toBe('alternate');
    ink.unmount();
  });
});

/** A log as the log view shows it: a heading, the lines from `first`, a footer. */
function LogScreen(p: {
  lines: string[];
  first: number;
  width: number;
  height: number;
  heading: string;
  hit?: string;
}) {
  const page = p.height - 2;
  const shown = p.lines.slice(p.first, p.first + page);
  return h(
    Box,
    { flexDirection: 'column', width: p.width, height: p.height },
    h(Text, { bold: true, color: 'cyan', wrap: 'truncate-end' }, p.heading),
    ...shown.map((l, i) =>
      h(
        Text,
        {
          key: i,
          wrap: 'truncate-end',
          inverse: p.hit !== undefined && l.includes(p.hit),
          // Some lines carry a background colour: the rows scrolled in must not inherit it.
          backgroundColor: l.includes('ERR') ? 'red' : undefined,
          color: l.includes('WARN') ? 'yellow' : undefined,
        },
        l,
      ),
    ),
    h(Box, { flexGrow: 1 }),
    h(Text, { backgroundColor: 'blue' }, ' footer: Esc back '.padEnd(p.width)),
  );
}

/** Log lines of every kind the view may show: plain, coloured, wide, long, empty. */
function logLine(rnd: () => number, i: number): string {
  const kinds = [
    () => `GET /api/v1/items/${i} 200 ${Math.floor(rnd() * 900)}ms`,
    () => `WARN slow request seq=${i}`,
    () => `ERR connection reset seq=${i}`,
    () => `ポッド ${i} 世界の状態 ok`,
    () => `long ${'x'.repeat(Math.floor(rnd() * 200))} seq=${i}`,
    () => ' ',
    () => `same line`,
  ];
  return kinds[Math.floor(rnd() * kinds.length)]();
}

describe('ScreenWriter scrolling a band', () => {
  it.each([1, 2, 3])(
    'leaves the terminal showing what Ink draws while a log grows, scrolls back and forth, resizes and is lent (seed %i)',
    async (seed) => {
      const rnd = random(seed);
      let [cols, rows] = [50, 14];
      const s = setup(cols, rows);
      const lines = Array.from({ length: 30 }, (_, i) => logLine(rnd, i));
      const state = {
        first: lines.length - (rows - 2),
        heading: 'following',
        hit: undefined as string | undefined,
      };
      const frame = () => h(LogScreen, { lines, ...state, width: cols, height: rows });
      const ink = s.render(frame());
      await ink.waitUntilRenderFlush();
      expect(await s.difference()).toBeUndefined();
      let scrolled = 0;
      let reversed = 0;
      for (let step = 0; step < 120; step++) {
        const r = rnd();
        if (r < 0.6) {
          // Follow: 1 to 4 new lines, now and then a burst longer than the page.
          const n = rnd() < 0.1 ? rows + 3 : 1 + Math.floor(rnd() * 4);
          for (let i = 0; i < n; i++) lines.push(logLine(rnd, lines.length));
          state.first = Math.max(0, lines.length - (rows - 2));
        } else if (r < 0.8) {
          // Paused: up or down by a line or two.
          state.first = Math.max(
            0,
            Math.min(lines.length - 1, state.first + (rnd() < 0.5 ? -1 : 2)),
          );
          state.heading = 'paused (f to follow)';
        } else if (r < 0.85) state.hit = rnd() < 0.5 ? 'seq=1' : undefined;
        else if (r < 0.9) state.heading = `following ${step}`;
        if (step === 50) {
          [cols, rows] = [40, 11];
          s.resize(cols, rows);
        }
        if (step === 80) {
          // Lent to a child while the log moves on; back, it is painted whole.
          s.writer.suspend();
          for (let i = 0; i < 5; i++) lines.push(logLine(rnd, lines.length));
          state.first = Math.max(0, lines.length - (rows - 2));
          ink.rerender(frame());
          await ink.waitUntilRenderFlush();
          s.writer.resume();
        }
        const before = s.sent.last.length;
        ink.rerender(frame());
        await ink.waitUntilRenderFlush();
        const sent = s.sent.last.slice(before);
        if (sent.includes('r\u001B[')) scrolled++;
        if (sent.includes('\u001BM')) reversed++;
        const d = await s.difference();
        if (d) expect.fail(`step ${step}: ${d}`);
      }
      // The band was scrolled by the terminal, not only repainted.
      expect(scrolled).toBeGreaterThan(20);
      expect(reversed).toBeGreaterThan(0);
      ink.unmount();
    },
  );

  it('sends one new log line at 120×35 as the line and a few bytes, not the log area again', async () => {
    const rnd = random(7);
    const lines = Array.from(
      { length: 200 },
      (_, i) =>
        `2026-11-29T18:00:${String(i % 60).padStart(2, '0')}Z GET /api/v1/items/${i} 200 ${Math.floor(rnd() * 900)}ms`,
    );
    const bytesFor = async (caps: Partial<WriterCapabilities>) => {
      const s = setup(120, 35, caps);
      const log = lines.slice(0, 100);
      const frame = () =>
        h(LogScreen, {
          lines: log,
          first: log.length - 33,
          width: 120,
          height: 35,
          heading: 'following',
        });
      const ink = s.render(frame());
      await ink.waitUntilRenderFlush();
      const before = s.sent.writer;
      log.push(lines[100]);
      ink.rerender(frame());
      await ink.waitUntilRenderFlush();
      expect(await s.difference()).toBeUndefined();
      const sent = s.sent.writer - before;
      ink.unmount();
      return sent;
    };
    const scrolled = await bytesFor({});
    const repainted = await bytesFor({ scrollRegions: false });
    // The line, the region and its reset, two moves and a pen reset: 25 bytes besides the text.
    expect(scrolled).toBeLessThanOrEqual(lines[100].length + 25);
    expect(repainted).toBeGreaterThan(lines[100].length * 10);
  });

  it('sends exactly the scroll for a table moved up one row: region, feed, reset, the new row', () => {
    const { w, sent, clear } = recording(40, 6);
    const names = ['NAME', 'alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
    const paint = (first: number) =>
      `\u001B[H${Array.from({ length: 6 }, (_, y) => (y === 0 ? 'NAME' : `pod-${names[first + y].repeat(3)}`).padEnd(40)).join('')}`;
    w.write('\u001B[?1049h\u001B[?25l');
    w.write(paint(0));
    clear();
    w.write(paint(1));
    // Rows 2..6 come up one; the new last pod is written on the freed bottom row.
    expect(sent()).toBe('\u001B[2;6r\u001B[6H\n\u001B[r\u001B[6Hpod-foxtrotfoxtrotfoxtrot');
  });

  it('never sets a scroll region with scrollRegions off (a terminal without them): it rewrites the rows', async () => {
    const term = new Terminal({ cols: 40, rows: 6, allowProposedApi: true, convertEol: true });
    let out = '';
    const w = new ScreenWriter(
      {
        columns: 40,
        rows: 6,
        write(d) {
          out += d;
          term.write(d);
          return true;
        },
      },
      { scrollRegions: false },
    );
    const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf'];
    const rows = (first: number) => names.slice(first, first + 6).map((n) => n.repeat(3));
    w.write('\u001B[?1049h\u001B[?25l');
    for (const first of [0, 1, 0]) {
      out = '';
      w.write(
        `\u001B[H${rows(first)
          .map((r) => r.padEnd(40))
          .join('')}`,
      );
      // No region (ESC [ top ; bottom r), no reverse index.
      expect(out).not.toMatch(/\[\d+;\d+r/);
      expect(out).not.toContain('\u001BM');
    }
    await settle(term);
    const b = term.buffer.active;
    const text = Array.from({ length: 6 }, (_, y) => b.getLine(y)?.translateToString(true));
    expect(text).toEqual(rows(0));
  });
});

describe('ScreenWriter on a terminal without CHA or synchronized updates (a VT100)', () => {
  it.each([1, 2, 3])(
    'still agrees with the terminal, and sends neither ESC[nG nor ?2026 (seed %i)',
    async (seed) => {
      const rnd = random(seed);
      const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
      const n = () => 1 + Math.floor(rnd() * 12);
      const tokens = [
        () => pick(['abc', 'Running', 'x', '世界', 'e\u0301', ' ', 'y'.repeat(40)]),
        () => `\u001B[${n()}${pick(['A', 'B', 'C', 'D', 'E', 'F', 'G'])}`,
        () => `\u001B[${n()};${n() * 3}H`,
        () => `\u001B[${pick(['', '0', '2'])}${pick(['K', 'J'])}`,
        () => `\u001B[${pick(['0', '1', '7', '27', ''])}m`,
        () => pick(['\r', '\n', '\b', '\r\n']),
        // A mode change inside a frame: the part before it must be held.
        () => pick(['\u001B[?25l', '\u001B[?25h']),
      ];
      const [cols, rows] = [30, 8];
      const cha = new RegExp(`${'\u001B'}\\[\\d*G`);
      const crThenCuf = new RegExp(`\r${'\u001B'}\\[\\d*C`);
      const raw = new Terminal({ cols, rows, allowProposedApi: true, convertEol: true });
      const viaWriter = new Terminal({ cols, rows, allowProposedApi: true, convertEol: true });
      let sent = '';
      const w = new ScreenWriter(
        {
          columns: cols,
          rows,
          write(d) {
            sent += d;
            viaWriter.write(d);
            return true;
          },
        },
        { cha: false, sync: false },
      );
      // The same writes to a writer for a terminal that has both: it does send them.
      let sentWithBoth = '';
      const ref = new ScreenWriter({
        columns: cols,
        rows,
        write(d) {
          sentWithBoth += d;
          return true;
        },
      });
      const both = (d: string) => {
        raw.write(d);
        w.write(d);
        ref.write(d);
      };
      both('\u001B[?1049h\u001B[?25l');
      for (let step = 0; step < 300; step++) {
        // Ink's frames come in synchronized updates; some are big enough to be held.
        const chunk = Array.from({ length: 1 + Math.floor(rnd() * 40) }, () => pick(tokens)());
        both(`\u001B[?2026h${chunk.join('')}\u001B[?2026l`);
        await settle(raw);
        await settle(viaWriter);
        expect(cells(viaWriter), `step ${step}`).toEqual(cells(raw));
      }
      // The writer had to reach columns from a pending wrap and to jump along rows.
      expect(sent).toMatch(crThenCuf);
      expect(sent).not.toMatch(cha);
      expect(sent).not.toContain('?2026');
      expect(sentWithBoth).toMatch(cha);
      expect(sentWithBoth).toContain('?2026h');
    },
  );
});
