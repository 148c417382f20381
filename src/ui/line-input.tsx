// The one-line input of every prompt (command, filter, scale, search), on the key router's
// prompt layer: while it is open it takes every key but Ctrl-C (which still quits). Ctrl-U
// clears the line and Ctrl-W deletes the last word, as in a shell.
import { Text } from 'ink';
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

export function LineInput(p: LineInputProps) {
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
  return (
    <Text wrap="truncate-end">
      {p.label}
      {p.value}
      <Text inverse> </Text>
      {p.note && <Text color={p.note.error ? 'red' : undefined}> {p.note.text}</Text>}
    </Text>
  );
}
