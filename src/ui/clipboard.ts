// Copying to the clipboard of the terminal the user sits at, with OSC 52 (ESC ] 52 ; c ;
// base64 BEL), as k9s does where it has no local clipboard: the terminal does the copying,
// so it works over SSH, and in tmux with `set-clipboard on` (tmux takes the sequence into its
// paste buffer and passes it on). The text travels base64-encoded: nothing in it can end the
// sequence or reach the terminal as a command.
import { createContext, useContext } from 'react';

export type Clipboard = (text: string) => void;

/** The OSC 52 sequence that puts `text` on the clipboard. */
export const osc52 = (text: string) =>
  `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;

/**
 * Straight to the terminal, beside Ink's output: the screen writer keeps a grid of the cells
 * it drew, and this sequence draws none.
 */
export const terminalClipboard: Clipboard = (text) => {
  process.stdout.write(osc52(text));
};

/** Where `c` copies to: the terminal; screen tests provide a recorder. */
export const ClipboardContext = createContext<Clipboard>(terminalClipboard);

export const useClipboard = () => useContext(ClipboardContext);
