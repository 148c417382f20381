// Helpers shared by the controllers that own objects (deployments → replicasets → pods).
import type { Obj } from '../types.js';

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
