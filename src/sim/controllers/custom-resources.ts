// The CustomResourceDefinition finalizer: a deleted CRD's custom resources are deleted
// first, then the CRD goes, and with it the kinds it served (cluster.ts stops serving them).
import type { Cluster } from '../cluster.js';
import { CRD_CLEANUP_FINALIZER } from '../kinds/customresourcedefinitions.js';
import { kindOf } from '../kinds.js';
import type { WorkQueue } from './work-queue.js';

const CRD = kindOf('CustomResourceDefinition');

export class CustomResourceCleanup {
  constructor(
    private readonly cluster: Cluster,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    return this.cluster.store.watch(CRD, (e) => {
      const name = e.object.metadata.name;
      if (e.type !== 'DELETED' && e.object.metadata.deletionTimestamp)
        this.queue.add(`crd/${name}`, () => this.finalize(name));
    });
  }

  private finalize(name: string): void {
    const store = this.cluster.store;
    const crd = store.get(CRD, undefined, name);
    if (!crd?.metadata.finalizers?.includes(CRD_CLEANUP_FINALIZER)) return;
    const kind = this.cluster.kinds.all().find((k) => k.crd === name);
    if (kind) for (const o of store.list(kind)) store.remove(kind, o);
    const done = store.mutate(CRD, undefined, name, (o) => {
      o.metadata.finalizers = o.metadata.finalizers.filter(
        (f: string) => f !== CRD_CLEANUP_FINALIZER,
      );
      if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
    });
    if (done) this.cluster.finishDeletionIfDue(CRD, done);
  }
}
