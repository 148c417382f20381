import { Box, Text } from 'ink';
import { BINDINGS } from './keymap.js';
import { accent } from './theme.js';

export function HelpView() {
  return (
    <Box flexDirection="column">
      <Text bold color={accent}>
        Keys (Esc or ? to close)
      </Text>
      {BINDINGS.map((b) => (
        <Text key={b.action}>
          {b.keys.join(', ').padEnd(14)} {b.description}
        </Text>
      ))}
    </Box>
  );
}

export function HintBar({ width }: { width: number }) {
  const text = BINDINGS.filter((b) => b.hint)
    .map(
      (b) =>
        `<${b.keys[0]}> ${b.action === 'allNamespaces' ? 'all ns' : b.action === 'sortNext' ? 'sort' : b.action}`,
    )
    .join('  ');
  return (
    <Text dimColor wrap="truncate-end">
      {text.slice(0, width)}
    </Text>
  );
}
