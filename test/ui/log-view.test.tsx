// The log view on a fake cluster: following, pausing, the container picker, previous,
// search, saving, and log text that tries to drive the terminal.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../src/resources/index.js';
import { deployment, FakeSource, pod } from './fake-source.js';
import { KEY, startScreen, tick } from './screen.js';

const { ENTER, ESC, DOWN, UP } = KEY;

const lines = (from: number, to: number, text = (i: number) => `line ${i}`): LogLine[] =>
  Array.from({ length: to - from }, (_, k) => ({
    ts: `2026-11-24T10:00:${String(from + k).padStart(2, '0')}.5Z`,
    text: text(from + k),
  }));

const twoContainers = () => {
  const p = pod('multi');
  p.spec.containers = [{ name: 'app' }, { name: 'sidecar' }];
  return p;
};

describe('logs', () => {
  it('follow the newest lines of the pod, tail 100 by default', async () => {
    const source = new FakeSource([pod('web-1')]);
    const { frame, press } = await startScreen(source);
    await press('l');
    await expect.poll(() => source.logStreams.length).toBeGreaterThan(0);
    await tick();
    expect(source.logStreams[0].target).toMatchObject({
      namespace: 'default',
      pod: 'web-1',
      container: 'c',
      tailLines: 100,
      follow: true,
      previous: false,
    });
    source.logStreams[0].handlers.lines(lines(0, 40));
    await tick(80);
    await expect.poll(frame).toContain('following — logs pod default/web-1 [c] — tail 100');
    await expect.poll(frame).toContain('line 39');
    await expect.poll(frame).not.toContain('line 0\n');
  });

  it('wrapped, the followed log still ends with the newest line, whole', async () => {
    const source = new FakeSource([pod('web-1')]);
    const { frame, press } = await startScreen(source);
    await press('l');
    await expect.poll(() => source.logStreams.length).toBe(1);
    // Each line takes two rows or more once wrapped: counting lines, the page filled too soon.
    const long = (i: number) => `line ${i} ${'x'.repeat(150)} end ${i}`;
    source.logStreams[0].handlers.lines(lines(0, 40, long));
    await expect.poll(frame).toContain('line 39 ');
    await press('w');
    await expect.poll(frame).toContain('line 39 ');
    expect(frame()).toContain('end 39');
    // Up pauses a line above, and G (the end) follows again, down to the newest line.
    await press(UP);
    await expect.poll(frame).toContain('paused (f to follow)');
    await press('G');
    await expect.poll(frame).toContain('following');
    expect(frame()).toContain('end 39');
  });

  it('scrolling up pauses following; f resumes', async () => {
    const source = new FakeSource([pod('web-1')]);
    const { frame, press } = await startScreen(source);
    await press('l');
    await expect.poll(() => source.logStreams.length).toBe(1);
    source.logStreams[0].handlers.lines(lines(0, 40));
    await expect.poll(frame).toContain('line 39');
    await press(UP);
    source.logStreams[0].handlers.lines(lines(40, 45));
    await tick(80);
    await expect.poll(frame).toContain('paused (f to follow)');
    await expect.poll(frame).not.toContain('line 44');
    await press('f');
    await expect.poll(frame).toContain('line 44');
  });

  it('ask which container when a pod has several, then stream that one; p asks for the previous instance', async () => {
    const source = new FakeSource([twoContainers()]);
    const { frame, press } = await startScreen(source);
    await press('l');
    await expect.poll(frame).toContain('Which container?');
    await press(DOWN, ENTER);
    await expect
      .poll(() => source.logStreams.at(-1)?.target)
      .toMatchObject({
        container: 'sidecar',
        previous: false,
      });
    await press('p');
    await expect
      .poll(() => source.logStreams.at(-1)?.target)
      .toMatchObject({
        container: 'sidecar',
        previous: true,
      });
    expect(source.logStreams[0].stopped).toBe(true);
  });

  it('of a deployment stream its pods by selector, each line with its pod', async () => {
    const source = new FakeSource([deployment('web')]);
    const { frame, press } = await startScreen(source, { resource: 'deployments' });
    await press('l');
    await expect.poll(() => source.logStreams.length).toBeGreaterThan(0);
    expect(source.logStreams[0].target).toMatchObject({
      namespace: 'default',
      selector: 'app=web',
    });
    source.logStreams[0].handlers.lines([
      { ts: '2026-11-24T10:00:00Z', text: 'hello', pod: 'web-abc' },
    ]);
    await tick(80);
    await expect.poll(frame).toContain('web-abc hello');
  });

  it("show the server's reason when there are no logs to read", async () => {
    const source = new FakeSource([pod('web-1')]);
    const { frame, press } = await startScreen(source);
    await press('l');
    await expect.poll(() => source.logStreams.length).toBeGreaterThan(0);
    source.logStreams[0].handlers.state({
      phase: 'error',
      message: 'container "c" in pod "web-1" is waiting to start: ContainerCreating',
    });
    await tick();
    await expect
      .poll(frame)
      .toContain('error: container "c" in pod "web-1" is waiting to start: ContainerCreating');
  });

  it('render escape sequences inert: no cursor moves, colours, titles or clipboard writes reach the terminal', async () => {
    const source = new FakeSource([pod('web-1')]);
    const { frame, press } = await startScreen(source);
    await press('l');
    await expect.poll(() => source.logStreams.length).toBeGreaterThan(0);
    const evil = 'a\u001B[2J\u001B[31mred\u001B]0;title\u0007\u001B]52;c;aGk=\u0007b';
    source.logStreams[0].handlers.lines([{ ts: '2026-11-24T10:00:00Z', text: evil }]);
    await tick(80);
    await expect.poll(frame).not.toContain('\u001B');
    await expect.poll(frame).not.toContain('\u0007');
    await expect.poll(frame).toContain('a^[[2J^[[31mred^[]0;title^G^[]52;c;aGk=^Gb');
  });

  it('/ searches and highlights, and Ctrl-s saves the whole buffer and says where', async () => {
    process.env.KDECK_SAVE_DIR = `${process.env.TMPDIR ?? '/tmp'}/kdeck-test-saves`;
    const source = new FakeSource([pod('web-1')]);
    const { frame, press } = await startScreen(source);
    await press('l');
    await expect.poll(() => source.logStreams.length).toBeGreaterThan(0);
    source.logStreams[0].handlers.lines(
      lines(0, 50, (i) => (i === 7 ? 'needle here' : `line ${i}`)),
    );
    await tick(80);
    await press('/', 'n', 'e', 'e', 'd', 'l', 'e', ENTER);
    await expect.poll(frame).toContain('needle here');
    await expect.poll(frame).toContain('paused');
    await press(KEY.CTRL_S);
    const saved = /saved 50 lines to (\S+)/.exec(frame());
    expect(saved).not.toBeNull();
    expect(readFileSync(saved![1], 'utf8').split('\n')[7]).toBe(
      '2026-11-24T10:00:07.5Z needle here',
    );
    await press(ESC);
    await expect.poll(frame).toContain('pods(default)[1]');
  });
});
