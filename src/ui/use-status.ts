// The one-line message under the screen (a result, a refusal, the server's reason). It stays
// until the next key or for 5 s, whichever comes first, so it never answers for a later key.
import { useCallback, useEffect, useState } from 'react';
import { inertLine } from '../util/inert.js';

export interface Message {
  text: string;
  error: boolean;
}

export interface Status {
  message?: Message;
  say(text: string, error?: boolean): void;
  clear(): void;
}

const SHOWN_MS = 5000;

export function useStatus(): Status {
  const [message, setMessage] = useState<Message | undefined>();
  useEffect(() => {
    if (!message) return;
    const t = setTimeout(() => setMessage(undefined), SHOWN_MS);
    return () => clearTimeout(t);
  }, [message]);
  // Messages quote the server (reasons, names): one line, nothing the terminal would obey.
  const say = useCallback(
    (text: string, error = false) => setMessage({ text: inertLine(text), error }),
    [],
  );
  const clear = useCallback(() => setMessage(undefined), []);
  return { message, say, clear };
}
