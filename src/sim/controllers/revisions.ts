// The template history of StatefulSets and DaemonSets (pkg/controller/history): one
// ControllerRevision per pod template, `<owner>-<hash>`, numbered in the order the templates
// were used. Going back to an earlier template renumbers its revision as the newest, and
// the oldest ones beyond revisionHistoryLimit go once no pod uses them.
import type { Cluster } from '../cluster.js';
import { kindOf } from '../kinds.js';
import type { Obj } from '../types.js';
import { canonicalJson, ownedBy, ownerReference, revisionHash } from './owners.js';

const CR = kindOf('ControllerRevision');

export interface Revision {
  /** The ControllerRevision's name, `<owner>-<hash>`. */
  name: string;
  hash: string;
  revision: number;
}

/** What a revision stores: the template, whole (a strategic-merge patch that replaces it). */
function dataOf(template: Obj): Obj {
  return { spec: { template: { $patch: 'replace', ...structuredClone(template) } } };
}

/**
 * Makes sure the owner's current template has its revision, the newest; returns it.
 * `labels` go on the ControllerRevision besides the template's (the hash label each
 * controller uses), `annotations` besides the owner's.
 */
export function syncRevision(
  cluster: Cluster,
  owner: Obj,
  hashLabel: string,
  annotations: Record<string, string> = {},
): Revision {
  const ns = owner.metadata.namespace;
  const template = owner.spec.template;
  const hash = revisionHash(template);
  const name = `${owner.metadata.name}-${hash}`;
  const data = dataOf(template);
  const mine = cluster.store.list(CR, ns).filter(ownedBy(owner));
  const newest = Math.max(0, ...mine.map((r) => r.revision ?? 0));
  const same = mine.find((r) => canonicalJson(r.data) === canonicalJson(data));
  if (same) {
    if ((same.revision ?? 0) < newest)
      return { name: same.metadata.name, hash, revision: bump(cluster, same, newest + 1) };
    return { name: same.metadata.name, hash, revision: same.revision };
  }
  const made = cluster.create(CR, ns, {
    metadata: {
      name,
      namespace: ns,
      labels: { ...template.metadata?.labels, [hashLabel]: hash },
      annotations: { ...owner.metadata.annotations, ...annotations },
      ownerReferences: [ownerReference(owner)],
    },
    data,
    revision: newest + 1,
  });
  return { name: made.metadata.name, hash, revision: made.revision };
}

function bump(cluster: Cluster, r: Obj, revision: number): number {
  cluster.replace(CR, r.metadata.namespace, r.metadata.name, { ...r, revision });
  return revision;
}

/**
 * Deletes the oldest revisions beyond the owner's revisionHistoryLimit, sparing the ones
 * named in `live` (the current and the update revision, those pods still run).
 */
export function truncateHistory(cluster: Cluster, owner: Obj, live: Set<string>): void {
  const limit = owner.spec.revisionHistoryLimit ?? 10;
  const old = cluster.store
    .list(CR, owner.metadata.namespace)
    .filter(ownedBy(owner))
    .filter((r) => !live.has(r.metadata.name))
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  for (const r of old.slice(0, Math.max(0, old.length - limit)))
    cluster.delete(CR, r.metadata.namespace, r.metadata.name);
}
