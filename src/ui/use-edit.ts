// `e`: the selected object in the user's editor (edit-session.ts), on the terminal lent to it
// for the whole edit, reopenings included; the screen comes back after, with one line saying
// how it ended. The terminal lender comes from run.tsx through TerminalContext.
import { createContext, useContext, useRef } from 'react';
import type { ResourceDef, Row } from '../resources/index.js';
import type { ClusterSource } from './cluster-source.js';
import { editObject } from './edit-session.js';
import { editorCommand, runEditor } from './editor.js';
import { refOf } from './row-actions.js';
import type { TerminalLender } from './terminal-lender.js';

/** The terminal, for children that need it (the editor); none where the screen is a test's. */
export const TerminalContext = createContext<TerminalLender | undefined>(undefined);

export function useEdit(
  source: ClusterSource,
  def: ResourceDef,
  say: (text: string, error?: boolean) => void,
) {
  const terminal = useContext(TerminalContext);
  // `e` pressed again while the object is fetched would open a second editor after the first.
  const busy = useRef(false);
  /** `lent`: called once the terminal is the editor's. */
  return async (row: Row, lent?: () => void) => {
    const fds = terminal?.fds;
    if (!terminal?.available || !fds) return say('edit: no terminal to run an editor on', true);
    if (busy.current) return;
    busy.current = true;
    const ref = refOf(def, row);
    say(`fetching ${row.name}…`);
    try {
      const object = await source.actions.get(ref);
      const editor = editorCommand();
      const outcome = await terminal.lend(
        () => {
          lent?.();
          return editObject(object, def, {
            get: () => source.actions.get(ref),
            send: (patch) => source.actions.sendEdit(ref, patch),
            edit: (file) => runEditor(editor, file, fds),
          });
        },
        // Ctrl-C in the editor is the editor's.
        { interruptQuits: false },
      );
      say(outcome.text, outcome.error);
    } catch (e) {
      say((e as Error).message, true);
    } finally {
      busy.current = false;
    }
  };
}
