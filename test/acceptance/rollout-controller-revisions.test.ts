// `u` on a StatefulSet and a DaemonSet, through the binary: their revisions are the
// ControllerRevisions they control; Enter rolls back to the one selected as kubectl rollout undo
// does, Esc changes nothing. kubectl judges what the cluster holds, and its rollout history the
// numbering the simulator gives the revision taken back.
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();
// Wide enough for every column of the revisions list, CHANGE-CAUSE and CONTROLLERREVISION too.
const kdeck = (...args: string[]) =>
  new Terminal(['--kubeconfig', sim.kubeconfig, ...args], { width: 160 });

/** The rows of the revisions list: the lines under its header, up to the first blank one. */
function revisionRows(screen: string): string[] {
  const lines = screen.split('\n');
  const header = lines.findIndex((l) => /^\s+REVISION\s+CURRENT\s+IMAGES/.test(l));
  const end = lines.findIndex((l, i) => i > header && l.trim() === '');
  return header < 0 ? [] : lines.slice(header + 1, end < 0 ? undefined : end);
}
const header = (screen: string) =>
  screen.split('\n').find((l) => /^\s+REVISION\s+CURRENT\s+IMAGES/.test(l)) ?? '';
/** A message as the status line shows it: wrapped at any space when longer than the line. */
const wrapped = (text: string) =>
  new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(' ', '\\s+'));

/** `kubectl rollout history`'s rows: [revision, change-cause]. */
const history = (namespace: string, what: string) =>
  sim
    .kubectl('rollout', 'history', '-n', namespace, what)
    .trim()
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s{2,}/));
const image = (namespace: string, what: string) =>
  sim.kubectl(
    'get',
    '-n',
    namespace,
    what,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  );
const controllerRevisions = (namespace: string) =>
  sim
    .kubectl('get', 'controllerrevisions', '-n', namespace, '-o', 'name')
    .trim()
    .split('\n')
    .filter(Boolean);

