// A scrollable, searchable page of text (describe, YAML): j/k, g/G, PgUp/PgDn, / to search
// with n/N, Esc to close.
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import { useState } from 'react';
import { matcher } from '../store/select.js';
import { keyName } from './keymap.js';
import { accent } from './theme.js';

interface Props {
  title: string;
  lines: string[];
  height: number;
  onClose(): void;
}

export function TextView({ title, lines, height, onClose }: Props) {
  const [top, setTop] = useState(0);
  const [searching, setSearching] = useState(false);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<string | undefined>();
  const page = Math.max(1, height - 2);
  const maxTop = Math.max(0, lines.length - page);
  const go = (n: number) => setTop(Math.max(0, Math.min(maxTop, n)));
  const find = (from: number, dir: 1 | -1) => {
    const match = matcher(query);
    for (let k = 1; k <= lines.length; k++) {
      const i = (from + dir * k + lines.length) % lines.length;
      if (match(lines[i])) {
        setFound(undefined);
        return go(i);
      }
    }
    setFound(`not found: ${query}`);
  };
  useInput((ch, key) => {
    const name = keyName(ch, key);
    if (searching) {
      if (name === 'esc') setSearching(false);
      return;
    }
    if (name === 'esc' || name === 'q') return onClose();
    if (name === 'j' || name === 'down') go(top + 1);
    else if (name === 'k' || name === 'up') go(top - 1);
    else if (name === 'pgdn' || name === 'ctrl-f' || name === ' ') go(top + page);
    else if (name === 'pgup' || name === 'ctrl-b') go(top - page);
    else if (name === 'g' || name === 'home') go(0);
    else if (name === 'G' || name === 'end') go(maxTop);
    else if (name === '/') {
      setQuery('');
      setSearching(true);
    } else if (name === 'n' && query) find(top, 1);
    else if (name === 'N' && query) find(top, -1);
  });
  const match = query ? matcher(query) : undefined;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={accent}>
        {title} [{lines.length ? top + 1 : 0}-{Math.min(lines.length, top + page)}/{lines.length}]
      </Text>
      {lines.slice(top, top + page).map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional
        <Text key={top + i} wrap="truncate-end" inverse={Boolean(match?.(l))}>
          {l || ' '}
        </Text>
      ))}
      {searching ? (
        <Box>
          <Text>/</Text>
          <TextInput
            value={query}
            onChange={setQuery}
            onSubmit={() => {
              setSearching(false);
              find(top - 1, 1);
            }}
          />
        </Box>
      ) : (
        <Text dimColor>
          {found ?? '<esc> back  </> search  <n/N> next/previous  <g/G> top/bottom'}
        </Text>
      )}
    </Box>
  );
}
