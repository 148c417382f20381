// The one sanitizer for text from the cluster. Names, cells, annotations, event messages,
// describe, YAML and logs are untrusted: an escape sequence in them must not reach the
// terminal, where it could move the cursor, change or conceal colours (`ESC[8m` hides the
// rest of a row), set the title or write the clipboard (OSC 52). C1 controls count too: a
// terminal in UTF-8 takes U+009B as CSI. Bidi controls could make text read in an order it
// was not written in.
//
// Nothing is dropped silently: every such character is shown, so the text still says what
// it carried: C0 controls and DEL in caret notation (ESC → ^[, DEL → ^?), C1 controls as
// \x9b, bidi controls and the Unicode line/paragraph separators as \u202e.
//
// Two forms, one rule:
// - inert(text): the multi-line form, for bodies (logs, describe, YAML). Newlines stay line
//   breaks (CRLF counts as one); tabs are expanded to spaces at 8-column stops, so the
//   width the screen measures is the width the terminal draws.
// - inertLine(text): the one-line form, for table cells, names, titles and status lines:
//   the same, and line breaks and tabs shown as \n and \t, so a value never splits a row.
// Both return their input unchanged (the same string) when there is nothing to do, which
// is the common case and costs one regular-expression test.
import stringWidth from 'string-width';

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_ALL = /\r\n|[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/g;

const TAB_STOP = 8;

/** How one unsafe character is shown, in either form (line breaks and tabs aside). */
function visible(c: string): string {
  const code = c.charCodeAt(0);
  if (code === 0x7f) return '^?';
  if (code < 0x20) return `^${String.fromCharCode(code + 64)}`;
  if (code <= 0x9f) return `\\x${code.toString(16)}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The one-line form: safe to print in one terminal row, and as wide as it measures. */
export function inertLine(text: string): string {
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE_ALL, (c) => {
    if (c === '\n' || c === '\r\n') return '\\n';
    if (c === '\t') return '\\t';
    return visible(c);
  });
}

/** The multi-line form: line breaks kept, tabs expanded, everything else shown. */
export function inert(text: string): string {
  if (!UNSAFE.test(text)) return text;
  let out = '';
  let lineStart = 0; // where the current line begins in `out`, for tab stops
  let last = 0;
  for (const m of text.matchAll(UNSAFE_ALL)) {
    const c = m[0];
    out += text.slice(last, m.index);
    last = m.index + c.length;
    if (c === '\n' || c === '\r\n') {
      out += '\n';
      lineStart = out.length;
    } else if (c === '\t') {
      const column = stringWidth(out.slice(lineStart));
      out += ' '.repeat(TAB_STOP - (column % TAB_STOP));
    } else {
      out += visible(c);
    }
  }
  return out + text.slice(last);
}
