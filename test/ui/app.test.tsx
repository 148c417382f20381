// The screen, key by key, on a fake cluster: what a k9s user expects to see.
import { describe, expect, it } from 'vitest';
import { deployment, FakeSource, pod } from './fake-source.js';
import { KEY, startScreen, tick } from './screen.js';

const { ENTER, ESC, DOWN } = KEY;

const cluster = () =>
  new FakeSource([
    pod('web-1', 'default', { app: 'web' }),
    pod('web-2', 'default', { app: 'web' }),
    pod('api-1', 'default', { app: 'api' }, 'Pending'),
    pod('coredns-1', 'kube-system'),
    deployment('web'),
  ]);

describe('the pods screen', () => {
  it('shows the header, the kubectl columns and the pods of the namespace', async () => {
    const { frame } = await startScreen(cluster());
    await expect.poll(frame).toContain('ctx: fake  cluster: fake-cluster  user: me  k8s: v1.33.1');
    await expect.poll(frame).toContain('pods(default)[3] live');
    // Name order until another is chosen, marked in the header as k9s marks it.
    await expect.poll(frame).toMatch(/NAME↑\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    // Made 65 s before the screen started: its AGE reads at least that, however slow the frame.
    await expect.poll(frame).toMatch(/api-1\s+0\/1\s+ContainerCreating\s+0\s+\d+s/);
    expect(
      Number(/api-1\s+0\/1\s+ContainerCreating\s+0\s+(\d+)s/.exec(frame())?.[1]),
    ).toBeGreaterThanOrEqual(65);
    await expect.poll(frame).not.toContain('coredns-1');
  });

  it('0 shows all namespaces with NAMESPACE first; again goes back', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('0');
    await expect.poll(frame).toContain('pods(all)[4]');
    await expect.poll(frame).toMatch(/NAMESPACE↑\s+NAME\s/);
    await expect.poll(frame).toMatch(/kube-system\s+coredns-1/);
    await press('0');
    await expect.poll(frame).toContain('pods(default)[3]');
  });

  it(": switches kind, Enter drills into a deployment's pods, Esc comes back", async () => {
    const { frame, press } = await startScreen(cluster());
    await press(':', 'd', 'e', 'p', 'l', 'o', 'y', ENTER);
    await expect.poll(frame).toContain('deployments(default)[1]');
    await expect.poll(frame).toMatch(/web\s+2\/2\s+2\s+2/);
    await press(ENTER);
    await expect.poll(frame).toContain('pods(default)[2] -l app=web');
    await expect.poll(frame).not.toContain('api-1');
    await press(ESC);
    await expect.poll(frame).toContain('deployments(default)[1]');
  });

  it('an unknown command says so in one line and changes nothing', async () => {
    const { frame, press } = await startScreen(cluster());
    await press(':', 'b', 'o', 'g', 'u', 's', ENTER);
    await expect.poll(frame).toContain('the server doesn\'t have a resource type "bogus"');
    await expect.poll(frame).toContain('pods(default)[3]');
  });

  it('Tab completes a kind in command mode', async () => {
    const { frame, press } = await startScreen(cluster());
    await press(':', 's', 'v', '\t');
    await expect.poll(frame).toContain(':svc');
  });

  it('Ctrl-W deletes the last word of a prompt', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('/', 'a', 'p', 'i', ' ', 'w', 'e', 'b', KEY.CTRL_W);
    await expect.poll(frame).toMatch(/^\/api\s*$/m);
    await press(KEY.BACKSPACE, ENTER);
    await expect.poll(frame).toContain('pods(default)[1] /api');
  });

  it('Ctrl-W in the same burst of keys that opened the prompt still deletes a word', async () => {
    const { frame, press } = await startScreen(cluster());
    await press(`/api web${KEY.CTRL_W}`);
    await expect.poll(frame).toMatch(/^\/api\s*$/m);
  });

  it('/ filters rows, Esc clears the filter', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('/', 'a', 'p', 'i', ENTER);
    await expect.poll(frame).toContain('pods(default)[1] /api');
    await expect.poll(frame).not.toContain('web-1');
    await press(ESC);
    await expect.poll(frame).toContain('pods(default)[3]');
  });

  it('selection follows the object as rows move, and lands on its neighbour when it is deleted', async () => {
    const source = cluster();
    const { frame, press } = await startScreen(source);
    await press(DOWN); // api-1 → web-1
    const selected = () =>
      frame()
        .split('\n')
        .find((l) => l.startsWith('›')) ?? '';
    await expect.poll(selected).toContain('web-1');
    source.emit({ upsert: pod('aaa-0') }); // a new first row pushes web-1 down
    await tick();
    await expect.poll(selected).toContain('web-1');
    source.emit({ remove: 'uid-default-web-1' });
    await tick();
    await expect.poll(selected).toMatch(/web-2|api-1/);
  });

  it('says the watch is reconnecting, for how long, and why', async () => {
    const source = cluster();
    const { frame } = await startScreen(source);
    source.emit({
      state: { phase: 'stale', since: Date.now() - 12_000, reason: 'connection refused' },
    });
    await tick();
    // Since 12 s before it was said: at least that, however slow the frame.
    await expect.poll(frame).toMatch(/reconnecting \d+s — connection refused/);
    expect(Number(/reconnecting (\d+)s/.exec(frame())?.[1])).toBeGreaterThanOrEqual(12);
  });

  it('? shows the keys from the same table that dispatches them', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('?');
    await expect.poll(frame).toContain('Keys (Esc or ? to close)');
    await expect.poll(frame).toMatch(/0\s+all namespaces/);
    await press(ESC);
    await expect.poll(frame).toContain('pods(default)[3]');
  });

  it(':ctx lists contexts; Enter on one switches to it, an unknown one is an error', async () => {
    const { frame, press } = await startScreen(cluster());
    await press(':', 'c', 't', 'x', ' ', 'n', 'o', 'p', 'e', ENTER);
    await expect.poll(frame).toContain('context was not found for specified context: nope');
    await press(':', 'c', 't', 'x', ENTER);
    await expect.poll(frame).toContain('contexts[2]');
    await press(DOWN, ENTER);
    await expect.poll(frame).toContain('ctx: other');
    await expect.poll(frame).toContain('elsewhere-1');
  });
});

describe('layout', () => {
  it('in a narrow terminal drops columns by priority and truncates names with …', async () => {
    const { fitColumns, formatLine } = await import('../../src/ui/layout.js');
    const { pods } = await import('../../src/resources/pods.js');
    const texts = [
      [
        'nginx-server-deployment-pzx4q9f-262nz',
        '1/1',
        'Running',
        '0',
        '4s',
        '10.244.2.5',
        'kdeck-worker2',
      ],
    ];
    // RESTARTS is kept as kubectl keeps it (priority 0); AGE, IP and NODE give way.
    const layout = fitColumns(pods.columns, texts, 36);
    expect(layout.columns.map((i) => pods.columns[i].name)).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
    ]);
    const line = formatLine(texts[0], pods.columns, layout);
    expect(line).toMatch(/^nginx-\S*…\s+1\/1\s+Running\s+0$/);
    expect(line.length).toBeLessThanOrEqual(36);
  });
});
