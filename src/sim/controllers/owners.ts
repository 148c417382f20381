// Helpers shared by the controllers that own objects (deployments → replicasets → pods).
import type { KindInfo } from '../kind-info.js';
import { kindOf } from '../kinds.js';
import type { ObjectStore } from '../store.js';
import type { Obj } from '../types.js';
import type { WorkQueue } from './work-queue.js';

export const controllerOf = (o: Obj): Obj | undefined =>
  (o.metadata.ownerReferences ?? []).find((r: Obj) => r.controller);

export const ownedBy = (owner: Obj) => (o: Obj) => controllerOf(o)?.uid === owner.metadata.uid;

export function ownerReference(owner: Obj): Obj {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export const isPodReady = (p: Obj) =>
  (p.status?.conditions ?? []).some((c: Obj) => c.type === 'Ready' && c.status === 'True');

export const isPodActive = (p: Obj) =>
  !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

/** Status fields the real controllers omit when zero (omitempty). */
export function withoutZeros(status: Obj): Obj {
  return Object.fromEntries(Object.entries(status).filter(([, v]) => v !== 0 && v !== undefined));
}

/** A pod made from an owner's template, as the workload controllers make them. */
export function podFromTemplate(
  template: Obj,
  owner: Obj,
  name: string,
  extra: { labels?: Record<string, string>; spec?: Obj } = {},
): Obj {
  const t = structuredClone(template);
  return {
    metadata: {
      ...t.metadata,
      name,
      namespace: owner.metadata.namespace,
      labels: { ...t.metadata?.labels, ...extra.labels },
      ownerReferences: [ownerReference(owner)],
    },
    spec: { ...t.spec, ...extra.spec },
  };
}

/**
 * JSON with keys sorted at every level: the same object whatever order its keys came in (a
 * template sent back by kubectl comes in Go's order).
 */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Obj)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** A hash of a pod template, as controller-revision-hash labels carry it. */
export function revisionHash(template: Obj): string {
  let h = 2166136261;
  for (const ch of canonicalJson(template)) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...String(h >>> 0)].map((d) => alphabet[d.charCodeAt(0) % alphabet.length]).join('');
}

/**
 * What a controller of pods watches, as the real ones do: its own kind (each one synced when
 * it changes), and pods (their controller synced when they change). Returns the stop.
 */
export function watchOwnerAndPods(
  store: ObjectStore,
  queue: WorkQueue,
  owner: KindInfo,
  sync: (namespace: string, name: string) => void,
): { stop: () => void; enqueueAll: () => void } {
  const enqueue = (ns: string, name: string) =>
    queue.add(`${owner.resource}/${ns}/${name}`, () => sync(ns, name));
  const offOwner = store.watch(owner, (e) => {
    if (e.type !== 'DELETED') enqueue(e.object.metadata.namespace, e.object.metadata.name);
  });
  const offPod = store.watch(kindOf('Pod'), (e) => {
    const ref = controllerOf(e.object);
    if (ref?.kind === owner.kind) enqueue(e.object.metadata.namespace, ref.name);
  });
  const enqueueAll = () => {
    for (const o of store.list(owner)) enqueue(o.metadata.namespace, o.metadata.name);
  };
  enqueueAll();
  return {
    stop: () => {
      offOwner();
      offPod();
    },
    enqueueAll,
  };
}
