// `i` and `u` on the wire: kubectl set image's patch, and kubectl rollout undo (read the
// Deployment and its ReplicaSets now, decide as kubectl does, send its JSON patch; a
// StatefulSet's or DaemonSet's ControllerRevisions, and its strategic merge patch). What to
// send is decided in resources/ (pure); here it is sent, and a namesake refused in words.
import { type ContainerImage, imagePatch, kubectlName } from '../resources/pod-template.js';
import { controllerRollbackPlan, rollbackPlan } from '../resources/rollout.js';
import type { ActionResult, KubeObject, ObjectRef } from '../resources/types.js';
import type { KubeClient } from './client.js';
import { KubeError, networkError } from './errors.js';
import { FIELD_MANAGER, managedBy } from './field-managers.js';

const failed = (e: unknown): ActionResult => {
  const err = e instanceof KubeError ? e : networkError(e);
  return { ok: false, message: err.message, code: err.code, reason: err.reason };
};

const recreated = (ref: ObjectRef, r: ActionResult & { ok: false }, what: string) => ({
  ...r,
  message: `${what}: ${ref.resource.kind.toLowerCase()} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} was deleted and recreated since it was chosen (the uid is no longer ${ref.uid})`,
});

/** Sets the images of `changed` containers of the object at `path`. */
export async function setImages(
  client: KubeClient,
  path: string,
  ref: ObjectRef,
  changed: ContainerImage[],
): Promise<ActionResult> {
  try {
    await client.json(managedBy(path, FIELD_MANAGER.set), {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: imagePatch(ref.resource.kind, ref.uid, changed),
    });
    return { ok: true, message: `${kubectlName(ref.resource, ref.name)} image updated` };
  } catch (e) {
    const r = failed(e) as ActionResult & { ok: false };
    return r.code === 422 && /metadata\.uid/.test(r.message)
      ? recreated(ref, r, 'image not set')
      : r;
  }
}

/**
 * Rolls the Deployment at `path` back to `revision` as `kubectl rollout undo --to-revision`
 * does, with kubectl's result (`rolled back`, `skipped rollback (…)`) or its refusal.
 */
export async function rollBack(
  client: KubeClient,
  path: string,
  ref: ObjectRef,
  revision: number,
  replicaSetsOf: (d: KubeObject) => Promise<KubeObject[] | undefined>,
): Promise<ActionResult> {
  const name = kubectlName(ref.resource, ref.name);
  try {
    const d = await client.json<KubeObject>(path);
    if (d.metadata?.uid !== ref.uid)
      return recreated(
        ref,
        { ok: false, code: 409, reason: 'Conflict', message: '' },
        'not rolled back',
      );
    const replicaSets = await replicaSetsOf(d);
    if (!replicaSets)
      return {
        ok: false,
        code: 0,
        reason: 'NoReplicaSets',
        message: `failed to retrieve replica sets from deployment ${ref.name}`,
      };
    const plan = rollbackPlan(d, replicaSets, revision, ref.uid);
    if ('refused' in plan)
      return { ok: false, code: 0, reason: 'NotRolledBack', message: plan.refused };
    if ('skipped' in plan) return { ok: true, message: `${name} ${plan.skipped}` };
    await client.json(managedBy(path, FIELD_MANAGER.rollout), {
      method: 'PATCH',
      contentType: 'application/json-patch+json',
      body: plan.patch,
    });
    return { ok: true, message: `${name} rolled back` };
  } catch (e) {
    const r = failed(e) as ActionResult & { ok: false };
    return /\/metadata\/uid/.test(r.message) ? recreated(ref, r, 'not rolled back') : r;
  }
}

/**
 * Rolls the StatefulSet or DaemonSet at `path` back to `revision` as `kubectl rollout undo
 * --to-revision` does: the revision's ControllerRevision `data` sent as a strategic merge
 * patch, with kubectl's result (`rolled back`, `skipped rollback (…)`) or its refusal.
 */
export async function rollBackToControllerRevision(
  client: KubeClient,
  path: string,
  ref: ObjectRef,
  revision: number,
  revisionsOf: (o: KubeObject) => Promise<KubeObject[] | undefined>,
): Promise<ActionResult> {
  const name = kubectlName(ref.resource, ref.name);
  try {
    const o = await client.json<KubeObject>(path);
    if (o.metadata?.uid !== ref.uid)
      return recreated(
        ref,
        { ok: false, code: 409, reason: 'Conflict', message: '' },
        'not rolled back',
      );
    const revisions = await revisionsOf(o);
    if (!revisions)
      return {
        ok: false,
        code: 0,
        reason: 'NoHistory',
        message: `unable to find history controlled by ${ref.resource.kind} ${ref.name}`,
      };
    const plan = controllerRollbackPlan(o, revisions, revision, ref.uid);
    if ('refused' in plan)
      return { ok: false, code: 0, reason: 'NotRolledBack', message: plan.refused };
    if ('skipped' in plan) return { ok: true, message: `${name} ${plan.skipped}` };
    await client.json(managedBy(path, FIELD_MANAGER.rollout), {
      method: 'PATCH',
      contentType: 'application/strategic-merge-patch+json',
      body: plan.patch,
    });
    return { ok: true, message: `${name} rolled back` };
  } catch (e) {
    const r = failed(e) as ActionResult & { ok: false };
    // The uid beside the patch is not the object's: the simulator refuses it as an immutable
    // field (422), an API server may as a failed precondition (409).
    const uidRefused =
      (r.code === 422 && /metadata\.uid/.test(r.message)) ||
      (r.code === 409 && /UID in precondition/.test(r.message));
    return uidRefused ? recreated(ref, r, 'not rolled back') : r;
  }
}
