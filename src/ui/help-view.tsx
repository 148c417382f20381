// `?` help and the hint bar, both read from the binding tables that dispatch the keys.
import { Box, Text } from 'ink';
import stringWidth from 'string-width';
import type { Action, Binding } from './keymap.js';
import { keyLabel, keyWord } from './keymap.js';
import { wrapWords } from './layout.js';
import { accent } from './theme.js';
import { isForbidden } from './use-denied-actions.js';

interface Props {
  /** The screen's own bindings first, then the global ones (see reachable()). */
  bindings: Binding[];
  /** Keys the server forbids (or that are not yet known to be allowed), with why. */
  denied: ReadonlyMap<Action, string>;
}

/** Each key once: a screen's binding shadows a later table's binding of the same key. */
export function reachable(...tables: Binding[][]): Binding[] {
  const taken = new Set<string>();
  const out: Binding[] = [];
  for (const b of tables.flat()) {
    const keys = b.keys.filter((k) => !taken.has(k));
    for (const k of keys) taken.add(k);
    if (keys.length) out.push(keys.length === b.keys.length ? b : { ...b, keys });
  }
  return out;
}

/** Between the two columns, and between a key column and its descriptions. */
const GUTTER = 2;
/** The keys' column (its gutter counted) when the screen is too narrow for the widest keys. */
const MIN_KEYS_WIDTH = 15;
/** What descriptions keep before the keys' column grows past MIN_KEYS_WIDTH: the longest
 * one-line descriptions (`page up (tmux takes Ctrl-B, its prefix)`) whole, since a wrapped
 * description costs more reading than a key cut with … */
const MIN_DESCRIPTION_WIDTH = 40;

/** The keys' column, gutter counted: wide enough for the widest keys where there is room, so
 * that keys are cut only on a screen too narrow for them, and then still set apart from the
 * description by the gutter. */
export function keysWidth(bindings: Binding[], column: number): number {
  const widest = Math.max(0, ...bindings.map((b) => stringWidth(keysText(b))));
  const room = Math.max(MIN_KEYS_WIDTH, column - GUTTER - MIN_DESCRIPTION_WIDTH);
  return Math.min(widest + GUTTER, room);
}

const keysText = (b: Binding) => b.keys.map(keyLabel).join(', ');

interface Entry {
  binding: Binding;
  lines: string[];
}

/** Where to split the entries in two so that the taller column is as short as it can be. */
function split(entries: Entry[]): number {
  const total = entries.reduce((n, e) => n + e.lines.length, 0);
  let best = Math.ceil(entries.length / 2);
  let bestHeight = Number.POSITIVE_INFINITY;
  let left = 0;
  for (let i = 0; i <= entries.length; i++) {
    const height = Math.max(left, total - left);
    if (height < bestHeight) [best, bestHeight] = [i, height];
    left += entries[i]?.lines.length ?? 0;
  }
  return best;
}

export function HelpView({
  bindings,
  denied,
  width,
  height,
}: Props & { width: number; height: number }) {
  // The mark comes before the description, which wraps under itself in a narrow column (the
  // `:` row names every command).
  const description = (b: Binding) =>
    `${isForbidden(denied, b.action) ? '(forbidden) ' : ''}${b.description}`;
  // Two columns, so that every key fits on an 80×24 screen; split where their heights (the
  // wrapped descriptions counted) are closest.
  const left = Math.floor(width / 2);
  const widths = [left, width - left];
  const keys = keysWidth(bindings, left);
  const entries = bindings.map((b) => ({
    binding: b,
    lines: wrapWords(description(b), Math.max(1, left - GUTTER - keys)),
  }));
  const half = split(entries);
  const columns = [entries.slice(0, half), entries.slice(half)];
  // A help taller than the screen shows what fits and says that there is more, rather than
  // squeezing rows over one another.
  const room = Math.max(1, height - 1);
  const tallest = Math.max(...columns.map((c) => c.reduce((n, e) => n + e.lines.length, 0)));
  const cut = tallest > room;
  const rows = cut ? room - 1 : room;
  return (
    <Box flexDirection="column">
      <Text bold color={accent}>
        Keys (Esc or ? to close)
      </Text>
      <Box height={Math.min(tallest, rows)} overflow="hidden">
        {columns.map((col, c) => (
          <Box
            key={c ? 'right' : 'left'}
            flexDirection="column"
            width={widths[c]}
            flexShrink={0}
            paddingRight={GUTTER}
          >
            {col.map(({ binding: b, lines }) => (
              <Box key={`${b.scope}-${b.action}`} flexShrink={0} height={lines.length}>
                <Box width={keys} flexShrink={0} paddingRight={GUTTER}>
                  <Text dimColor={isForbidden(denied, b.action)} wrap="truncate-end">
                    {keysText(b)}
                  </Text>
                </Box>
                <Box flexDirection="column">
                  {lines.map((line, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one description
                    <Text key={i} dimColor={isForbidden(denied, b.action)} wrap="truncate-end">
                      {line}
                    </Text>
                  ))}
                </Box>
              </Box>
            ))}
          </Box>
        ))}
      </Box>
      {cut && <Text dimColor>… more keys than fit: a taller terminal shows them all</Text>}
    </Box>
  );
}

/** What the hint bar shows first when it cannot show everything: help, commands and quit,
 * then what this kind or page allows (Enter says where it leads on this kind), then the rest. */
const rank = (b: Binding) =>
  b.scope === 'global' ? 0 : b.kinds || b.revealable || b.drills !== undefined ? 1 : 2;

/** As many whole hints as fit in `width`, most useful first, in table order. */
export function hintText(bindings: Binding[], denied: ReadonlyMap<Action, string>, width: number) {
  const hints = bindings.filter((b) => b.hint);
  const chosen = new Set<Binding>();
  let used = 0;
  for (const b of [...hints].sort((a, c) => rank(a) - rank(c))) {
    const w = stringWidth(hint(b, denied)) + (chosen.size ? 2 : 0);
    if (used + w > width) continue;
    chosen.add(b);
    used += w;
  }
  return hints
    .filter((b) => chosen.has(b))
    .map((b) => hint(b, denied))
    .join('  ');
}

const hint = (b: Binding, denied: ReadonlyMap<Action, string>) =>
  `<${keyLabel(b.keys[0])}> ${keyWord(b)}${isForbidden(denied, b.action) ? '(forbidden)' : ''}`;

export function HintBar({ width, bindings, denied }: Props & { width: number }) {
  return (
    <Text dimColor wrap="truncate-end">
      {hintText(bindings, denied, width)}
    </Text>
  );
}
