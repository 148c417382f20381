// Drill-down and jump-to-owner through the built binary: Enter on a StatefulSet or a DaemonSet
// shows its pods, on a CronJob its Jobs and on one of those its pods, on a pod its containers
// and on a container its logs; on a kind that leads nowhere (a ConfigMap) it describes, and the
// hints and help say which. `:pods -l` shows what a selector picks. J goes from a pod to its
// ReplicaSet and on to its Deployment, or to its Job and on to its CronJob, selected.
// Each screen is judged against what kubectl says of the same objects.
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal, tableRows } from './terminal.js';

const sim = simForFile();
const kdeck = (...args: string[]) =>
  new Terminal(['--kubeconfig', sim.kubeconfig, ...args], { width: 160, height: 30 });

/** The NAME column of a table on screen (the first word of each row; › marks the selected). */
const names = (screen: string) =>
  tableRows(screen).map(
    (l) =>
      l
        .replace(/^[› ][* ]/, '')
        .trim()
        .split(/\s+/)[0],
  );
const selected = (screen: string) =>
  tableRows(screen)
    .find((l) => l.startsWith('›'))
    ?.replace(/^[› ][* ]/, '')
    .trim()
    .split(/\s+/)[0];
const kubectlNames = (...args: string[]) =>
  sim
    .kubectl('get', ...args, '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}')
    .trim()
    .split('\n')
    .filter(Boolean)
    .sort();
const json = (...args: string[]) => JSON.parse(sim.kubectl('get', ...args, '-o', 'json'));
/**
 * Waits for a screen whose title matches and whose rows pass `test`, both read from one
 * capture: a frame caught half drawn may show the new title over rows not drawn yet.
 */
const showing = (t: Terminal, title: RegExp, test: (screen: string) => boolean) =>
  t.waitFor((lines) => title.test(lines.join('\n')) && test(lines.join('\n')));
const sameNames = (want: string[]) => (screen: string) =>
  names(screen).sort().join(' ') === want.join(' ');
/** The hint bar: the screen's last line. */
const hints = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';
/** What `?` help says a key does: its line starts with the key, the words after the gap. */
const helpFor = (screen: string, key: string) =>
  screen
    .split('\n')
    .find((l) => l.startsWith(`${key} `))
    ?.slice(key.length)
    .trimStart()
    .split(/\s{2,}/)[0];
/** Waits for the table titled `title` to offer Enter as `hint` in the hint bar and as `help`
 * in `?` help (the one Enter of each: no other line names it). */
async function offersEnter(t: Terminal, title: RegExp, hint: string, help: string) {
  await showing(
    t,
    title,
    (s) =>
      hints(s)
        .match(/<enter> \S+/g)
        ?.join() === `<enter> ${hint}`,
  );
  t.keys('?');
  await t.waitFor((lines) => helpFor(lines.join('\n'), 'enter') === help);
  t.keys('Escape');
  await t.waitGone('Keys (Esc or ? to close)');
}

