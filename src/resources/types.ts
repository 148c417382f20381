// What a kind looks like on screen: its API path, names, columns, and the projection of an
// object into a small row. Rows are all the app keeps of an object (memory stays flat).
import { inertLine } from '../util/inert.js';

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects as plain JSON
export type KubeObject = Record<string, any>;

/** A cell: text, a number, a time that keeps ticking on screen, or a figure shown as text
 * that sorts by its value (a CPU use of `125m` as 0.125). */
export type Cell =
  | string
  | number
  | { since: number }
  | { restarts: number; lastRestart?: number }
  | { text: string; value: number };

export type Health = 'ok' | 'pending' | 'failing' | 'terminating' | 'neutral';

export interface Row {
  uid: string;
  name: string;
  namespace?: string;
  resourceVersion: string;
  cells: Cell[];
  health: Health;
  /** The label selector of what this row owns or routes to (deployments, services...). */
  selector?: string;
  /** Desired replicas, for kinds that scale. */
  replicas?: number;
  /** The uid of the object that controls this one (its controller ownerReference). */
  owner?: string;
}

export interface Column {
  name: string;
  /** 0 is always shown; higher numbers are dropped first when the terminal is narrow. */
  priority: number;
  align?: 'left' | 'right';
  /** Not shown: a column the server marks as wide (`kubectl get -o wide`), kept for its cells. */
  hidden?: boolean;
}

/** Where Enter on a row leads. */
export interface DrillTarget {
  resource: string;
  namespace?: string;
  labelSelector?: string;
  /** Only the objects this one controls (a CronJob's Jobs: they carry no label of it). */
  owner?: OwnerFilter;
}

/** The controller whose objects a view keeps (rows whose `owner` is its uid). */
export interface OwnerFilter {
  uid: string;
  kind: string;
  name: string;
}

export interface ResourceDef {
  /** Plural, as in URLs: `pods`. */
  name: string;
  kind: string;
  group: string;
  version: string;
  namespaced: boolean;
  aliases: string[];
  /**
   * The columns. For a Table-form kind they arrive with the first rows (RowSink.columns);
   * a kind with a file of its own names here the server's columns it shows by default, with
   * the priority by which they give way when the terminal is narrow: the others are wide.
   */
  columns: Column[];
  /** A row from the whole object (kinds listed as objects, not in the Table form). */
  toRow?(o: KubeObject): Row;
  /**
   * Rows come from the server's Table form (its `kubectl get` columns, CRDs' printer columns,
   * the object's metadata beside them) rather than from whole objects: `toRow` is unused.
   */
  table?: boolean;
  /**
   * A Table-form kind's own reading of its cells, over the generic row: health from its
   * status, typed cells for sorting. `column` finds a cell's index by its column's
   * (upper-cased) name, -1 when the server sent no such column; `now` is when the row arrived.
   */
  refine?(row: Row, column: (name: string) => number, now: number): Row;
  drill?(row: Row): DrillTarget | undefined;
  /** What discovery says the server allows on the kind (`delete`, `patch`…), when known. */
  verbs?: string[];
  /** Its subresources (`scale`, `status`, `log`…), when known. */
  subresources?: string[];
  categories?: string[];
}

/** A kind listed as whole objects, each projected into its row (`toRow`). */
export type ObjectKind = ResourceDef & Required<Pick<ResourceDef, 'toRow'>>;

/**
 * A kind, with its projection made safe: every text cell, the name, the namespace and the
 * selector of each row pass through the one-line sanitizer once, when the event arrives, so
 * nothing from the server reaches the terminal as a command and the table measures widths
 * of what it draws. Every kind listed as whole objects is declared through this (a Table-form
 * kind's rows are made inert where they are read: table-rows.ts).
 */
export function defineResource(def: ObjectKind): ObjectKind {
  const project = def.toRow;
  return { ...def, toRow: (o) => inertRow(project(o)) };
}

/** A row with its text made inert (one-line form). Unchanged strings stay the same strings. */
export function inertRow(row: Row): Row {
  const out: Row = {
    ...row,
    cells: row.cells.map((c) => (typeof c === 'string' ? inertLine(c) : c)),
  };
  if (typeof row.name === 'string') out.name = inertLine(row.name);
  if (typeof row.namespace === 'string') out.namespace = inertLine(row.namespace);
  if (typeof row.selector === 'string') out.selector = inertLine(row.selector);
  return out;
}

export function baseRow(
  o: KubeObject,
): Pick<Row, 'uid' | 'name' | 'namespace' | 'resourceVersion'> {
  const m = o.metadata ?? {};
  return { uid: m.uid, name: m.name, namespace: m.namespace, resourceVersion: m.resourceVersion };
}

export const created = (o: KubeObject): Cell => ({
  since: Date.parse(o.metadata?.creationTimestamp ?? '') || 0,
});

