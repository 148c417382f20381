// What the terminal can do, read from its compiled terminfo entry (term(5)), so that kdeck
// sends only sequences the terminal knows: a VT100 has no CHA (ESC[nG), no alternate screen
// and no colours, and a dumb terminal cannot move the cursor at all.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Capabilities {
  /** Cursor addressing (`cup`): without it kdeck cannot draw its screen. */
  cup: boolean;
  /** Column addressing (`hpa`, ESC[nG). */
  hpa: boolean;
  /** An alternate screen (`smcup`). */
  smcup: boolean;
  /** Hiding and showing the cursor (`civis`, `cnorm`). */
  civis: boolean;
  /** A scroll region (`csr`). */
  csr: boolean;
  /** Colours (`colors`); 0 where the entry has none. */
  colors: number;
  /** Synchronized updates (ESC[?2026h) are understood or safely ignored. */
  sync: boolean;
}

export interface Entry {
  numbers: Map<number, number>;
  strings: Map<number, string>;
  /** Extended (user-defined) capabilities by name, such as `Sync`. */
  extended: Map<string, string | number | boolean>;
}

// Indexes in the standard order of term.h.
const NUM_COLORS = 13;
const STR_CSR = 3;
const STR_HPA = 8;
const STR_CUP = 10;
const STR_CIVIS = 13;
const STR_SMCUP = 28;

/** Parses a compiled entry: the legacy format (16-bit numbers) or the extended-number one. */
export function parseTerminfo(buf: Buffer): Entry {
  const magic = buf.readInt16LE(0);
  if (magic !== 0o432 && magic !== 0o1036) throw new Error('not a compiled terminfo entry');
  const numSize = magic === 0o1036 ? 4 : 2;
  const readNum = (at: number) => (numSize === 4 ? buf.readInt32LE(at) : buf.readInt16LE(at));
  const [namesSize, boolCount, numCount, strCount, tableSize] = [2, 4, 6, 8, 10].map((o) =>
    buf.readInt16LE(o),
  );
  let at = 12 + namesSize + boolCount;
  at += at % 2; // numbers start on an even byte
  const numbers = new Map<number, number>();
  for (let i = 0; i < numCount; i++) {
    const n = readNum(at + i * numSize);
    if (n >= 0) numbers.set(i, n);
  }
  at += numCount * numSize;
  const table = at + strCount * 2;
  const text = (from: number) => buf.toString('latin1', from, buf.indexOf(0, from));
  const strings = new Map<number, string>();
  for (let i = 0; i < strCount; i++) {
    const off = buf.readInt16LE(at + i * 2);
    if (off >= 0) strings.set(i, text(table + off));
  }
  at = table + tableSize;
  at += at % 2;
  const extended = new Map<string, string | number | boolean>();
  if (at + 10 <= buf.length) readExtended(buf, at, readNum, numSize, extended);
  return { numbers, strings, extended };
}

/** The extended section: booleans, numbers and strings with their names at the table's end. */
function readExtended(
  buf: Buffer,
  start: number,
  readNum: (at: number) => number,
  numSize: number,
  into: Map<string, string | number | boolean>,
) {
  const [boolCount, numCount, strCount, , tableSize] = [0, 2, 4, 6, 8].map((o) =>
    buf.readInt16LE(start + o),
  );
  let at = start + 10;
  const bools = [...buf.subarray(at, at + boolCount)];
  at += boolCount;
  at += at % 2;
  const nums = Array.from({ length: numCount }, (_, i) => readNum(at + i * numSize));
  at += numCount * numSize;
  const offsets = Array.from({ length: strCount }, (_, i) => buf.readInt16LE(at + i * 2));
  const nameCount = boolCount + numCount + strCount;
  const table = at + (strCount + nameCount) * 2;
  // The table holds the strings present, then every name; each ends with NUL.
  const parts = buf
    .toString('latin1', table, table + tableSize)
    .split('\0')
    .slice(0, -1);
  const names = parts.slice(parts.length - nameCount);
  const text = (off: number) => buf.toString('latin1', table + off, buf.indexOf(0, table + off));
  for (const [i, b] of bools.entries()) if (b === 1) into.set(names[i], true);
  for (const [i, n] of nums.entries()) if (n >= 0) into.set(names[boolCount + i], n);
  for (const [i, off] of offsets.entries())
    if (off >= 0) into.set(names[boolCount + numCount + i], text(off));
}

/** The entry for `term`, looked up where ncurses looks; undefined when there is none. */
export function findTerminfo(
  term: string,
  env: NodeJS.ProcessEnv = process.env,
): Entry | undefined {
  // A name is never a path: TERM must not make kdeck read some other file.
  if (!term || term.includes('/')) return undefined;
  const dirs = [
    env.TERMINFO,
    join(env.HOME ?? homedir(), '.terminfo'),
    // An empty element of TERMINFO_DIRS means the system's directory.
    ...(env.TERMINFO_DIRS?.split(':').map((d) => d || '/usr/share/terminfo') ?? []),
    '/etc/terminfo',
    '/lib/terminfo',
    '/usr/share/terminfo',
  ];
  // Entries sit under their first letter, or (macOS, some BSDs) its code in hex.
  const subdirs = [term[0], term.charCodeAt(0).toString(16)];
  for (const dir of dirs) {
    if (!dir) continue;
    for (const sub of subdirs) {
      try {
        return parseTerminfo(readFileSync(join(dir, sub, term)));
      } catch {}
    }
  }
  return undefined;
}

/** Names that mean "no cursor movement" even where the host has no entry for them. */
const DUMB = new Set(['', 'dumb', 'unknown', 'emacs']);
/** Families whose terminals understand synchronized updates or ignore them harmlessly. */
const SYNC_FAMILIES = /^(xterm|tmux|screen|rxvt|alacritty|kitty|foot|wezterm|contour|ghostty)/;

export function capabilities(env: NodeJS.ProcessEnv = process.env): Capabilities {
  const term = env.TERM ?? '';
  if (DUMB.has(term))
    return {
      cup: false,
      hpa: false,
      smcup: false,
      civis: false,
      csr: false,
      colors: 0,
      sync: false,
    };
  const entry = findTerminfo(term, env);
  // No entry (a jump host that lacks xterm-kitty's): assume the ANSI terminal it most likely is.
  if (!entry)
    return { cup: true, hpa: true, smcup: true, civis: true, csr: true, colors: 8, sync: true };
  return {
    cup: entry.strings.has(STR_CUP),
    hpa: entry.strings.has(STR_HPA),
    smcup: entry.strings.has(STR_SMCUP),
    civis: entry.strings.has(STR_CIVIS),
    csr: entry.strings.has(STR_CSR),
    colors: entry.numbers.get(NUM_COLORS) ?? 0,
    sync: entry.extended.has('Sync') || SYNC_FAMILIES.test(term),
  };
}

/** The one line kdeck says, instead of drawing, on a terminal that cannot move the cursor. */
export function cannotDraw(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (capabilities(env).cup) return undefined;
  const which = env.TERM === undefined ? 'TERM is not set' : `TERM=${env.TERM}`;
  return `kdeck: needs a terminal that can move the cursor, and this one (${which}) cannot; set TERM to your terminal's (e.g. TERM=xterm-256color), or use kubectl get\n`;
}
