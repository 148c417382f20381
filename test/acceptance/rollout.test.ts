// The tutorial's update and roll back, through the binary: `i` sets an image, the deployment's
// row says where the rollout is, `u` lists its revisions and rolls back to one; kubectl judges
// what the cluster holds. Read-only mode refuses both keys (RBAC: test/ui/rollout.test.tsx).
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();
const kdeck = (...args: string[]) => new Terminal(['--kubeconfig', sim.kubeconfig, ...args]);
const DEPLOY = 'nginx-server-deployment';
const FIRST_IMAGE = 'ekababisong/ebisong-nginx-server';
const image = () =>
  sim.kubectl(
    'get',
    'deployment',
    DEPLOY,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  );
/** The rows of the revisions list: the lines under its header, up to the first blank one. */
function revisionRows(screen: string): string[] {
  const lines = screen.split('\n');
  const header = lines.findIndex((l) => /^\s+REVISION\s+CURRENT\s+IMAGES/.test(l));
  const end = lines.findIndex((l, i) => i > header && l.trim() === '');
  return header < 0 ? [] : lines.slice(header + 1, end < 0 ? undefined : end);
}
/** A message as the status line shows it: wrapped at any space when longer than the line. */
const wrapped = (text: string) =>
  new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(' ', '\\s+'));
const replicaSets = () =>
  sim.kubectl('get', 'replicasets', '-l', 'app=nginx-server', '-o', 'name').trim().split('\n');

describe.skipIf(!hasTmux)('set image and roll back', () => {
  it('i sets an image that never comes up, the row says the rollout is under way, u rolls back to revision 1', async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)/);
    t.burst(':deploy\r');
    await t.waitFor(/nginx-server-deployment\s+5\/5\s.*rolled out/);
    expect(replicaSets()).toHaveLength(1);
    t.keys('i');
    // One container: one prompt, prefilled with the image it runs.
    await t.waitFor(`set image nginx-server: ${FIRST_IMAGE}`);
    t.keys('C-u');
    // The simulated registries have no image named does-not-exist: its pods never become
    // ready, so the rollout stays in progress for as long as the test looks.
    t.burst('nginx:does-not-exist');
    t.keys('Enter');
    await t.waitFor(`deployment.apps/${DEPLOY} image updated`);
    expect(image()).toBe('nginx:does-not-exist');
    await eventually(() => replicaSets().length === 2, 15_000, { what: 'a second ReplicaSet' });
    // The row says what kubectl rollout status says, in short: some of the 5 are new.
    await t.waitFor(/nginx-server-deployment\s.*rolling \d\/5 new/);
    const status = sim.kubectl('rollout', 'status', `deployment/${DEPLOY}`, '--watch=false');
    expect(status).toMatch(/Waiting for deployment .* \d out of 5 new replicas have been updated/);

    // u: the revisions, the previous one (1) selected; Esc leaves everything as it was.
    t.keys('u');
    await t.waitFor(`revisions deployment default/${DEPLOY}`);
    const rows = revisionRows(await t.waitFor(/^›\s+1\s+ekababisong/m));
    expect(rows[0]).toMatch(/^\s+2\s+current\s+nginx:does-not-exist\s+<none>/);
    expect(rows[1]).toMatch(/^›\s+1\s+ekababisong\/ebisong-nginx-server\s+<none>/);
    t.keys('Escape');
    await t.waitGone('revisions deployment');
    expect(image()).toBe('nginx:does-not-exist');

    t.keys('u');
    await t.waitFor(/^›\s+1\s+ekababisong/m);
    t.keys('Enter');
    await t.waitFor(`deployment.apps/${DEPLOY} rolled back`);
    expect(image()).toBe(FIRST_IMAGE);
    // Revision 1's ReplicaSet takes the pods back: no third one is made.
    await t.waitFor(/nginx-server-deployment\s+5\/5\s.*rolled out/);
    expect(replicaSets()).toHaveLength(2);
    expect(sim.kubectl('rollout', 'status', `deployment/${DEPLOY}`, '--watch=false')).toContain(
      'successfully rolled out',
    );

    // Enter on the revision that is current now sends nothing, in kubectl's words.
    t.keys('u');
    const list = revisionRows(await t.waitFor(/\d\s+current\s+ekababisong/));
    const current = list.findIndex((r) => /current/.test(r));
    const revision = /^[› ]\s+(\d+)/.exec(list[current])![1];
    t.keys(current === 0 ? 'g' : 'G');
    await t.waitFor(new RegExp(`^›\\s+${revision}\\s+current`, 'm'));
    t.keys('Enter');
    await t.waitFor(
      wrapped(`skipped rollback (current template already matches revision ${revision})`),
    );
    expect(image()).toBe(FIRST_IMAGE);
    t.keys('q');
    await t.exitCode();
  });

  it('a rollout that makes no progress past its deadline reads deadline exceeded, as rollout status says', async () => {
    sim.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'stuck', namespace: 'default' },
      spec: {
        replicas: 2,
        progressDeadlineSeconds: 2,
        selector: { matchLabels: { app: 'stuck' } },
        template: {
          metadata: { labels: { app: 'stuck' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    });
    const t = kdeck();
    await t.waitFor(/pods\(default\)/);
    t.burst(':deploy\r');
    await t.waitFor(/stuck\s+2\/2\s.*rolled out/);
    // An image the simulated registries do not have: the new pods never become ready.
    sim.kubectl('set', 'image', 'deployment/stuck', 'web=nginx:does-not-exist');
    await t.waitFor(/stuck\s+2\/2\s.*deadline exceeded/, 30_000);
    expect(() => sim.kubectl('rollout', 'status', 'deployment/stuck', '--watch=false')).toThrow(
      /exceeded its progress deadline/,
    );
    sim.kubectl('delete', 'deployment', 'stuck');
    t.keys('q');
    await t.exitCode();
  });

  it('--readonly refuses i and u: they are off, and not in help', async () => {
    const before = image();
    const ro = kdeck('--readonly');
    await ro.waitFor(/pods\(default\)/);
    ro.burst(':deploy\r');
    await ro.waitFor(/nginx-server-deployment\s+\d\/5/);
    ro.keys('i');
    await ro.waitFor('read-only (--readonly): set image is off');
    ro.keys('u');
    await ro.waitFor('read-only (--readonly): roll back is off');
    ro.keys('?');
    const help = await ro.waitFor('Keys (Esc or ? to close)');
    expect(help).not.toMatch(/set image|roll back/);
    ro.keys('Escape', 'q');
    await ro.exitCode();

    expect(image()).toBe(before);
  });
});