describe.skipIf(!hasTmux)('u on a StatefulSet and a DaemonSet: their ControllerRevisions', () => {
  it('i sets the postgres StatefulSet an image; u lists 2 revisions, Esc sends nothing, Enter rolls back to revision 1', async () => {
    const OLD = 'docker.io/library/postgres:17.2';
    const NEW = 'docker.io/library/postgres:17.3';
    expect(image('data', 'sts/postgres')).toBe(OLD);
    expect(history('data', 'sts/postgres')).toEqual([['1', '<none>']]);

    const t = kdeck('-n', 'data');
    await t.waitFor('pods(data)');
    t.burst(':sts\r');
    await t.waitFor(/statefulsets\(data\)\[1\] live/);
    t.keys('i');
    await t.waitFor(`set image postgres: ${OLD}`);
    t.keys('C-u');
    t.burst(NEW);
    t.keys('Enter');
    await t.waitFor('statefulset.apps/postgres image updated');
    expect(image('data', 'sts/postgres')).toBe(NEW);
    // The controller records the new template as revision 2.
    await eventually(() => controllerRevisions('data').length === 2, 15_000, {
      what: 'a second ControllerRevision',
    });
    expect(history('data', 'sts/postgres')).toEqual([
      ['1', '<none>'],
      ['2', '<none>'],
    ]);

    // u: both revisions, newest first, the previous one (1) selected; Esc changes nothing.
    t.keys('u');
    const screen = await t.waitFor(/^›\s+1\s+docker\.io\/library\/postgres:17\.2/m);
    expect(screen).toContain('revisions statefulset data/postgres');
    expect(header(screen)).toMatch(/CHANGE-CAUSE\s+CONTROLLERREVISION\s+AGE/);
    const rows = revisionRows(screen);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /^\s+2\s+current\s+docker\.io\/library\/postgres:17\.3\s+<none>\s+postgres-\w+/,
    );
    expect(rows[1]).toMatch(/^›\s+1\s+docker\.io\/library\/postgres:17\.2\s+<none>\s+postgres-\w+/);
    t.keys('Escape');
    await t.waitGone('revisions statefulset');
    expect(image('data', 'sts/postgres')).toBe(NEW);
    expect(history('data', 'sts/postgres').map((r) => r[0])).toEqual(['1', '2']);

    t.keys('u');
    await t.waitFor(/^›\s+1\s+docker\.io\/library\/postgres:17\.2/m);
    t.keys('Enter');
    await t.waitFor('statefulset.apps/postgres rolled back');
    expect(image('data', 'sts/postgres')).toBe(OLD);
    // Revision 1's template is taken back and renumbered as the newest: 2 and 3, no third
    // ControllerRevision.
    await eventually(
      () =>
        history('data', 'sts/postgres')
          .map((r) => r[0])
          .join() === '2,3',
      15_000,
      { what: 'revision 1 renumbered as 3' },
    );
    expect(controllerRevisions('data')).toHaveLength(2);

    // The list says so too: 3 (the old image) is current, 2 is the previous one.
    t.keys('u');
    const after = revisionRows(
      await t.waitFor(/^\s+3\s+current\s+docker\.io\/library\/postgres:17\.2/m),
    );
    expect(after).toHaveLength(2);
    expect(after[1]).toMatch(/^›\s+2\s+docker\.io\/library\/postgres:17\.3/);
    // Enter on the current revision sends nothing, in kubectl's words.
    t.keys('g');
    await t.waitFor(/^›\s+3\s+current/m);
    t.keys('Enter');
    await t.waitFor(wrapped('skipped rollback (current template already matches revision 3)'));
    expect(image('data', 'sts/postgres')).toBe(OLD);
    expect(history('data', 'sts/postgres').map((r) => r[0])).toEqual(['2', '3']);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a DaemonSet: its revisions with their change-cause; Esc sends nothing, Enter rolls back', async () => {
    const NS = 'agents';
    const OLD = 'docker.io/library/busybox:1.36';
    const NEW = 'docker.io/library/busybox:1.37';
    sim.kubectl('create', 'namespace', NS);
    const labels = { app: 'node-agent' };
    sim.apply({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'node-agent', namespace: NS },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { containers: [{ name: 'agent', image: OLD }] },
        },
      },
    });
    await eventually(() => controllerRevisions(NS).length === 1, 15_000, {
      what: 'the first ControllerRevision',
    });
    // The change-cause the DaemonSet carries when its new template is recorded goes with it.
    sim.kubectl('annotate', '-n', NS, 'ds/node-agent', 'kubernetes.io/change-cause=busybox 1.37');
    sim.kubectl('set', 'image', '-n', NS, 'ds/node-agent', `agent=${NEW}`);
    await eventually(() => controllerRevisions(NS).length === 2, 15_000, {
      what: 'a second ControllerRevision',
    });
    expect(history(NS, 'ds/node-agent')).toEqual([
      ['1', '<none>'],
      ['2', 'busybox 1.37'],
    ]);

    const t = kdeck('-n', NS);
    await t.waitFor(`pods(${NS})`);
    t.burst(':ds\r');
    await t.waitFor(/daemonsets\(agents\)\[1\] live/);
    t.keys('u');
    const screen = await t.waitFor(/^›\s+1\s+docker\.io\/library\/busybox:1\.36/m);
    expect(screen).toContain(`revisions daemonset ${NS}/node-agent`);
    const rows = revisionRows(screen);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /^\s+2\s+current\s+docker\.io\/library\/busybox:1\.37\s+busybox 1\.37\s+node-agent-\w+/,
    );
    expect(rows[1]).toMatch(
      /^›\s+1\s+docker\.io\/library\/busybox:1\.36\s+<none>\s+node-agent-\w+/,
    );
    t.keys('Escape');
    await t.waitGone('revisions daemonset');
    expect(image(NS, 'ds/node-agent')).toBe(NEW);
    expect(history(NS, 'ds/node-agent').map((r) => r[0])).toEqual(['1', '2']);

    t.keys('u');
    await t.waitFor(/^›\s+1\s+docker\.io\/library\/busybox:1\.36/m);
    t.keys('Enter');
    await t.waitFor('daemonset.apps/node-agent rolled back');
    expect(image(NS, 'ds/node-agent')).toBe(OLD);
    await eventually(
      () =>
        history(NS, 'ds/node-agent')
          .map((r) => r[0])
          .join() === '2,3',
      15_000,
      { what: 'revision 1 renumbered as 3' },
    );
    expect(history(NS, 'ds/node-agent')).toEqual([
      ['2', 'busybox 1.37'],
      ['3', '<none>'],
    ]);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
