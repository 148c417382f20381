// The rows of one table and its watch state, published as immutable snapshots at most every
// `flushMs` (bursts of events coalesce into one frame). Read with useSyncExternalStore.
import type { Column, Row, RowSink, WatchState } from '../resources/index.js';

export interface Snapshot {
  rows: readonly Row[];
  state: WatchState;
  /** A Table-form kind's columns, as the server sent them (empty until it has). */
  columns: readonly Column[];
  version: number;
}

export class ResourceStore implements RowSink {
  private rows = new Map<string, Row>();
  private current: WatchState = { phase: 'connecting' };
  private columnList: readonly Column[] = [];
  private snapshot: Snapshot = { rows: [], state: this.current, columns: [], version: 0 };
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly flushMs = 50) {}

  reset(rows: Row[]): void {
    this.rows = new Map(rows.map((r) => [r.uid, r]));
    this.changed();
  }

  upsert(row: Row): void {
    this.rows.set(row.uid, row);
    this.changed();
  }

  remove(uid: string): void {
    if (this.rows.delete(uid)) this.changed();
  }

  state(s: WatchState): void {
    this.current = s;
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
    this.snapshot = {
      rows: [...this.rows.values()],
      state: this.current,
      columns: this.columnList,
      version: this.snapshot.version + 1,
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
