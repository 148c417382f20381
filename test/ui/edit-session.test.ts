// `e` as kubectl edit does it, with the editor and the server played by the test: what the
// editor is given, what is sent for what is saved, and when the editor is opened again.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployments } from '../../src/resources/deployments.js';
import type { EditResult, KubeObject } from '../../src/resources/types.js';
import { parseEdited, withoutComments } from '../../src/ui/edit-file.js';
import { type EditDeps, editObject } from '../../src/ui/edit-session.js';
import { editorArgv, editorCommand } from '../../src/ui/editor.js';

const web = (replicas: number, resourceVersion = '7'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'default',
    resourceVersion,
    managedFields: [{ manager: 'kubectl-create' }],
    labels: { app: 'web' },
  },
  spec: { replicas },
});

/** Each time the editor opens: what it was given; then `edits[n]` changes the text. */
function play(object: KubeObject, edits: ((text: string) => string)[], answers: EditResult[]) {
  const opened: string[] = [];
  const sent: Record<string, unknown>[] = [];
  const files: string[] = [];
  let latest = object;
  const deps: EditDeps = {
    get: async () => latest,
    send: async (patch) => {
      sent.push(patch);
      return answers.shift() ?? { ok: true, object };
    },
    edit: async (file) => {
      files.push(file);
      const text = readFileSync(file, 'utf8');
      opened.push(text);
      const edit = edits.shift();
      if (!edit) throw new Error('opened once too often');
      writeFileSync(file, edit(text));
    },
  };
  return {
    opened,
    sent,
    files,
    setLatest: (o: KubeObject) => {
      latest = o;
    },
    run: () => editObject(object, deployments, deps),
  };
}

const replicasTo = (n: number) => (t: string) => t.replace(/replicas: -?\d+/, `replicas: ${n}`);
const header = (text: string) => text.split('\n').filter((l) => l.startsWith('#'));
const modified =
  'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again';
const conflict: EditResult = {
  ok: false,
  code: 409,
  reason: 'Conflict',
  message: modified,
  causes: [],
};
const invalid: EditResult = {
  ok: false,
  code: 422,
  reason: 'Invalid',
  message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: …',
  causes: [
    { field: 'spec.replicas', message: 'Invalid value: -1: must be greater than or equal to 0' },
  ],
};

