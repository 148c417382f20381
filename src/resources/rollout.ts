// A Deployment's rollout as kubectl reads it: its status in `kubectl rollout status`'s terms
// (from the object alone, so the table needs no extra request), its revisions (the
// ReplicaSets it controls, each with its `deployment.kubernetes.io/revision`), and what
// `kubectl rollout undo` sends to go back to one of them (k8s.io/kubectl
// pkg/polymorphichelpers rollout_status.go and rollback.go). StatefulSets and DaemonSets keep
// their revisions in ControllerRevisions instead (history.go): their list and their undo too.
import { deploymentReplicaSets } from './describe/index.js';
import type { KubeObject } from './types.js';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const HASH = 'pod-template-hash';

export interface RolloutStatus {
  /** Short, for a table cell: `rolling 2/5 new`, `rolled out`, `deadline exceeded`. */
  cell: string;
  /** What `kubectl rollout status` says at this moment (its error, when it stalled). */
  words: string;
  /** The rollout is over: every replica is new and available. */
  done: boolean;
  /** Progressing=False with ProgressDeadlineExceeded: the controller has given up waiting. */
  stalled: boolean;
}

/** `kubectl rollout status deployment/NAME`, once, from the Deployment's status. */
export function rolloutStatus(d: KubeObject): RolloutStatus {
  const name = d.metadata?.name ?? '';
  const st = d.status ?? {};
  const waiting = (cell: string, what: string): RolloutStatus => ({
    cell,
    words: `Waiting for deployment "${name}" rollout to finish: ${what}...`,
    done: false,
    stalled: false,
  });
  if ((d.metadata?.generation ?? 0) > (st.observedGeneration ?? 0))
    return {
      cell: 'observing',
      words: 'Waiting for deployment spec update to be observed...',
      done: false,
      stalled: false,
    };
  const progressing = (st.conditions ?? []).find((c: KubeObject) => c?.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return {
      cell: 'deadline exceeded',
      words: `deployment "${name}" exceeded its progress deadline`,
      done: false,
      stalled: true,
    };
  const want = d.spec?.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const replicas = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  if (updated < want)
    return waiting(
      `rolling ${updated}/${want} new`,
      `${updated} out of ${want} new replicas have been updated`,
    );
  if (replicas > updated)
    return waiting(
      `rolling ${replicas - updated} old left`,
      `${replicas - updated} old replicas are pending termination`,
    );
  if (available < updated)
    return waiting(
      `rolling ${available}/${updated} available`,
      `${available} of ${updated} updated replicas are available`,
    );
  return {
    cell: 'rolled out',
    words: `deployment "${name}" successfully rolled out`,
    done: true,
    stalled: false,
  };
}

/** One revision: a ReplicaSet a Deployment controls, or a StatefulSet's or DaemonSet's ControllerRevision. */
export interface Revision {
  revision: number;
  /** The ReplicaSet's or ControllerRevision's name and uid. */
  name: string;
  uid: string;
  /** Its pod template's images, init containers first. */
  images: string[];
  changeCause?: string;
  /** When the ReplicaSet or ControllerRevision was made (ms since the epoch; 0 when unknown). */
  created: number;
  /** Its pod template is the owner's own (a Deployment's: ignoring pod-template-hash). */
  current: boolean;
}

/**
 * The Deployment's revisions, newest first: the ReplicaSets among `replicaSets` that it
 * controls and that carry a revision number (as kubectl rollout history lists them).
 */
export function revisionsOf(d: KubeObject, replicaSets: KubeObject[]): Revision[] {
  const { newRS, oldRSs } = deploymentReplicaSets(d, replicaSets);
  const all = newRS ? [...oldRSs, newRS] : oldRSs;
  return all
    .map((rs): Revision | undefined => {
      const revision = revisionOf(rs);
      if (revision === undefined) return undefined;
      const m = rs.metadata ?? {};
      const cause = m.annotations?.[CHANGE_CAUSE];
      return {
        revision,
        name: String(m.name ?? ''),
        uid: String(m.uid ?? ''),
        images: imagesOf(rs.spec?.template?.spec),
        ...(cause ? { changeCause: String(cause) } : {}),
        created: Date.parse(m.creationTimestamp ?? '') || 0,
        current: rs === newRS,
      };
    })
    .filter((r): r is Revision => r !== undefined)
    .sort((a, b) => b.revision - a.revision);
}

/** What `kubectl rollout undo` goes back to by default: the second newest revision. */
export function previousRevision(revisions: Revision[]): number | undefined {
  const numbers = [...new Set(revisions.map((r) => r.revision))].sort((a, b) => b - a);
  return numbers[1];
}

/**
 * What `kubectl rollout undo --to-revision=N` does, decided from the Deployment and its
 * ReplicaSets as just read: refuse (a revision not in the history, a paused Deployment), skip
 * (the revision's template is already the Deployment's), or the JSON patch to send: the
 * revision's pod template (its pod-template-hash label removed) and its annotations, as
 * kubectl sends them. The patch first tests the uid the user chose, so a namesake made since
 * is refused rather than rolled back.
 */
export function rollbackPlan(
  d: KubeObject,
  replicaSets: KubeObject[],
  toRevision: number,
  uid: string,
): { refused: string } | { skipped: string } | { patch: KubeObject[] } {
  const { newRS, oldRSs } = deploymentReplicaSets(d, replicaSets);
  const rs = [...oldRSs, ...(newRS ? [newRS] : [])].find((r) => revisionOf(r) === toRevision);
  if (!rs) return { refused: `unable to find specified revision ${toRevision} in history` };
  if (d.spec?.paused)
    return {
      refused:
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    };
  if (rs === newRS)
    return {
      skipped: `skipped rollback (current template already matches revision ${toRevision})`,
    };
  const template = structuredClone(rs.spec?.template ?? {});
  if (template.metadata?.labels) delete template.metadata.labels[HASH];
  // The Deployment keeps its own of these; every other annotation comes from the revision.
  const annotations: Record<string, string> = {};
  const own = d.metadata?.annotations ?? {};
  for (const k of KEPT_ANNOTATIONS) if (k in own) annotations[k] = own[k];
  for (const [k, v] of Object.entries(rs.metadata?.annotations ?? {}))
    if (!KEPT_ANNOTATIONS.includes(k)) annotations[k] = String(v);
  return {
    patch: [
      { op: 'test', path: '/metadata/uid', value: uid },
      { op: 'replace', path: '/spec/template', value: template },
      { op: 'replace', path: '/metadata/annotations', value: annotations },
    ],
  };
}

/** The annotations kubectl rollout undo leaves as the Deployment has them (annotationsToSkip). */
const KEPT_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
];

