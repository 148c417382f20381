// The lines of a log view: a bounded ring (memory stays flat under a chatty pod), with a
// version number so the screen re-renders when lines arrive.
import type { LogLine } from '../resources/index.js';

export class LogBuffer {
  private lines: LogLine[] = [];
  private start = 0;
  /** Lines dropped from the front since the view opened (for scroll positions). */
  dropped = 0;
  version = 0;

  constructor(readonly capacity = 10_000) {}

  push(batch: LogLine[]): void {
    for (const l of batch) {
      if (this.lines.length < this.capacity) this.lines.push(l);
      else {
        this.lines[this.start] = l;
        this.start = (this.start + 1) % this.capacity;
        this.dropped++;
      }
    }
    if (batch.length) this.version++;
  }

  get size(): number {
    return this.lines.length;
  }

  at(i: number): LogLine {
    return this.lines[(this.start + i) % this.lines.length];
  }

  slice(from: number, to: number): LogLine[] {
    const out: LogLine[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.size); i++) out.push(this.at(i));
    return out;
  }

  clear(): void {
    this.lines = [];
    this.start = 0;
    this.version++;
  }
}
