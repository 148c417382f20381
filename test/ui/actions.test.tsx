// The action keys on a fake cluster: what is sent, what is asked, and what is refused.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/resources/index.js';
import { deployment, FakeSource, pod } from './fake-source.js';
import { KEY, startScreen, tick } from './screen.js';

const { ENTER, ESC, TAB, CTRL_D, DOWN } = KEY;

const cluster = () =>
  new FakeSource([
    pod('web-1', 'default', { app: 'web' }),
    pod('web-2', 'default', { app: 'web' }),
    deployment('web'),
  ]);

describe('scale', () => {
  it('prefills the current replicas, takes digits only, and sends the resourceVersion it read', async () => {
    const source = cluster();
    const { frame, press } = await startScreen(source, { resource: 'deployments' });
    await press('s');
    await expect.poll(frame).toContain('scale default/web to: 2');
    await press(KEY.BACKSPACE, 'x', '3', ENTER);
    expect(source.actions.calls).toEqual(['scale web 3 rv=1']);
    await expect.poll(frame).toContain('scaled web to 3');
  });

  it('Ctrl-U clears the prefilled value, as in a shell, so typing replaces it', async () => {
    const source = cluster();
    const { frame, press } = await startScreen(source, { resource: 'deployments' });
    await press('s', KEY.CTRL_U, '3');
    await expect.poll(frame).toContain('scale default/web to: 3');
    await press(ENTER);
    expect(source.actions.calls).toEqual(['scale web 3 rv=1']);
  });

  it('Ctrl-U works when it arrives together with the next key, as over a slow link', async () => {
    const source = cluster();
    const { frame, press } = await startScreen(source, { resource: 'deployments' });
    await press('s', `${KEY.CTRL_U}3`);
    await expect.poll(frame).toContain('scale default/web to: 3');
  });

  it('Esc cancels and sends nothing', async () => {
    const source = cluster();
    const { press } = await startScreen(source, { resource: 'deployments' });
    await press('s', '9', ESC);
    expect(source.actions.calls).toEqual([]);
  });

  it('asks again above the ceiling', async () => {
    const source = cluster();
    const { frame, press } = await startScreen(source, { resource: 'deployments' });
    await press('s', KEY.BACKSPACE, '5', '0', '0', ENTER);
    await expect.poll(frame).toContain('500 replicas is a lot: Enter again to confirm');
    expect(source.actions.calls).toEqual([]);
    await press(ENTER);
    expect(source.actions.calls).toEqual(['scale web 500 rv=1']);
  });

  it('on a conflict shows the value now on the server and asks again, never retrying by itself', async () => {
    const source = cluster();
    source.actions.scaleAnswer = {
      ok: false,
      code: 409,
      reason: 'Conflict',
      message: 'the object has been modified',
    };
    const { frame, press } = await startScreen(source, { resource: 'deployments' });
    await press('s', KEY.BACKSPACE, '4', ENTER);
    await tick();
    await expect
      .poll(frame)
      .toContain('web changed meanwhile: it now wants 7; enter the count again');
    await expect.poll(frame).toContain('scale default/web to: 7');
    expect(source.actions.calls).toEqual(['scale web 4 rv=1']);
    await press(KEY.BACKSPACE, '4', ENTER);
    expect(source.actions.calls).toEqual(['scale web 4 rv=1', 'scale web 4 rv=99']);
  });
});

