// What every describer shares: the Doc its lines are written into, the text helpers kubectl's
// describers use for every kind (labels, annotations, selectors, times, quantities), and the
// DescribeExtra a caller passes beside the object.
//
// Every value taken from the object is made inert (one-line form) as it is placed, so the
// alignment is measured on what is drawn and nothing reaches the terminal as a command.
import { humanDuration } from '../../util/duration.js';
import { inertLine } from '../../util/inert.js';
import { parseQuantity } from '../../util/quantity.js';
import type { KubeObject } from '../types.js';

/** What describe shows beyond the object and its events, when the caller has fetched it. */
export interface DescribeExtra {
  /**
   * Deployments: the ReplicaSets of the deployment's namespace (those its selector picks
   * will do; the ones it controls are kept). Gives OldReplicaSets / NewReplicaSet.
   */
  replicaSets?: KubeObject[];
  /**
   * Services: the EndpointSlices labelled `kubernetes.io/service-name=<service name>` in its
   * namespace, as kubectl reads them. Gives the Endpoints line of each port.
   */
  endpointSlices?: KubeObject[];
  /** Services, on a server without EndpointSlices: the Endpoints object of the same name. */
  endpoints?: KubeObject;
}

/** Lines of text with cells separated by tabs, as kubectl's describers write them. */
export class Doc {
  readonly lines: string[] = [];
  constructor(readonly now: number) {}

  /** One line at `level` (two spaces each); each cell is made inert, tabs join them. */
  line(level: number, ...cells: unknown[]): void {
    this.lines.push('  '.repeat(level) + cells.map(text).join('\t'));
  }

  /** A line that is not part of any column (already inert, no tabs). */
  raw(line: string): void {
    this.lines.push(line);
  }

  /** How long ago `iso` was, as kubectl prints ages; `<unknown>` when there is no time. */
  since(iso: unknown): string {
    const t = typeof iso === 'string' && iso ? Date.parse(iso) : Number.NaN;
    return Number.isNaN(t) ? '<unknown>' : humanDuration(this.now - t);
  }
}

const text = (v: unknown) => inertLine(v === undefined || v === null ? '' : String(v));
export const entries = (m: unknown): [string, unknown][] =>
  m && typeof m === 'object' ? Object.entries(m as Record<string, unknown>) : [];
export const sortedKeys = (m: unknown) =>
  entries(m)
    .map(([k]) => k)
    .sort();
export const orNone = (s: string) => s || '<none>';
export const bool = (b: unknown) => (b ? 'True' : 'False');

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Go's time.RFC1123Z in local time, as kubectl prints timestamps: `Sun, 29 Nov 2026 03:19:45 +0000`. */
export function rfc1123z(iso: unknown): string {
  const d = new Date(typeof iso === 'string' ? iso : Number.NaN);
  if (Number.isNaN(d.getTime())) return '<unset>';
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${two(Math.floor(Math.abs(off) / 60))}${two(Math.abs(off) % 60)}`;
  return `${DAYS[d.getDay()]}, ${two(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone}`;
}

export function labels(d: Doc, title: string, m: unknown): void {
  const keys = sortedKeys(m);
  if (!keys.length) {
    d.line(0, `${title}:`, '<none>');
    return;
  }
  const map = m as Record<string, unknown>;
  keys.forEach((k, i) => {
    d.line(0, i === 0 ? `${title}:` : '', `${k}=${map[k]}`);
  });
}

export const MAX_ANNOTATION = 140;
export const shorten = (s: string, max: number) => {
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, max).join('')}...` : s;
};

export function annotations(d: Doc, title: string, m: unknown): void {
  const keys = sortedKeys(m).filter(
    (k) => k !== 'kubectl.kubernetes.io/last-applied-configuration',
  );
  if (!keys.length) {
    d.line(0, `${title}:`, '<none>');
    return;
  }
  const map = m as Record<string, unknown>;
  keys.forEach((k, i) => {
    const first = i === 0 ? `${title}:` : '';
    const value = String(map[k] ?? '').replace(/\r?\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION || value.includes('\n')) {
      d.line(0, first, `${k}:`);
      for (const s of value.split(/\r?\n/)) d.line(0, '', `  ${shorten(s, MAX_ANNOTATION - 2)}`);
    } else {
      d.line(0, first, `${k}: ${value}`);
    }
  });
}

/** A value that may hold line breaks: the first line beside its label, the rest under it. */
export function multiline(d: Doc, level: number, label: string, value: unknown): void {
  String(value ?? '')
    .split(/\r?\n/)
    .forEach((s, i) => {
      d.line(level, i === 0 ? label : '', s);
    });
}

/** metav1.FormatLabelSelector / LabelSelectorAsSelector(...).String(): requirements by key. */
export function selectorText(sel: KubeObject | undefined): string {
  if (!sel) return '';
  const reqs: [string, string][] = entries(sel.matchLabels).map(([k, v]) => [k, `${k}=${v}`]);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const op = String(e.operator);
    if (op === 'Exists') reqs.push([e.key, e.key]);
    else if (op === 'DoesNotExist') reqs.push([e.key, `!${e.key}`]);
    else reqs.push([e.key, `${e.key} ${op.toLowerCase()} (${values})`]);
  }
  return reqs
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, t]) => t)
    .join(',');
}

/** labels.FormatLabels: `k=v,k2=v2` by key, or `<none>`. */
export const formatLabels = (m: unknown) =>
  orNone(
    sortedKeys(m)
      .map((k) => `${k}=${(m as Record<string, unknown>)[k]}`)
      .join(','),
  );

export const joinHostPort = (host: string, port: string) =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

/** A resource quantity (`500m`, `128Mi`, `1e3`) as a number; 0 when absent or unreadable. */
export const quantity = (q: unknown): number => parseQuantity(q) ?? 0;