describe('editing an object', () => {
  it('gives the editor kubectl edit’s header and the object without managedFields, in a file only the user can read', async () => {
    let text = '';
    let mode = 0;
    let dirMode = 0;
    const o = await editObject(web(5), deployments, {
      get: async () => web(5),
      send: async () => ({ ok: true, object: web(2) }),
      edit: async (file) => {
        mode = statSync(file).mode & 0o777;
        dirMode = statSync(dirname(file)).mode & 0o777;
        text = readFileSync(file, 'utf8');
        writeFileSync(file, replicasTo(2)(text));
      },
    });
    expect(o).toEqual({ text: 'deployment.apps/web edited', error: false });
    expect([mode, dirMode]).toEqual([0o600, 0o700]);
    expect(header(text)).toEqual([
      "# Please edit the object below. Lines beginning with a '#' will be ignored,",
      '# and an empty file will abort the edit. If an error occurs while saving this file will be',
      '# reopened with the relevant failures.',
      '#',
    ]);
    expect(text).not.toContain('managedFields');
    expect(
      withoutComments(text).trimStart().startsWith('apiVersion: apps/v1\nkind: Deployment'),
    ).toBe(true);
  });

  it('sends only what changed, guarded by the resourceVersion read; the file is gone after', async () => {
    const p = play(web(5), [replicasTo(2)], []);
    expect((await p.run()).text).toBe('deployment.apps/web edited');
    expect(p.sent).toEqual([{ metadata: { resourceVersion: '7' }, spec: { replicas: 2 } }]);
    expect(() => statSync(dirname(p.files[0]))).toThrow();
  });

  it('an unchanged file, or one with only comments left, cancels and sends nothing', async () => {
    const same = play(web(5), [(t) => t], []);
    expect(await same.run()).toEqual({ text: 'Edit cancelled, no changes made.', error: false });
    const empty = play(web(5), [(t) => header(t).join('\n')], []);
    expect((await empty.run()).text).toBe('Edit cancelled, saved file was empty.');
    expect([...same.sent, ...empty.sent]).toEqual([]);
  });

  it('an invalid object reopens the editor on the user’s text, the fields named at the top', async () => {
    const p = play(web(5), [replicasTo(-1), replicasTo(3)], [invalid]);
    expect((await p.run()).text).toBe('deployment.apps/web edited');
    expect(header(p.opened[1]).slice(4)).toEqual([
      '# deployments.apps "web" was not valid:',
      '# * spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      '#',
    ]);
    expect(p.opened[1]).toContain('replicas: -1');
    expect(p.sent.map((s) => (s.spec as { replicas: number }).replicas)).toEqual([-1, 3]);
  });

  it('saving the refused text again unchanged cancels, as kubectl does', async () => {
    const p = play(web(5), [replicasTo(-1), (t) => t], [invalid]);
    expect((await p.run()).text).toBe('Edit cancelled, no valid changes were saved.');
    expect(p.sent).toHaveLength(1);
  });

  it('a file that does not parse reopens with the syntax error, and sends nothing', async () => {
    const p = play(
      web(5),
      [(t) => `${t}\n  bad: [`, (t) => replicasTo(4)(t.replace('  bad: [', ''))],
      [],
    );
    expect((await p.run()).text).toBe('deployment.apps/web edited');
    expect(header(p.opened[1])[4]).toMatch(
      /^# The edited file had a syntax error: .+ \(line \d+\)$/,
    );
    expect(p.sent).toEqual([{ metadata: { resourceVersion: '7' }, spec: { replicas: 4 } }]);
  });

  it('a conflict reopens on the latest version with the user’s change made to it; saving sends it guarded by the new resourceVersion', async () => {
    const p = play(web(5), [replicasTo(2), (t) => t], [conflict]);
    // Meanwhile someone else labelled it (resourceVersion 8).
    const latest = web(5, '8');
    latest.metadata.labels.tier = 'front';
    p.setLatest(latest);
    expect((await p.run()).text).toBe('deployment.apps/web edited');
    expect(header(p.opened[1]).slice(4, 7)).toEqual([
      '# deployments.apps "web" could not be patched:',
      `# * ${modified}`,
      '# * Below: its latest version, with your changes made to it again.',
    ]);
    const reopened = parseEdited(p.opened[1]);
    expect(reopened.kind === 'object' && reopened.object.metadata).toMatchObject({
      resourceVersion: '8',
      labels: { app: 'web', tier: 'front' },
    });
    expect(p.opened[1]).toContain('replicas: 2');
    expect(p.sent).toEqual([
      { metadata: { resourceVersion: '7' }, spec: { replicas: 2 } },
      { metadata: { resourceVersion: '8' }, spec: { replicas: 2 } },
    ]);
  });

  it('an editor that fails, or a refusal the user cannot fix there, ends it in one line', async () => {
    const failing = await editObject(web(5), deployments, {
      get: async () => web(5),
      send: async () => ({ ok: true, object: web(5) }),
      edit: async () => {
        throw new Error('there was a problem with the editor "false" (exit status 1)');
      },
    });
    expect(failing).toEqual({
      text: 'Edit cancelled: there was a problem with the editor "false" (exit status 1)',
      error: true,
    });
    const why = 'deployments.apps "web" is forbidden: User "viewer" cannot patch …';
    const forbidden: EditResult = {
      ok: false,
      code: 403,
      reason: 'Forbidden',
      message: why,
      causes: [],
    };
    const p = play(web(5), [replicasTo(2)], [forbidden]);
    expect(await p.run()).toEqual({
      text: `deployments.apps "web" could not be patched: ${why}`,
      error: true,
    });
  });

  it('a file naming another object is reopened with kubectl’s reason', async () => {
    const p = play(
      web(5),
      [
        (t) => t.replace('name: web', 'name: other'),
        (t) => replicasTo(1)(t.replace('name: other', 'name: web')),
      ],
      [],
    );
    expect((await p.run()).text).toBe('deployment.apps/web edited');
    expect(header(p.opened[1])[4]).toBe('# At least one of apiVersion, kind and name was changed');
    expect(p.sent).toHaveLength(1);
  });
});

describe('the editor', () => {
  it('is $KUBE_EDITOR, else $EDITOR, else vi; split on spaces, or run by the shell when quoted', () => {
    expect(editorCommand({ KUBE_EDITOR: 'nano', EDITOR: 'emacs' }).args).toEqual(['nano']);
    expect(editorCommand({ EDITOR: 'code -w' })).toEqual({ args: ['code', '-w'], shell: false });
    expect(editorCommand({})).toEqual({ args: ['vi'], shell: false });
    const quoted = editorCommand({ EDITOR: "vim -c 'set ft=yaml'", SHELL: '/bin/zsh' });
    expect(quoted).toEqual({ args: ['/bin/zsh', '-c', "vim -c 'set ft=yaml'"], shell: true });
    expect(editorArgv(quoted, "/tmp/it's.yaml")).toEqual([
      '/bin/zsh',
      '-c',
      "vim -c 'set ft=yaml' '/tmp/it'\\''s.yaml'",
    ]);
    expect(editorArgv(editorCommand({ EDITOR: 'code -w' }), '/tmp/x.yaml')).toEqual([
      'code',
      '-w',
      '/tmp/x.yaml',
    ]);
  });
});
