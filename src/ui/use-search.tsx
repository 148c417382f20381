// Searching a page of lines (describe, YAML, logs): `/` opens a prompt, Enter finds the next
// line that matches (text or a regular expression, as the table filter; its `!` and `-f` pick
// rows, not lines), n/N go on from the line on top, wrapping around; no match says so.
import { useState } from 'react';
import { matcher } from '../store/select.js';
import type { Action } from './keymap.js';
import { LineInput } from './line-input.js';

export interface SearchedPage {
  count: number;
  textAt(i: number): string;
  /** The line on top now, and how to bring line i there. */
  first: number;
  show(i: number): void;
  notFound(query: string): void;
}

export function useSearch() {
  const [typing, setTyping] = useState<string | undefined>();
  const [query, setQuery] = useState('');

  const find = (page: SearchedPage, dir: 1 | -1, q = query) => {
    if (!q || !page.count) return;
    const match = matcher(q);
    for (let k = 1; k <= page.count; k++) {
      const i = (page.first + dir * k + page.count) % page.count;
      if (match(page.textAt(i))) return page.show(i);
    }
    page.notFound(q);
  };

  /** The search keys of a page's binding table (`/`, n, N); false for any other action. */
  const act = (action: Action | undefined, page: SearchedPage): boolean => {
    if (action === 'search') setTyping('');
    else if (action === 'next') find(page, 1);
    else if (action === 'previousMatch') find(page, -1);
    else return false;
    return true;
  };

  return {
    act,
    /** A prompt is open (it takes a line of the page). */
    typing: typing !== undefined,
    /** The prompt line while one is open, else null. */
    prompt: (page: SearchedPage) =>
      typing === undefined ? null : (
        <LineInput
          label="/"
          value={typing}
          onChange={setTyping}
          onCancel={() => setTyping(undefined)}
          onSubmit={(q) => {
            setTyping(undefined);
            setQuery(q);
            find(page, 1, q);
          }}
        />
      ),
    /** Highlights the lines that match the last search. */
    match: query ? matcher(query) : undefined,
    /** The last search, while it is in force ('' when none). */
    query,
    /** The lines of the page that match the last search (none without one). */
    hits: (page: SearchedPage): number[] => {
      if (!query) return [];
      const match = matcher(query);
      const found: number[] = [];
      for (let i = 0; i < page.count; i++) if (match(page.textAt(i))) found.push(i);
      return found;
    },
  };
}
