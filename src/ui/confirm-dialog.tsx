// A confirmation that names what will happen; its default is Cancel (Enter on it does nothing).
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { Propagation } from '../resources/index.js';
import { useKeys } from './key-router.js';
import { actionFor, bindingsFor } from './keymap.js';

const KEYS = bindingsFor('confirm');

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
  /** Keys it does not use go on to the page under it (the list it asks about, to scroll). */
  passOthers?: boolean;
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
  passOthers,
  onConfirm,
  onCancel,
}: Props) {
  const [focus, setFocus] = useState<'cancel' | 'confirm'>('cancel');
  const [propagation, setPropagation] = useState<Propagation>('Background');
  const [forced, setForced] = useState(false);
  // Modal: while it is open no key reaches the table under it (Ctrl-C still quits).
  useKeys('modal', (key) => {
    if (key === 'ctrl-c') return false;
    const action = actionFor(key, KEYS);
    if (!action) return !passOthers;
    switch (action) {
      case 'cancel':
        onCancel();
        break;
      case 'toggle':
        setFocus((f) => (f === 'cancel' ? 'confirm' : 'cancel'));
        break;
      case 'cascade':
        if (cascade) setPropagation((p) => CASCADES[(CASCADES.indexOf(p) + 1) % CASCADES.length]);
        break;
      case 'force':
        if (force) setForced((x) => !x);
        break;
      case 'confirm':
        if (focus === 'confirm') onConfirm({ propagation, force: forced });
        else onCancel();
        break;
    }
    return true;
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
