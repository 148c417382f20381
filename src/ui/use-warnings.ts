// The server's Warning headers over the session (deprecations, as kubectl prints them on
// stderr): the newest goes to the status line, every one is kept for `:warnings`. The session
// outlives a context switch, so the list does too.
//
// The same text again while it is on screen changes nothing (a delete of five marked pods is
// five answers with one warning). kubectl (client-go's warning writer with Deduplicate)
// prints a text once per process; a kdeck session lasts hours, so a text that comes again
// after it left the screen, from a later action, is shown again; the list keeps one line for
// it, counted.
import { useEffect, useRef } from 'react';
import { inertLine } from '../util/inert.js';
import type { ClusterSource } from './cluster-source.js';
import type { Status } from './use-status.js';

export interface SeenWarning {
  /** Sanitized: text from the cluster. */
  text: string;
  first: number;
  last: number;
  count: number;
}

/** Distinct texts kept (the oldest go first): a long session must not grow without end. */
const KEPT = 200;

/** Subscribes to the source's warnings; returns a reader of those seen, oldest first. */
export function useWarnings(source: ClusterSource, status: Status): () => readonly SeenWarning[] {
  const seen = useRef<SeenWarning[]>([]);
  const onScreen = useRef<string | undefined>(undefined);
  const { warn, message } = status;
  useEffect(() => {
    onScreen.current = message?.warning;
  }, [message]);
  useEffect(
    () =>
      source.onWarning((raw) => {
        const text = inertLine(raw);
        if (text === onScreen.current) return;
        // Until the effect above says what is on screen: a second answer in the same tick.
        onScreen.current = text;
        const now = Date.now();
        const before = seen.current.find((w) => w.text === text);
        const entry = before
          ? { ...before, last: now, count: before.count + 1 }
          : { text, first: now, last: now, count: 1 };
        seen.current = [...seen.current.filter((w) => w !== before), entry].slice(-KEPT);
        warn(text);
      }),
    [source, warn],
  );
  return () => seen.current;
}

const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 8);

/** The `:warnings` page: newest last, each with its local time (a repeat's count first: a
 * long line is cut at the screen's edge). */
export function warningLines(seen: readonly SeenWarning[]): string[] {
  if (!seen.length) return ['no warnings from the server'];
  return seen.map(
    (w) =>
      `${clock(w.last)}  ${w.count > 1 ? `(${w.count} times since ${clock(w.first)})  ` : ''}Warning: ${w.text}`,
  );
}
