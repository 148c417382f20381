// A Secret's values are on screen only when the user asks for them (`x`). Hidden, describe
// gives each key's size, as kubectl's describe does, and YAML shows `<hidden: N bytes>` for
// every value of `data` and `stringData`, and in the copy of the object that `kubectl apply`
// keeps in the last-applied-configuration annotation, where stringData is clear text.
// managedFields name the keys only (`f:data: {f:password: {}}`), never a value. Revealed,
// values are decoded from base64 into text; each line still goes through the sanitizer, as
// all text from the cluster does.
import type { KubeObject } from '../types.js';
import { annotations, type Doc, labels, multiline, sortedKeys } from './doc.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The object is a Secret, by the kind it was asked as or the kind it says it is. */
export const isSecret = (kind: string | undefined, o: KubeObject) =>
  kind === 'Secret' || o?.kind === 'Secret';

/** How a value is shown while hidden: its size, as kubectl describe gives it. */
export const hiddenValue = (bytes: number) => `<hidden: ${bytes} bytes>`;

const bytesOf = (base64: unknown) => Buffer.from(String(base64 ?? ''), 'base64');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A `data` value as text; one that is not UTF-8 (a keystore, say) stays in base64. */
export function decoded(base64: unknown): string {
  try {
    return utf8.decode(bytesOf(base64));
  } catch {
    return String(base64);
  }
}

const isMap = (m: unknown): m is Record<string, unknown> =>
  typeof m === 'object' && m !== null && !Array.isArray(m);

/** Each value of a map masked by `size`; anything else where a map belongs, masked whole. */
function masked(m: unknown, size: (v: unknown) => number): unknown {
  if (!isMap(m)) return hiddenValue(Buffer.byteLength(JSON.stringify(m) ?? ''));
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, hiddenValue(size(v))]));
}

/**
 * The Secret as its YAML page shows it: with every value masked, or with `data` decoded when
 * `reveal` (the last-applied annotation is then shown as the server holds it).
 */
export function secretShown(o: KubeObject, reveal: boolean): KubeObject {
  const out = structuredClone(o);
  if (reveal) {
    if (isMap(out.data))
      out.data = Object.fromEntries(Object.entries(out.data).map(([k, v]) => [k, decoded(v)]));
    return out;
  }
  if (out.data !== undefined) out.data = masked(out.data, (v) => bytesOf(v).length);
  if (out.stringData !== undefined)
    out.stringData = masked(out.stringData, (v) => Buffer.byteLength(String(v ?? '')));
  const applied = out.metadata?.annotations?.[LAST_APPLIED];
  if (applied !== undefined) out.metadata.annotations[LAST_APPLIED] = maskedApplied(applied);
  return out;
}

/** The last-applied JSON with its values masked, the rest as kubectl wrote it; whole if unreadable. */
function maskedApplied(text: unknown): string {
  const s = String(text);
  try {
    const applied = JSON.parse(s);
    if (!isMap(applied)) throw new Error('not an object');
    return JSON.stringify(secretShown(applied, false)) + (s.endsWith('\n') ? '\n' : '');
  } catch {
    return hiddenValue(Buffer.byteLength(s));
  }
}

/**
 * kubectl's describeSecret: metadata, Type, then under Data each key with its size, by key
 * (as kubectl 1.36 sorts them); revealed, each key with its value decoded. kubectl prints a
 * service account token in clear; here it is hidden as every value is. No events: kubectl's
 * describe of a Secret shows none.
 */
export function describeSecret(d: Doc, o: KubeObject, reveal: boolean): void {
  const m = o.metadata ?? {};
  d.line(0, 'Name:', m.name);
  d.line(0, 'Namespace:', m.namespace);
  labels(d, 'Labels', m.labels);
  annotations(d, 'Annotations', m.annotations);
  d.raw('');
  d.line(0, 'Type:', o.type);
  d.raw('');
  d.raw('Data');
  d.raw('====');
  const data = isMap(o.data) ? o.data : {};
  for (const k of sortedKeys(data)) {
    if (reveal) multiline(d, 0, `${k}:`, decoded(data[k]).replace(/\r?\n$/, ''));
    else d.line(0, `${k}:`, `${bytesOf(data[k]).length} bytes`);
  }
}
