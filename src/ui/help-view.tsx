import { Box, Text } from 'ink';
import type { Action, Binding } from './keymap.js';
import { accent } from './theme.js';

interface Props {
  bindings: Binding[];
  /** Keys the server forbids, with why. */
  denied: ReadonlyMap<Action, string>;
}

export function HelpView({ bindings, denied }: Props) {
  const line = (b: Binding) =>
    `${b.keys
      .map((k) => (k === ' ' ? 'space' : k))
      .join(', ')
      .padEnd(
        14,
      )} ${b.description}${denied.has(b.action) ? ` (forbidden: ${denied.get(b.action)})` : ''}`;
  // Two columns, so that every key fits on an 80×24 screen.
  const half = Math.ceil(bindings.length / 2);
  const columns = [bindings.slice(0, half), bindings.slice(half)];
  return (
    <Box flexDirection="column">
      <Text bold color={accent}>
        Keys (Esc or ? to close)
      </Text>
      <Box>
        {columns.map((col, c) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: two fixed columns
          <Box key={c} flexDirection="column" width="50%" paddingRight={1}>
            {col.map((b) => (
              <Text key={b.action} dimColor={denied.has(b.action)} wrap="truncate-end">
                {line(b)}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}

const HINT_NAMES: Partial<Record<Action, string>> = {
  command: 'cmd',
  allNamespaces: 'all ns',
  sortNext: 'sort',
  describe: 'desc',
};

/** What the hint bar shows first when it cannot show everything: how to get help and
 * commands, then what this kind allows, then the rest. */
const rank = (b: Binding) => (b.action === 'command' || b.action === 'help' ? 0 : b.kinds ? 1 : 2);

export function HintBar({ width, bindings, denied }: Props & { width: number }) {
  const text = bindings
    .filter((b) => b.hint)
    .sort((a, b) => rank(a) - rank(b))
    .map(
      (b) =>
        `<${b.keys[0]}> ${HINT_NAMES[b.action] ?? b.action}${denied.has(b.action) ? '(forbidden)' : ''}`,
    )
    .join('  ');
  return (
    <Text dimColor wrap="truncate-end">
      {text.slice(0, width)}
    </Text>
  );
}
