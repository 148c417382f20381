// The StatefulSet controller: pods named <set>-<ordinal>, created in order (each waits for
// the one before it to be running and ready, unless podManagementPolicy is Parallel),
// removed from the highest ordinal down, and replaced one at a time, highest first, when
// the template changes.
import type { Cluster } from '../cluster.js';
import { kindOf } from '../kinds.js';
import { CONTROLLER_STATUS } from '../managed-fields.js';
import type { Obj } from '../types.js';
import type { EventRecorder } from './events.js';
import { isPodReady, ownedBy, podFromTemplate, watchOwnerAndPods, withoutZeros } from './owners.js';
import { syncRevision, truncateHistory } from './revisions.js';
import type { WorkQueue } from './work-queue.js';

const STS = kindOf('StatefulSet');
const POD = kindOf('Pod');

const ordinal = (set: Obj, p: Obj) => Number(p.metadata.name.slice(set.metadata.name.length + 1));

export class StatefulSetController {
  constructor(
    private readonly cluster: Cluster,
    private readonly events: EventRecorder,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    return watchOwnerAndPods(this.cluster.store, this.queue, STS, (ns, name) => this.sync(ns, name))
      .stop;
  }

  private sync(namespace: string, name: string): void {
    const store = this.cluster.store;
    const set = store.get(STS, namespace, name);
    if (!set || set.metadata.deletionTimestamp) return;
    // Pods carry the name of their template's ControllerRevision.
    const revision = syncRevision(this.cluster, set, 'controller.kubernetes.io/hash').name;
    const pods = store.list(POD, namespace).filter(ownedBy(set));
    const byOrdinal = new Map(pods.map((p) => [ordinal(set, p), p]));
    const want = set.spec.replicas ?? 1;
    const parallel = set.spec.podManagementPolicy === 'Parallel';
    const settled = (p: Obj | undefined) =>
      p && !p.metadata.deletionTimestamp && p.status?.phase === 'Running' && isPodReady(p);
    const source = { component: 'statefulset-controller' };
    const terminating = pods.some((p) => p.metadata.deletionTimestamp);

    for (let i = 0; i < want; i++) {
      if (byOrdinal.has(i)) {
        if (!parallel && !settled(byOrdinal.get(i))) break;
        continue;
      }
      const podName = `${name}-${i}`;
      this.cluster.create(
        POD,
        namespace,
        podFromTemplate(set.spec.template, set, podName, {
          labels: {
            'apps.kubernetes.io/pod-index': String(i),
            'controller-revision-hash': revision,
            'statefulset.kubernetes.io/pod-name': podName,
          },
          spec: {
            hostname: podName,
            ...(set.spec.serviceName ? { subdomain: set.spec.serviceName } : {}),
          },
        }),
      );
      this.events.record(
        set,
        'Normal',
        'SuccessfulCreate',
        `create Pod ${podName} in StatefulSet ${name} successful`,
        source,
      );
      if (!parallel) break;
    }

    const extra = pods
      .filter((p) => ordinal(set, p) >= want && !p.metadata.deletionTimestamp)
      .sort((a, b) => ordinal(set, b) - ordinal(set, a));
    const outdated = pods
      .filter(
        (p) =>
          ordinal(set, p) < want &&
          !p.metadata.deletionTimestamp &&
          p.metadata.labels?.['controller-revision-hash'] !== revision,
      )
      .sort((a, b) => ordinal(set, b) - ordinal(set, a));
    const allSettled = [...Array(want).keys()].every((i) => settled(byOrdinal.get(i)));
    // One at a time, highest ordinal first: scale down, then a rolling update.
    const victim =
      extra[0] ??
      (allSettled && set.spec.updateStrategy?.type !== 'OnDelete' ? outdated[0] : undefined);
    if (victim && (parallel || !terminating)) {
      this.cluster.delete(POD, namespace, victim.metadata.name);
      this.events.record(
        set,
        'Normal',
        'SuccessfulDelete',
        `delete Pod ${victim.metadata.name} in StatefulSet ${name} successful`,
        source,
      );
    }

    const live = store.list(POD, namespace).filter(ownedBy(set));
    const current = live.filter((p) => !p.metadata.deletionTimestamp);
    const ready = current.filter(isPodReady).length;
    const updated = current.filter(
      (p) => p.metadata.labels?.['controller-revision-hash'] === revision,
    ).length;
    this.cluster.mutate(
      STS,
      namespace,
      name,
      (o) => {
        const done = updated === current.length;
        o.status = {
          ...withoutZeros({
            observedGeneration: o.metadata.generation,
            readyReplicas: ready,
            availableReplicas: ready,
            currentReplicas: done ? current.length : current.length - updated,
            updatedReplicas: updated,
          }),
          replicas: current.length,
          currentRevision: done ? revision : (o.status?.currentRevision ?? revision),
          updateRevision: revision,
          collisionCount: 0,
        };
      },
      CONTROLLER_STATUS,
    );
    const status = store.get(STS, namespace, name)?.status ?? {};
    truncateHistory(
      this.cluster,
      set,
      new Set([
        revision,
        status.currentRevision,
        ...live.map((p) => p.metadata.labels?.['controller-revision-hash']),
      ]),
    );
  }
}