describe.skipIf(!hasTmux)('drill-down and jump to the owner', () => {
  it('Enter on a StatefulSet shows the pods its selector picks', async () => {
    const t = kdeck('-n', 'data');
    await t.waitFor('pods(data)');
    t.burst(':sts\r');
    await t.waitFor(/statefulsets\(data\)\[1\] live/);
    t.keys('Enter');
    const screen = await t.waitFor(/pods\(data\)\[\d+\] -l \S+.*live/);
    const sts = json('statefulset', 'postgres', '-n', 'data');
    const selector = Object.entries(sts.spec.selector.matchLabels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    expect(screen).toContain(`-l ${selector}`);
    const want = kubectlNames('pods', '-n', 'data', '-l', selector);
    expect(want.length).toBeGreaterThan(0);
    expect(names(screen).sort()).toEqual(want);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('Enter on a DaemonSet shows its pods, one on each node', async () => {
    // In a namespace of its own: the other tests count the pods of `default`.
    sim.kubectl('create', 'namespace', 'agents');
    const labels = { app: 'node-agent' };
    sim.apply({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'node-agent', namespace: 'agents' },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            // The control-plane node too: one pod on every node.
            tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }],
            containers: [{ name: 'agent', image: 'docker.io/library/busybox:1.37' }],
          },
        },
      },
    });
    const nodes = kubectlNames('nodes');
    const t = kdeck('-n', 'agents');
    await t.waitFor('pods(agents)');
    t.burst(':ds\r');
    // DESIRED, CURRENT and READY: once the controller has a pod ready on every node. That is
    // the simulated kubelets' work (pull, start, probe) for each node, which a machine busy
    // with other suites stretches well past a screen's usual wait: as long as a rollout's.
    const n = nodes.length;
    await t.waitFor(new RegExp(`^› node-agent\\s+${n}\\s+${n}\\s+${n}\\s`, 'm'), 90_000);
    t.keys('Enter');
    const want = kubectlNames('pods', '-n', 'agents', '-l', 'app=node-agent');
    await showing(t, /pods\(agents\)\[\d+\] -l app=node-agent live/, sameNames(want));
    const on = json('pods', '-n', 'agents', '-l', 'app=node-agent').items.map(
      (p: { spec: { nodeName: string } }) => p.spec.nodeName,
    );
    expect(on.sort()).toEqual(nodes);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  }, 120_000);

  it('Enter is offered as what it does: pods, jobs, containers; on a ConfigMap it describes', async () => {
    const t = kdeck('-n', 'data');
    await offersEnter(t, /pods\(data\)\[\d+\] live/, 'containers', 'its containers');
    t.burst(':sts\r');
    await offersEnter(t, /statefulsets\(data\)\[1\] live/, 'pods', 'its pods');
    t.burst(':cj\r');
    await offersEnter(t, /cronjobs\(data\)\[1\] live/, 'jobs', 'its jobs');
    // A ConfigMap leads nowhere: Enter describes it, as k9s's Enter does on such a kind.
    t.burst(':cm\r');
    await t.waitFor(/configmaps\(data\)\[\d+\] live/);
    t.burst('/kube-root-ca\r');
    await offersEnter(t, /configmaps\(data\)\[1\] \/kube-root-ca live/, 'desc', 'describe');
    t.keys('Enter');
    const screen = await t.waitFor('describe configmap data/kube-root-ca.crt');
    const kubectl = sim.kubectl('describe', 'configmap', 'kube-root-ca.crt', '-n', 'data');
    for (const field of ['Name', 'Namespace']) {
      const line = new RegExp(`^${field}:\\s+(\\S+)$`, 'm');
      expect(line.exec(screen)?.[1]).toBe(line.exec(kubectl)?.[1]);
    }
    // Its data's keys, as kubectl has them.
    for (const key of Object.keys(json('configmap', 'kube-root-ca.crt', '-n', 'data').data))
      expect(screen).toContain(`${key}:`);
    t.keys('Escape');
    await t.waitFor(/configmaps\(data\)\[1\] \/kube-root-ca live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it(':pods NS -l SELECTOR shows only the pods the selector picks', async () => {
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    const want = kubectlNames('pods', '-n', 'data', '-l', 'app=postgres');
    expect(want.length).toBeGreaterThan(0);
    // The namespace holds others (the backup Job's pod): the selector leaves them out.
    expect(kubectlNames('pods', '-n', 'data').length).toBeGreaterThan(want.length);
    t.burst(':pods data -l app=postgres\r');
    await showing(t, /pods\(data\)\[\d+\] -l app=postgres live/, sameNames(want));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('Enter on a CronJob shows the Jobs it made; Enter on a Job, its pods', async () => {
    const t = kdeck('-n', 'data');
    await t.waitFor('pods(data)');
    t.burst(':cj\r');
    await t.waitFor(/cronjobs\(data\)\[1\] live/);
    t.keys('Enter');
    let screen = await t.waitFor(/jobs\(data\)\[[1-9]\d*\] of cronjob pg-backup/);
    const cj = json('cronjob', 'pg-backup', '-n', 'data');
    const jobs = json('jobs', '-n', 'data').items.filter(
      (j: { metadata: { ownerReferences?: { uid: string; controller?: boolean }[] } }) =>
        j.metadata.ownerReferences?.some((o) => o.controller && o.uid === cj.metadata.uid),
    );
    expect(names(screen).sort()).toEqual(
      jobs.map((j: { metadata: { name: string } }) => j.metadata.name).sort(),
    );
    const job = jobs.find(
      (j: { metadata: { name: string } }) => j.metadata.name === selected(screen),
    );
    t.keys('Enter');
    const selector = `batch.kubernetes.io/controller-uid=${job.metadata.uid}`;
    screen = await t.waitFor(new RegExp(`pods\\(data\\)\\[\\d+\\] -l ${selector}.*live`));
    expect(names(screen).sort()).toEqual(kubectlNames('pods', '-n', 'data', '-l', selector));
    expect(names(screen).length).toBeGreaterThan(0);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("Enter on a pod lists its containers; Enter on one shows that container's logs", async () => {
    const t = kdeck();
    let screen = await t.waitFor('pods(default)[5] live');
    const pod = selected(screen)!;
    const spec = json('pod', pod, '-n', 'default').spec;
    t.keys('Enter');
    screen = await t.waitFor(`containers pod default/${pod}`);
    const rows = tableRows(screen).map((l) =>
      l
        .replace(/^[› ][* ]/, '')
        .trim()
        .split(/\s{2,}/),
    );
    expect(rows.map((r) => r.slice(0, 2))).toEqual(
      spec.containers.map((c: { name: string; image: string }) => [c.name, c.image]),
    );
    expect(rows[0][2]).toBe('Running');
    t.keys('Enter');
    screen = await t.waitFor(`logs pod default/${pod} [${spec.containers[0].name}]`);
    t.keys('Escape');
    await t.waitFor(`containers pod default/${pod}`);
    t.keys('Escape');
    await t.waitFor('pods(default)[5] live');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("a pod's containers follow the pod: restarts as kubectl counts them, and the pod deleted", async () => {
    const t = kdeck('-n', 'kube-system');
    await t.waitFor(/pods\(kube-system\)\[\d+\] live/);
    t.burst('/metrics-scraper\r');
    let screen = await t.waitFor(/pods\(kube-system\)\[1\] \/metrics-scraper/);
    const pod = selected(screen)!;
    t.keys('Enter');
    await t.waitFor(`containers pod kube-system/${pod}`);
    const restartsOnScreen = (screen: string) =>
      Number(
        tableRows(screen)[0]
          ?.replace(/^[› ][* ]/, '')
          .trim()
          .split(/\s{2,}/)[4],
      );
    const restartsByKubectl = () =>
      Number(
        sim.kubectl(
          'get',
          'pod',
          pod,
          '-n',
          'kube-system',
          '-o',
          'jsonpath={.status.containerStatuses[0].restartCount}',
        ),
      );
    // The pod crash-loops: whatever kubectl counts a moment later, the list comes to show.
    const first = restartsOnScreen(await t.waitFor(`containers pod kube-system/${pod}`));
    let later = restartsByKubectl();
    while (later <= first) {
      await new Promise((r) => setTimeout(r, 100));
      later = restartsByKubectl();
    }
    screen = await t.waitFor((l) => restartsOnScreen(l.join('\n')) >= later);
    expect(screen).toContain(`containers pod kube-system/${pod}`);
    sim.kubectl('delete', 'pod', pod, '-n', 'kube-system');
    await t.waitFor(`containers pod kube-system/${pod} (deleted)`);
    t.keys('q', 'q'); // back from the list, then quit
    expect(await t.exitCode()).toBe(0);
  });

  it('Enter on a CRD shows its objects, as in k9s; Esc comes back', async () => {
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(':crd\r');
    await t.waitFor(/customresourcedefinitions\[\d+\] live/);
    t.burst('/backups.kdeck.dev\r');
    await showing(t, /customresourcedefinitions\[1\] \/backups/, (s) =>
      hints(s).includes('<enter> objects'),
    );
    t.keys('Enter');
    const want = kubectlNames('backups.kdeck.dev', '-A');
    // All namespaces: NAMESPACE first, then NAME.
    await showing(
      t,
      new RegExp(`backups\\(all\\)\\[${want.length}\\] live`),
      (screen) =>
        tableRows(screen)
          .map(
            (l) =>
              l
                .replace(/^[› ][* ]/, '')
                .trim()
                .split(/\s+/)[1],
          )
          .sort()
          .join(' ') === want.join(' '),
    );
    t.keys('Escape');
    await t.waitFor(/customresourcedefinitions\[1\] \/backups/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('J from a pod selects its ReplicaSet; J again, its Deployment', async () => {
    const t = kdeck();
    let screen = await t.waitFor('pods(default)[5] live');
    const pod = json('pod', selected(screen)!, '-n', 'default');
    const rsRef = pod.metadata.ownerReferences.find((o: { controller?: boolean }) => o.controller);
    expect(rsRef.kind).toBe('ReplicaSet');
    t.keys('J');
    screen = await t.waitFor(/replicasets\(default\)\[\d+\] live/);
    expect(selected(screen)).toBe(rsRef.name);
    const rs = json('replicaset', rsRef.name, '-n', 'default');
    const dRef = rs.metadata.ownerReferences.find((o: { controller?: boolean }) => o.controller);
    t.keys('J');
    screen = await t.waitFor(/deployments\(default\)\[\d+\] live/);
    expect(selected(screen)).toBe(dRef.name);
    expect(dRef.name).toBe('nginx-server-deployment');
    t.keys('Escape');
    screen = await t.waitFor(/replicasets\(default\)\[\d+\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("J from a Job's pod selects the Job; J again, the CronJob that made it", async () => {
    const cj = json('cronjob', 'pg-backup', '-n', 'data');
    const job = json('jobs', '-n', 'data').items.find(
      (j: { metadata: { ownerReferences?: { uid: string; controller?: boolean }[] } }) =>
        j.metadata.ownerReferences?.some((o) => o.controller && o.uid === cj.metadata.uid),
    );
    const [pod] = kubectlNames(
      'pods',
      '-n',
      'data',
      '-l',
      `batch.kubernetes.io/controller-uid=${job.metadata.uid}`,
    );
    const t = kdeck('-n', 'data');
    await t.waitFor(/pods\(data\)\[\d+\] live/);
    t.burst(`/${pod}\r`);
    await t.waitFor(new RegExp(`^› ${pod}\\s`, 'm'));
    t.keys('J');
    await showing(t, /jobs\(data\)\[\d+\] live/, (s) => selected(s) === job.metadata.name);
    t.keys('J');
    await showing(t, /cronjobs\(data\)\[1\] live/, (s) => selected(s) === 'pg-backup');
    t.keys('Escape');
    await t.waitFor(/jobs\(data\)\[\d+\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
