// Keys typed in one burst with the keys that change the cluster (a paste, typing ahead over
// SSH): each goes to the page it was typed for, even when that page opens only once the
// server has answered (the image prompt, the revisions, the apply preview), and none that
// was meant for the editor is run by kdeck. Through the built binary; kubectl judges.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();
const dir = mkdtempSync(join(tmpdir(), 'kdeck-bursts-'));
const CTRL_U = '\x15';

const deployment = (name: string, image = 'nginx:1.27') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: web
          image: ${image}
`;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const image = (name: string) =>
  sim.kubectl(
    'get',
    'deployment',
    name,
    '-o',
    'jsonpath={.spec.template.spec.containers[0].image}',
  );
const exists = (name: string) =>
  sim.kubectl('get', 'deployment', name, '--ignore-not-found', '-o', 'name').trim() !== '';

/** kdeck on the deployments, the one named `name` selected. */
async function onDeployment(name: string, env?: Record<string, string>) {
  const t = new Terminal(['--kubeconfig', sim.kubeconfig], { width: 120, height: 30, env });
  await t.waitFor(/pods\(default\)\[\d+\] live/);
  t.burst(`:deploy\r/${name}\r`);
  await t.waitFor(new RegExp(`^› ${name}\\s`, 'm'));
  return t;
}

describe.skipIf(!hasTmux)('keys typed in one burst with a change', () => {
  it('i, Ctrl-U, an image and Enter in one write set exactly that image', async () => {
    sim.kubectl('apply', '-f', file('burst-image.yaml', deployment('burst-image')));
    const t = await onDeployment('burst-image');
    t.burst(`i${CTRL_U}nginx:1.30\r`);
    await t.waitFor('deployment.apps/burst-image image updated');
    expect(image('burst-image')).toBe('nginx:1.30');

    // u and Enter in one write: the revisions open, and Enter rolls back to the previous one.
    await eventually(
      () =>
        sim
          .kubectl('rollout', 'status', 'deployment/burst-image', '--watch=false')
          .includes('successfully'),
      15_000,
      { what: 'the rollout done' },
    );
    t.burst('u\r');
    await t.waitFor('deployment.apps/burst-image rolled back');
    expect(image('burst-image')).toBe('nginx:1.27');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('keys typed after a refused i are dropped with its error, never run on the table', async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '--readonly'], {
      width: 120,
      height: 30,
    });
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.burst(':deploy\r');
    await t.waitFor(/nginx-server-deployment\s+\d\/5/);
    // Without the flush, `:9` ran as a command and `s` opened the scale prompt.
    t.burst(`i${CTRL_U}nginx:9\rs?`);
    await t.waitFor('read-only (--readonly): set image is off');
    t.keys('?');
    await t.waitFor('Keys (Esc or ? to close)');
    expect(t.screen()).not.toMatch(/resource type "9"|scale default/);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('d, l or Enter on a pod typed with q: q closes the page they open, it does not quit kdeck', async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], { width: 120, height: 30 });
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    for (const key of ['d', 'l', '\r']) {
      // Before the page is read, q would have gone to the table and quit; ? after it shows
      // that kdeck is still there, back on the table.
      t.burst(`${key}q?`);
      await t.waitFor('Keys (Esc or ? to close)');
      t.keys('Escape');
      await t.waitGone('Keys (Esc');
    }
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it(':apply -f FILE and two Enters in one write: the second Enter applies the preview', async () => {
    const path = file('burst-apply.yaml', deployment('burst-apply'));
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], { width: 120, height: 30 });
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.burst(`:apply -f ${path}\r\r`);
    await t.waitFor(`apply -f ${path}: done`);
    expect(exists('burst-apply')).toBe(true);

    // :delete -f, Tab to Delete and Enter in one write: deleted.
    t.burst(`\r:delete -f ${path}\r\t\r`);
    await t.waitFor(`delete -f ${path}: done`);
    await eventually(() => !exists('burst-apply'), 15_000, { what: 'burst-apply deleted' });
    t.keys('Enter', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('e then :q and Enter in one write: the keys meant for the editor never quit kdeck', async () => {
    sim.kubectl('apply', '-f', file('burst-edit.yaml', deployment('burst-edit')));
    // An editor that changes nothing and takes its time, as a person would.
    const editor = join(dir, 'slow-editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsleep 0.5\n', { mode: 0o755 });
    const t = await onDeployment('burst-edit', { EDITOR: editor, KUBE_EDITOR: '' });
    t.burst('e:q\r');
    await t.waitFor('Edit cancelled, no changes made.');
    // Still kdeck, on the same table: `:q` was not run.
    expect(t.screen()).toMatch(/deployments\(default\)/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
