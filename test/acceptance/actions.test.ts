// The keys that change the cluster or move through it, through the binary; kubectl judges
// what happened: delete (one, marked, forced), rollout restart, drill-down, sort, label
// filter, Tab completion, contexts.
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, simForFile, Terminal, tableRows } from './terminal.js';

const sim = simForFile();
const kdeck = (...args: string[]) => new Terminal(['--kubeconfig', sim.kubeconfig, ...args]);
const name = (row: string | undefined) => row?.slice(2).trim().split(/\s+/)[0];
const podNames = () => sim.kubectl('get', 'pods', '-n', 'shop', '-o', 'name');

describe.skipIf(!hasTmux)('changing the cluster', () => {
  it('Ctrl-D asks; Enter on the default Cancel, or q, deletes nothing; Tab then Enter deletes that pod', async () => {
    const t = kdeck('-n', 'shop');
    await t.waitFor(/pods\(shop\)\[1\] live/);
    const pod = name(t.selected())!;
    t.keys('C-d');
    await t.waitFor(`Delete pod shop/${pod}?`);
    t.keys('Enter');
    await t.waitGone('Delete pod');
    expect(podNames()).toContain(pod);
    // The bottom line offers the table's keys no longer: q in the dialog cancels, not quits.
    t.keys('C-d');
    await t.waitFor(`Delete pod shop/${pod}?`);
    expect(t.screen()).not.toContain('<q> quit');
    t.keys('q');
    await t.waitGone('Delete pod');
    await t.waitFor('<q> quit');
    expect(podNames()).toContain(pod);
    t.keys('C-d');
    await t.waitFor(`Delete pod shop/${pod}?`);
    t.keys('Tab');
    await t.waitFor('› Delete ‹');
    t.keys('Enter');
    await eventually(() => !podNames().includes(pod), 15_000, { what: `${pod} deleted` });
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('Space marks rows, Ctrl-D deletes the marked ones together', async () => {
    const t = kdeck();
    const screen = await t.waitFor(/pods\(default\)\[\d\] live/);
    const [first, second] = tableRows(screen).map(name);
    t.keys('Space', 'Space', 'C-d');
    await t.waitFor('Delete 2 pods?');
    t.keys('Tab', 'Enter');
    await eventually(
      () => {
        const left = sim.kubectl('get', 'pods', '-o', 'name');
        return !left.includes(`pod/${first}\n`) && !left.includes(`pod/${second}\n`);
      },
      15_000,
      { what: `${first} and ${second} deleted` },
    );
    t.keys('q');
    await t.exitCode();
  });

  it('r restarts a deployment after a confirmation: kubectl sees the restartedAt annotation', async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)/);
    t.burst(':deploy\r');
    await t.waitFor(/nginx-server-deployment\s+\d\/\d/);
    t.keys('r');
    await t.waitFor('Restart deployment default/nginx-server-deployment?');
    t.keys('Tab', 'Enter');
    await eventually(
      () =>
        sim.kubectl(
          'get',
          'deployment',
          'nginx-server-deployment',
          '-o',
          'jsonpath={.spec.template.metadata.annotations}',
        ),
      15_000,
      { what: 'restartedAt annotation' },
    );
    // Recorded under kdeck's own manager for a rollout, as kubectl's is kubectl-rollout.
    expect(
      sim.kubectl(
        'get',
        'deployment',
        'nginx-server-deployment',
        '-o',
        'jsonpath={.metadata.managedFields[*].manager}',
      ),
    ).toContain('kdeck-rollout');
    t.keys('q');
    await t.exitCode();
  });
});

describe.skipIf(!hasTmux)('moving through the cluster', () => {
  it('Enter on a service lists its pods, on a namespace its pods; Esc goes back each time', async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)/);
    t.burst(':svc\r');
    await t.waitFor(/nginx-server-service\s+LoadBalancer/);
    t.keys('Enter');
    await t.waitFor(/pods\(default\)\[\d\] -l app=nginx-server live/);
    t.keys('Escape');
    await t.waitFor(/services\(default\)/);
    t.burst(':ns\r');
    await t.waitFor(/namespaces\[\d+\] live/);
    t.burst('/shop\r');
    await t.waitFor('namespaces[1] /shop');
    t.keys('Enter');
    await t.waitFor(/pods\(shop\)\[\d\] live/);
    t.keys('q');
    await t.exitCode();
  });

  it('o sorts by the next column, O reverses; /-l asks the server for a label selector', async () => {
    const t = kdeck('-n', 'kube-system');
    const screen = await t.waitFor(/pods\(kube-system\)\[\d+\] live/);
    const names = tableRows(screen).map(name);
    // The same name however it is cut: CPU and MEM join after the first list and narrow NAME.
    const uncut = (n: string | undefined) => n?.replace(/…$/, '') ?? '';
    const same = (a: string | undefined, b: string | undefined) =>
      uncut(a).startsWith(uncut(b)) || uncut(b).startsWith(uncut(a));
    t.keys('O');
    await t.waitFor((lines) => same(name(tableRows(lines.join('\n'))[0]), names.at(-1)));
    t.burst('/-l k8s-app=kube-dns\r');
    await t.waitFor(/pods\(kube-system\)\[2\] -l k8s-app=kube-dns live/);
    t.keys('Escape');
    await t.waitFor(/pods\(kube-system\)\[\d+\] live/);
    t.keys('q');
    await t.exitCode();
  });

  it(':de<Tab> completes to deploy; :ctx lists contexts and :ctx NAME switches to one', async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)/);
    t.keys(':');
    t.burst('depl');
    t.keys('Tab');
    await t.waitFor(/^:deploy/m);
    t.keys('Enter');
    await t.waitFor(/deployments\(default\)/);
    t.burst(':ctx\r');
    await t.waitFor(/contexts\[2\] live/);
    t.burst(':ctx kdeck-demo-readonly\r');
    await t.waitFor('ctx: kdeck-demo-readonly');
    await t.waitFor(/pods\(default\)\[\d\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
