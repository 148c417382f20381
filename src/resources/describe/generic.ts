// kubectl's generic describer, the one it gives every kind it has no describer of its own
// for (custom resources, CRDs); here every kind kdeck has none for gets it. Where kubectl
// does have one (ServiceAccounts, Roles, Nodes...), its describe picks fields and says more;
// this one shows them all. Metadata as the other describers start, then every field of the
// object in key order, nested maps indented under their label, each key turned into words
// (`lastRun` → `Last Run`).
//
// Text is placed as kubectl places it, which writes a value as it is: a multi-line value has
// its first line beside its label and the rest from the left margin, and a tab in it is a
// column break to kubectl's tabwriter, as it is to ours.
import type { KubeObject } from '../types.js';
import { annotations, type Doc, labels } from './doc.js';

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Metadata shown above, or (managedFields) noise kubectl leaves out. */
const NOT_AGAIN = ['name', 'namespace', 'labels', 'annotations', 'managedFields'];

/** Name, Namespace (empty for a cluster-wide object), labels, annotations, then the rest. */
export function describeGeneric(d: Doc, o: KubeObject): void {
  const m = isMap(o.metadata) ? o.metadata : {};
  d.line(0, 'Name:', m.name);
  d.line(0, 'Namespace:', m.namespace);
  labels(d, 'Labels', m.labels);
  annotations(d, 'Annotations', m.annotations);
  const metadata = Object.fromEntries(Object.entries(m).filter(([k]) => !NOT_AGAIN.includes(k)));
  fields(d, 0, isMap(o.metadata) ? { ...o, metadata } : o);
}

function fields(d: Doc, level: number, map: Record<string, unknown>): void {
  for (const key of Object.keys(map).sort()) {
    const value = map[key];
    const label = `${smartLabel(key)}:`;
    if (isMap(value)) {
      d.line(level, label);
      fields(d, level + 1, value);
    } else if (Array.isArray(value)) {
      // Items follow one another with nothing between them, as kubectl prints them.
      d.line(level, label);
      for (const item of value) {
        if (isMap(item)) fields(d, level + 1, item);
        else text(d, level + 1, [], goValue(item));
      }
    } else {
      text(d, level, [label], goValue(value));
    }
  }
}

/** A line of `cells` then `value`'s first line; its other lines from the left margin. */
function text(d: Doc, level: number, cells: string[], value: string): void {
  const [first, ...rest] = value.split(/\r?\n/);
  d.line(level, ...cells, ...first.split('\t'));
  for (const line of rest) d.line(0, ...line.split('\t'));
}

/** A value as Go's `%v` prints what JSON decodes to. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (isMap(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goValue(v[k])}`)
      .join(' ')}]`;
  if (typeof v === 'number') return goNumber(v);
  return String(v);
}

/**
 * JSON integers are int64 to kubectl, the other numbers float64, which `%v` prints with an
 * exponent from 1e+06 up and below 1e-04 (`1.5e+06`, `1e-05`).
 */
function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const [mantissa, exp] = n.toExponential().split('e');
  const e = Number(exp);
  if (e >= -4 && e < 6) return String(n);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

const ACRONYMS = new Set(['API', 'URL', 'UID', 'GUID']);

/**
 * kubectl's smartLabelFor: a key of letters and dashes split into words where the case
 * changes (`resourceVersion` → `Resource Version`, `apiVersion` → `API Version`), lower-case
 * words capitalized, a run of capitals kept whole (`podCIDRs` → `Pod CIDRs`); any other key
 * (`openAPIV3Schema`, `ca.crt`) is left as it is.
 */
export function smartLabel(key: string): string {
  if (/[^\p{L}-]/u.test(key)) return key;
  const parts = camelWords(key);
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i];
    // Since kubectl 1.36 a run of two or more capitals takes the word after it (`CID` + `Rs`).
    const next = parts[i + 1];
    if (next && part.length >= 2 && allCapitals(part) && isUpper(next[0])) {
      part += next;
      i++;
    }
    if (ACRONYMS.has(part.toUpperCase())) part = part.toUpperCase();
    else if (part.toLowerCase() === part) part = part.replace(/^./u, (c) => c.toUpperCase());
    words.push(part);
  }
  return words.join(' ');
}

const isUpper = (c: string) => /\p{Lu}/u.test(c);
const isLower = (c: string) => /\p{Ll}/u.test(c);
/** No letter in it but capitals (a dash is no letter). */
const allCapitals = (s: string) => Array.from(s).every((c) => isUpper(c) || !/\p{L}/u.test(c));
const classOf = (c: string) => (isLower(c) ? 1 : isUpper(c) ? 2 : 3);

/**
 * Words of a camel-case key as github.com/fatih/camelcase splits them: runs of lower-case,
 * upper-case and other characters, the last capital of a run moving to the lower-case run
 * after it (`PDFLoader` → `PDF`, `Loader`).
 */
function camelWords(key: string): string[] {
  const runs: string[] = [];
  let last = 0;
  for (const c of key) {
    const cls = classOf(c);
    if (cls === last) runs[runs.length - 1] += c;
    else runs.push(c);
    last = cls;
  }
  for (let i = 0; i + 1 < runs.length; i++) {
    if (isUpper(runs[i][0]) && isLower(runs[i + 1][0])) {
      const chars = Array.from(runs[i]);
      runs[i + 1] = chars.pop() + runs[i + 1];
      runs[i] = chars.join('');
    }
  }
  return runs.filter(Boolean);
}