function revisionOf(rs: KubeObject): number | undefined {
  const v = rs.metadata?.annotations?.[REVISION];
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) ? n : undefined;
}

const imagesOf = (spec: KubeObject | undefined): string[] =>
  [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c: KubeObject) =>
    String(c?.image ?? ''),
  );

/** The kinds whose revisions are ControllerRevisions (kubectl's StatefulSet and DaemonSet rollbackers). */
export const CONTROLLER_REVISION_KINDS = ['StatefulSet', 'DaemonSet'];

/**
 * The StatefulSet's or DaemonSet's revisions, newest first: the ControllerRevisions among
 * `revisions` that it controls (its uid in their controller reference, as kubectl rollout
 * history keeps them), by their `revision`. A revision's images are those of the pod template
 * in its `data`; the current one is the revision whose template is the owner's now.
 */
export function controllerRevisionsOf(owner: KubeObject, revisions: KubeObject[]): Revision[] {
  return controlled(owner, revisions)
    .map((cr): Revision => {
      const m = cr.metadata ?? {};
      const cause = m.annotations?.[CHANGE_CAUSE];
      const template = templateOf(cr);
      return {
        revision: Number(cr.revision),
        name: String(m.name ?? ''),
        uid: String(m.uid ?? ''),
        images: imagesOf((template ?? owner.spec?.template)?.spec),
        ...(cause ? { changeCause: String(cause) } : {}),
        created: Date.parse(m.creationTimestamp ?? '') || 0,
        current: matches(owner, cr),
      };
    })
    .sort((a, b) => b.revision - a.revision);
}

/**
 * What `kubectl rollout undo statefulset|daemonset --to-revision=N` does, decided from the
 * object and its ControllerRevisions as just read: refuse (a revision not in its history),
 * skip (the revision's template is already the object's), or the strategic merge patch to
 * send: the revision's `data` as it is (a template marked `$patch: replace`), with the uid the
 * user chose beside it, so a namesake made since is refused rather than rolled back.
 */
export function controllerRollbackPlan(
  owner: KubeObject,
  revisions: KubeObject[],
  toRevision: number,
  uid: string,
): { refused: string } | { skipped: string } | { patch: KubeObject } {
  const cr = controlled(owner, revisions).find((r) => Number(r.revision) === toRevision);
  if (!cr) return { refused: `unable to find specified revision ${toRevision} in history` };
  if (matches(owner, cr))
    return {
      skipped: `skipped rollback (current template already matches revision ${toRevision})`,
    };
  const data = structuredClone(cr.data ?? {});
  return { patch: { ...data, metadata: { ...data.metadata, uid } } };
}

const controlled = (owner: KubeObject, revisions: KubeObject[]): KubeObject[] => {
  const uid = owner.metadata?.uid;
  return revisions.filter(
    (cr) =>
      Number.isInteger(Number(cr.revision)) &&
      (cr.metadata?.ownerReferences ?? []).some(
        (o: KubeObject) => o?.controller === true && o.uid === uid,
      ),
  );
};

/** The pod template a ControllerRevision's `data` holds, without its `$patch` directive. */
function templateOf(cr: KubeObject): KubeObject | undefined {
  const t = cr.data?.spec?.template;
  if (!t || typeof t !== 'object') return undefined;
  const { $patch: _, ...template } = t;
  return template;
}

/**
 * The revision holds the owner's template now. kubectl compares the bytes of the patch it
 * would record for the owner with the revision's `data`; this compares the same two things
 * as JSON values, so the order of their keys does not matter.
 */
function matches(owner: KubeObject, cr: KubeObject): boolean {
  const data = cr.data ?? {};
  const mine = { spec: { template: { ...(owner.spec?.template ?? {}), $patch: 'replace' } } };
  return canonical(data) === canonical(mine);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as KubeObject)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}
