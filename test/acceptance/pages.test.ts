// Describe, YAML, logs, the scale prompt and what the cluster says, through the binary:
// text from the cluster is data, never terminal commands.
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();

const kdeck = (...args: string[]) => new Terminal(['--kubeconfig', sim.kubeconfig, ...args]);

describe.skipIf(!hasTmux)('describe and YAML', () => {
  it('d describes the pod as kubectl does; w wraps, l scrolls sideways; Esc comes back', async () => {
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    t.keys('d');
    await t.waitFor(/describe pod default\/nginx-server-deployment-\S+ \[1-/);
    expect(t.screen()).toMatch(/^Name:\s{2,}nginx-server-deployment-/m);
    t.keys('G');
    await t.waitFor(/^Events:/m);
    t.keys('g', '/');
    t.burst('Restart Count\r');
    await t.waitFor(/^\s+Restart Count:\s{2,}\d+/m);
    t.keys('w');
    await t.waitFor(/\] wrap$/m);
    t.keys('w', 'l');
    await t.waitFor(/\] →8$/m);
    t.keys('Escape');
    await t.waitFor('pods(default)[5] live');
    t.keys('y');
    await t.waitFor(/^apiVersion: v1\nkind: Pod\nmetadata:$/m);
    t.keys('q');
    await t.waitFor('pods(default)[5] live');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("a deployment's describe names its NewReplicaSet, a service's its Endpoints, as kubectl's do", async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d\] live/);
    t.burst(':deploy\r');
    await t.waitFor(/nginx-server-deployment\s+\d\/\d/);
    t.keys('d');
    await t.waitFor('describe deployment default/nginx-server-deployment');
    t.keys('G');
    await t.waitFor(/^NewReplicaSet:\s+nginx-server-deployment-\w+ \(\d+\/\d+ replicas created\)/m);
    t.burst('\u001b:svc\r');
    await t.waitFor(/nginx-server-service\s+LoadBalancer/);
    t.keys('d');
    await t.waitFor(/^Endpoints:\s+\d+\.\d+\.\d+\.\d+:80/m);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('escape sequences in an annotation are shown in caret notation, not obeyed', async () => {
    const pod = sim.kubectl('get', 'pods', '-o', 'jsonpath={.items[0].metadata.name}');
    sim.kubectl('annotate', 'pod', pod, '--overwrite', 'note=\u001b[8mhidden\u001b]0;title\u0007');
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(`/${pod}\r`);
    await t.waitFor('pods(default)[1]');
    t.keys('d');
    await t.waitFor(/note: \^\[\[8mhidden\^\[\]0;title\^G/);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('events', () => {
  it(':ev tells warnings by their TYPE (with NO_COLOR too), and a hostile message stays inert in its row', async () => {
    sim.apply({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'hostile.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'nobody', namespace: 'default' },
      reason: 'Hostile',
      type: 'Warning',
      message: 'look \u001b[8mhidden\u001b[0m here',
      count: 3,
      firstTimestamp: new Date().toISOString(),
      lastTimestamp: new Date().toISOString(),
      source: { component: 'tester' },
    });
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], { env: { NO_COLOR: '1' } });
    await t.waitFor(/pods\(default\)/);
    t.burst(':ev\r');
    const screen = await t.waitFor(/Hostile/);
    expect(screen).toMatch(/LAST SEEN\s+TYPE\s+REASON/);
    expect(screen).toMatch(/Warning\s+Hostile\s+.*look \^\[\[8mhidden\^\[\[0m here/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('prompts and messages', () => {
  it('the scale prompt refuses a letter out loud, and the note goes with the next digit', async () => {
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(':deploy\r');
    await t.waitFor(/nginx-server-deployment\s+5\/5/);
    t.keys('s');
    await t.waitFor('scale default/nginx-server-deployment to: 5');
    t.keys('x');
    await t.waitFor(/to: 5 .*digits only/);
    t.keys('BSpace', '4');
    await t.waitGone('digits only');
    t.keys('Enter');
    await t.waitFor(/nginx-server-deployment\s+4\/4/, 20_000);
    expect(
      sim.kubectl(
        'get',
        'deployment',
        'nginx-server-deployment',
        '-o',
        'jsonpath={.spec.replicas}',
      ),
    ).toBe('4');
    t.keys('q');
    await t.exitCode();
  });

  it('0 is not offered where kinds have no namespace (nodes), and does nothing there', async () => {
    const t = kdeck();
    await t.waitFor('pods(default)');
    t.burst(':nodes\r');
    await t.waitFor(/nodes\[3\] live/);
    expect(t.screen()).not.toContain('all ns');
    t.keys('0');
    await t.waitFor(/nodes\[3\] live/);
    t.keys('q');
    await t.exitCode();
  });

  it('logs: a pod with several containers asks which; t shows timestamps; p asks for the previous instance', async () => {
    const t = kdeck('-n', 'shop');
    await t.waitFor(/pods\(shop\)\[1\] live/);
    t.keys('l');
    await t.waitFor('Which container?');
    t.keys('Enter');
    await t.waitFor(/following — logs pod shop\/checkout-\S+ \[\S+\]/);
    t.keys('t');
    await t.waitFor(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/m);
    t.keys('p');
    await t.waitFor(/\(previous\)/);
    t.keys('Escape');
    await t.waitFor(/pods\(shop\)\[1\] live/);
    t.keys('q');
    await t.exitCode();
  });

  it("l on a StatefulSet follows every pod it selects, each line under its pod's name", async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '-n', 'data'], { width: 160 });
    await t.waitFor(/pods\(data\)\[\d+\] live/);
    t.burst(':sts\r');
    await t.waitFor(/statefulsets\(data\)\[1\] live/);
    t.keys('l');
    await t.waitFor(/following — logs statefulset data\/postgres /);
    const sts = JSON.parse(sim.kubectl('get', 'sts', 'postgres', '-n', 'data', '-o', 'json'));
    const selector = Object.entries(sts.spec.selector.matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const pods = sim
      .kubectl('get', 'pods', '-n', 'data', '-l', selector, '-o', 'name')
      .trim()
      .split('\n')
      .map((p) => p.replace('pod/', ''));
    expect(pods.length).toBeGreaterThan(1);
    // Each pod's lines, as kubectl logs gives them for that pod.
    for (const pod of pods) {
      const screen = await t.waitFor(new RegExp(`^${pod} \\S`, 'm'));
      const line = screen
        .split('\n')
        .find((l) => l.startsWith(`${pod} `))!
        .slice(pod.length + 1)
        .trimEnd();
      expect(sim.kubectl('logs', pod, '-n', 'data').split('\n')).toContain(line);
    }
    t.keys('Escape');
    await t.waitFor(/statefulsets\(data\)\[1\] live/);
    t.keys('q');
    await t.exitCode();
  });

  it('l follows the logs of a pod; Esc comes back to the table', async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d\] live/);
    t.keys('l');
    await t.waitFor(/following — logs pod default\/nginx-server-deployment-/);
    await t.waitFor(/GET \/\S* HTTP\/1\.1/);
    t.keys('Escape');
    await t.waitFor(/pods\(default\)\[\d\] live/);
    t.keys('q');
    await t.exitCode();
  });
});
