// The message under the screen (a result, a refusal, the server's reason), and beside it the
// newest Warning the server sent. It stays until the next key or for 5 s, whichever comes
// first, so it never answers for a later key.
import { useCallback, useEffect, useState } from 'react';
import { inertLine } from '../util/inert.js';

export interface Message {
  text: string;
  error: boolean;
  /** The server's newest Warning (use-warnings.ts), shown after the text. */
  warning?: string;
  /** Shown until the next key however long that takes (a problem said as the screen opens). */
  keep?: boolean;
}

export interface Status {
  message?: Message;
  say(text: string, error?: boolean, keep?: boolean): void;
  /** Shows a Warning from the server; the same one again while it is shown changes nothing. */
  warn(text: string): void;
  clear(): void;
}

const SHOWN_MS = 5000;

export function useStatus(): Status {
  const [message, setMessage] = useState<Message | undefined>();
  useEffect(() => {
    if (!message || message.keep) return;
    const t = setTimeout(() => setMessage(undefined), SHOWN_MS);
    return () => clearTimeout(t);
  }, [message]);
  // Messages quote the server (reasons, names): one line, nothing the terminal would obey.
  // A warning and the message of the action it came with are shown together, neither
  // replacing the other: the warning arrives with the answer's headers, just before the
  // action says how it went ("scaled web to 3"), and the user needs both. A key clears both.
  const say = useCallback(
    (text: string, error = false, keep = false) =>
      setMessage((m) => ({ text: inertLine(text), error, keep, warning: m?.warning })),
    [],
  );
  const warn = useCallback((text: string) => {
    const warning = inertLine(text);
    setMessage((m) =>
      m?.warning === warning ? m : { text: m?.text ?? '', error: m?.error ?? false, warning },
    );
  }, []);
  const clear = useCallback(() => setMessage(undefined), []);
  return { message, say, warn, clear };
}