describe('delete', () => {
  it('names kind, namespace and name; Enter on the default (Cancel) deletes nothing', async () => {
    const source = cluster();
    const { frame, press } = await startScreen(source);
    await press(CTRL_D);
    await expect.poll(frame).toContain('Delete pod default/web-1?');
    await expect.poll(frame).toContain('› Cancel ‹');
    await press(ENTER);
    expect(source.actions.calls).toEqual([]);
  });

  it('deletes the confirmed row by uid, with force when asked', async () => {
    const source = cluster();
    const { frame, press } = await startScreen(source);
    await press(CTRL_D, 'f');
    await expect.poll(frame).toContain('force: ON');
    await press(TAB, ENTER);
    expect(source.actions.calls).toEqual(['delete web-1 uid=uid-default-web-1 Background force']);
  });

  it('offers the cascade for owners and deletes marked rows together', async () => {
    const source = cluster();
    const { frame, press } = await startScreen(source);
    await press(' ', ' ', CTRL_D);
    await expect.poll(frame).toContain('Delete 2 pods?');
    await press(TAB, ENTER);
    expect(source.actions.calls.sort()).toEqual([
      'delete web-1 uid=uid-default-web-1 Background',
      'delete web-2 uid=uid-default-web-2 Background',
    ]);
    const deployments = await startScreen(cluster(), { resource: 'deployments' });
    await deployments.press(CTRL_D, 'c');
    expect(deployments.frame()).toContain('cascade: foreground (c to change)');
  });
});

describe('restart, describe, YAML', () => {
  it('restarts a deployment after a confirmation', async () => {
    const source = cluster();
    const { frame, press } = await startScreen(source, { resource: 'deployments' });
    await press('r');
    await expect.poll(frame).toContain('Restart deployment default/web?');
    await press(TAB, ENTER);
    expect(source.actions.calls).toEqual(['restart web']);
  });

  it('describe and YAML fetch the object and page through it; Esc returns', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('y');
    await tick();
    await expect.poll(frame).toContain('yaml pod default/web-1');
    await expect.poll(frame).toMatch(/name: web-1/);
    await press(ESC, DOWN, 'd');
    await tick();
    await expect.poll(frame).toMatch(/Name:\s+web-2/);
    await expect.poll(frame).toMatch(/Containers:/);
  });
});

describe('safety', () => {
  it('keys typed while a describe is fetched wait for its page, then go on from it', async () => {
    const source = cluster();
    const { frame, press, type } = await startScreen(source);
    let answer: (o: KubeObject) => void = () => {};
    const get = source.actions.get.bind(source.actions);
    source.actions.get = (ref) =>
      new Promise((resolve) => {
        answer = (o) => resolve(o);
        void get(ref);
      });
    await press('d');
    await expect.poll(frame).toContain('fetching');
    // Typed ahead: held, not given to the table under the page they were typed for.
    type(':deploy\r');
    await tick(100);
    expect(frame()).not.toContain('deployments(default)');
    answer(source.objects[0]);
    await expect.poll(frame).toContain('deployments(default)[1]');
    expect(frame()).not.toContain('describe pod');
  });

  it('an idle screen draws once a second (the clock), read-only or not, never in a loop', async () => {
    for (const readonly of [false, true]) {
      const { frames } = await startScreen(cluster(), { resource: 'deployments', readonly });
      await tick(300);
      const before = frames();
      await tick(2000);
      // Ages tick once a second: about two frames; a render loop makes hundreds.
      expect(frames() - before).toBeLessThan(10);
    }
  });

  it('--readonly leaves the mutating keys out of dispatch, hints and help', async () => {
    const source = cluster();
    const { frame, press } = await startScreen(source, { resource: 'deployments', readonly: true });
    await expect.poll(frame).not.toContain('<s> scale');
    await press('s', CTRL_D, 'r');
    expect(source.actions.calls).toEqual([]);
    await press('?');
    await expect.poll(frame).not.toContain('rollout restart');
  });

  it('keys the server forbids are shown disabled and say why', async () => {
    const source = cluster();
    source.actions.forbidden.add('delete pods');
    const { frame, press } = await startScreen(source);
    await tick();
    // Help lists every key (the hint bar, 100 columns here, gives way to where Enter leads).
    await press('?');
    await expect.poll(frame).toMatch(/ctrl-d\s+\(forbidden\) delete/);
    await press('?');
    await press(CTRL_D);
    await expect.poll(frame).toContain('forbidden: you may not delete pods');
    expect(source.actions.calls).toEqual([]);
  });
});
