// The page of `:apply -f`, `:create -f` and `:delete -f` (use-manifests.ts holds its state):
// the dry run's preview, scrolled with the usual keys; Enter sends, Esc cancels, `f` forces
// conflicting fields; delete's confirmation (default Cancel) sits under its list. Then the
// result lines, which Enter or Esc closes. Modal: no key reaches the table underneath. Keys
// typed while the server is asked (`:apply -f x⏎⏎`) wait for the preview they were meant for;
// Esc alone acts at once (it cancels a dry run that takes long).
import { Box, Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import stringWidth from 'string-width';
import type { Propagation } from '../resources/index.js';
import { inertLine } from '../util/inert.js';
import { closesOnly, type PageLine, pageLines, pageTitle, sendable } from './apply-lines.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { useKeys, useKeyWake } from './key-router.js';
import { type Action, actionFor, bindingsFor } from './keymap.js';
import { wrapLine } from './text-view.js';
import { accent, useColor } from './theme.js';
import type { ManifestPage } from './use-manifests.js';

const KEYS = bindingsFor('apply');
const SCROLL = new Set<Action | undefined>(['up', 'down', 'top', 'bottom', 'pageUp', 'pageDown']);
/** The confirmation's lines: its border, title, cascade and buttons. */
const DIALOG = 5;

interface Props {
  page: ManifestPage;
  height: number;
  width: number;
  onSend(propagation?: Propagation): void;
  onForce(): void;
  onClose(): void;
}

export function ApplyView({ page, height, width, onSend, onForce, onClose }: Props) {
  // Where it is scrolled to, for this phase: the results start at their top.
  const [scroll, setScroll] = useState({ phase: page.phase, top: 0 });
  const top = scroll.phase === page.phase ? scroll.top : 0;
  const confirming = page.phase === 'confirm';
  const rows = useMemo(() => screenRows(pageLines(page), width), [page, width]);
  const room = Math.max(1, height - 1 - (confirming ? DIALOG + 1 : 0));
  const maxTop = Math.max(0, rows.length - room);
  const first = Math.min(top, maxTop);
  const go = (n: number) => setScroll({ phase: page.phase, top: Math.max(0, Math.min(maxTop, n)) });
  const asking = page.phase === 'asking' || page.phase === 'sending';
  const wake = useKeyWake();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the keys held wait for the next phase
  useEffect(() => {
    if (!asking) wake();
  }, [page.phase]);

  useKeys('modal', (key) => {
    if (key === 'ctrl-c') return false;
    const action = actionFor(key, KEYS);
    if (asking && action !== 'cancel') return 'wait';
    // Under delete's confirmation (which has the keys it uses first), only scrolling.
    if (confirming && !SCROLL.has(action)) return true;
    switch (action) {
      case 'confirm':
        // Nothing the server would accept (or nothing there to delete): Enter only closes.
        if (closesOnly(page)) onClose();
        else if (page.phase === 'preview') onSend();
        break;
      case 'cancel':
        // What is on its way is not taken back: the page stays until its results are in.
        if (page.phase !== 'sending') onClose();
        break;
      case 'force':
        onForce();
        break;
      case 'down':
        go(first + 1);
        break;
      case 'up':
        go(first - 1);
        break;
      case 'top':
        go(0);
        break;
      case 'bottom':
        go(maxTop);
        break;
      case 'pageDown':
        go(first + room);
        break;
      case 'pageUp':
        go(first - room);
        break;
    }
    return true;
  });

  const present = sendable(page).length;
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold color={accent} wrap="truncate-end">
        {inertLine(pageTitle(page))}
      </Text>
      {rows.slice(first, first + room).map((r, i) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: rows of a page, by their place
          key={i}
          color={r.error && useColor ? 'red' : undefined}
          wrap="truncate-end"
        >
          {r.text}
        </Text>
      ))}
      {confirming && (
        <Box marginTop={1}>
          <ConfirmDialog
            title={`Delete ${present === 1 ? 'this object' : `these ${present} objects`} of ${page.path}?`}
            lines={[]}
            confirmLabel="Delete"
            cascade
            passOthers
            onCancel={onClose}
            onConfirm={(o) => onSend(o.propagation)}
          />
        </Box>
      )}
    </Box>
  );
}

/** Each line made inert and cut into rows of the width at spaces; a wrapped line's later rows
 * are indented. */
function screenRows(lines: PageLine[], width: number): PageLine[] {
  return lines.flatMap((l) => {
    const indent = ' '.repeat(Math.min(l.indent ?? 0, Math.floor(width / 2)));
    return wordWrap(inertLine(l.text), width, indent).map((text) => ({ text, error: l.error }));
  });
}

/** `text` in rows of `width` columns, broken after a space where one is near enough. */
export function wordWrap(text: string, width: number, indent = ''): string[] {
  const rows: string[] = [];
  let rest = text;
  let room = width;
  while (stringWidth(rest) > room && room > 0) {
    const [cut] = wrapLine(rest, room);
    const space = cut.lastIndexOf(' ');
    const head = space > cut.length / 2 ? cut.slice(0, space + 1) : cut;
    rows.push(rows.length ? indent + head.trimEnd() : head.trimEnd());
    rest = rest.slice(head.length);
    room = width - indent.length;
  }
  rows.push(rows.length ? indent + rest : rest);
  return rows;
}
