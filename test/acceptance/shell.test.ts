// `s` on a pod (or on a container in its containers) opens a shell in the container, through
// the binary in a real terminal against `kdeck sim`, whose built-in shell answers: the prompt,
// `hostname`, the terminal's size as the shell sees it (`stty size`) before and after a
// resize, Ctrl-C kept by the shell, `exit` back to the same table with the same row selected
// and its watch live (kubectl scales the deployment meanwhile), the container chosen by the
// default-container annotation or in the containers list, keys typed with `s` going to the
// shell, and each way it can fail or end badly said in one line with the table as it was.
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, simForFile, startSim, Terminal, tableRows } from './terminal.js';

const sim = simForFile();
// Wide enough that pod names are whole beside the CPU and MEM columns (at 80 columns a name
// is cut with … when the figures are wide, and a name read off the screen would be wrong).
const WIDE = { width: 120 };
const kdeck = (...args: string[]) => new Terminal(['--kubeconfig', sim.kubeconfig, ...args], WIDE);
const name = (row: string | undefined) => row?.slice(2).trim().split(/\s+/)[0];
/** The screen says `text`, wrapped over lines or not (a long message takes up to three). */
const says = (text: string) => (lines: string[]) =>
  lines.join('').replace(/\s+/g, '').includes(text.replace(/\s+/g, ''));

/** bash's prompt, on a line of its own (tmux drops the space after it). */
const BASH_PROMPT = (pod: string) => new RegExp(`^root@${pod}:/#$`, 'm');

/** Two containers of different images, the second the pod's default one by annotation. */
const TWO_SHELLS = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'two-shells', namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'two-shells' } },
    template: {
      metadata: {
        labels: { app: 'two-shells' },
        annotations: { 'kubectl.kubernetes.io/default-container': 'tools' },
      },
      spec: {
        containers: [
          { name: 'web', image: 'nginx:1.27', env: [{ name: 'WHO', value: 'the web container' }] },
          {
            name: 'tools',
            image: 'alpine:3.21',
            env: [{ name: 'WHO', value: 'the tools container' }],
          },
        ],
      },
    },
  },
};

/** The pod's name once it runs. */
const runningPod = (app: string) =>
  eventually(
    () =>
      sim
        .kubectl(
          'get',
          'pods',
          '-l',
          `app=${app}`,
          '--field-selector=status.phase=Running',
          '-o',
          'jsonpath={.items[*].metadata.name}',
        )
        .trim(),
    20_000,
    { what: `a running ${app} pod` },
  );

/** kdeck on the default namespace's pods, once live, with the row of `pod` selected. */
async function onPod(t: Terminal, pod: string) {
  await t.waitFor(/pods\(default\)\[\d+\] live/);
  // Rows are in name order: from the top, down one row at a time, until it is the one.
  await t.waitFor(() => tableRows(t.screen()).some((r) => name(r) === pod));
  if (name(t.selected()) !== pod) {
    t.keys('g');
    await t.waitFor(
      (lines) =>
        name(lines.find((l) => l.startsWith('›'))) === name(tableRows(lines.join('\n'))[0]),
    );
  }
  // By name: a row's line also changes when its AGE ticks or its CPU and MEM are polled, and
  // a j pressed again on that would go one row past the pod.
  while (name(t.selected()) !== pod) {
    const before = name(t.selected());
    t.keys('j');
    await t.waitFor(() => name(t.selected()) !== before);
  }
}

