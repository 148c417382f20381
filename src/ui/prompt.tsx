// The one-line input of command, filter and scale prompts (ink-text-input). Text that
// arrives with a newline in it (a paste, keys sent together) is submitted at the newline.
// Ctrl-U clears the line and Ctrl-W deletes the last word, as in a shell.
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  onSubmit(value: string): void;
  /** Keeps only the characters this prompt accepts (digits for scale). */
  accept?: (value: string) => string;
  note?: { text: string; error: boolean };
}

export function Prompt({ label, value, onChange, onSubmit, accept = (v) => v, note }: Props) {
  const change = (next: string) => {
    const [line, ...rest] = next.split(/\r|\n/);
    if (rest.length) onSubmit(accept(line));
    else onChange(accept(line));
  };
  // ink-text-input has no line editing and types the letter of a Ctrl key into the value.
  // Its handler runs first (a child's), so this one's value, taken before the key, wins.
  useInput((input, key) => {
    if (key.ctrl && input === 'u') onChange('');
    else if (key.ctrl && input === 'w') onChange(value.replace(/\S*\s*$/, ''));
  });
  return (
    <Box>
      <Text>{label}</Text>
      <TextInput value={value} onChange={change} onSubmit={(v) => onSubmit(accept(v))} />
      {note && <Text color={note.error ? 'red' : undefined}> {note.text}</Text>}
    </Box>
  );
}
