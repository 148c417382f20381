// One edit (`e`), as kubectl edit runs it: the object written to a file readable only by the
// user (in a directory of its own, removed after), the editor run on it, and what was saved sent
// as the changes from what was read, guarded by its resourceVersion. A save the server refuses
// as invalid (422, 400), or that does not parse, reopens the editor on the user's text with the
// reasons as comments at the top; a conflict (someone changed the object meanwhile) reopens it on
// the latest version with the user's changes made to it again, so that saving sends them on top
// of what changed. An unchanged or empty file cancels; nothing is sent.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EditResult, KubeObject, ResourceDef } from '../resources/types.js';
import { applyMergePatch, createMergePatch, sameJson } from '../util/merge-patch.js';
import {
  type EditReason,
  editable,
  editHeader,
  parseEdited,
  toYaml,
  withoutComments,
} from './edit-file.js';

export interface EditDeps {
  /** Reads the object again (after a conflict). */
  get(): Promise<KubeObject>;
  send(patch: Record<string, unknown>): Promise<EditResult>;
  /** Lets the user edit `file`; rejects with one line when the editor fails. */
  edit(file: string): Promise<void>;
}

/** How it ended, in one line. */
export interface EditOutcome {
  text: string;
  error: boolean;
}

/** Edits `object` (as read, of kind `def`) until it is saved, cancelled or refused for good. */
export async function editObject(
  object: KubeObject,
  def: ResourceDef,
  deps: EditDeps,
): Promise<EditOutcome> {
  // mkdtemp makes the directory 0700: the file (a Secret's data, too) is the user's alone.
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-edit-'));
  try {
    return await rounds(object, def, join(dir, fileName(def, object)), deps);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `deployment-web.yaml`: the extension tells the editor it is YAML. */
const fileName = (def: ResourceDef, o: KubeObject) =>
  `${`${def.kind.toLowerCase()}-${String(o.metadata?.name ?? 'object')}`.slice(0, 200)}.yaml`;

const said = (text: string): EditOutcome => ({ text, error: false });
const failed = (text: string): EditOutcome => ({ text, error: true });

async function rounds(
  object: KubeObject,
  def: ResourceDef,
  file: string,
  deps: EditDeps,
): Promise<EditOutcome> {
  const name = String(object.metadata?.name ?? '');
  // kubectl's names for it: `deployments.apps "web"` in errors, `deployment.apps/web` when done.
  const group = def.group ? `.${def.group}` : '';
  const subject = `${def.name}${group} "${name}"`;
  let original = editable(object);
  let text = editHeader() + toYaml(original);
  // What was saved last, when the server refused it (or it did not parse): the same again cancels.
  let refused: string | undefined;
  const reopen = (reasons: EditReason[], saved: string) => {
    text = editHeader(reasons) + withoutComments(saved);
    refused = withoutComments(saved);
  };
  for (;;) {
    writeFileSync(file, text, { mode: 0o600 });
    try {
      await deps.edit(file);
    } catch (e) {
      return failed(`Edit cancelled: ${(e as Error).message}`);
    }
    const saved = readFileSync(file, 'utf8');
    if (refused !== undefined && withoutComments(saved) === refused)
      return said('Edit cancelled, no valid changes were saved.');
    const parsed = parseEdited(saved);
    if (parsed.kind === 'empty') return said('Edit cancelled, saved file was empty.');
    if (parsed.kind === 'error') {
      reopen([{ head: `The edited file had a syntax error: ${parsed.reason}` }], saved);
      continue;
    }
    const edited = parsed.object;
    if (sameJson(edited, original)) return said('Edit cancelled, no changes made.');
    const moved = identityChange(original, edited);
    if (moved) {
      reopen([{ head: moved }], saved);
      continue;
    }
    const changes = createMergePatch(original, edited);
    const r = await deps.send({
      ...changes,
      // Whatever the file says of it: the version the user's changes were made to.
      metadata: {
        ...(changes.metadata ?? {}),
        resourceVersion: original.metadata?.resourceVersion,
      },
    });
    if (r.ok) return said(`${def.kind.toLowerCase()}${group}/${name} edited`);
    if (r.code === 409 && r.reason === 'Conflict') {
      let latest: KubeObject;
      try {
        latest = editable(await deps.get());
      } catch (e) {
        return failed(`${subject} could not be patched: ${r.message} (${(e as Error).message})`);
      }
      const again = 'Below: its latest version, with your changes made to it again.';
      text =
        editHeader([{ head: `${subject} could not be patched`, points: [r.message, again] }]) +
        toYaml(applyMergePatch(latest, changes));
      original = latest;
      refused = undefined;
      continue;
    }
    if (r.code === 422) {
      const points = r.causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
      reopen(
        [{ head: `${subject} was not valid`, points: points.length ? points : [r.message] }],
        saved,
      );
      continue;
    }
    if (r.code === 400) {
      reopen([{ head: `${subject} could not be patched`, points: [r.message] }], saved);
      continue;
    }
    if (r.code === 404) return failed(`${subject} could not be found on the server`);
    return failed(`${subject} could not be patched: ${r.message}`);
  }
}

/** Why the file now names another object than the one read, if it does (kubectl refuses it). */
function identityChange(original: KubeObject, edited: KubeObject): string | undefined {
  if (
    edited.apiVersion !== original.apiVersion ||
    edited.kind !== original.kind ||
    edited.metadata?.name !== original.metadata?.name
  )
    return 'At least one of apiVersion, kind and name was changed';
  const was = original.metadata?.namespace;
  const now = edited.metadata?.namespace;
  if (was !== now)
    return `the namespace of the object (${now ?? 'none'}) is not the one it was read from (${was ?? 'none'})`;
  return undefined;
}
