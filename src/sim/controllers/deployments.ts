// The Deployment controller: one ReplicaSet per pod template (<deploy>-<pod-template-hash>),
// scaling, rolling updates within maxSurge/maxUnavailable, Recreate, and the status and
// conditions that `kubectl rollout status` reads.
import type { Cluster } from '../cluster.js';
import { kindOf } from '../kinds.js';
import { hash } from '../log-profiles.js';
import { CONTROLLER_STATUS } from '../managed-fields.js';
import { nowIso } from '../store.js';
import type { Obj } from '../types.js';
import type { EventRecorder } from './events.js';
import { canonicalJson, controllerOf, ownedBy, ownerReference, withoutZeros } from './owners.js';
import { Timers, type WorkQueue } from './work-queue.js';

const DEPLOY = kindOf('Deployment');
const RS = kindOf('ReplicaSet');
const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';

/** Annotations the controller keeps to itself (deployment_util.go's annotationsToSkip). */
const NOT_COPIED = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  REVISION_HISTORY,
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** A Deployment's annotations as its ReplicaSets get them (kubernetes.io/change-cause among them). */
function copiedAnnotations(d: Obj): Obj {
  return Object.fromEntries(
    Object.entries(d.metadata.annotations ?? {}).filter(([k]) => !NOT_COPIED.has(k)),
  );
}

/**
 * The pod-template-hash label, spelled as Kubernetes spells it: a 32-bit hash of the
 * template written in decimal, each digit mapped into the "safe" alphabet (rand.SafeEncodeString),
 * so it is 9 or 10 characters like `7955db454`.
 */
export function templateHash(template: Obj): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  // Keys sorted: the same template sent back in another order (kubectl rollout undo sends
  // Go's field order) is the same template, and finds its ReplicaSet again.
  const digits = String(hash(canonicalJson(template)) >>> 0);
  return [...digits].map((d) => alphabet[d.charCodeAt(0) % alphabet.length]).join('');
}

/** An intOrString like "25%" or 1, against a total, rounded as the deployment controller does. */
function resolve(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v ?? ''));
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

const sum = (list: Obj[], f: (o: Obj) => number) => list.reduce((a, o) => a + f(o), 0);

export class DeploymentController {
  constructor(
    private readonly cluster: Cluster,
    private readonly events: EventRecorder,
    private readonly queue: WorkQueue,
  ) {}

  private readonly timers = new Timers();

  private enqueue(ns: string, name: string): void {
    this.queue.add(`deploy/${ns}/${name}`, () => this.sync(ns, name));
  }

  start(): () => void {
    const store = this.cluster.store;
    const enqueue = (ns: string, name: string) => this.enqueue(ns, name);
    const offD = store.watch(DEPLOY, (e) => {
      if (e.type !== 'DELETED') enqueue(e.object.metadata.namespace, e.object.metadata.name);
    });
    const offRs = store.watch(RS, (e) => {
      const owner = controllerOf(e.object);
      if (owner?.kind === 'Deployment') enqueue(e.object.metadata.namespace, owner.name);
    });
    for (const d of store.list(DEPLOY)) enqueue(d.metadata.namespace, d.metadata.name);
    return () => {
      offD();
      offRs();
      this.timers.clearAll();
    };
  }

