// The bottom line when no prompt is open: the last message while it lasts, else the hints.
import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { Message } from './use-status.js';

export function StatusLine({ message, children }: { message?: Message; children: ReactNode }) {
  if (!message) return children;
  return (
    <Text color={message.error ? 'red' : undefined} wrap="truncate-end">
      {message.text}
    </Text>
  );
}
