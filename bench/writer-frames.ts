// What the screen writer costs per frame at 200×50, with the band scroll and without: a log
// growing one line a frame (every row moves), and a table where one cell changes (no row
// moves, the detection looks and finds nothing). Prints microseconds and bytes per frame.
// Run: node --experimental-transform-types bench/writer-frames.ts (the project's Node 22 first
// on the PATH; the writer uses TypeScript that type stripping alone does not take).
import { ScreenWriter } from '../src/ui/screen-writer.ts';

const [COLS, ROWS, FRAMES] = [200, 50, 3000];

const logLine = (i: number) =>
  `ts=2026-11-29T18:00:00.${String(i % 1000).padStart(3, '0')}Z level=info msg="handled request" seq=${i} worker=${i % 8} latency_ms=${(i * 37) % 250}`;
const paint = (rows: string[]) =>
  `\u001B[?2026h\u001B[H${rows.map((r) => `\u001B[1m${r.slice(0, 20)}\u001B[22m${r.slice(20)}`.padEnd(COLS + 9)).join('')}\u001B[?2026l`;

function measure(name: string, frame: (i: number) => string, print = true) {
  for (const scrollRegions of [false, true]) {
    let bytes = 0;
    const w = new ScreenWriter(
      {
        columns: COLS,
        rows: ROWS,
        write(d) {
          bytes += Buffer.byteLength(d);
          return true;
        },
      },
      { scrollRegions },
    );
    w.write('\u001B[?1049h\u001B[?25l');
    w.write(frame(0));
    bytes = 0;
    const t0 = performance.now();
    for (let i = 1; i <= FRAMES; i++) w.write(frame(i));
    const us = ((performance.now() - t0) * 1000) / FRAMES;
    if (print)
      process.stdout.write(
        `${name.padEnd(34)} scroll regions ${scrollRegions ? 'on ' : 'off'}  ${us.toFixed(0).padStart(5)} µs/frame  ${Math.round(bytes / FRAMES)} bytes/frame\n`,
      );
  }
}

const log = (i: number) =>
  paint([
    'following — logs pod default/web',
    ...Array.from({ length: ROWS - 1 }, (_, y) => logLine(i + y)),
  ]);
const table = (i: number) =>
  paint(
    Array.from(
      { length: ROWS },
      (_, y) => `pod-${y}`.padEnd(60) + (y === 7 ? `${i % 10}` : 'Running'),
    ),
  );
// A first pass unprinted, so that neither setting pays for the JIT's warming up.
for (const print of [false, true]) {
  measure('log, one new line a frame', log, print);
  measure('table, one cell changes a frame', table, print);
}
