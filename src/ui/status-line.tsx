// The bottom line when no prompt is open: the last message while it lasts, else the hints.
// A long message (a file's path, the server's reason) takes up to three lines rather than
// being cut where the information is; the body gives them up.
import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import stringWidth from 'string-width';
import { alertColor } from './theme.js';
import type { Message } from './use-status.js';

const MAX_LINES = 3;
const GAP = '  ';

/** A server warning as kubectl prints it. */
const warningText = (m: Message) => (m.warning ? `Warning: ${m.warning}` : '');
const shown = (m: Message) => [m.text, warningText(m)].filter(Boolean).join(GAP);

/** Lines the bottom of the screen needs for `message` at `width` columns. */
export const statusLines = (message: Message | undefined, width: number) =>
  message ? Math.min(MAX_LINES, Math.max(1, Math.ceil(stringWidth(shown(message)) / width))) : 1;

export function StatusLine({
  message,
  width,
  children,
}: {
  message?: Message;
  width: number;
  children: ReactNode;
}) {
  if (!message) return children;
  return (
    <Box height={statusLines(message, width)} overflow="hidden">
      <Text wrap="wrap">
        <Text color={message.error ? alertColor('red') : undefined}>{message.text}</Text>
        {message.text && message.warning ? GAP : ''}
        <Text color={alertColor('yellow')}>{warningText(message)}</Text>
      </Text>
    </Box>
  );
}
