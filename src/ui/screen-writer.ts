// Sends the terminal only the cells that changed.
//
// Ink repaints a changed line from its first changed cell to the end of the line, and walks
// the cursor down one line at a time (ESC[E) to the bottom of the frame: three bytes for
// every row of the screen on every frame, plus the tail of every changed line. Over SSH each
// byte is felt, so kdeck puts this writer between Ink and the terminal. While the alternate
// screen is on, it reads Ink's output into a grid of cells (the screen Ink means), compares
// that with the grid it last sent (the screen the terminal shows), and sends only the cells
// that differ, reaching them with the shortest cursor move, as curses and tcell do. On the
// primary screen it passes bytes through untouched.
//
// When a band of rows moved up or down as a whole (a followed log, a table scrolled by a
// line), the writer has the terminal scroll that band itself: a scroll region (DECSTBM) and
// line feeds at its bottom, or reverse index at its top. One new log line then costs the line
// and about twenty bytes, not the whole log area again. The writer applies the same shift to
// its model of the terminal, so the diff that follows stays exact. DECSTBM, LF and RI are in
// the vt100 and every terminal since; `scrollRegions: false` turns this off for one without.
//
// While a child process has the terminal (terminal-lender.ts), the writer is suspended: it
// has put the primary screen and the cursor back, and sends nothing at all, whatever Ink
// writes (Ink's output still updates the screen Ink means). On resume it re-enters the
// alternate screen and paints all of it, since what the terminal shows there is unknown.
import stringWidth from 'string-width';
import { Grid, Pen, WIDE_TAIL } from './screen-cells.js';

