// The one-line input of command, filter and scale prompts (ink-text-input). Text that
// arrives with a newline in it (a paste, keys sent together) is submitted at the newline.
import { Box, Text } from 'ink';
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
  return (
    <Box>
      <Text>{label}</Text>
      <TextInput value={value} onChange={change} onSubmit={(v) => onSubmit(accept(v))} />
      {note && <Text color={note.error ? 'red' : undefined}> {note.text}</Text>}
    </Box>
  );
}
