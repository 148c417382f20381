// The DaemonSet controller: one pod on each node the template's nodeSelector and the
// control-plane taint allow, pinned there by node affinity as the real controller pins it;
// a template change replaces them one node at a time.
import { type Cluster, randomSuffix } from '../cluster.js';
import { kindOf } from '../kinds.js';
import { CONTROLLER_STATUS } from '../managed-fields.js';
import { isControlPlane, nodeMatches, toleratesControlPlane } from '../scheduling.js';
import type { Obj } from '../types.js';
import type { EventRecorder } from './events.js';
import { isPodReady, ownedBy, podFromTemplate, watchOwnerAndPods, withoutZeros } from './owners.js';
import { syncRevision, truncateHistory } from './revisions.js';
import type { WorkQueue } from './work-queue.js';

const DS = kindOf('DaemonSet');
const POD = kindOf('Pod');
const NODE = kindOf('Node');

/** The node a daemon pod is pinned to by its matchFields affinity. */
const pinnedTo = (p: Obj): string | undefined =>
  p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    ?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];

export class DaemonSetController {
  constructor(
    private readonly cluster: Cluster,
    private readonly events: EventRecorder,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    const store = this.cluster.store;
    const watched = watchOwnerAndPods(store, this.queue, DS, (ns, name) => this.sync(ns, name));
    // A node that comes, goes or changes may want a daemon pod, or no longer.
    const offNode = store.watch(NODE, watched.enqueueAll);
    return () => {
      watched.stop();
      offNode();
    };
  }

  private sync(namespace: string, name: string): void {
    const store = this.cluster.store;
    const ds = store.get(DS, namespace, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const spec = ds.spec.template.spec ?? {};
    // Pods carry the hash of their template's ControllerRevision.
    const revision = syncRevision(this.cluster, ds, 'controller-revision-hash').hash;
    const nodes = store
      .list(NODE)
      .filter((n) => nodeMatches(spec, n) && (!isControlPlane(n) || toleratesControlPlane(spec)));
    const pods = store.list(POD, namespace).filter(ownedBy(ds));
    const source = { component: 'daemonset-controller' };
    const remove = (p: Obj) => {
      this.cluster.delete(POD, namespace, p.metadata.name);
      this.events.record(
        ds,
        'Normal',
        'SuccessfulDelete',
        `Deleted pod: ${p.metadata.name}`,
        source,
      );
    };
    for (const n of nodes) {
      const node = n.metadata.name;
      if (pods.some((p) => pinnedTo(p) === node && !p.metadata.deletionTimestamp)) continue;
      if (pods.some((p) => pinnedTo(p) === node)) continue; // the old one is still going
      const pod = this.cluster.create(
        POD,
        namespace,
        podFromTemplate(ds.spec.template, ds, `${name}-${randomSuffix()}`, {
          labels: {
            'controller-revision-hash': revision,
            'pod-template-generation': String(ds.metadata.generation ?? 1),
          },
          spec: {
            affinity: {
              ...spec.affinity,
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] },
                  ],
                },
              },
            },
          },
        }),
      );
      this.events.record(
        ds,
        'Normal',
        'SuccessfulCreate',
        `Created pod: ${pod.metadata.name}`,
        source,
      );
    }
    const live = pods.filter((p) => !p.metadata.deletionTimestamp);
    for (const p of live) if (!nodes.some((n) => n.metadata.name === pinnedTo(p))) remove(p);
    // maxUnavailable 1: one outdated pod at a time, once every other pod is ready.
    const outdated = live.filter(
      (p) => p.metadata.labels?.['controller-revision-hash'] !== revision,
    );
    if (
      outdated.length &&
      live.every((p) => outdated.includes(p) || isPodReady(p)) &&
      live.length === pods.length
    )
      remove(outdated[0]);

    const now = store
      .list(POD, namespace)
      .filter(ownedBy(ds))
      .filter((p) => !p.metadata.deletionTimestamp);
    const scheduled = now.filter((p) => p.spec.nodeName);
    const ready = now.filter(isPodReady).length;
    this.cluster.mutate(
      DS,
      namespace,
      name,
      (o) => {
        o.status = {
          currentNumberScheduled: scheduled.length,
          desiredNumberScheduled: nodes.length,
          numberMisscheduled: 0,
          numberReady: ready,
          ...withoutZeros({
            numberAvailable: ready,
            numberUnavailable: nodes.length - ready,
            updatedNumberScheduled: now.filter(
              (p) => p.metadata.labels?.['controller-revision-hash'] === revision,
            ).length,
          }),
          observedGeneration: o.metadata.generation,
        };
      },
      CONTROLLER_STATUS,
    );
    truncateHistory(
      this.cluster,
      ds,
      new Set(
        [revision, ...now.map((p) => p.metadata.labels?.['controller-revision-hash'])].map(
          (h) => `${name}-${h}`,
        ),
      ),
    );
  }
}
