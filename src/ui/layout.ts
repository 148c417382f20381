// Fitting a table to the terminal: cell text, column widths, dropping columns by priority,
// truncating with … (widths measured as the terminal draws them, wide characters included).
import stringWidth from 'string-width';
import type { Cell, Column, Row } from '../resources/index.js';
import { humanDuration } from '../util/duration.js';

export function cellText(c: Cell, now: number): string {
  if (typeof c === 'string') return c;
  if (typeof c === 'number') return String(c);
  if ('since' in c) return c.since ? humanDuration(now - c.since) : '<unknown>';
  if ('text' in c) return c.text;
  return c.restarts && c.lastRestart
    ? `${c.restarts} (${humanDuration(now - c.lastRestart)} ago)`
    : String(c.restarts);
}

export function truncate(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = stringWidth(ch);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

export function pad(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const gap = Math.max(0, width - stringWidth(text));
  return align === 'right' ? ' '.repeat(gap) + text : text + ' '.repeat(gap);
}

const GAP = 2;

export interface Layout {
  /** Indexes of the columns shown, in order. */
  columns: number[];
  widths: number[];
}

/** Chooses columns and widths for `width` cells, measuring the header and the rows shown. */
export function fitColumns(columns: Column[], texts: string[][], width: number): Layout {
  const natural = columns.map((c, i) =>
    Math.max(stringWidth(c.name), ...texts.map((t) => stringWidth(t[i] ?? ''))),
  );
  let shown = columns.map((_, i) => i).filter((i) => !columns[i].hidden);
  const total = () => shown.reduce((sum, i) => sum + natural[i], 0) + GAP * (shown.length - 1);
  // Drop the least important columns (highest priority number, rightmost first) until it fits.
  while (total() > width) {
    const droppable = shown.filter((i) => columns[i].priority > 0);
    if (!droppable.length) break;
    const worst = droppable.reduce((a, b) => (columns[b].priority >= columns[a].priority ? b : a));
    shown = shown.filter((i) => i !== worst);
  }
  const widths = shown.map((i) => natural[i]);
  const over = total() - width;
  if (over > 0) {
    // Still too wide: the widest column (the names, as a rule) gives up the rest, down to 8 cells.
    const widest = widths.indexOf(Math.max(...widths));
    widths[widest] = Math.max(8, widths[widest] - over);
  }
  return { columns: shown, widths };
}

export function formatLine(texts: string[], columns: Column[], layout: Layout): string {
  return layout.columns
    .map((ci, k) =>
      pad(truncate(texts[ci] ?? '', layout.widths[k]), layout.widths[k], columns[ci].align),
    )
    .join(' '.repeat(GAP));
}

export function rowTexts(row: Row, now: number): string[] {
  return row.cells.map((c) => cellText(c, now));
}

/** `text` in lines of at most `width` columns, broken at spaces (a longer word is cut). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    const joined = line ? `${line} ${word}` : word;
    if (stringWidth(joined) <= width) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (stringWidth(line) > width) {
      const chars = [...line];
      let cut = 0;
      let w = 0;
      while (cut < chars.length && w + stringWidth(chars[cut]) <= Math.max(1, width))
        w += stringWidth(chars[cut++]);
      lines.push(chars.slice(0, cut).join(''));
      line = chars.slice(cut).join('');
    }
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}
