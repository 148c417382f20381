// `c` in the log view, key by key: a line cut at the screen's edge is copied whole, a wrapped
// line once and whole; timestamps go with the lines while they are shown.
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../src/resources/index.js';
import { FakeSource, pod } from './fake-source.js';
import { startScreen } from './screen.js';

const long = `long ${'x'.repeat(300)} end`;
const logLines: LogLine[] = ['first', long, 'last'].map((text, k) => ({
  ts: `2026-11-24T10:00:0${k}.5Z`,
  text,
}));

describe('c in the log view', () => {
  it('copies a cut line whole, a wrapped line once and whole; with t, each line after its timestamp', async () => {
    const source = new FakeSource([pod('web-1')]);
    const { frame, press, copied } = await startScreen(source);
    await press('l');
    await expect.poll(() => source.logStreams.length).toBe(1);
    source.logStreams[0].handlers.lines(logLines);
    await expect.poll(frame).toContain('last');
    // Cut at the screen's edge, copied whole.
    expect(frame()).not.toContain(' end');
    await press('c');
    await expect.poll(frame).toContain('copied 3 lines (recorded)');
    expect(copied).toEqual([['first', long, 'last'].join('\n')]);
    await press('w');
    // Wrapped: the long line takes several rows, its end on one of its own.
    await expect.poll(frame).toMatch(/^x* end$/m);
    await press('c');
    await expect.poll(() => copied.length).toBe(2);
    expect(copied.at(-1)).toBe(['first', long, 'last'].join('\n'));
    await press('t');
    await expect.poll(frame).toContain('2026-11-24T10:00:00.5Z first');
    await press('c');
    await expect.poll(() => copied.length).toBe(3);
    expect(copied.at(-1)).toBe(logLines.map((l) => `${l.ts} ${l.text}`).join('\n'));
  });
});
