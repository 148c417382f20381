// CPU and MEM columns from the resource metrics API (metrics.k8s.io, metrics-server's), as k9s
// shows them: for pods CPU, MEM and their share of the pod's requests and limits (%CPU/R,
// %CPU/L, %MEM/R, %MEM/L); for nodes CPU, %CPU, MEM and %MEM of what the node can allocate.
// Figures are written in `kubectl top`'s units (`125m`, `64Mi`) and sort by their value; a
// share whose request or limit is not set reads `n/a`; a pod with no figures (not Running)
// has its cells empty. Pure: the figures come from kube/metrics.ts, polled by ui/use-metrics.ts.
import { formatCpu, formatMemory } from '../util/quantity.js';
import type { Cell, Column, ResourceDef, Row } from './types.js';

/** CPU in cores, memory in bytes. */
export interface Usage {
  cpu: number;
  memory: number;
}

export interface ObjectMetrics {
  usage: Usage;
  /**
   * A pod's: the sum of its containers' requests and limits, where they set them (none set:
   * `{}`); undefined when they were not read (the shares are then empty).
   */
  requests?: Partial<Usage>;
  limits?: Partial<Usage>;
  /** A node's: what it can allocate to pods. */
  allocatable?: Partial<Usage>;
}

export type MetricsKind = 'pods' | 'nodes';

/** What one view's figures cover: the pods of a namespace (all: undefined), or the nodes. */
export interface MetricsTarget {
  kind: MetricsKind;
  namespace?: string;
  labelSelector?: string;
}

export type MetricsReading =
  /** By `namespace/name` (pods) or name (nodes). */
  | { phase: 'figures'; byKey: ReadonlyMap<string, ObjectMetrics> }
  /** The server does not serve the metrics API (404), or this user may not read it (403). */
  | { phase: 'absent' }
  /** It failed this time (metrics-server down: 503; the network): asked again at the next poll. */
  | { phase: 'unavailable' };

/** Reads the figures of one view, each time asked (kube/metrics.ts). */
export interface MetricsReader {
  read(): Promise<MetricsReading>;
}

export const metricsKey = (namespace: string | undefined, name: string) =>
  namespace ? `${namespace}/${name}` : name;

/** The kinds that show metrics: core pods and nodes. */
export function metricsKindOf(def: Pick<ResourceDef, 'name' | 'group'>): MetricsKind | undefined {
  if (def.group) return undefined;
  return def.name === 'pods' || def.name === 'nodes' ? def.name : undefined;
}

const right = { align: 'right' as const };
// CPU and MEM are always shown (the name gives up cells for them at 80 columns); the shares
// are the first to go when the width is short: the highest priority number goes first
// (rightmost first among equals), above the wide columns of pods (5 and 6) and the others.
const POD_COLUMNS: Column[] = [
  { name: 'CPU', priority: 0, ...right },
  { name: 'MEM', priority: 0, ...right },
  { name: '%CPU/R', priority: 7, ...right },
  { name: '%CPU/L', priority: 7, ...right },
  { name: '%MEM/R', priority: 7, ...right },
  { name: '%MEM/L', priority: 7, ...right },
];
const NODE_COLUMNS: Column[] = [
  { name: 'CPU', priority: 0, ...right },
  { name: '%CPU', priority: 4, ...right },
  { name: 'MEM', priority: 0, ...right },
  { name: '%MEM', priority: 4, ...right },
];

export const metricColumns = (kind: MetricsKind): Column[] =>
  kind === 'pods' ? POD_COLUMNS : NODE_COLUMNS;

// No figure (a pod not Running) or no share read: an empty cell, which sorts last either way.
const NONE: Cell = '';
const NOT_SET: Cell = { text: 'n/a', value: -1 };
const NOT_READ: Cell = '';
const cpu = (cores: number): Cell => ({ text: formatCpu(cores), value: cores });
const memory = (bytes: number): Cell => ({ text: formatMemory(bytes), value: bytes });
/** A share in whole percent of `of[r]`, rounded down as `kubectl top nodes` rounds it. */
function share(used: number, of: Partial<Usage> | undefined, r: keyof Usage): Cell {
  if (!of) return NOT_READ;
  if (!of[r]) return NOT_SET;
  const pct = Math.floor((used / of[r]) * 100);
  return { text: String(pct), value: pct };
}

function cells(kind: MetricsKind, m: ObjectMetrics | undefined): Cell[] {
  if (!m) return metricColumns(kind).map(() => NONE);
  const { cpu: c, memory: mem } = m.usage;
  return kind === 'pods'
    ? [
        cpu(c),
        memory(mem),
        share(c, m.requests, 'cpu'),
        share(c, m.limits, 'cpu'),
        share(mem, m.requests, 'memory'),
        share(mem, m.limits, 'memory'),
      ]
    : [cpu(c), share(c, m.allocatable, 'cpu'), memory(mem), share(mem, m.allocatable, 'memory')];
}

/**
 * The rows with their figures after their own `width` cells (the kind's columns), in the
 * order of metricColumns(kind). `joined` keeps each row's result for one reading: a row that
 * did not change since the last snapshot is not copied again (a busy table flushes often).
 */
export function withMetrics(
  rows: readonly Row[],
  width: number,
  kind: MetricsKind,
  byKey: ReadonlyMap<string, ObjectMetrics>,
  joined = new WeakMap<Row, Row>(),
): Row[] {
  return rows.map((r) => withFigures(r, width, kind, byKey, joined));
}

/** One row of withMetrics. */
export function withFigures(
  r: Row,
  width: number,
  kind: MetricsKind,
  byKey: ReadonlyMap<string, ObjectMetrics>,
  joined?: WeakMap<Row, Row>,
): Row {
  let out = joined?.get(r);
  if (!out) {
    const own = r.cells.length === width ? r.cells : padded(r.cells, width);
    const figures = cells(kind, byKey.get(metricsKey(r.namespace, r.name)));
    out = { ...r, cells: [...own, ...figures] };
    joined?.set(r, out);
  }
  return out;
}

function padded(cells: readonly Cell[], width: number): Cell[] {
  const out = cells.slice(0, width);
  while (out.length < width) out.push('');
  return out;
}
