// The screen writer between Ink and the terminal: what the terminal ends up showing must be
// exactly what Ink's own output shows, cell by cell, while fewer bytes cross the wire.
import { EventEmitter } from 'node:events';
import xterm from '@xterm/headless';
import { createElement as h, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { ScreenWriter } from '../../src/ui/screen-writer.js';

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
function setup(cols: number, rows: number) {
  const raw = new Terminal({ cols, rows, allowProposedApi: true, convertEol: true });
  const viaWriter = new Terminal({ cols, rows, allowProposedApi: true, convertEol: true });
  const sent = { raw: 0, writer: 0, last: '' };
  const size = { columns: cols, rows };
  const writer = new ScreenWriter({
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
  });
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
