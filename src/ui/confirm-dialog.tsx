// A confirmation that names what will happen; its default is Cancel (Enter on it does nothing).
import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { Propagation } from '../resources/index.js';
import { keyName } from './keymap.js';

export interface ConfirmOptions {
  propagation: Propagation;
  force: boolean;
}

interface Props {
  title: string;
  lines: string[];
  confirmLabel: string;
  /** Offer the cascade choice (owners) and/or force (pods). */
  cascade?: boolean;
  force?: boolean;
  onConfirm(opts: ConfirmOptions): void;
  onCancel(): void;
}

const CASCADES: Propagation[] = ['Background', 'Foreground', 'Orphan'];

export function ConfirmDialog({
  title,
  lines,
  confirmLabel,
  cascade,
  force,
  onConfirm,
  onCancel,
}: Props) {
  const [focus, setFocus] = useState<'cancel' | 'confirm'>('cancel');
  const [propagation, setPropagation] = useState<Propagation>('Background');
  const [forced, setForced] = useState(false);
  useInput((ch, key) => {
    const name = keyName(ch, key);
    if (name === 'esc' || name === 'q') return onCancel();
    if (['tab', 'left', 'right', 'h'].includes(name) || key.leftArrow || key.rightArrow)
      return setFocus((f) => (f === 'cancel' ? 'confirm' : 'cancel'));
    if (name === 'c' && cascade)
      return setPropagation((p) => CASCADES[(CASCADES.indexOf(p) + 1) % CASCADES.length]);
    if (name === 'f' && force) return setForced((x) => !x);
    if (name === 'enter')
      return focus === 'confirm' ? onConfirm({ propagation, force: forced }) : onCancel();
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{title}</Text>
      {lines.map((l) => (
        <Text key={l} wrap="truncate-end">
          {l}
        </Text>
      ))}
      {cascade && <Text>cascade: {propagation.toLowerCase()} (c to change)</Text>}
      {force && (
        <Text>
          force:{' '}
          {forced
            ? 'ON — the pod is removed at once, without graceful termination; its containers may still be running'
            : 'off (f to toggle)'}
        </Text>
      )}
      <Text>
        <Text inverse={focus === 'cancel'}>{focus === 'cancel' ? '› Cancel ‹' : '  Cancel  '}</Text>
        <Text> </Text>
        <Text inverse={focus === 'confirm'}>
          {focus === 'confirm' ? `› ${confirmLabel} ‹` : `  ${confirmLabel}  `}
        </Text>
        <Text dimColor> (Tab to choose, Enter, Esc)</Text>
      </Text>
    </Box>
  );
}
