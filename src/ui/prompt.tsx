// The one-line input of command, filter and scale prompts (ink-text-input). Text that
// arrives with a newline in it (a paste, keys sent together) is submitted at the newline.
// Ctrl-U clears the line and Ctrl-W deletes the last word, as in a shell (lineEdit).
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import { useRef } from 'react';

const KILL_LINE = '\u0015';
const KILL_WORD = '\u0017';

/** The line as a shell leaves it: Ctrl-U clears it, Ctrl-W deletes the last word, and
 * other control characters are dropped. Also for text that opens a prompt (app.tsx). */
export function lineEdit(text: string): string {
  let line = '';
  for (const ch of text) {
    if (ch === KILL_LINE) line = '';
    else if (ch === KILL_WORD) line = line.replace(/\S*\s*$/, '');
    else if (ch >= ' ' && ch !== '\u007F') line += ch;
  }
  return line;
}

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
  // ink-text-input has no line editing. A Ctrl key pressed alone reaches it as its letter
  // (Ctrl-U types "u"); keys that arrive together reach it as raw text ("\u00153"). Both
  // input handlers see the same key in an order not ours to rely on, so the edited line is
  // kept here for the rest of that key and wins whichever handler runs last.
  const edited = useRef<string | undefined>(undefined);
  const change = (next: string) => {
    if (edited.current !== undefined) return onChange(edited.current);
    const [line, ...rest] = next.split(/\r|\n/);
    if (rest.length) onSubmit(accept(lineEdit(line)));
    else onChange(accept(lineEdit(line)));
  };
  useInput((input, key) => {
    if (!key.ctrl || (input !== 'u' && input !== 'w')) return;
    edited.current = lineEdit(value + (input === 'u' ? KILL_LINE : KILL_WORD));
    onChange(edited.current);
    queueMicrotask(() => {
      edited.current = undefined;
    });
  });
  return (
    <Box>
      <Text>{label}</Text>
      <TextInput value={value} onChange={change} onSubmit={(v) => onSubmit(accept(v))} />
      {note && <Text color={note.error ? 'red' : undefined}> {note.text}</Text>}
    </Box>
  );
}