describe.skipIf(!hasTmux)('s: a shell in a container', () => {
  it('s on an nginx pod: hostname, the size through a resize, Ctrl-C kept; exit returns to the same table, live', async () => {
    // Wide enough for the hint bar to offer s.
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], { width: 120, height: 30 });
    const screen = await t.waitFor(/pods\(default\)\[5\] live/);
    // Not the first row: the selection must come back where it was.
    const pod = name(tableRows(screen).filter((r) => r.includes('nginx-server'))[2])!;
    await onPod(t, pod);
    expect(t.screen()).toContain('<s> shell');
    // Help names it too.
    t.keys('?');
    await t.waitFor(/\bs\s+shell in the container/);
    t.keys('Escape');
    await t.waitGone('Keys (Esc or ? to close)');
    t.keys('s');
    await t.waitFor(BASH_PROMPT(pod));
    t.burst('hostname\r');
    await t.waitFor(new RegExp(`hostname\\n${pod}\\n`));
    t.burst('stty size\r');
    await t.waitFor(/stty size\n30 120\n/);
    t.resize(100, 25);
    t.burst('stty size\r');
    await t.waitFor(/stty size\n25 100\n/);
    // Ctrl-C is the shell's: it drops the line, and kdeck goes on.
    t.burst('echo never');
    t.keys('C-c');
    await t.waitFor('echo never^C');
    t.burst('exit\r');
    await t.waitFor(/pods\(default\)\[5\] live/);
    expect(name(t.selected())).toBe(pod);
    expect(t.modes()).toMatchObject({ alternate: true, cooked: false });
    // Its watch went on all along: a scale made now shows.
    sim.kubectl('scale', 'deployment', 'nginx-server-deployment', '--replicas=6');
    await t.waitFor(/pods\(default\)\[6\] live/);
    expect(name(t.selected())).toBe(pod);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    // As the other tests expect it: five pods, none on its way out.
    sim.kubectl('scale', 'deployment', 'nginx-server-deployment', '--replicas=5');
    await eventually(
      () =>
        sim.kubectl('get', 'pods', '-l', 'app=nginx-server', '-o', 'name').trim().split('\n')
          .length === 5,
      20_000,
      { what: 'nginx-server back to 5 pods' },
    );
  });

  it('s on deployments still scales', async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], { width: 120 });
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.burst(':deploy\r');
    await t.waitFor(/deployments\(default\)\[1\] live/);
    expect(t.screen()).toContain('<s> scale');
    t.keys('?');
    await t.waitFor(/\bs\s+(\(forbidden\) )?scale/);
    expect(t.screen()).not.toContain('shell in the container');
    t.keys('Escape');
    await t.waitGone('Keys (Esc or ? to close)');
    t.keys('s');
    await t.waitFor(/^scale .*: \d+/m);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('keys typed with s in one burst reach the shell, not the table', async () => {
    const t = kdeck();
    const screen = await t.waitFor(/pods\(default\)\[\d+\] live/);
    const pod = name(tableRows(screen)[0])!;
    await onPod(t, pod);
    // `j` on the table would move the selection: in the shell it is text.
    t.burst('secho jjj\rhostname\r');
    await t.waitFor(new RegExp(`echo jjj\\njjj\\n.*hostname\\n${pod}\\n`));
    t.burst('exit\r');
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    expect(name(t.selected())).toBe(pod);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("Ctrl-C typed right after s is the shell's, not kdeck's: kdeck goes on", async () => {
    const t = kdeck();
    const screen = await t.waitFor(/pods\(default\)\[\d+\] live/);
    const pod = name(tableRows(screen)[0])!;
    await onPod(t, pod);
    // Two writes to the terminal, as a quick typist's: the Ctrl-C comes while s connects.
    t.keys('s');
    t.keys('C-c');
    await t.waitFor(BASH_PROMPT(pod));
    await t.waitFor('^C');
    t.burst('hostname\r');
    await t.waitFor(new RegExp(`hostname\\n${pod}\\n`));
    t.burst('exit\r');
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('the default-container annotation chooses the container; in the containers list s opens the one selected', async () => {
    sim.apply(TWO_SHELLS);
    const pod = await runningPod('two-shells');
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], { width: 120 });
    await onPod(t, pod);
    t.keys('s');
    // Alpine has no bash: k9s's command falls through to ash, as there.
    await t.waitFor('sh: bash: not found');
    await t.waitFor(/^\/ #$/m);
    t.burst('echo $WHO\r');
    await t.waitFor(/^the tools container$/m);
    t.burst('exit\r');
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.keys('Enter');
    await t.waitFor(`containers pod default/${pod}`);
    expect(t.screen()).toContain('<s> shell');
    // The first container, web: not the pod's default one.
    t.keys('s');
    await t.waitFor(BASH_PROMPT(pod));
    t.burst('echo $WHO\r');
    await t.waitFor(/^the web container$/m);
    // `(bash || ash || sh)`: a shell that exits with an error is followed by the next, as in
    // k9s on a real cluster; the last one's status is the command's.
    // nginx's image is Debian's: no ash, so sh.
    t.burst('exit 2\r');
    await t.waitFor(/exit 2\nexit\nsh: ash: not found\n\/ #$/m);
    t.burst('exit 3\r');
    await t.waitFor('command terminated with exit code 3');
    expect(t.screen()).toContain(`containers pod default/${pod}`);
    t.keys('q', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('without the annotation, the first container', async () => {
    sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'first-of-two', namespace: 'default' },
      spec: {
        containers: [...TWO_SHELLS.spec.template.spec.containers].reverse(),
      },
    });
    await eventually(
      () =>
        sim.kubectl('get', 'pod', 'first-of-two', '-o', 'jsonpath={.status.phase}') === 'Running',
      20_000,
      { what: 'first-of-two running' },
    );
    const t = kdeck();
    await onPod(t, 'first-of-two');
    t.keys('s');
    await t.waitFor(/^\/ #$/m);
    t.burst('echo $WHO\r');
    await t.waitFor(/^the tools container$/m);
    t.burst('exit\r');
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    sim.kubectl('delete', 'pod', 'first-of-two', '--wait=false');
  });

  it('a pod deleted under its shell ends the shell, as its container killed ends it (137)', async () => {
    sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'doomed', namespace: 'default' },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
    });
    await eventually(
      () => sim.kubectl('get', 'pod', 'doomed', '-o', 'jsonpath={.status.phase}') === 'Running',
      20_000,
      { what: 'doomed running' },
    );
    const t = kdeck();
    await onPod(t, 'doomed');
    t.keys('s');
    await t.waitFor(BASH_PROMPT('doomed'));
    sim.kubectl('delete', 'pod', 'doomed', '--wait=false');
    await t.waitFor('command terminated with exit code 137');
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('read-only: s is not offered, and says so when pressed, on pods and on containers', async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '--readonly'], { width: 120 });
    const screen = await t.waitFor(/pods\(default\)\[\d+\] live/);
    expect(screen).not.toContain('<s> shell');
    t.keys('s');
    await t.waitFor('read-only (--readonly): shell is off');
    t.keys('Enter');
    await t.waitFor(/containers pod default\//);
    expect(t.screen()).not.toContain('<s> shell');
    t.keys('s');
    await t.waitFor('read-only (--readonly): shell is off');
    t.keys('q', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it("RBAC: a user without create on pods/exec sees s forbidden, and pressing it says the server's reason", async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '--context', 'kdeck-demo-readonly'], {
      width: 120,
    });
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    await t.waitFor('<s> shell(forbidden)');
    t.keys('s');
    await t.waitFor('forbidden: you may not create pods/exec in default');
    // Still the table, nothing of a shell.
    expect(t.screen()).toMatch(/pods\(default\)\[\d+\] live/);
    expect(t.modes()).toMatchObject({ alternate: true, cooked: false });
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a completed pod, and a pod on no node, are refused in one line; the table stays', async () => {
    sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nowhere', namespace: 'default' },
      spec: {
        nodeSelector: { 'kdeck.dev/no-such-node': 'true' },
        containers: [{ name: 'web', image: 'nginx:1.27' }],
      },
    });
    const t = kdeck();
    await onPod(t, 'nowhere');
    t.keys('s');
    await t.waitFor('pod nowhere does not have a host assigned');
    expect(name(t.selected())).toBe('nowhere');
    // Scheduled, its image missing: the container never runs.
    sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'no-image', namespace: 'default' },
      spec: { containers: [{ name: 'web', image: 'nginx:does-not-exist' }] },
    });
    await onPod(t, 'no-image');
    t.keys('s');
    await t.waitFor(
      says('Internal error occurred: unable to upgrade connection: container not found ("web")'),
    );
    expect(name(t.selected())).toBe('no-image');
    expect(t.screen()).toMatch(/pods\(default\)\[\d+\] live/);
    const completed = sim
      .kubectl(
        'get',
        'pods',
        '-n',
        'data',
        '--field-selector=status.phase=Succeeded',
        '-o',
        'jsonpath={.items[0].metadata.name}',
      )
      .trim();
    t.burst(`:pods data\r/${completed}\r`);
    await t.waitFor(() => name(t.selected()) === completed);
    t.keys('s');
    await t.waitFor('cannot exec into a container in a completed pod; current phase is Succeeded');
    expect(name(t.selected())).toBe(completed);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    sim.kubectl('delete', 'pod', 'nowhere', 'no-image', '--wait=false');
  });

  it('the server going away ends the shell: the table comes back with a line saying so', async () => {
    const own = await startSim();
    const t = new Terminal(['--kubeconfig', own.kubeconfig], WIDE);
    const screen = await t.waitFor(/pods\(default\)\[5\] live/);
    const pod = name(tableRows(screen)[0])!;
    t.keys('s');
    await t.waitFor(BASH_PROMPT(pod));
    await own.stop();
    await t.waitFor('connection lost: websocket: close 1006 (abnormal closure)');
    await t.waitFor(/pods\(default\)\[5\] (reconnecting|stale)/);
    expect(name(t.selected())).toBe(pod);
    expect(t.modes()).toMatchObject({ alternate: true, cooked: false });
    // With the server away, s is refused in a line; the table stays.
    t.keys('s');
    // On the bottom line, in place of the hints (the header says it too, for the watch).
    await t.waitFor((lines) =>
      /connection refused/.test(lines.filter((l) => l.trim()).at(-1) ?? ''),
    );
    expect(t.screen()).toMatch(/pods\(default\)\[5\]/);
    expect(name(t.selected())).toBe(pod);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a server that stops answering ends the shell once its pings go unanswered', async () => {
    const own = await startSim();
    const t = new Terminal(['--kubeconfig', own.kubeconfig], WIDE);
    const screen = await t.waitFor(/pods\(default\)\[5\] live/);
    const pod = name(tableRows(screen)[0])!;
    t.keys('s');
    await t.waitFor(BASH_PROMPT(pod));
    // Frozen, its connections open: as a network that drops packets looks.
    process.kill(own.pid, 'SIGSTOP');
    try {
      await t.waitFor(says('connection lost: no answer from the server'), 40_000);
      expect(name(t.selected())).toBe(pod);
      expect(t.modes()).toMatchObject({ alternate: true, cooked: false });
    } finally {
      process.kill(own.pid, 'SIGCONT');
    }
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    await own.stop();
  }, 60_000);

  it('SIGTERM during a shell ends the shell and kdeck (143), and gives the terminal back cooked', async () => {
    const t = kdeck();
    const screen = await t.waitFor(/pods\(default\)\[\d+\] live/);
    const pod = name(tableRows(screen)[0])!;
    t.keys('s');
    await t.waitFor(BASH_PROMPT(pod));
    process.kill(t.pid(), 'SIGTERM');
    expect(await t.exitCode()).toBe(143);
    expect(t.modes()).toMatchObject({ alternate: false, cursor: true, cooked: true });
    // What the shell showed stays, and what comes after kdeck goes below it, not over it.
    const lines = t.lines();
    const prompt = lines.findIndex((l) => BASH_PROMPT(pod).test(l));
    expect(prompt).toBeGreaterThanOrEqual(0);
    expect(lines.findIndex((l) => l.includes('kdeck exited 143'))).toBeGreaterThan(prompt);
  });
});
