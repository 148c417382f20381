// What `:apply -f`, `:create -f` and `:delete -f` work with, between the layers: the manifests
// read from files, the dry run's verdict on each object (the preview), and the result lines.
// kube/apply.ts and kube/manifests.ts make them; the screens show them.
import type { ApiResource } from './registry.js';
import type { KubeObject, Propagation } from './types.js';

export type ManifestVerb = 'apply' | 'create' | 'delete';

export interface Manifest {
  /** The file it came from, as the user named it (a directory's files joined to it). */
  file: string;
  /** The line its document starts on (1-based). */
  line: number;
  object: KubeObject;
}

/** The manifests under a path, or the one line that says why they cannot be read. */
export type ManifestsRead = { ok: true; manifests: Manifest[] } | { ok: false; error: string };

/** A field another manager owns, which an apply would take (a 409 on the dry run). */
export interface FieldConflict {
  /** `.spec.replicas`, as the server names it. */
  field: string;
  /** `conflict with "kubectl-client-side-apply" using apps/v1`, as the server words it. */
  message: string;
}

export interface PlanItem {
  manifest: Manifest;
  /** `deployment.apps/hello`, `service/web`: kubectl's name for it. */
  label: string;
  name: string;
  namespace?: string;
  /** The namespace is the one kdeck chose: the manifest names none. */
  defaulted?: boolean;
  outcome:
    | 'created'
    | 'configured'
    | 'unchanged'
    | 'conflict'
    | 'error'
    /** delete -f: there to delete, or not there. */
    | 'present'
    | 'absent';
  /** What a configure changes (`spec.replicas: 5 → 2`). */
  changes?: string[];
  conflicts?: FieldConflict[];
  /** The whole error line (outcomes 'error' and 'conflict'), in kubectl's words. */
  error?: string;
  /** Said under the object: why it is expected to go as said (a namespace made first). */
  note?: string;
  /** Said under the error: what replaced a removed apiVersion, say. */
  hint?: string;
  /** Where it is served; absent when the server serves no such kind. */
  resource?: ApiResource;
  /** The object as it was when previewed (apply, delete). */
  current?: KubeObject;
}

/** Told after each object: how many of how many are done (a long file on a slow link). */
export type Progress = (done: number, total: number) => void;

export interface ResultLine {
  text: string;
  error: boolean;
}

/** What the screens may do with manifests (kube/apply.ts). Nothing here throws. */
export interface ManifestActionsApi {
  /**
   * Reads a file or a directory of manifests (relative paths from kdeck's directory);
   * `recursive` (-R): the directories under it too.
   */
  read(path: string, opts?: { recursive?: boolean }): ManifestsRead;
  /**
   * The dry run: one item per manifest, in order. `namespace` is for the objects that name
   * none; `namespaceGiven` (-n) refuses those that name another, as kubectl does. `force`
   * takes conflicting fields.
   */
  preview(
    verb: ManifestVerb,
    manifests: Manifest[],
    namespace: string,
    opts?: { force?: boolean; namespaceGiven?: boolean; progress?: Progress },
  ): Promise<PlanItem[]>;
  /** Sends what the dry run accepted: one line per item, as kubectl prints it. */
  commit(
    verb: ManifestVerb,
    items: PlanItem[],
    opts?: { force?: boolean; propagation?: Propagation; progress?: Progress },
  ): Promise<ResultLine[]>;
}