  private sync(namespace: string, name: string): void {
    const store = this.cluster.store;
    const d = store.get(DEPLOY, namespace, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const source = { component: 'deployment-controller' };
    const hashValue = templateHash(d.spec.template);
    const owned = store.list(RS, namespace).filter(ownedBy(d));
    let newRS = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hashValue);
    const old = owned.filter((rs) => rs !== newRS);
    const desired = d.spec.replicas ?? 1;
    const recreate = d.spec.strategy?.type === 'Recreate';
    const maxSurge = recreate
      ? 0
      : resolve(d.spec.strategy?.rollingUpdate?.maxSurge ?? '25%', desired, true);
    let maxUnavailable = recreate
      ? desired
      : resolve(d.spec.strategy?.rollingUpdate?.maxUnavailable ?? '25%', desired, false);
    if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
    const oldActive = old.filter(
      (rs) => (rs.spec.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0,
    );
    const scale = (rs: Obj, to: number) => {
      const cur = store.get(RS, namespace, rs.metadata.name);
      const from = cur?.spec.replicas ?? 0;
      if (!cur || from === to) return;
      const next = structuredClone(cur);
      next.spec.replicas = to;
      next.metadata.annotations = {
        ...next.metadata.annotations,
        'deployment.kubernetes.io/desired-replicas': String(desired),
        'deployment.kubernetes.io/max-replicas': String(desired + maxSurge),
      };
      this.cluster.replace(RS, namespace, rs.metadata.name, next);
      this.events.record(
        d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`,
        source,
      );
    };

    let created = false;
    // The new ReplicaSet's revision is one past every other's: a rollback takes the old
    // set back and gives it the next revision (remembering its former ones), as the real
    // controller's SetNewReplicaSetAnnotations does.
    const revisionOf = (o: Obj) => Number(o.metadata.annotations?.[REVISION] ?? 0);
    const newRevision = Math.max(0, ...old.map(revisionOf)) + 1;
    if (!newRS) {
      const revision = newRevision;
      const template = structuredClone(d.spec.template);
      template.metadata = {
        ...template.metadata,
        labels: { ...template.metadata?.labels, 'pod-template-hash': hashValue },
      };
      const initial = oldActive.length ? 0 : desired;
      newRS = this.cluster.create(RS, namespace, {
        metadata: {
          name: `${name}-${hashValue}`,
          namespace,
          labels: template.metadata.labels,
          annotations: {
            ...copiedAnnotations(d),
            [REVISION]: String(revision),
            'deployment.kubernetes.io/desired-replicas': String(desired),
            'deployment.kubernetes.io/max-replicas': String(desired + maxSurge),
          },
          ownerReferences: [ownerReference(d)],
        },
        spec: {
          replicas: initial,
          minReadySeconds: d.spec.minReadySeconds ?? 0,
          selector: {
            ...d.spec.selector,
            matchLabels: { ...d.spec.selector.matchLabels, 'pod-template-hash': hashValue },
          },
          template,
        },
      });
      created = true;
      if (initial)
        this.events.record(
          d,
          'Normal',
          'ScalingReplicaSet',
          `Scaled up replica set ${newRS.metadata.name} from 0 to ${initial}`,
          source,
        );
    } else {
      const annotations: Obj = { ...newRS.metadata.annotations, ...copiedAnnotations(d) };
      const had = revisionOf(newRS);
      if (had < newRevision) {
        annotations[REVISION] = String(newRevision);
        if (had) {
          const history = annotations[REVISION_HISTORY];
          annotations[REVISION_HISTORY] = history ? `${history},${had}` : String(had);
        }
      }
      if (JSON.stringify(annotations) !== JSON.stringify(newRS.metadata.annotations ?? {}))
        newRS = this.cluster.replace(RS, namespace, newRS.metadata.name, {
          ...newRS,
          metadata: { ...newRS.metadata, annotations },
        });
    }
    const revision = newRS.metadata.annotations?.[REVISION];
    if (revision && d.metadata.annotations?.[REVISION] !== revision)
      this.cluster.mutate(
        DEPLOY,
        namespace,
        name,
        (o) => {
          o.metadata.annotations = { ...o.metadata.annotations, [REVISION]: revision };
        },
        CONTROLLER_STATUS,
      );
    const rs = newRS!;
    if (!oldActive.length) scale(rs, desired);
    else if (recreate) {
      for (const o of oldActive) scale(o, 0);
      if (sum(old, (o) => o.status?.replicas ?? 0) === 0) scale(rs, desired);
    } else {
      const all = created ? [...owned, rs] : owned;
      const total = sum(all, (o) => o.spec.replicas ?? 0);
      const newTarget = Math.min(
        desired,
        (rs.spec.replicas ?? 0) + Math.max(0, desired + maxSurge - total),
      );
      scale(rs, newTarget);
      // As the real controller: scale old sets down only as far as availability allows.
      const newUnavailable = newTarget - (rs.status?.availableReplicas ?? 0);
      let budget =
        total - (rs.spec.replicas ?? 0) + newTarget - (desired - maxUnavailable) - newUnavailable;
      for (const o of [...oldActive].sort((a, b) =>
        a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1,
      )) {
        if (budget <= 0) break;
        const cut = Math.min(budget, o.spec.replicas ?? 0);
        if (cut > 0) scale(o, (o.spec.replicas ?? 0) - cut);
        budget -= cut;
      }
    }
    this.updateStatus(namespace, name, hashValue, maxUnavailable, created);
  }

  /**
   * Once a rollout is complete, the oldest scaled-down ReplicaSets beyond
   * revisionHistoryLimit (10 by default) go, as the real controller's cleanupDeployment does.
   */
  private cleanUp(d: Obj, old: Obj[]): void {
    const limit = d.spec.revisionHistoryLimit;
    if (typeof limit !== 'number') return;
    const alive = old.filter((rs) => !rs.metadata.deletionTimestamp);
    const excess = alive.length - limit;
    if (excess <= 0) return;
    const byRevision = [...alive].sort(
      (a, b) =>
        Number(a.metadata.annotations?.[REVISION] ?? 0) -
        Number(b.metadata.annotations?.[REVISION] ?? 0),
    );
    for (const rs of byRevision.slice(0, excess)) {
      if (rs.spec.replicas || rs.status?.replicas) continue;
      this.cluster.delete(RS, rs.metadata.namespace, rs.metadata.name);
    }
  }

  private updateStatus(
    namespace: string,
    name: string,
    hashValue: string,
    maxUnavailable: number,
    created: boolean,
  ): void {
    const store = this.cluster.store;
    const d = store.get(DEPLOY, namespace, name);
    if (!d) return;
    const owned = store.list(RS, namespace).filter(ownedBy(d));
    const newRS = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hashValue);
    const desired = d.spec.replicas ?? 1;
    const replicas = sum(owned, (o) => o.status?.replicas ?? 0);
    const updated = newRS?.status?.replicas ?? 0;
    const ready = sum(owned, (o) => o.status?.readyReplicas ?? 0);
    const available = sum(owned, (o) => o.status?.availableReplicas ?? 0);
    const specTotal = sum(owned, (o) => o.spec.replicas ?? 0);
    const complete = updated === desired && replicas === desired && available === desired;
    const rsName = newRS?.metadata.name ?? '';
    if (complete)
      this.cleanUp(
        d,
        owned.filter((rs) => rs !== newRS),
      );
    this.cluster.mutate(
      DEPLOY,
      namespace,
      name,
      (o) => {
        const prev: Obj[] = o.status?.conditions ?? [];
        const cond = (type: string, status: boolean, reason: string, message: string) => {
          const before = prev.find((c) => c.type === type);
          const value = status ? 'True' : 'False';
          // SetDeploymentCondition leaves a condition of the same status and reason as it is.
          if (before?.status === value && before.reason === reason) return before;
          const now = nowIso();
          return {
            type,
            status: value,
            lastUpdateTime: now,
            lastTransitionTime: before?.status === value ? before.lastTransitionTime : now,
            reason,
            message,
          };
        };
        const availableOk = available >= desired - maxUnavailable;
        const was: Obj = o.status ?? {};
        // As util.DeploymentProgressing: more updated, ready or available pods, or fewer old ones.
        const progressed =
          updated > (was.updatedReplicas ?? 0) ||
          replicas - updated < (was.replicas ?? 0) - (was.updatedReplicas ?? 0) ||
          ready > (was.readyReplicas ?? 0) ||
          available > (was.availableReplicas ?? 0);
        const before = prev.find((c) => c.type === 'Progressing');
        const deadline = o.spec.progressDeadlineSeconds;
        const timedOut =
          before?.reason === 'ProgressDeadlineExceeded' ||
          (before?.reason !== 'NewReplicaSetAvailable' &&
            typeof deadline === 'number' &&
            before !== undefined &&
            Date.parse(before.lastUpdateTime) + deadline * 1000 <= Date.now());
        let progressing = before;
        if (complete)
          progressing = cond(
            'Progressing',
            true,
            'NewReplicaSetAvailable',
            `ReplicaSet "${rsName}" has successfully progressed.`,
          );
        else if (created)
          progressing = cond(
            'Progressing',
            true,
            'NewReplicaSetCreated',
            `Created new replica set "${rsName}"`,
          );
        else if (progressed) {
          // Progress renews lastUpdateTime even with the same reason: the deadline counts from it.
          const now = nowIso();
          progressing = {
            type: 'Progressing',
            status: 'True',
            lastUpdateTime: now,
            lastTransitionTime: before?.status === 'True' ? before.lastTransitionTime : now,
            reason: 'ReplicaSetUpdated',
            message: `ReplicaSet "${rsName}" is progressing.`,
          };
        } else if (timedOut)
          progressing = cond(
            'Progressing',
            false,
            'ProgressDeadlineExceeded',
            `ReplicaSet "${rsName}" has timed out progressing.`,
          );
        else if (!before)
          progressing = cond(
            'Progressing',
            true,
            'ReplicaSetUpdated',
            `ReplicaSet "${rsName}" is progressing.`,
          );
        // A rollout that stops moving is looked at again when its deadline passes.
        if (!complete && typeof deadline === 'number' && progressing?.status === 'True') {
          const due = Date.parse(progressing.lastUpdateTime) + deadline * 1000;
          this.timers.ensure(`${namespace}/${name}`, `deadline/${due}`, due - Date.now() + 50, () =>
            this.enqueue(namespace, name),
          );
        } else this.timers.clear(`${namespace}/${name}`);
        o.status = {
          ...withoutZeros({
            observedGeneration: o.metadata.generation,
            replicas,
            updatedReplicas: updated,
            readyReplicas: ready,
            availableReplicas: available,
            unavailableReplicas: Math.max(0, specTotal - available),
          }),
          // Kubernetes 1.36 counts the pods still shutting down, 0 included.
          terminatingReplicas: sum(owned, (o) => o.status?.terminatingReplicas ?? 0),
          conditions: [
            availableOk
              ? cond(
                  'Available',
                  true,
                  'MinimumReplicasAvailable',
                  'Deployment has minimum availability.',
                )
              : cond(
                  'Available',
                  false,
                  'MinimumReplicasUnavailable',
                  'Deployment does not have minimum availability.',
                ),
            ...(progressing ? [progressing] : []),
          ],
        };
      },
      CONTROLLER_STATUS,
    );
  }
}
