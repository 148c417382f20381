// Input → key names, one per key. Ink hands over whatever one read of the terminal held as a
// single string: `jjj` typed quickly (or over a jittery SSH link, or key auto-repeat), `:deploy⏎`
// from a paste, Esc followed at once by `j`. Every key in it counts. Real escape sequences
// (arrows, PgUp, F-keys) are already whole when they get here: Ink's parser splits them out.
import type { Key } from 'ink';

/** Key names as the binding tables spell them: `j`, `G`, `space`, `enter`, `esc`, `ctrl-d`, `up`. */
export function splitKeys(input: string, key: Key): string[] {
  // kdeck has no Alt bindings: ESC followed at once by a key is Esc, then that key. Ink reads the
  // pair as one key with meta set and every other part intact (Esc+Ctrl-C is meta, ctrl and `c`;
  // Esc+Up is meta and up), so the key is split off with its other modifiers kept. A terminal's
  // Alt+arrow (`ESC[1;3A`) reads the same to Ink and is taken the same way.
  if (key.meta) return ['esc', ...splitKeys(input, { ...key, meta: false })];
  if (key.upArrow) return ['up'];
  if (key.downArrow) return ['down'];
  if (key.leftArrow) return ['left'];
  if (key.rightArrow) return ['right'];
  if (key.pageUp) return ['pgup'];
  if (key.pageDown) return ['pgdn'];
  if (key.home) return ['home'];
  if (key.end) return ['end'];
  if (key.tab) return ['tab'];
  if (key.backspace) return ['backspace'];
  if (key.delete) return ['delete'];
  if (key.escape && !input) return ['esc'];
  if (key.ctrl && input.length === 1) return [`ctrl-${input.toLowerCase()}`];
  return textKeys(input);
}

/** Plain text, one key per character; control characters in it are keys too (Enter, Ctrl-U…). */
export function textKeys(text: string): string[] {
  const keys: string[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\r' || ch === '\n') keys.push('enter');
    else if (ch === '\t') keys.push('tab');
    else if (ch === '\u007F' || ch === '\b') keys.push('backspace');
    else if (ch === '\u001B') keys.push('esc');
    else if (code === 0) keys.push('ctrl-space');
    else if (code < 0x20) keys.push(`ctrl-${String.fromCharCode(code + 96)}`);
    else if (code >= 0x80 && code < 0xa0)
      continue; // C1 controls type nothing
    else keys.push(ch === ' ' ? 'space' : ch);
  }
  return keys;
}

/** The character a key types in a prompt, if it types one. */
export const typedChar = (name: string): string | undefined =>
  name === 'space' ? ' ' : [...name].length === 1 ? name : undefined;

/** The bytes a terminal sends for named keys: keys held for a shell, given to it as typed. */
const KEY_BYTES: Record<string, string> = {
  enter: '\r',
  tab: '\t',
  space: ' ',
  backspace: '\u007F',
  delete: '\u001B[3~',
  esc: '\u001B',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  home: '\u001B[H',
  end: '\u001B[F',
  pgup: '\u001B[5~',
  pgdn: '\u001B[6~',
  'ctrl-space': '\u0000',
};

export function keyBytes(names: readonly string[]): string {
  return names
    .map((name) => {
      const known = KEY_BYTES[name];
      if (known !== undefined) return known;
      // textKeys names control characters after the letter 96 above them (Ctrl-A is 1).
      const code = /^ctrl-.$/.test(name) ? name.charCodeAt(5) - 96 : -1;
      return code > 0 && code < 32 ? String.fromCharCode(code) : name;
    })
    .join('');
}
