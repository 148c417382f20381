// `e` edits the selected object in $EDITOR as kubectl edit does, through the binary in a real
// terminal, with kubectl judging the cluster. The editor is a shell script the test writes: it
// keeps a copy of each file it is given (and its path and mode), then does what the test asks.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();

let editors = 0;

/**
 * An editor: `body` runs on "$1" after the file it was given is kept as `opened(n)` (n counts
 * from 1); `touch "$D/opened.$n"` and the wait for "$D/go.$n" let the test act meanwhile.
 */
function editor(body: string) {
  const dir = mkdtempSync(join(tmpdir(), `kdeck-editor-${++editors}-`));
  const path = join(dir, 'edit.sh');
  writeFileSync(
    path,
    `#!/bin/sh
D='${dir}'
n=$(( $(cat "$D/count" 2>/dev/null || echo 0) + 1 )); echo $n > "$D/count"
cp "$1" "$D/file.$n"; echo "$1" > "$D/path.$n"; stat -c %a "$1" > "$D/mode.$n"
${body}
`,
    { mode: 0o755 },
  );
  const read = (what: string) => {
    const f = join(dir, what);
    return existsSync(f) ? readFileSync(f, 'utf8') : undefined;
  };
  return {
    path,
    /** The file as the editor got it the nth time; undefined if it was not opened that often. */
    opened: (n: number) => read(`file.${n}`),
    /** The comment lines at the top of it. */
    header: (n: number) => (read(`file.${n}`) ?? '').split('\n').filter((l) => l.startsWith('#')),
    /** The path of the file it was given the nth time. */
    given: (n: number) => read(`path.${n}`)?.trim(),
    mode: (n: number) => read(`mode.${n}`)?.trim(),
    times: () => Number(read('count') ?? 0),
    /** A file the editor script wrote in its directory. */
    wrote: (name: string) => existsSync(join(dir, name)),
    waitOpen: (n: number) =>
      eventually(() => existsSync(join(dir, `opened.${n}`)), 15_000, { what: `editor open ${n}` }),
    go: (n: number) => writeFileSync(join(dir, `go.${n}`), ''),
  };
}

/** The editor's part that says it is open, then waits for the test to let it go on. */
const WAIT = 'touch "$D/opened.$n"; until [ -e "$D/go.$n" ]; do sleep 0.05; done';

const kdeck = (editorPath: string, ...args: string[]) =>
  new Terminal(['--kubeconfig', sim.kubeconfig, ...args], {
    env: { EDITOR: editorPath, KUBE_EDITOR: '' },
  });

const get = (kind: string, name: string, path: string, namespace = 'default') =>
  sim.kubectl('get', kind, name, '-n', namespace, '-o', `jsonpath=${path}`);

/** The screen says `text`, wrapped over lines or not (a long message takes up to three). */
const says = (text: string) => (lines: string[]) =>
  lines.join('').replace(/\s+/g, '').includes(text.replace(/\s+/g, ''));

/** A deployment whose controller has nothing left to write (no resourceVersion moves by itself). */
const settled = (name: string) =>
  eventually(
    () => {
      const [generation, observed, reason, ...counts] = get(
        'deployment',
        name,
        '{.metadata.generation} {.status.observedGeneration} {.status.conditions[?(@.type=="Progressing")].reason} {.spec.replicas} {.status.replicas} {.status.updatedReplicas} {.status.readyReplicas} {.status.availableReplicas}',
      ).split(' ');
      return (
        generation === observed &&
        reason === 'NewReplicaSetAvailable' &&
        counts.every((c) => c === counts[0])
      );
    },
    30_000,
    { what: `${name} settled` },
  );

function deployment(name: string, replicas: number) {
  sim.apply({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  });
  return settled(name);
}

