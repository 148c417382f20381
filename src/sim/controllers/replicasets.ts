// The ReplicaSet controller: keeps spec.replicas active pods (<rs>-<5 chars>) and reports
// replicas, ready and available counts.
import { type Cluster, randomSuffix } from '../cluster.js';
import { kindOf } from '../kinds.js';
import { CONTROLLER_STATUS } from '../managed-fields.js';
import type { Obj } from '../types.js';
import type { EventRecorder } from './events.js';
import {
  isPodActive,
  isPodReady,
  ownedBy,
  ownerReference,
  watchOwnerAndPods,
  withoutZeros,
} from './owners.js';
import type { WorkQueue } from './work-queue.js';

const RS = kindOf('ReplicaSet');
const POD = kindOf('Pod');

/** Which pods go first when scaling down: unscheduled, then pending, then not ready, then newest. */
function deletionRank(p: Obj): number[] {
  return [
    p.spec.nodeName ? 1 : 0,
    p.status?.phase === 'Running' ? 1 : 0,
    isPodReady(p) ? 1 : 0,
    -Date.parse(p.metadata.creationTimestamp),
  ];
}

export class ReplicaSetController {
  constructor(
    private readonly cluster: Cluster,
    private readonly events: EventRecorder,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    return watchOwnerAndPods(this.cluster.store, this.queue, RS, (ns, name) => this.sync(ns, name))
      .stop;
  }

  private sync(namespace: string, name: string): void {
    const store = this.cluster.store;
    const rs = store.get(RS, namespace, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const pods = store.list(POD, namespace).filter(ownedBy(rs));
    const active = pods.filter(isPodActive);
    const want = rs.spec.replicas ?? 1;
    const source = { component: 'replicaset-controller' };
    if (active.length < want) {
      for (let i = active.length; i < want; i++) {
        const tmpl = structuredClone(rs.spec.template);
        const pod = this.cluster.create(POD, namespace, {
          metadata: {
            ...tmpl.metadata,
            name: `${name}-${randomSuffix()}`,
            namespace,
            ownerReferences: [ownerReference(rs)],
          },
          spec: tmpl.spec,
        });
        this.events.record(
          rs,
          'Normal',
          'SuccessfulCreate',
          `Created pod: ${pod.metadata.name}`,
          source,
        );
      }
    } else if (active.length > want) {
      const victims = [...active].sort((a, b) => {
        const ra = deletionRank(a);
        const rb = deletionRank(b);
        for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
        return 0;
      });
      for (const p of victims.slice(0, active.length - want)) {
        this.cluster.delete(POD, namespace, p.metadata.name);
        this.events.record(
          rs,
          'Normal',
          'SuccessfulDelete',
          `Deleted pod: ${p.metadata.name}`,
          source,
        );
      }
    }
    const owned = store.list(POD, namespace).filter(ownedBy(rs));
    const now = owned.filter(isPodActive);
    const ready = now.filter(isPodReady).length;
    this.cluster.mutate(
      RS,
      namespace,
      name,
      (o) => {
        o.status = withoutZeros({
          replicas: now.length,
          fullyLabeledReplicas: now.length,
          readyReplicas: ready,
          availableReplicas: ready,
          observedGeneration: o.metadata.generation,
        });
        o.status.replicas ??= 0;
        // Kubernetes 1.36 counts the pods still shutting down, 0 included.
        o.status.terminatingReplicas = owned.filter((p) => p.metadata.deletionTimestamp).length;
      },
      CONTROLLER_STATUS,
    );
  }
}
