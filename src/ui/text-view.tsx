// A page of text (describe, YAML): scrolls up and down, sideways (←/→, h/l) or wraps (w),
// searches with / and n/N; on a Secret's page, `x` shows or hides its values. Its lines are
// made for `now`, so ages in it keep ticking.
import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import stringWidth from 'string-width';
import { useCopy } from './clipboard.js';
import { useKeys } from './key-router.js';
import { actionFor, bindingsFor } from './keymap.js';
import { accent } from './theme.js';
import { type SearchedPage, useSearch } from './use-search.js';
import type { Status } from './use-status.js';

const KEYS = bindingsFor('text');
const SECRET_KEYS = bindingsFor('text', undefined, { revealable: true });
/** Columns one ←/→ moves. */
const SIDESTEP = 8;

interface Props {
  title: string;
  lines(now: number): string[];
  now: number;
  height: number;
  width: number;
  status: Status;
  onClose(): void;
  /** Called by `x`: the page shows or hides the values it hides (a Secret's). */
  onReveal?(): void;
}

export function TextView({
  title,
  lines: linesAt,
  now,
  height,
  width,
  status,
  onClose,
  onReveal,
}: Props) {
  // Made again once a second (describe's ages), not on every render a key causes.
  const second = Math.floor(now / 1000);
  const lines = useMemo(() => linesAt(second * 1000), [linesAt, second]);
  const [top, setTop] = useState(0);
  const [left, setLeft] = useState(0);
  const [wrap, setWrap] = useState(false);
  // Screen rows: each line cut to the width, or wrapped into several rows.
  const rows = useMemo(
    () =>
      wrap
        ? lines.flatMap((l, i) => wrapLine(l, width).map((text) => ({ text, line: i })))
        : lines.map((text, line) => ({ text, line })),
    [lines, wrap, width],
  );
  const search = useSearch();
  const page = Math.max(1, height - 1 - (search.typing ? 1 : 0));
  const maxTop = Math.max(0, rows.length - page);
  const first = Math.min(top, maxTop);
  const go = (n: number) => setTop(Math.max(0, Math.min(maxTop, n)));
  const widest = useMemo(() => lines.reduce((w, l) => Math.max(w, stringWidth(l)), 0), [lines]);
  const searched: SearchedPage = {
    count: rows.length,
    textAt: (i) => rows[i].text,
    first,
    show: go,
    notFound: (q) => status.say(`not found: ${q}`, true),
  };

  const copy = useCopy(status.say);
  /** The page's lines the given screen rows show, each once and whole. */
  const linesOf = (rowsShown: number[]) =>
    [...new Set(rowsShown.map((r) => rows[r].line))].map((l) => lines[l]);

  useKeys('screen', (key) => {
    const action = actionFor(key, onReveal ? SECRET_KEYS : KEYS);
    if (search.act(action, searched)) return true;
    switch (action) {
      case 'back':
        onClose();
        break;
      case 'down':
        go(first + 1);
        break;
      case 'up':
        go(first - 1);
        break;
      case 'pageDown':
        go(first + page);
        break;
      case 'pageUp':
        go(first - page);
        break;
      case 'top':
        go(0);
        break;
      case 'bottom':
        go(maxTop);
        break;
      case 'left':
        setLeft((x) => Math.max(0, x - SIDESTEP));
        break;
      case 'right':
        if (!wrap) setLeft((x) => Math.min(Math.max(0, widest - width + 1), x + SIDESTEP));
        break;
      case 'wrap':
        setWrap((w) => !w);
        setLeft(0);
        break;
      case 'reveal':
        onReveal?.();
        break;
      case 'copy': {
        // Whole lines, however far scrolled sideways; a search's hits over the whole page.
        const hits = search.hits(searched);
        if (hits.length) copy(linesOf(hits), { matching: search.query });
        else
          copy(
            linesOf(
              Array.from({ length: Math.min(page, rows.length - first) }, (_, i) => first + i),
            ),
          );
        break;
      }
      default:
        return false;
    }
    return true;
  });

  const match = search.match;
  const shownRows = rows.slice(first, first + page);
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={accent} wrap="truncate-end">
        {title} [{rows.length ? first + 1 : 0}-{Math.min(rows.length, first + page)}/{rows.length}]
        {wrap ? ' wrap' : left ? ` →${left}` : ''}
      </Text>
      {shownRows.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
        <Text key={i} wrap="truncate-end" inverse={Boolean(match?.(r.text))}>
          {(wrap ? r.text : sliceColumns(r.text, left)) || ' '}
        </Text>
      ))}
      <Box flexGrow={1} />
      {search.prompt(searched)}
    </Box>
  );
}

/** The text from display column `from` on (wide characters count two). */
export function sliceColumns(text: string, from: number): string {
  if (from <= 0) return text;
  let col = 0;
  let i = 0;
  const chars = [...text];
  while (i < chars.length && col < from) col += stringWidth(chars[i++]);
  return chars.slice(i).join('');
}

/** A line cut into rows of at most `width` display columns. */
export function wrapLine(text: string, width: number): string[] {
  if (width <= 0 || stringWidth(text) <= width) return [text];
  const rows: string[] = [];
  let row = '';
  let w = 0;
  for (const ch of text) {
    const cw = stringWidth(ch);
    if (w + cw > width) {
      rows.push(row);
      row = '';
      w = 0;
    }
    row += ch;
    w += cw;
  }
  if (row) rows.push(row);
  return rows;
}