/** Enter on a CronJob: the Jobs it made, by their controller ownerReference. */
export const jobsOfCronJob = (row: Row): DrillTarget => ({
  resource: 'jobs.batch',
  namespace: row.namespace,
  owner: { uid: row.uid, kind: 'CronJob', name: row.name },
});

/** Enter on a CustomResourceDefinition: its objects (its name is `plural.group`), as in k9s. */
export const objectsOfCrd = (row: Row): DrillTarget => ({ resource: row.name });

/** Enter on a workload or service: the pods its selector picks. */
export const podsOfSelector = (row: Row): DrillTarget | undefined =>
  row.selector
    ? { resource: 'pods', namespace: row.namespace, labelSelector: row.selector }
    : undefined;

export const NAME: Column = { name: 'NAME', priority: 0 };
export const AGE: Column = { name: 'AGE', priority: 1, align: 'right' };

export function apiPath(r: ResourceDef, namespace?: string): string {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced && namespace
    ? `${base}/namespaces/${namespace}/${r.name}`
    : `${base}/${r.name}`;
}

/** A first list on its way: `total` is how many rows it will have, when the server says. */
export interface ListProgress {
  total?: number;
}

/** What a watch supervisor reports about its stream: the header shows it. */
export type WatchState =
  | { phase: 'connecting' }
  /**
   * Listing. `progress` while a first list is shown as it comes (the server says its total
   * with remainingItemCount; not with a label selector).
   */
  | { phase: 'syncing'; progress?: ListProgress }
  | { phase: 'live' }
  /** `progress`: a first list failed half way; its rows so far are shown, not all there are. */
  | { phase: 'stale'; since: number; reason: string; progress?: ListProgress }
  | { phase: 'forbidden'; reason: string }
  /** The server refuses our credentials (401), or none could be had (a plugin failed). */
  | { phase: 'unauthorized'; reason: string }
  /** The server does not serve the kind (any more: its CRD deleted); asked again, slowly. */
  | { phase: 'gone'; reason: string };

/** Where a watch delivers its rows (the store implements it). */
export interface RowSink {
  /** Replaces every row: after a (re)list, what the server holds and nothing else. */
  reset(rows: Row[]): void;
  upsert(row: Row): void;
  remove(uid: string): void;
  state(s: WatchState): void;
  /** The columns of a Table-form kind, as the server defines them (with its first rows). */
  columns?(columns: Column[]): void;
}

/** What one table watches. */
export interface WatchTarget {
  resource: ResourceDef;
  /** Undefined: all namespaces. */
  namespace?: string;
  labelSelector?: string;
}

/** The object a user acted on, as the row showed it (uid and resourceVersion guard the action). */
export interface ObjectRef {
  resource: ResourceDef;
  namespace?: string;
  name: string;
  uid: string;
  resourceVersion: string;
}

export type ActionResult =
  | { ok: true; message: string }
  | { ok: false; message: string; code: number; reason: string };

/**
 * What the server made of an edit (`e`): the object as stored, or why not, with the fields an
 * invalid object names (a Status's details.causes).
 */
export type EditResult =
  | { ok: true; object: KubeObject }
  | {
      ok: false;
      message: string;
      code: number;
      reason: string;
      causes: { field?: string; message: string }[];
    };

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

/** One log line. */
export interface LogLine {
  /** RFC3339Nano, as the kubelet stamps it. */
  ts: string;
  text: string;
  /** For a deployment's logs: which pod wrote the line. */
  pod?: string;
}

/** What a log view streams: one pod, or every pod a selector picks (a deployment). */
export interface LogTarget {
  namespace: string;
  pod?: string;
  selector?: string;
  /** For one pod; the pods of a selector use their default container. */
  container?: string;
  previous: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  follow: boolean;
}

export type LogState =
  | { phase: 'streaming' }
  | { phase: 'resumed'; at: string }
  /** The container has not started yet: asked again until it has. */
  | { phase: 'waiting'; reason: string }
  /** The stream broke; reconnecting with backoff since `since`. */
  | { phase: 'reconnecting'; since: number; reason: string }
  | { phase: 'ended'; reason: string }
  | { phase: 'error'; message: string };

export interface LogHandlers {
  lines(batch: LogLine[]): void;
  state(s: LogState): void;
}

/** A command to run in a container (`s`: a shell), as `kubectl exec` runs it. */
export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  /** A terminal: input echoed and edited by it, stderr one with stdout, resizes sent. */
  tty: boolean;
}

/** How an exec ended: the command's exit status, or why there is none (the connection lost). */
export type ExecEnd = { exitCode: number } | { error: string };

/** A running exec: its input, its terminal's size, its output, its end. */
export interface ExecSession {
  write(data: Buffer): void;
  resize(size: { width: number; height: number }): void;
  /** The command's output as it comes (stdout and stderr in the order sent). */
  onOutput(listener: (data: Buffer) => void): void;
  /** Resolves once, when the command has ended or the connection is gone. */
  readonly ended: Promise<ExecEnd>;
  /** Ends the session from this side. */
  close(): void;
}
