// The one-line input of every prompt (command, filter, scale, search), on the key router's
// prompt layer: while it is open it takes every key but Ctrl-C (which still quits). Ctrl-U
// clears the line and Ctrl-W deletes the last word, as in a shell.
import { Text, useWindowSize } from 'ink';
import stringWidth from 'string-width';
import { useKeys } from './key-router.js';
import { actionFor, bindingsFor } from './keymap.js';
import { typedChar } from './keys.js';
import { alertColor } from './theme.js';

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

/** `text` cut to `width` columns in its middle, with `…` there: both of its ends stay. */
function middle(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  if (width <= 1) return width === 1 ? '…' : '';
  const chars = [...text];
  let head = '';
  let w = 0;
  const half = Math.ceil((width - 1) / 2);
  for (const ch of chars) {
    if (w + stringWidth(ch) > half) break;
    head += ch;
    w += stringWidth(ch);
  }
  return `${head}…${tail(text, width - 1 - w)}`;
}

/**
 * The label and the typed text as they fit in `columns`, with the cursor's column after them.
 * The typed text is what matters: the label gives way first (cut in its middle, so that both
 * what is asked and the question's end stay), down to a quarter of the line; then the text
 * shows its end, where the typing is.
 */
export function fitLine(label: string, value: string, columns: number) {
  const room = Math.max(1, columns - 1);
  const labelWidth = stringWidth(label);
  const valueWidth = stringWidth(value);
  if (labelWidth + valueWidth <= room) return { label, shown: value };
  const labelRoom = Math.min(
    labelWidth,
    Math.max(room - valueWidth, Math.min(labelWidth, Math.floor(columns / 4))),
  );
  const valueRoom = room - labelRoom;
  const shown = valueWidth > valueRoom ? `…${tail(value, Math.max(0, valueRoom - 1))}` : value;
  return { label: middle(label, labelRoom), shown };
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
  const { label, shown } = fitLine(p.label, p.value, columns);
  return (
    <Text wrap="truncate-end">
      {label}
      {shown}
      <Text inverse> </Text>
      {p.note && <Text color={p.note.error ? alertColor('red') : undefined}> {p.note.text}</Text>}
    </Text>
  );
}