/** kdeck on the rows of `kind` in `namespace`, `name` selected. */
async function onRow(t: Terminal, name: string, kind = 'deploy', namespace = 'default') {
  // Live: the screen reads keys by then (typed before, the terminal would echo them).
  await t.waitFor(new RegExp(`pods\\(${namespace}\\)\\[\\d+\\] live`));
  t.burst(`:${kind}\r/${name}\r`);
  // The view filtered to the one row, not merely a selected row naming it: in the pods view
  // left behind, the first pod of deployment `edit-conflict` is such a row, and `e` then
  // raced the keys still opening the view.
  await t.waitFor(new RegExp(`\\(${namespace}\\)\\[1\\] /${name} live`));
  await t.waitFor((lines) => lines.some((l) => l.startsWith('›') && l.includes(name)));
}

describe.skipIf(!hasTmux)('e edits the selected object in $EDITOR', () => {
  it('replicas 5 → 2 in the editor: kubectl sees 2, kdeck says edited; the file was private and is gone', async () => {
    await settled('nginx-server-deployment');
    const ed = editor(`sed -i '0,/replicas: 5/s//replicas: 2/' "$1"`);
    const t = kdeck(ed.path);
    await onRow(t, 'nginx-server-deployment');
    t.keys('e');
    await t.waitFor('deployment.apps/nginx-server-deployment edited');
    expect(get('deployment', 'nginx-server-deployment', '{.spec.replicas}')).toBe('2');
    expect(ed.header(1)).toEqual([
      "# Please edit the object below. Lines beginning with a '#' will be ignored,",
      '# and an empty file will abort the edit. If an error occurs while saving this file will be',
      '# reopened with the relevant failures.',
      '#',
    ]);
    expect(ed.opened(1)).toContain('kind: Deployment');
    expect(ed.opened(1)).not.toContain('managedFields');
    expect(ed.mode(1)).toBe('600');
    expect(existsSync(ed.given(1)!)).toBe(false);
    expect(ed.times()).toBe(1);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a Secret comes as stored (base64); saved unchanged, or emptied, nothing is sent', async () => {
    const stored = get('secret', 'postgres-credentials', '{.data.password}', 'data');
    const rv = get('secret', 'postgres-credentials', '{.metadata.resourceVersion}', 'data');
    const same = editor('true');
    const t = kdeck(same.path, '-n', 'data');
    await onRow(t, 'postgres-credentials', 'secrets', 'data');
    t.keys('e');
    await t.waitFor('Edit cancelled, no changes made.');
    expect(same.opened(1)).toContain(`password: ${stored}`);
    t.keys('q');
    await t.exitCode();

    const empty = editor(`: > "$1"`);
    const u = kdeck(empty.path, '-n', 'data');
    await onRow(u, 'postgres-credentials', 'secrets', 'data');
    u.keys('e');
    await u.waitFor('Edit cancelled, saved file was empty.');
    expect(get('secret', 'postgres-credentials', '{.metadata.resourceVersion}', 'data')).toBe(rv);
    u.keys('q');
    await u.exitCode();
  });

  it('changed by someone else while open: reopened on the latest version with the change, the second save goes through', async () => {
    await deployment('edit-conflict', 1);
    const ed = editor(
      `if [ $n = 1 ]; then sed -i '0,/replicas: 1/s//replicas: 2/' "$1"; ${WAIT}; fi`,
    );
    const t = kdeck(ed.path);
    await onRow(t, 'edit-conflict');
    t.keys('e');
    await ed.waitOpen(1);
    sim.kubectl('label', 'deployment', 'edit-conflict', 'changed=meanwhile');
    ed.go(1);
    await t.waitFor('deployment.apps/edit-conflict edited');
    expect(ed.header(2).slice(4)).toEqual([
      '# deployments.apps "edit-conflict" could not be patched:',
      '# * Operation cannot be fulfilled on deployments.apps "edit-conflict": the object has been modified; please apply your changes to the latest version and try again',
      '# * Below: its latest version, with your changes made to it again.',
      '#',
    ]);
    expect(ed.opened(2)).toContain('changed: meanwhile');
    expect(get('deployment', 'edit-conflict', '{.spec.replicas} {.metadata.labels.changed}')).toBe(
      '2 meanwhile',
    );
    expect(ed.times()).toBe(2);
    t.keys('q');
    await t.exitCode();
  });

  it('replicas: -1 is refused: reopened with the reason at the top and the edit kept; fixed, it is sent', async () => {
    await deployment('edit-invalid', 1);
    const ed = editor(
      `if [ $n = 1 ]; then sed -i '0,/replicas: 1/s//replicas: -1/' "$1"; else sed -i 's/replicas: -1/replicas: 3/' "$1"; fi`,
    );
    const t = kdeck(ed.path);
    await onRow(t, 'edit-invalid');
    t.keys('e');
    await t.waitFor('deployment.apps/edit-invalid edited');
    expect(ed.header(2).slice(4)).toEqual([
      '# deployments.apps "edit-invalid" was not valid:',
      '# * spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      '#',
    ]);
    expect(ed.opened(2)).toContain('replicas: -1');
    expect(get('deployment', 'edit-invalid', '{.spec.replicas}')).toBe('3');
    t.keys('q');
    await t.exitCode();
  });

  it('an editor that fails or is not there: one line, nothing sent', async () => {
    await settled('nginx-server-deployment');
    const before = get('deployment', 'nginx-server-deployment', '{.metadata.resourceVersion}');
    const failing = editor(`sed -i '0,/replicas: [0-9]*/s//replicas: 4/' "$1"; exit 3`);
    const t = kdeck(failing.path);
    await onRow(t, 'nginx-server-deployment');
    t.keys('e');
    await t.waitFor(
      says(`Edit cancelled: there was a problem with the editor "${failing.path}" (exit status 3)`),
    );
    t.keys('q');
    await t.exitCode();
    const u = kdeck('/nonexistent/editor');
    await onRow(u, 'nginx-server-deployment');
    u.keys('e');
    await u.waitFor(says('Edit cancelled: unable to launch the editor "/nonexistent/editor"'));
    expect(get('deployment', 'nginx-server-deployment', '{.metadata.resourceVersion}')).toBe(
      before,
    );
    u.keys('q');
    await u.exitCode();
  });

  it('read-only, or forbidden by RBAC: e is refused and the editor never runs', async () => {
    const ed = editor('true');
    const t = kdeck(ed.path, '--readonly');
    await onRow(t, 'nginx-server-deployment');
    t.keys('e');
    await t.waitFor('read-only (--readonly): edit is off');
    t.keys('q');
    await t.exitCode();
    const u = kdeck(ed.path, '--context', 'kdeck-demo-readonly');
    await onRow(u, 'nginx-server-deployment');
    u.keys('?');
    await u.waitFor(/\be\s+\(forbidden\) edit/);
    u.keys('Escape', 'e');
    await u.waitFor('forbidden: you may not patch deployments in default');
    u.keys('q');
    await u.exitCode();
    expect(ed.times()).toBe(0);
  });

  it('Ctrl-C in the editor is the editor’s; SIGTERM to kdeck ends the editor and gives the terminal back', async () => {
    await settled('nginx-server-deployment');
    const ed = editor(`trap 'echo interrupted > "$D/int.$n"' INT; ${WAIT}`);
    const t = kdeck(ed.path);
    await onRow(t, 'nginx-server-deployment');
    t.keys('e');
    await ed.waitOpen(1);
    t.keys('C-c');
    await eventually(() => ed.wrote('int.1'), 15_000, {
      what: 'the editor got the Ctrl-C',
    });
    ed.go(1);
    await t.waitFor('Edit cancelled, no changes made.');
    t.keys('e');
    await ed.waitOpen(2);
    process.kill(t.pid(), 'SIGTERM');
    expect(await t.exitCode()).toBe(143);
    expect(t.modes()).toEqual({ alternate: false, cursor: true, cooked: true });
  });
});
