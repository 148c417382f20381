// Deletion that follows ownerReferences (background, foreground, orphan), and namespaces
// that empty themselves before they go: the garbage collector and namespace controller.
import type { Cluster } from '../cluster.js';
import { type KindInfo, kindOf } from '../kinds.js';
import type { Obj } from '../types.js';
import type { WorkQueue } from './work-queue.js';

const NS = kindOf('Namespace');

export class GarbageCollector {
  constructor(
    private readonly cluster: Cluster,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    const offs = new Map<string, () => void>();
    const follow = (k: KindInfo) => {
      const key = `${k.group}/${k.resource}`;
      if (!k.namespaced || !k.verbs.includes('list') || offs.has(key)) return;
      offs.set(
        key,
        this.cluster.store.watch(k, (e) => this.heard(e.type, e.object)),
      );
    };
    for (const k of this.cluster.kinds.all()) follow(k);
    // Kinds a CustomResourceDefinition adds are followed too (their objects may have owners).
    const offKinds = this.cluster.kinds.onChange((k, served) => {
      if (served) follow(k);
    });
    const offNs = this.cluster.store.watch(NS, (e) => {
      if (e.type !== 'DELETED' && e.object.metadata.deletionTimestamp) {
        const ns = e.object.metadata.name;
        this.queue.add(`ns/${ns}`, () => this.syncNamespace(ns));
      }
    });
    return () => {
      for (const off of offs.values()) off();
      offKinds();
      offNs();
    };
  }

  /** The namespaced kinds served now, one per group and resource. */
  private namespaced(): KindInfo[] {
    const seen = new Set<string>();
    return this.cluster.kinds.all().filter((k) => {
      const key = `${k.group}/${k.resource}`;
      if (!k.namespaced || !k.verbs.includes('list') || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  private heard(type: string, o: Obj): void {
    const ns = o.metadata.namespace;
    if (type === 'DELETED') {
      this.queue.add(`gc/dependents/${o.metadata.uid}`, () =>
        this.collectDependents(ns, o.metadata.uid),
      );
      for (const r of o.metadata.ownerReferences ?? [])
        this.queue.add(`gc/owner/${r.uid}`, () => this.syncOwner(ns, r));
      this.queue.add(`ns/${ns}`, () => this.syncNamespace(ns));
    } else if (o.metadata.deletionTimestamp && o.metadata.finalizers?.length) {
      this.queue.add(`gc/owner/${o.metadata.uid}`, () =>
        this.syncOwner(ns, {
          apiVersion: o.apiVersion,
          kind: o.kind,
          name: o.metadata.name,
          uid: o.metadata.uid,
        }),
      );
    }
  }

  private dependents(ns: string, uid: string): { k: KindInfo; o: Obj }[] {
    const out: { k: KindInfo; o: Obj }[] = [];
    for (const k of this.namespaced()) {
      for (const o of this.cluster.store.list(k, ns)) {
        if ((o.metadata.ownerReferences ?? []).some((r: Obj) => r.uid === uid)) out.push({ k, o });
      }
    }
    return out;
  }

  /** Background: once the owner is gone, its dependents go too. */
  private collectDependents(ns: string, uid: string): void {
    for (const { k, o } of this.dependents(ns, uid)) {
      if (!o.metadata.deletionTimestamp) this.tryDelete(k, o, 'Background');
    }
  }

  /** Foreground and orphan deletions: act on the dependents, then drop the finalizer. */
  private syncOwner(ns: string, ref: Obj): void {
    const k = this.cluster.kinds.byKind(ref.apiVersion, ref.kind);
    if (!k) return;
    // A cluster-scoped owner (a Node, a PersistentVolume) has no namespace.
    const owner = this.cluster.store.get(k, k.namespaced ? ns : undefined, ref.name);
    if (!owner || owner.metadata.uid !== ref.uid || !owner.metadata.deletionTimestamp) return;
    const finalizers: string[] = owner.metadata.finalizers ?? [];
    const deps = this.dependents(ns, ref.uid);
    let drop: string | undefined;
    if (finalizers.includes('orphan')) {
      for (const { k: dk, o } of deps) {
        this.cluster.store.mutate(dk, ns, o.metadata.name, (d) => {
          d.metadata.ownerReferences = d.metadata.ownerReferences.filter(
            (r: Obj) => r.uid !== ref.uid,
          );
          if (!d.metadata.ownerReferences.length) delete d.metadata.ownerReferences;
        });
      }
      drop = 'orphan';
    } else if (finalizers.includes('foregroundDeletion')) {
      for (const { k: dk, o } of deps)
        if (!o.metadata.deletionTimestamp) this.tryDelete(dk, o, 'Foreground');
      if (
        !deps.some(({ o }) =>
          (o.metadata.ownerReferences ?? []).some(
            (r: Obj) => r.uid === ref.uid && r.blockOwnerDeletion,
          ),
        )
      )
        drop = 'foregroundDeletion';
    }
    if (!drop) return;
    const updated = this.cluster.store.mutate(k, k.namespaced ? ns : undefined, ref.name, (o) => {
      o.metadata.finalizers = o.metadata.finalizers.filter((f: string) => f !== drop);
      if (!o.metadata.finalizers.length) delete o.metadata.finalizers;
    });
    if (updated) {
      // A pod on a node is the kubelet's to finish, after its grace period.
      if (k.kind === 'Pod') {
        if (!updated.spec?.nodeName) this.cluster.forget(k, updated);
      } else this.cluster.finishDeletionIfDue(k, updated);
    }
  }

  private tryDelete(k: KindInfo, o: Obj, propagationPolicy: 'Background' | 'Foreground'): void {
    try {
      this.cluster.delete(k, o.metadata.namespace, o.metadata.name, {
        propagationPolicy,
        preconditions: { uid: o.metadata.uid },
      });
    } catch {
      // Already gone or replaced: nothing left to collect.
    }
  }

  /** A terminating namespace deletes what it holds, then goes itself. */
  private syncNamespace(name: string): void {
    const ns = this.cluster.store.get(NS, undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    let left = 0;
    for (const k of this.namespaced()) {
      for (const o of this.cluster.store.list(k, name)) {
        left++;
        if (!o.metadata.deletionTimestamp) this.tryDelete(k, o, 'Background');
      }
    }
    if (!left) this.cluster.forget(NS, ns);
  }
}
