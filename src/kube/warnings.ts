// The server's `Warning` response headers, read as client-go reads them (apimachinery's
// util/net ParseWarningHeaders): each header holds one or more warning-values (RFC 7234 §5.5)
// separated by commas, `<3-digit code> <agent> "<text>"` with an optional quoted date after
// the text; the text is a quoted-string with backslash escapes. kube-apiserver sends
// `299 - "<text>"`, one header per warning.

export interface WarningValue {
  code: number;
  agent: string;
  text: string;
}

/**
 * The warning-values of one header. A malformed one ends the header (those before it
 * count), as in client-go.
 */
export function parseWarningHeader(header: string): WarningValue[] {
  const out: WarningValue[] = [];
  let rest = header.trim();
  while (rest) {
    const head = /^(\d{3}) ([^ ]+) /.exec(rest);
    if (!head || rest[head[0].length] !== '"') break;
    const quoted = quotedString(rest.slice(head[0].length));
    if (!quoted) break;
    rest = quoted.rest;
    if (rest.startsWith('"')) {
      // The date: quoted, without escapes; not needed.
      const end = rest.indexOf('"', 1);
      if (end < 0) break;
      rest = rest.slice(end + 1).trimStart();
    }
    if (rest && !rest.startsWith(',')) break;
    out.push({ code: Number(head[1]), agent: head[2], text: quoted.text });
    rest = rest.slice(1).trimStart();
  }
  return out;
}

/** `"…"` at the start of `s`: its text unescaped, and what follows it. */
function quotedString(s: string): { text: string; rest: string } | undefined {
  let text = '';
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '"') return { text, rest: s.slice(i + 1).trimStart() };
    if (c === '\\') i++;
    if (i < s.length) text += s[i];
  }
  return undefined;
}

/**
 * The texts to tell the user, from an answer's Warning headers (Node's `headersDistinct`:
 * one entry per header). As client-go's warning handlers, only code 299 (the API server's
 * "miscellaneous persistent warning") with a text; 1xx/2xx codes from caches and proxies are
 * about freshness, not the request. Node reads header bytes as Latin-1; the server wrote
 * UTF-8, so the text is decoded again.
 */
export function warningTexts(headers: string[] | undefined): string[] {
  return (headers ?? [])
    .flatMap((h) => parseWarningHeader(Buffer.from(h, 'latin1').toString('utf8')))
    .filter((w) => w.code === 299 && w.text)
    .map((w) => w.text);
}