const ESC = '\u001B';
const CSI = `${ESC}[`;
const SYNC_ON = `${CSI}?2026h`;
const SYNC_OFF = `${CSI}?2026l`;
/** Rewriting this many unchanged cells is cheaper than a cursor move over them. */
const GAP = 4;
/** Below this size an update reaches the terminal in one read; wrapping it buys nothing. */
const SYNC_MIN_BYTES = 1024;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the sequence starts with ESC
const ALT_SCREEN_ON = /\u001B\[\?(?:1049|1047|47)h/;

/** What the terminal understands beyond cursor addressing (from terminfo, see terminfo.ts). */
export interface WriterCapabilities {
  /** CHA (ESC[nG); without it (a VT100) a column is reached with \r and CUF. */
  cha: boolean;
  /** Synchronized updates (ESC[?2026h/l); without them nothing is wrapped. */
  sync: boolean;
  /** Scroll regions (DECSTBM) with LF and RI inside them. */
  scrollRegions: boolean;
}

const ALL: WriterCapabilities = { cha: true, sync: true, scrollRegions: true };

/** Scrolling a band costs about this much: the region, a move, the reset. */
const SCROLL_COST = 20;

export interface Terminal {
  columns: number;
  rows: number;
  write(data: string, cb?: (err?: Error | null) => void): boolean;
}

/** What stdout looks like to Ink, with writes going through a ScreenWriter. */
export function writerStream<T extends NodeJS.WriteStream>(
  stdout: T,
  writer = new ScreenWriter(stdout),
): T {
  return new Proxy(stdout, {
    get(target, key) {
      if (key === 'write') return writer.write;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export class ScreenWriter {
  /** The screen Ink means. */
  private want: Grid;
  /** The screen the terminal shows; undefined when unknown (repaint everything). */
  private shown: Grid | undefined;
  /** Rows of `shown` as strings (Grid.key), kept between frames; undefined: not known. */
  private shownKeys: (string | undefined)[] = [];
  /** Rows of `want` as strings, made this flush: what those rows of `shown` become. */
  private wantKeys = new Map<number, string>();
  private dirty = new Set<number>();
  /** Ink's cursor, in `want`. x may equal cols: the terminal's pending wrap. */
  private x = 0;
  private y = 0;
  /** What DECSC / SCOSC saved: the cursor and the pen. */
  private saved = { x: 0, y: 0, pen: new Pen() };
  private pen = new Pen();
  private cursorVisible = true;
  /** The terminal's cursor and pen as this writer left them; -1 when unknown. */
  private realX = -1;
  private realY = -1;
  private realStyle: string | undefined;
  private managing = false;
  private syncing = false;
  private syncSent = false;
  private pending = '';
  private out = '';
  private failed = false;
  /** A child process has the terminal: nothing is sent. */
  private suspended = false;
  private segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

  private caps: WriterCapabilities;

  constructor(
    private term: Terminal,
    caps: Partial<WriterCapabilities> = {},
  ) {
    this.caps = { ...ALL, ...caps };
    this.want = new Grid(term.columns || 80, term.rows || 24);
  }

  /** Stream-shaped: write(chunk, [encoding], [callback]). */
  write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (this.failed) return this.suspended ? this.send(cb) : this.term.write(text, cb);
    try {
      this.feed(text);
    } catch {
      // A bug here must not take the screen down with it: from now on Ink writes directly.
      this.failed = true;
      this.out = '';
      return this.suspended ? this.send(cb) : this.term.write(text, cb);
    }
    return this.send(cb);
  };

  /**
   * Gives the terminal away: leaves the alternate screen (the primary one comes back as it
   * was), shows the cursor, and from now on sends nothing until resume(). Ink's output still
   * goes into the screen kept here. Does nothing if the writer stepped aside after a bug
   * (Ink's own suspendTerminal then does the same through it).
   */
  suspend(): void {
    if (this.suspended || this.failed) return;
    if (this.managing) {
      if (this.syncSent) this.closeSync();
      this.out += `${CSI}m${CSI}?1049l${CSI}?25h`;
      this.send();
    }
    this.suspended = true;
  }

  /**
   * Takes the terminal back: the alternate screen again, painted whole from the screen Ink
   * means now (sized to the terminal as it is now), the cursor as Ink left it. If Ink left
   * the alternate screen meanwhile (the screen ended during the loan), there is nothing to
   * take back.
   */
  resume(): void {
    if (!this.suspended) return;
    this.suspended = false;
    this.out = '';
    if (this.failed || !this.managing) return;
    try {
      this.fitTerminal();
      // What the terminal shows on the alternate screen and where its cursor is: unknown.
      this.shown = undefined;
      this.realX = this.realY = -1;
      this.realStyle = undefined;
      this.syncSent = false;
      this.out += `${CSI}?1049h${this.cursorVisible ? '' : `${CSI}?25l`}`;
      this.flush();
    } catch {
      this.failed = true;
    }
    this.send();
  }

  private send(cb?: () => void): boolean {
    const data = this.out;
    this.out = '';
    if (data && !this.suspended) return this.term.write(data, cb);
    if (cb) process.nextTick(cb);
    return true;
  }

  private feed(input: string) {
    let s = this.pending + input;
    this.pending = '';
    if (!this.managing) {
      const enter = ALT_SCREEN_ON.exec(s);
      if (!enter) {
        this.out += s;
        return;
      }
      this.out += s.slice(0, enter.index + enter[0].length);
      this.enterAlternateScreen();
      s = s.slice(enter.index + enter[0].length);
    }
    this.fitTerminal();
    let i = 0;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c === 0x1b) {
        const end = sequenceEnd(s, i);
        if (end < 0) {
          this.pending = s.slice(i);
          break;
        }
        const seq = s.slice(i, end);
        i = end;
        if (!this.escape(seq)) {
          // Left the alternate screen: the rest goes through untouched.
          this.feed(s.slice(i));
          return;
        }
      } else if (c < 0x20 || c === 0x7f) {
        this.control(c);
        i++;
      } else {
        let j = i + 1;
        while (j < s.length) {
          const d = s.charCodeAt(j);
          if (d < 0x20 || d === 0x7f || d === 0x1b) break;
          j++;
        }
        this.print(s.slice(i, j));
        i = j;
      }
    }
    if (!this.syncing) this.flush();
  }

  private enterAlternateScreen() {
    // The terminal clears the alternate screen on the way in; where its cursor is, we do not know.
    this.managing = true;
    this.want = new Grid(this.term.columns || 80, this.term.rows || 24);
    this.shown = new Grid(this.want.cols, this.want.rows);
    this.shownKeys = [];
    this.dirty.clear();
    this.x = this.y = 0;
    this.realX = this.realY = -1;
    this.realStyle = undefined;
  }

  private fitTerminal() {
    const cols = this.term.columns || this.want.cols;
    const rows = this.term.rows || this.want.rows;
    if (cols === this.want.cols && rows === this.want.rows) return;
    // What the terminal shows after a resize depends on the terminal: paint it all again.
    this.want = this.want.resized(cols, rows);
    this.shown = undefined;
    this.x = Math.min(this.x, cols - 1);
    this.y = Math.min(this.y, rows - 1);
  }

  /** Returns false when the sequence leaves the alternate screen. */
  private escape(seq: string): boolean {
    if (seq[1] !== '[') {
      if (seq === `${ESC}7`) this.saveCursor();
      else if (seq === `${ESC}8`) this.restoreCursor();
      else this.passThrough(seq);
      return true;
    }
    const final = seq[seq.length - 1];
    const params = seq.slice(2, -1);
    if (/^[?>=<]/.test(params) || /[ -/]/.test(params)) return this.privateMode(seq, params, final);
    const nums = params.split(';').map((n) => Number(n) || 0);
    const n = Math.max(1, nums[0]);
    const { cols, rows } = this.want;
    const col = Math.min(this.x, cols - 1);
    switch (final) {
      case 'A':
        this.moveTo(col, this.y - n);
        break;
      case 'B':
        this.moveTo(col, this.y + n);
        break;
      case 'C':
        this.moveTo(col + n, this.y);
        break;
      case 'D':
        this.moveTo(col - n, this.y);
        break;
      case 'E':
        this.moveTo(0, this.y + n);
        break;
      case 'F':
        this.moveTo(0, this.y - n);
        break;
      case 'G':
        this.moveTo(n - 1, this.y);
        break;
      case 'd':
        this.moveTo(col, n - 1);
        break;
      case 'H':
      case 'f':
        this.moveTo(Math.max(1, nums[1] ?? 1) - 1, n - 1);
        break;
      case 'J': {
        const erase = (y: number, x0: number, x1: number) => this.eraseCells(y, x0, x1);
        if (nums[0] === 0) {
          erase(this.y, this.x, cols);
          for (let y = this.y + 1; y < rows; y++) erase(y, 0, cols);
        } else if (nums[0] === 1) {
          for (let y = 0; y < this.y; y++) erase(y, 0, cols);
          erase(this.y, 0, col + 1);
        } else if (nums[0] === 2) for (let y = 0; y < rows; y++) erase(y, 0, cols);
        break;
      }
      case 'K':
        // From the cursor on: nothing, while the terminal waits to wrap (x = cols).
        if (nums[0] === 0) this.eraseCells(this.y, this.x, cols);
        else if (nums[0] === 1) this.eraseCells(this.y, 0, col + 1);
        else this.eraseCells(this.y, 0, cols);
        break;
      case 'm':
        this.pen.apply(params);
        break;
      case 's':
        this.saveCursor();
        break;
      case 'u':
        this.restoreCursor();
        break;
      case 'n':
      case 'c':
      case 't':
        // Queries and window operations: they draw nothing.
        this.passThrough(seq);
        break;
      default:
        // Scrolling regions, inserted lines and the like: not modelled, so repaint after them.
        this.passThrough(seq);
        this.shown = undefined;
    }
    return true;
  }

  private saveCursor() {
    this.saved = { x: this.x, y: this.y, pen: this.pen.clone() };
  }

  private restoreCursor() {
    this.x = Math.min(this.saved.x, this.want.cols - 1);
    this.y = Math.min(this.saved.y, this.want.rows - 1);
    this.pen = this.saved.pen.clone();
  }

  private privateMode(seq: string, params: string, final: string): boolean {
    if (params === '?25' && (final === 'h' || final === 'l')) {
      this.cursorVisible = final === 'h';
      this.passThrough(seq);
    } else if (params === '?2026' && final === 'h') {
      this.flush();
      this.syncing = true;
      this.syncSent = false;
    } else if (params === '?2026' && final === 'l') {
      this.syncing = false;
      this.flush();
    } else if (/^\?(1049|1047|47)$/.test(params) && final === 'l') {
      this.syncing = false;
      this.flush();
      this.out += seq;
      this.managing = false;
      return false;
    } else if (/^\?(1049|1047|47)$/.test(params) && final === 'h') {
      this.flush();
      this.passThrough(seq);
      this.enterAlternateScreen();
    } else this.passThrough(seq);
    return true;
  }

  /** Modes, titles, queries: sent as they come, after what was drawn before them. */
  private passThrough(seq: string) {
    this.flush();
    this.openSync();
    this.out += seq;
  }

  private control(c: number) {
    const cols = this.want.cols;
    if (c === 0x0d) this.x = 0;
    else if (c === 0x0a || c === 0x0b || c === 0x0c) {
      // The tty turns \n into \r\n (ONLCR stays on in Node's raw mode).
      this.x = 0;
      this.lineFeed();
    } else if (c === 0x08) this.x = Math.max(0, Math.min(this.x, cols - 1) - 1);
    else if (c === 0x09 && this.x < cols)
      this.x = Math.min(cols - 1, (Math.floor(this.x / 8) + 1) * 8);
    else if (c === 0x07) this.passThrough('\u0007');
  }

  private lineFeed() {
    if (this.y < this.want.rows - 1) this.y++;
    else {
      this.want.scrollUp(this.pen.eraseKey);
      for (let y = 0; y < this.want.rows; y++) this.dirty.add(y);
    }
  }

  private moveTo(x: number, y: number) {
    this.x = Math.max(0, Math.min(x, this.want.cols - 1));
    this.y = Math.max(0, Math.min(y, this.want.rows - 1));
  }

  private eraseCells(y: number, x0: number, x1: number) {
    this.want.erase(y, x0, x1, this.pen.eraseKey);
    this.dirty.add(y);
  }

  private print(text: string) {
    const ascii = /^[\x20-\x7e]*$/.test(text);
    if (ascii) {
      for (let i = 0; i < text.length; i++) this.put(text[i], 1);
      return;
    }
    for (const { segment } of this.segmenter.segment(text)) {
      const width = stringWidth(segment);
      if (width === 0) {
        // A combining mark or joiner: it belongs to the cell before.
        const x = Math.min(this.x, this.want.cols) - 1;
        if (x >= 0) {
          const at = this.want.chars[this.y][x] === WIDE_TAIL && x > 0 ? x - 1 : x;
          this.want.chars[this.y][at] += segment;
          this.dirty.add(this.y);
        }
      } else this.put(segment, width > 1 ? 2 : 1);
    }
  }

  private put(ch: string, width: 1 | 2) {
    const { cols } = this.want;
    if (this.x + width > cols) {
      // A wide character that does not fit leaves a blank in the current pen, then wraps.
      if (width === 2 && this.x < cols) {
        this.want.erase(this.y, this.x, cols, this.pen.key);
        this.dirty.add(this.y);
      }
      this.x = 0;
      this.lineFeed();
    }
    const { x, y } = this;
    this.want.breakWideAt(y, x, x + width, this.pen.key);
    this.want.chars[y][x] = ch;
    this.want.styles[y][x] = this.pen.key;
    if (width === 2) {
      this.want.chars[y][x + 1] = WIDE_TAIL;
      this.want.styles[y][x + 1] = this.pen.key;
    }
    this.x += width;
    this.dirty.add(y);
  }

  private openSync() {
    if (this.syncing && !this.syncSent && this.caps.sync) {
      this.out += SYNC_ON;
      this.syncSent = true;
    }
  }

  /** Appends to `out` what brings the terminal's screen to `want`. */
  private flush() {
    let update = '';
    if (!this.shown) {
      this.shown = new Grid(this.want.cols, this.want.rows);
      this.shownKeys = [];
      update += `${CSI}m${CSI}H${CSI}2J`;
      this.realX = this.realY = 0;
      this.realStyle = '';
      for (let y = 0; y < this.want.rows; y++) this.dirty.add(y);
    }
    if (this.caps.scrollRegions && this.dirty.size > 1) update += this.scrollBand();
    for (const y of [...this.dirty].sort((a, b) => a - b)) {
      update += this.diffRow(y);
      this.shownKeys[y] = this.wantKeys.get(y);
    }
    this.wantKeys.clear();
    this.dirty.clear();
    if (this.cursorVisible) update += this.cursorTo(Math.min(this.x, this.want.cols - 1), this.y);
    if (!update) {
      if (!this.syncing && this.syncSent) this.closeSync();
      return;
    }
    // Inside Ink's synchronized update this flush is only a part of the frame (a mode change
    // came in between), so the terminal must hold it; a whole frame needs holding only if big.
    const hold = this.syncing || this.syncSent || update.length >= SYNC_MIN_BYTES;
    if (hold && this.caps.sync) {
      if (!this.syncSent) this.out += SYNC_ON;
      this.syncSent = true;
    }
    this.out += update;
    if (!this.syncing && this.syncSent) this.closeSync();
  }

  /**
   * If a band of rows of the screen Ink means is a band of the screen shown moved by k rows,
   * scrolls it there on the terminal and in `shown`, and returns the bytes that do it; the
   * rows it leaves different are diffed as usual. Rows are compared whole, as strings.
   */
  private scrollBand(): string {
    const shown = this.shown as Grid;
    const { rows } = this.want;
    // Ink rewrites rows that did not change; only rows that did can have moved.
    const changed = [...this.dirty].filter((y) => !sameRow(this.want, shown, y));
    if (changed.length < 2) return '';
    for (const y of changed) this.wantKeys.set(y, this.want.key(y));
    const shownKey = (y: number) => {
      this.shownKeys[y] ??= shown.key(y);
      return this.shownKeys[y];
    };
    const wantKey = (y: number) => this.wantKeys.get(y) ?? shownKey(y);
    // Where each row of the shown screen is, by content; a changed row votes for the shift
    // that would bring it from there.
    const at = new Map<string, number[]>();
    for (let y = 0; y < rows; y++) {
      const list = at.get(shownKey(y));
      if (!list) at.set(shownKey(y), [y]);
      else if (list.length < 4) list.push(y);
    }
    const votes = new Map<number, number>();
    for (const y of changed) {
      if (isBlank(this.want, y)) continue;
      for (const from of at.get(wantKey(y)) ?? [])
        if (from !== y) votes.set(from - y, (votes.get(from - y) ?? 0) + 1);
    }
    let k = 0;
    for (const [shift, n] of votes) if (n > (votes.get(k) ?? 0)) k = shift;
    if (k === 0 || (votes.get(k) ?? 0) < 2) return '';
    // The longest run of rows y with want[y] = shown[y + k].
    let best = { start: 0, end: -1 };
    let start = -1;
    for (let y = Math.max(0, -k); y <= Math.min(rows - 1, rows - 1 - k) + 1; y++) {
      const ok = y <= Math.min(rows - 1, rows - 1 - k) && wantKey(y) === shownKey(y + k);
      if (ok && start < 0) start = y;
      if (!ok && start >= 0) {
        if (y - 1 - start > best.end - best.start) best = { start, end: y - 1 };
        start = -1;
      }
    }
    if (best.end < best.start) return '';
    // The region: the run, and the rows it comes from.
    const top = Math.min(best.start, best.start + k);
    const bottom = Math.max(best.end, best.end + k);
    const n = Math.abs(k);
    // Worth it only if it saves more than it costs. After the scroll, the run's rows are
    // right already; the rest of the region costs what it costs.
    let after = SCROLL_COST + n;
    for (let y = top; y <= bottom; y++) {
      if (y >= best.start && y <= best.end) continue;
      const from = y + k;
      after +=
        from >= top && from <= bottom
          ? cost(this.want, y, shown, from)
          : cost(this.want, y, undefined);
    }
    let before = 0;
    for (let y = top; y <= bottom && before <= after; y++) before += cost(this.want, y, shown, y);
    if (before <= after) return '';
    // Lines scrolled in take the background colour: the pen goes to the default first.
    let out = this.styleTo('');
    out += `${CSI}${top + 1};${bottom + 1}r`;
    out +=
      k > 0 ? `${CSI}${bottom + 1}H${'\n'.repeat(n)}` : `${CSI}${top + 1}H${`${ESC}M`.repeat(n)}`;
    // Resetting the region homes the cursor.
    out += `${CSI}r`;
    this.realX = this.realY = 0;
    shown.scroll(top, bottom, k, '');
    for (let y = top; y <= bottom; y++) this.dirty.add(y);
    return out;
  }

  private closeSync() {
    this.out += SYNC_OFF;
    this.syncSent = false;
  }

  private diffRow(y: number): string {
    const shown = this.shown as Grid;
    const w = this.want.chars[y];
    const ws = this.want.styles[y];
    const s = shown.chars[y];
    const ss = shown.styles[y];
    const cols = this.want.cols;
    const same = (i: number) => w[i] === s[i] && ws[i] === ss[i];
    let end = cols;
    while (end > 0 && w[end - 1] === ' ' && ws[end - 1] === '') end--;
    let out = '';
    let i = 0;
    while (i < cols) {
      if (same(i)) {
        i++;
        continue;
      }
      let start = i;
      while (start > 0 && w[start] === WIDE_TAIL) start--;
      if (start >= end) {
        // The rest of the line is blank: erase it rather than writing spaces.
        out += `${this.cursorTo(start, y)}${this.styleTo('')}${CSI}K`;
        s.fill(' ', start);
        ss.fill('', start);
        break;
      }
      let last = start;
      let j = start;
      while (j < end && j - last <= GAP) {
        if (!same(j)) last = j;
        j++;
      }
      // A wide character's tail differs whenever its lead does, so the run never splits one.
      const stop = last + 1;
      out += this.cursorTo(start, y);
      for (let k = start; k < stop; k++) {
        s[k] = w[k];
        ss[k] = ws[k];
        if (w[k] === WIDE_TAIL) continue;
        out += this.styleTo(ws[k]) + w[k];
        this.realX += k + 1 < cols && w[k + 1] === WIDE_TAIL ? 2 : 1;
      }
      // After the last column the terminal waits to wrap; its column is then ambiguous.
      if (this.realX >= cols) this.realX = -1;
      i = stop;
    }
    return out;
  }

  /** The shortest way to the cell: absolute, or relative to where the cursor is. */
  private cursorTo(x: number, y: number): string {
    const fromX = this.realX;
    const fromY = this.realY;
    this.realX = x;
    this.realY = y;
    if (fromY === y && fromX === x) return '';
    const absolute = x === 0 ? `${CSI}${y + 1}H` : `${CSI}${y + 1};${x + 1}H`;
    if (fromY < 0) return absolute;
    // The line feed never scrolls: the row below the cursor's exists.
    if (x === 0 && y === fromY + 1) return '\r\n';
    const dy = y - fromY;
    const vertical =
      dy === 0 ? '' : `${CSI}${Math.abs(dy) === 1 ? '' : Math.abs(dy)}${dy > 0 ? 'B' : 'A'}`;
    const relative = vertical + this.column(fromX, x);
    return relative.length < absolute.length ? relative : absolute;
  }

  /** Moves along the row; fromX -1 (waiting to wrap after the last column) needs \r or CHA. */
  private column(fromX: number, x: number): string {
    if (fromX === x) return '';
    if (x === 0) return '\r';
    const cha = this.caps.cha ? `${CSI}${x + 1}G` : `\r${CSI}${x === 1 ? '' : x}C`;
    if (fromX < 0) return cha;
    const n = Math.abs(x - fromX);
    const relative =
      x < fromX ? (n <= 2 ? '\b'.repeat(n) : `${CSI}${n}D`) : `${CSI}${n === 1 ? '' : n}C`;
    return relative.length < cha.length ? relative : cha;
  }

  private styleTo(key: string): string {
    if (key === this.realStyle) return '';
    const from = this.realStyle;
    this.realStyle = key;
    if (key === '') return `${CSI}m`;
    return from === '' ? `${CSI}${key}m` : `${CSI}0;${key}m`;
  }
}

/**
 * About what the diff sends to bring row yb of `b` (a blank row if undefined) to row ya of
 * `a`: each differing cell, and a cursor move for each run of them.
 */
function cost(a: Grid, ya: number, b: Grid | undefined, yb = 0): number {
  const [ac, as] = [a.chars[ya], a.styles[ya]];
  const [bc, bs] = b ? [b.chars[yb], b.styles[yb]] : [undefined, undefined];
  let n = 0;
  let last = -GAP - 2;
  for (let x = 0; x < a.cols; x++) {
    if (ac[x] === (bc ? bc[x] : ' ') && as[x] === (bs ? bs[x] : '')) continue;
    n += x - last > GAP + 1 ? 6 : x - last;
    last = x;
  }
  return n;
}

function sameRow(a: Grid, b: Grid, y: number): boolean {
  const [ac, as, bc, bs] = [a.chars[y], a.styles[y], b.chars[y], b.styles[y]];
  for (let x = 0; x < a.cols; x++) if (ac[x] !== bc[x] || as[x] !== bs[x]) return false;
  return true;
}

function isBlank(g: Grid, y: number): boolean {
  return cost(g, y, undefined) === 0;
}

/** Index just past the escape sequence starting at `i`, or -1 if it is cut off. */
function sequenceEnd(s: string, i: number): number {
  if (i + 1 >= s.length) return -1;
  const kind = s[i + 1];
  if (kind === '[') {
    for (let j = i + 2; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c >= 0x40 && c <= 0x7e) return j + 1;
    }
    return -1;
  }
  if (kind === ']' || kind === 'P' || kind === '_' || kind === '^') {
    // OSC, DCS, APC, PM: up to BEL (OSC only) or ST.
    for (let j = i + 2; j < s.length; j++) {
      if (s[j] === '\u0007' && kind === ']') return j + 1;
      if (s[j] === ESC) return s[j + 1] === '\\' ? j + 2 : j + 1 < s.length ? j : -1;
    }
    return -1;
  }
  // ESC, intermediates, then a final byte: ESC 7, ESC ( B, ...
  let j = i + 1;
  while (j < s.length && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x2f) j++;
  return j < s.length ? j + 1 : -1;
}
