// The file `e` hands to the editor, as kubectl edit writes it: a header comment, the reasons the
// last save failed (as comments), the object as YAML (keys sorted, managedFields left out); and
// what comes back: comment lines dropped, an empty file told apart from a syntax error.
import { dump, load } from 'js-yaml';
import type { KubeObject } from '../resources/index.js';

/** kubectl edit's header (k8s.io/kubectl pkg/cmd/util/editor editoptions.go), word for word. */
const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** Why the last save failed: a line, and the points under it (an invalid object's fields). */
export interface EditReason {
  head: string;
  points?: string[];
}

/** Each line of a multi-line text continued as a comment. */
const commented = (text: string) => text.replaceAll('\n', '\n# ');

/** The header, then each reason as kubectl's editHeader writes it. */
export function editHeader(reasons: EditReason[] = []): string {
  let out = HEADER;
  for (const r of reasons) {
    const points = r.points ?? [];
    out += `# ${commented(r.head)}${points.length ? ':' : ''}\n`;
    for (const p of points) out += `# * ${commented(p)}\n`;
    out += '#\n';
  }
  return out;
}

/** The object as the editor gets it: without managedFields, as kubectl edit leaves them out. */
export function editable(o: KubeObject): KubeObject {
  const copy = structuredClone(o);
  if (copy.metadata) delete copy.metadata.managedFields;
  return copy;
}

/** YAML as kubectl prints it: keys sorted, list items at their key's indentation, no folding. */
export const toYaml = (o: unknown): string =>
  dump(o, { sortKeys: true, lineWidth: -1, noRefs: true, seqNoIndent: true });

/** The text without its comment lines (kubectl's ManualStrip: `#!` is not a comment). */
export function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => {
      const t = line.trim();
      return !t.startsWith('#') || t.startsWith('#!');
    })
    .join('\n');
}

export type Parsed =
  | { kind: 'empty' }
  | { kind: 'error'; reason: string }
  | { kind: 'object'; object: KubeObject };

/** What the editor saved: nothing but comments and blank lines, YAML that is not an object, or one. */
export function parseEdited(text: string): Parsed {
  if (!withoutComments(text).trim()) return { kind: 'empty' };
  let value: unknown;
  try {
    value = load(text);
  } catch (e) {
    const err = e as { reason?: string; mark?: { line: number }; message?: string };
    const where = err.mark ? ` (line ${err.mark.line + 1})` : '';
    return { kind: 'error', reason: `${err.reason ?? err.message ?? String(e)}${where}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { kind: 'error', reason: 'the file does not hold an object' };
  return { kind: 'object', object: value as KubeObject };
}
