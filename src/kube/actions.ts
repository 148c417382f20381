// What kdeck does to the cluster: scale, delete, rollout restart, read one object, and ask
// what the user may do. Every failure comes back as a value with the server's reason.

import type { DescribeExtra } from '../resources/describe/index.js';
import type {
  ActionResult,
  KubeObject,
  ObjectRef,
  Propagation,
  ResourceDef,
} from '../resources/index.js';
import type { ContainerImage } from '../resources/pod-template.js';
import { CONTROLLER_REVISION_KINDS } from '../resources/rollout.js';
import type { EditResult } from '../resources/types.js';
import { apiPath } from '../resources/types.js';
import { selectorString } from '../util/label-selector.js';
import type { KubeClient } from './client.js';
import { sendEdit } from './edit.js';
import { KubeError, networkError } from './errors.js';
import { FIELD_MANAGER, managedBy } from './field-managers.js';
import { rollBack, rollBackToControllerRevision, setImages } from './rollout.js';

const path = (ref: ObjectRef, sub = '') =>
  `${apiPath(ref.resource, ref.namespace)}/${encodeURIComponent(ref.name)}${sub}`;
const label = (ref: ObjectRef) =>
  `${ref.resource.kind.toLowerCase()} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

async function attempt(run: () => Promise<unknown>, ok: string): Promise<ActionResult> {
  try {
    await run();
    return { ok: true, message: ok };
  } catch (e) {
    const err = e instanceof KubeError ? e : networkError(e);
    return { ok: false, message: err.message, code: err.code, reason: err.reason };
  }
}

/**
 * What an access review said. `checked: false`: it could not be asked (the reason says why);
 * not allowed until a later call gets an answer.
 */
export interface Permission {
  allowed: boolean;
  checked: boolean;
  reason: string;
}

export class ClusterActions {
  private readonly permissions = new Map<string, Promise<Permission>>();

  constructor(private readonly client: KubeClient) {
    // Answers given to other credentials, or while the server could not be asked, are stale.
    client.onRecover(() => this.permissions.clear());
  }

  /**
   * Scales through the scale subresource, conditional on the resourceVersion the row showed:
   * a conflict comes back as code 409 rather than overwriting someone else's change.
   * (client-node 2.0.1 would send JSON-patch here, which real servers reject; reference §0.3.)
   */
  scale(ref: ObjectRef, replicas: number): Promise<ActionResult> {
    return attempt(
      () =>
        this.client.json(managedBy(path(ref, '/scale'), FIELD_MANAGER.scale), {
          method: 'PATCH',
          contentType: 'application/merge-patch+json',
          body: { metadata: { resourceVersion: ref.resourceVersion }, spec: { replicas } },
        }),
      `scaled ${label(ref)} to ${replicas}`,
    );
  }

  /** The replicas the server holds now (after a conflict). */
  async currentReplicas(ref: ObjectRef): Promise<{ replicas: number; resourceVersion: string }> {
    // biome-ignore lint/suspicious/noExplicitAny: a Scale as plain JSON
    const s: any = await this.client.json(path(ref, '/scale'));
    return { replicas: s.spec?.replicas ?? 0, resourceVersion: s.metadata?.resourceVersion ?? '' };
  }

  /** Deletes exactly the object the user confirmed: a uid precondition guards against a namesake. */
  remove(
    ref: ObjectRef,
    opts: { propagation: Propagation; force: boolean },
  ): Promise<ActionResult> {
    return attempt(
      () =>
        this.client.json(path(ref), {
          method: 'DELETE',
          body: {
            kind: 'DeleteOptions',
            apiVersion: 'v1',
            preconditions: { uid: ref.uid },
            propagationPolicy: opts.propagation,
            ...(opts.force ? { gracePeriodSeconds: 0 } : {}),
          },
        }),
      `deleted ${label(ref)}`,
    );
  }

  /**
   * The patch `kubectl rollout restart` sends (a new restartedAt annotation on the pod
   * template), guarded by the uid of the row the user confirmed: the patch names that uid,
   * and uid is immutable, so a namesake made since (deleted and recreated under the same
   * name) is refused with 422 Invalid instead of being restarted (kube-apiserver keeps a
   * given uid through rest.BeforeUpdate and ValidateObjectMetaUpdate rejects a change). A
   * strategic merge patch rather than a JSON patch with a `test` op, because JSON patch
   * cannot add a key to a template that has no annotations map yet, as most have not.
   */
  async restart(ref: ObjectRef, now = new Date()): Promise<ActionResult> {
    const restartedAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const r = await attempt(
      () =>
        this.client.json(managedBy(path(ref), FIELD_MANAGER.rollout), {
          method: 'PATCH',
          contentType: 'application/strategic-merge-patch+json',
          body: {
            metadata: { uid: ref.uid },
            spec: {
              template: {
                metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } },
              },
            },
          },
        }),
      `restarted ${label(ref)}`,
    );
    if (!r.ok && r.code === 422 && /metadata\.uid/.test(r.message))
      return {
        ...r,
        message: `not restarted: ${label(ref)} was deleted and recreated since it was chosen (the uid is no longer ${ref.uid})`,
      };
    return r;
  }

  /** `kubectl set image` of the changed containers, guarded by the row's uid (kube/rollout.ts). */
  setImage(ref: ObjectRef, changed: ContainerImage[]): Promise<ActionResult> {
    return setImages(this.client, path(ref), ref, changed);
  }

  /** `kubectl rollout undo --to-revision` of a Deployment, StatefulSet or DaemonSet (kube/rollout.ts). */
  rollback(ref: ObjectRef, revision: number): Promise<ActionResult> {
    if (CONTROLLER_REVISION_KINDS.includes(ref.resource.kind))
      return rollBackToControllerRevision(this.client, path(ref), ref, revision, (o) =>
        this.controllerRevisions(ref, o),
      );
    return rollBack(this.client, path(ref), ref, revision, (d) =>
      this.describeExtra(ref, d).then((x) => x.replicaSets),
    );
  }

  /**
   * The ControllerRevisions its selector selects in its namespace, as kubectl rollout history
   * lists them (which of them the object controls is decided in resources/rollout.ts);
   * undefined when they cannot be listed.
   */
  controllerRevisions(ref: ObjectRef, obj: KubeObject): Promise<KubeObject[] | undefined> {
    const ns = encodeURIComponent(ref.namespace ?? 'default');
    const q = new URLSearchParams({ labelSelector: selectorString(obj.spec?.selector) ?? '' });
    return this.client
      .json<{ items?: KubeObject[] }>(`/apis/apps/v1/namespaces/${ns}/controllerrevisions?${q}`)
      .then((l) => l.items ?? [])
      .catch(() => undefined);
  }

  get(ref: ObjectRef): Promise<KubeObject> {
    return this.client.json<KubeObject>(path(ref));
  }

  /** Sends an edit (`e`): a merge patch naming the resourceVersion read (edit.ts). */
  sendEdit(ref: ObjectRef, patch: Record<string, unknown>): Promise<EditResult> {
    return sendEdit(this.client, ref, patch);
  }

  /**
   * What describe shows beside the object, as kubectl reads it: a deployment's ReplicaSets
   * (NewReplicaSet, OldReplicaSets), a service's EndpointSlices (else its Endpoints).
   * Best effort: what cannot be read is left out, never an error.
   */
  async describeExtra(ref: ObjectRef, obj: KubeObject): Promise<DescribeExtra> {
    const ns = encodeURIComponent(ref.namespace ?? 'default');
    const items = (p: string) =>
      this.client
        .json<{ items?: KubeObject[] }>(p)
        .then((l) => l.items ?? [])
        .catch(() => undefined);
    if (ref.resource.kind === 'Deployment') {
      const selector = selectorString(obj.spec?.selector);
      if (!selector) return {};
      const q = new URLSearchParams({ labelSelector: selector });
      return { replicaSets: await items(`/apis/apps/v1/namespaces/${ns}/replicasets?${q}`) };
    }
    if (ref.resource.kind === 'Service') {
      const q = new URLSearchParams({ labelSelector: `kubernetes.io/service-name=${ref.name}` });
      const slices = await items(`/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices?${q}`);
      if (slices?.length) return { endpointSlices: slices };
      const endpoints = await this.client
        .json<KubeObject>(`/api/v1/namespaces/${ns}/endpoints/${encodeURIComponent(ref.name)}`)
        .catch(() => undefined);
      return endpoints ? { endpoints } : {};
    }
    return {};
  }

  /** Events about one object, newest last (for describe). */
  async eventsFor(ref: ObjectRef): Promise<KubeObject[]> {
    const q = new URLSearchParams({ fieldSelector: `involvedObject.uid=${ref.uid}` });
    const ns = ref.namespace ? `/namespaces/${ref.namespace}` : '';
    // biome-ignore lint/suspicious/noExplicitAny: an EventList as plain JSON
    const list: any = await this.client.json(`/api/v1${ns}/events?${q}`);
    return (list.items ?? []).sort((a: KubeObject, b: KubeObject) =>
      String(a.lastTimestamp).localeCompare(String(b.lastTimestamp)),
    );
  }

  /**
   * May the user do `verb` on `resource` in `namespace`? Asked with a SelfSubjectAccessReview
   * per (verb, resource, subresource, namespace); the server's answer is kept for the session.
   * A review that fails (503, a dropped connection) is not an answer: it is not kept, counts
   * as not allowed until asked again (unknown counts as forbidden), and says why it could
   * not be checked (`checked: false`), so the screen can tell "forbidden" from "could not
   * check". The next call asks again.
   */
  can(
    verb: string,
    resource: ResourceDef,
    namespace?: string,
    subresource?: string,
  ): Promise<Permission> {
    const key = `${verb}/${resource.group}/${resource.name}/${subresource ?? ''}/${namespace ?? ''}`;
    const known = this.permissions.get(key);
    if (known) return known;
    const asked = this.client
      // biome-ignore lint/suspicious/noExplicitAny: a SelfSubjectAccessReview as plain JSON
      .json<any>('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        method: 'POST',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              verb,
              group: resource.group,
              resource: resource.name,
              ...(subresource ? { subresource } : {}),
              ...(namespace ? { namespace } : {}),
            },
          },
        },
      })
      .then(
        (r): Permission => {
          const allowed = r?.status?.allowed === true;
          return {
            allowed,
            checked: true,
            reason: allowed
              ? ''
              : r?.status?.reason ||
                `you may not ${verb} ${resource.name}${subresource ? `/${subresource}` : ''}${namespace ? ` in ${namespace}` : ''}`,
          };
        },
        (e): Permission => {
          if (this.permissions.get(key) === asked) this.permissions.delete(key);
          const err = e instanceof KubeError ? e : networkError(e);
          return { allowed: false, checked: false, reason: err.message };
        },
      );
    // Kept while in flight too, so that several keys asking at once send one review.
    this.permissions.set(key, asked);
    return asked;
  }
}
