// What kdeck does to the cluster: scale, delete, rollout restart, read one object, and ask
// what the user may do. Every failure comes back as a value with the server's reason.
import type {
  ActionResult,
  KubeObject,
  ObjectRef,
  Propagation,
  ResourceDef,
} from '../resources/index.js';
import { apiPath } from '../resources/types.js';
import type { KubeClient } from './client.js';
import { KubeError, networkError } from './errors.js';

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

export class ClusterActions {
  private readonly permissions = new Map<string, Promise<{ allowed: boolean; reason: string }>>();

  constructor(private readonly client: KubeClient) {}

  /**
   * Scales through the scale subresource, conditional on the resourceVersion the row showed:
   * a conflict comes back as code 409 rather than overwriting someone else's change.
   * (client-node 2.0.1 would send JSON-patch here, which real servers reject; reference §0.3.)
   */
  scale(ref: ObjectRef, replicas: number): Promise<ActionResult> {
    return attempt(
      () =>
        this.client.json(path(ref, '/scale'), {
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

  /** The patch `kubectl rollout restart` sends: a new restartedAt annotation on the pod template. */
  restart(ref: ObjectRef, now = new Date()): Promise<ActionResult> {
    const restartedAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    return attempt(
      () =>
        this.client.json(path(ref), {
          method: 'PATCH',
          contentType: 'application/strategic-merge-patch+json',
          body: {
            spec: {
              template: {
                metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } },
              },
            },
          },
        }),
      `restarted ${label(ref)}`,
    );
  }

  get(ref: ObjectRef): Promise<KubeObject> {
    return this.client.json<KubeObject>(path(ref));
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
   * May the user do `verb` on `resource` in `namespace`? Asked once per (verb, resource,
   * subresource, namespace) with a SelfSubjectAccessReview and cached.
   */
  can(
    verb: string,
    resource: ResourceDef,
    namespace?: string,
    subresource?: string,
  ): Promise<{ allowed: boolean; reason: string }> {
    const key = `${verb}/${resource.group}/${resource.name}/${subresource ?? ''}/${namespace ?? ''}`;
    let answer = this.permissions.get(key);
    if (!answer) {
      answer = this.client
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
          (r) => ({
            allowed: Boolean(r.status?.allowed),
            reason: r.status?.allowed
              ? ''
              : r.status?.reason ||
                `you may not ${verb} ${resource.name}${namespace ? ` in ${namespace}` : ''}`,
          }),
          // If the review itself fails, let the server decide when the key is pressed.
          () => ({ allowed: true, reason: '' }),
        );
      this.permissions.set(key, answer);
    }
    return answer;
  }
}
