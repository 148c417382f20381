// The rows of one table and its watch state, published as snapshots at most every
// `flushMs` (bursts of events coalesce into one frame). Read with useSyncExternalStore.
import type { Column, Row, RowSink, WatchState } from '../resources/index.js';

export interface Snapshot {
  rows: readonly Row[];
  /** How many rows (without listing them). */
  size: number;
  /** Whether this snapshot has a row of this uid (whatever a filter shows of them). */
  has(uid: string): boolean;
  state: WatchState;
  /** A Table-form kind's columns, as the server sent them (empty until it has). */
  columns: readonly Column[];
  /**
   * Whether the watch has been past its first list (live, or failed since): what comes with
   * the rows but apart from them (the pods' figures) waits for it, and then stays.
   */
  settled: boolean;
  version: number;
  /** The store whose versions these are (a new view has a new store, counting from 0). */
  origin: object;
  /**
   * The rows that changed after snapshot `version` up to this one, by uid (undefined: removed),
   * so that a sorted view can be kept up to date without sorting every row again. Undefined
   * when that is not known (the rows were replaced, or `version` is too old): start afresh.
   */
  changedSince(version: number): ReadonlyMap<string, Row | undefined> | undefined;
}

/** How many snapshots' changes are kept for readers that skipped some (React renders only the
 * latest snapshot it sees). */
const HISTORY = 32;

export class ResourceStore implements RowSink {
  private rows = new Map<string, Row>();
  private current: WatchState = { phase: 'connecting' };
  private columnList: readonly Column[] = [];
  private settled = false;
  private snapshot: Snapshot = {
    rows: [],
    size: 0,
    has: () => false,
    state: this.current,
    columns: [],
    settled: false,
    version: 0,
    origin: this,
    changedSince: () => undefined,
  };
  /** Changes since the last snapshot; undefined after a reset (everything changed). */
  private pending: Map<string, Row | undefined> | undefined = new Map();
  /** Each recent snapshot's changes, by version (undefined: a reset). */
  private history = new Map<number, ReadonlyMap<string, Row | undefined> | undefined>();
  /** Uids that came into / went out of `rows` since the last snapshot (see Snapshot.has). */
  private came = new Set<string>();
  private went = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly flushMs = 50) {}

  reset(rows: Row[]): void {
    this.rows = new Map(rows.map((r) => [r.uid, r]));
    // A new map: the snapshots before it keep theirs, unchanged.
    this.came = new Set();
    this.went = new Set();
    this.pending = undefined;
    this.changed();
  }

  upsert(row: Row): void {
    if (!this.rows.has(row.uid) && !this.went.delete(row.uid)) this.came.add(row.uid);
    this.rows.set(row.uid, row);
    this.pending?.set(row.uid, row);
    this.changed();
  }

  remove(uid: string): void {
    if (!this.rows.delete(uid)) return;
    if (!this.came.delete(uid)) this.went.add(uid);
    this.pending?.set(uid, undefined);
    this.changed();
  }

  state(s: WatchState): void {
    this.current = s;
    if (s.phase !== 'connecting' && s.phase !== 'syncing') this.settled = true;
    this.changed();
  }

  columns(columns: Column[]): void {
    this.columnList = columns;
    this.changed();
  }

  private changed(): void {
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** Publishes what changed since the last snapshot (called by the timer; tests may call it). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const version = this.snapshot.version + 1;
    this.history.set(version, this.pending);
    this.history.delete(version - HISTORY);
    this.pending = new Map();
    this.came = new Set();
    this.went = new Set();
    const { came, went } = this;
    const history = this.history;
    // Listed when first read, not at each flush: a view kept up from the changes never reads
    // it, and 100,000 rows copied twenty times a second was garbage to collect. Read late, it
    // may hold changes of the next snapshot already; those come again with that snapshot.
    const current = this.rows;
    let rows: Row[] | undefined;
    this.snapshot = {
      get rows() {
        rows ??= [...current.values()];
        return rows;
      },
      size: current.size,
      // As of this snapshot, not of the live map: a page upserted since must not count as
      // shown before its rows are (the selection would give up waiting for its row).
      has: (uid) => (current.has(uid) && !came.has(uid)) || went.has(uid),
      state: this.current,
      columns: this.columnList,
      settled: this.settled,
      version,
      origin: this,
      changedSince(from) {
        if (from === version) return new Map();
        if (from > version || !history.has(from + 1)) return undefined;
        const out = new Map<string, Row | undefined>();
        for (let v = from + 1; v <= version; v++) {
          const changes = history.get(v);
          if (!changes) return undefined;
          for (const [uid, row] of changes) out.set(uid, row);
        }
        return out;
      },
    };
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): Snapshot => this.snapshot;

  dispose(): void {
    clearTimeout(this.timer);
    this.listeners.clear();
  }
}
