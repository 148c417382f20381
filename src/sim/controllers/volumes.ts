// The PersistentVolume controller: binds a pending claim to an available volume that fits it
// (storage class, access modes, size), releases a volume whose claim is gone, and lets the
// protection finalizers go once nothing holds them. There is no dynamic provisioner: a
// claim nothing fits stays Pending, as on a cluster without a default StorageClass.

import { parseQuantity } from '../../util/quantity.js';
import type { Cluster } from '../cluster.js';
import { storageClass } from '../kinds/volumes.js';
import { kindOf } from '../kinds.js';
import { nowIso } from '../store.js';
import type { Obj } from '../types.js';
import type { EventRecorder } from './events.js';
import type { WorkQueue } from './work-queue.js';

const PV = kindOf('PersistentVolume');
const PVC = kindOf('PersistentVolumeClaim');

/** A storage quantity in bytes (`1Gi`, `500M`). */
export const bytes = (q: unknown): number => parseQuantity(q) ?? 0;

const dropFinalizer = (o: Obj, f: string) => {
  o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((x: string) => x !== f);
  if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
};

export class VolumeController {
  private readonly warned = new Set<string>();

  constructor(
    private readonly cluster: Cluster,
    private readonly events: EventRecorder,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    const store = this.cluster.store;
    const sync = () => this.queue.add('volumes', () => this.sync());
    const offPv = store.watch(PV, sync);
    const offPvc = store.watch(PVC, sync);
    sync();
    return () => {
      offPv();
      offPvc();
    };
  }

  private sync(): void {
    const store = this.cluster.store;
    const source = { component: 'persistentvolume-controller' };
    for (const pv of store.list(PV)) {
      if (pv.metadata.deletionTimestamp && pv.status?.phase !== 'Bound') {
        const o = store.mutate(PV, undefined, pv.metadata.name, (v) =>
          dropFinalizer(v, 'kubernetes.io/pv-protection'),
        );
        if (o) this.cluster.finishDeletionIfDue(PV, o);
        continue;
      }
      const ref = pv.spec.claimRef;
      const claim = ref && store.get(PVC, ref.namespace, ref.name);
      const phase = !ref
        ? 'Available'
        : claim && claim.metadata.uid === ref.uid
          ? 'Bound'
          : 'Released';
      if (pv.status?.phase !== phase && !(ref && !ref.uid))
        store.mutate(PV, undefined, pv.metadata.name, (v) => {
          v.status = { ...v.status, phase, lastPhaseTransitionTime: nowIso() };
        });
    }
    for (const pvc of store.list(PVC)) {
      const ns = pvc.metadata.namespace;
      if (pvc.metadata.deletionTimestamp) {
        const o = store.mutate(PVC, ns, pvc.metadata.name, (c) =>
          dropFinalizer(c, 'kubernetes.io/pvc-protection'),
        );
        if (o) this.cluster.finishDeletionIfDue(PVC, o);
        continue;
      }
      if (pvc.spec.volumeName) continue;
      const want = bytes(pvc.spec.resources?.requests?.storage);
      const modes: string[] = pvc.spec.accessModes ?? [];
      const pv = store
        .list(PV)
        .filter(
          (v) =>
            !v.metadata.deletionTimestamp &&
            (!v.spec.claimRef ||
              (v.spec.claimRef.name === pvc.metadata.name &&
                v.spec.claimRef.namespace === ns &&
                !v.spec.claimRef.uid)) &&
            storageClass(v) === storageClass(pvc) &&
            modes.every((m) => (v.spec.accessModes ?? []).includes(m)) &&
            bytes(v.spec.capacity?.storage) >= want,
        )
        .sort((a, b) => bytes(a.spec.capacity?.storage) - bytes(b.spec.capacity?.storage))[0];
      if (!pv) {
        if (!this.warned.has(pvc.metadata.uid)) {
          this.warned.add(pvc.metadata.uid);
          const cls = storageClass(pvc);
          this.events.record(
            pvc,
            cls ? 'Warning' : 'Normal',
            cls ? 'ProvisioningFailed' : 'FailedBinding',
            cls
              ? `storageclass.storage.k8s.io "${cls}" not found`
              : 'no persistent volumes available for this claim and no storage class is set',
            source,
          );
        }
        continue;
      }
      const bound = store.mutate(PV, undefined, pv.metadata.name, (v) => {
        v.spec.claimRef = {
          kind: 'PersistentVolumeClaim',
          namespace: ns,
          name: pvc.metadata.name,
          uid: pvc.metadata.uid,
          apiVersion: 'v1',
          resourceVersion: pvc.metadata.resourceVersion,
        };
        v.metadata.annotations = {
          ...v.metadata.annotations,
          'pv.kubernetes.io/bound-by-controller': 'yes',
        };
        v.status = { ...v.status, phase: 'Bound', lastPhaseTransitionTime: nowIso() };
      });
      store.mutate(PVC, ns, pvc.metadata.name, (c) => {
        c.spec.volumeName = pv.metadata.name;
        c.metadata.annotations = {
          ...c.metadata.annotations,
          'pv.kubernetes.io/bind-completed': 'yes',
          'pv.kubernetes.io/bound-by-controller': 'yes',
        };
        c.status = {
          phase: 'Bound',
          accessModes: bound?.spec.accessModes,
          capacity: { storage: bound?.spec.capacity?.storage },
        };
      });
    }
  }
}
