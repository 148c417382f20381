// Controllers react to store events on a later turn, never inside the store's commit:
// writing from inside a listener would let later listeners (watch streams) see events out
// of order. Keys dedupe, so a burst of events for one object is one reconcile.
export class WorkQueue {
  private readonly pending = new Map<string, () => void>();
  private scheduled = false;
  stopped = false;

  constructor(private readonly onError: (err: unknown) => void) {}

  add(key: string, work: () => void): void {
    if (this.stopped) return;
    this.pending.set(key, work);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  /**
   * Runs what is pending, and what that work adds, before any request is answered: a chain
   * of controllers (pod → ReplicaSet → Deployment status) settles in one turn, so a client
   * never sees the first link moved and the last not yet. A chain that keeps adding work
   * yields after a few rounds.
   */
  private drain(): void {
    this.scheduled = false;
    for (let round = 0; round < 8 && this.pending.size; round++) {
      const batch = [...this.pending.values()];
      this.pending.clear();
      for (const work of batch) {
        if (this.stopped) return;
        try {
          work();
        } catch (err) {
          this.onError(err);
        }
      }
    }
  }
}

/** One timer per key: setting a new one replaces the old. */
export class Timers {
  private readonly timers = new Map<string, { label: string; timer: NodeJS.Timeout }>();

  /** Schedules `fn` unless a timer with the same label is already pending for the key. */
  ensure(key: string, label: string, delayMs: number, fn: () => void): void {
    const cur = this.timers.get(key);
    if (cur?.label === label) return;
    if (cur) clearTimeout(cur.timer);
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        fn();
      },
      Math.max(0, delayMs),
    );
    this.timers.set(key, { label, timer });
  }

  clear(key: string): void {
    const cur = this.timers.get(key);
    if (cur) clearTimeout(cur.timer);
    this.timers.delete(key);
  }

  clearAll(): void {
    for (const t of this.timers.values()) clearTimeout(t.timer);
    this.timers.clear();
  }
}
