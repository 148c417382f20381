// What an apply would change in an object: the object now against the server's dry-run answer,
// as short lines (`spec.replicas: 5 → 2`, `spec.template.spec.containers[web].image: a → b`).
// What the server writes on every change (resourceVersion, generation, managedFields, status)
// is left out, so an apply that changes nothing has no lines.
// A Secret's values are never shown: a changed one reads `<hidden: 12 bytes> → <hidden: 10
// bytes>`, as its YAML page hides them.
import { hiddenValue, LAST_APPLIED } from '../resources/describe/secrets.js';
import type { KubeObject } from '../resources/index.js';

/** Metadata the server sets: never something the manifest changes. */
const SERVER_SET = [
  'managedFields',
  'resourceVersion',
  'generation',
  'uid',
  'creationTimestamp',
  'selfLink',
];

/** Longest a value is shown before it is cut. */
const SHOWN = 60;

/** The object without what the server sets itself. */
export function comparable(o: KubeObject): KubeObject {
  const out: KubeObject = { ...o, metadata: { ...o.metadata } };
  delete out.status;
  for (const f of SERVER_SET) delete out.metadata[f];
  return out;
}

/** One line per value that differs between `before` and `after`, in the order of `after`. */
export function diffObjects(before: KubeObject, after: KubeObject): string[] {
  const out: string[] = [];
  const secret = before.kind === 'Secret' || after.kind === 'Secret';
  walk(comparable(before), comparable(after), '', out, secret ? secretValue : shown);
  return out;
}

/** Where a Secret keeps values: data, stringData, and kubectl's copy of what it applied. */
const SECRET_PATHS = ['data', 'stringData', `metadata.annotations."${LAST_APPLIED}"`];
const isSecretPath = (path: string) =>
  SECRET_PATHS.some((p) => path === p || path.startsWith(`${p}.`));

/** A value of a Secret as the preview shows it: its size where it is secret, else as any. */
function secretValue(v: unknown, path: string): string {
  // Annotations added or removed whole: kubectl's copy among them is masked as a value.
  if (path === 'metadata.annotations' && isObject(v) && typeof v[LAST_APPLIED] === 'string')
    return shown({ ...v, [LAST_APPLIED]: hiddenValue(Buffer.byteLength(v[LAST_APPLIED])) });
  if (v === undefined || !isSecretPath(path)) return shown(v);
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  // data's values are base64: their size is that of what they encode.
  const bytes = path.startsWith('data.')
    ? Buffer.from(text, 'base64').length
    : Buffer.byteLength(text);
  return hiddenValue(bytes);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

type Show = (v: unknown, path: string) => string;

function walk(a: unknown, b: unknown, path: string, out: string[], show: Show): void {
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(b), ...Object.keys(a).filter((k) => !(k in b))];
    for (const k of keys) walk(a[k], b[k], join(path, k), out, show);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && (a.length || b.length)) {
    const keyed = byName(a) && byName(b);
    if (keyed) {
      const names = [
        ...b.map((x) => x.name),
        ...a.map((x) => x.name).filter((n) => !b.some((y) => y.name === n)),
      ];
      for (const n of names)
        walk(
          a.find((x) => x.name === n),
          b.find((x) => x.name === n),
          `${path}[${n}]`,
          out,
          show,
        );
      return;
    }
    if (a.every(isObject) && b.every(isObject)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++)
        walk(a[i], b[i], `${path}[${i}]`, out, show);
      return;
    }
  }
  if (same(a, b)) return;
  out.push(`${path}: ${show(a, path)} → ${show(b, path)}`);
}

/** Objects that each have a distinct name (containers, ports, env, volumes): matched by it. */
function byName(list: unknown[]): list is { name: string }[] {
  const names = list.map((x) => (isObject(x) && typeof x.name === 'string' ? x.name : undefined));
  return names.every((n) => n !== undefined) && new Set(names).size === names.length;
}

const join = (path: string, key: string) => {
  const k = /^[A-Za-z_][\w-]*$/.test(key) ? key : `"${key}"`;
  return path ? `${path}.${k}` : k;
};

/** Absent and empty count the same: a server default of `{}` is no change. */
function same(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) =>
    v === undefined ||
    v === null ||
    (Array.isArray(v) && !v.length) ||
    (isObject(v) && !Object.keys(v).length);
  if (empty(a) && empty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

function shown(v: unknown): string {
  if (v === undefined) return '(none)';
  const text =
    typeof v === 'string'
      ? v === '' || /^\s|\s$/.test(v)
        ? JSON.stringify(v)
        : v
      : JSON.stringify(v);
  const line = text.replace(/\s*\n\s*/g, ' ');
  return line.length > SHOWN ? `${line.slice(0, SHOWN - 1)}…` : line;
}
