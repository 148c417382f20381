// The one-line input of every prompt (command, filter, scale, search), on the key router's
// prompt layer: while it is open it takes every key but Ctrl-C (which still quits). Ctrl-U
// clears the line and Ctrl-W deletes the last word, as in a shell.
import { Text, useWindowSize } from 'ink';
import stringWidth from 'string-width';
import { useKeys } from './key-router.js';
import { actionFor, bindingsFor } from './keymap.js';
import { typedChar } from './keys.js';

const KEYS = bindingsFor('prompt');

export interface LineInputProps {
  label: string;
  value: string;
  onChange(value: string): void;
  onSubmit(value: string): void;
  onCancel(): void;
  /** Tab (command completion). */
  onComplete?(): void;
  /** Why a typed character is refused (scale: digits only); undefined takes it. */
  refuse?(ch: string): string | undefined;
  onRefuse?(reason: string): void;
  /** Said beside the line (a refusal, a question). */
  note?: { text: string; error: boolean };
}

/** The end of `text` that fits in `width` columns. */
function tail(text: string, width: number): string {
  const chars = [...text];
  let w = 0;
  let i = chars.length;
  while (i > 0 && w + stringWidth(chars[i - 1]) <= width) w += stringWidth(chars[--i]);
  return chars.slice(i).join('');
}

export function LineInput(p: LineInputProps) {
  const { columns } = useWindowSize();
  useKeys('prompt', (key) => {
    if (key === 'ctrl-c') return false;
    switch (actionFor(key, KEYS)) {
      case 'confirm':
        p.onSubmit(p.value);
        return true;
      case 'cancel':
        p.onCancel();
        return true;
      case 'complete':
        p.onComplete?.();
        return true;
      case 'erase':
        p.onChange([...p.value].slice(0, -1).join(''));
        return true;
      case 'killLine':
        p.onChange('');
        return true;
      case 'killWord':
        p.onChange(p.value.replace(/\S*\s*$/, ''));
        return true;
    }
    const ch = typedChar(key);
    if (ch === undefined) return true;
    const refusal = p.refuse?.(ch);
    if (refusal) p.onRefuse?.(refusal);
    else p.onChange(p.value + ch);
    return true;
  });
  // The end of the line is where the typing is: a line longer than the terminal shows its end.
  const room = Math.max(1, columns - stringWidth(p.label) - 2);
  const shown = stringWidth(p.value) > room ? `…${tail(p.value, room - 1)}` : p.value;
  return (
    <Text wrap="truncate-end">
      {p.label}
      {shown}
      <Text inverse> </Text>
      {p.note && <Text color={p.note.error ? 'red' : undefined}> {p.note.text}</Text>}
    </Text>
  );
}
