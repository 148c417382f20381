// What the screens need of a cluster, handed in at start (kube/cluster-source.ts implements
// it; tests hand in a fake). The UI never reaches the network itself.

import type { ContextInfo } from '../resources/contexts.js';
import type { DescribeExtra } from '../resources/describe/index.js';
import type { ForwardInfo, ForwardRequest } from '../resources/forwards.js';
import type {
  ActionResult,
  ExecSession,
  ExecTarget,
  KubeObject,
  LogHandlers,
  LogTarget,
  ObjectRef,
  Propagation,
  ResourceDef,
  RowSink,
  WatchTarget,
} from '../resources/index.js';
import type { ManifestActionsApi } from '../resources/manifest-plan.js';
import type { MetricsReader, MetricsTarget } from '../resources/metrics.js';
import type { ContainerImage } from '../resources/pod-template.js';
import type { ApiResource } from '../resources/registry.js';
import type { EditResult } from '../resources/types.js';

export interface ClusterInfo {
  context: string;
  cluster: string;
  user: string;
  server: string;
  namespace: string;
  /** The kubeconfig makes this context read-only for kdeck (as --readonly does). */
  readonly?: boolean;
}

export type { ContextInfo };

/** What the screens may do to the cluster (kube/actions.ts). */
export interface ClusterActionsApi {
  scale(ref: ObjectRef, replicas: number): Promise<ActionResult>;
  currentReplicas(ref: ObjectRef): Promise<{ replicas: number; resourceVersion: string }>;
  remove(ref: ObjectRef, opts: { propagation: Propagation; force: boolean }): Promise<ActionResult>;
  restart(ref: ObjectRef): Promise<ActionResult>;
  /** `i`: kubectl set image of the containers whose image changed. */
  setImage(ref: ObjectRef, changed: ContainerImage[]): Promise<ActionResult>;
  /** `u`: kubectl rollout undo of a Deployment, StatefulSet or DaemonSet to a revision. */
  rollback(ref: ObjectRef, revision: number): Promise<ActionResult>;
  /** A StatefulSet's or DaemonSet's ControllerRevisions (its selector's); undefined: unreadable. */
  controllerRevisions(ref: ObjectRef, obj: KubeObject): Promise<KubeObject[] | undefined>;
  get(ref: ObjectRef): Promise<KubeObject>;
  /** Sends an edit: a merge patch that names the resourceVersion it was made from. */
  sendEdit(ref: ObjectRef, patch: Record<string, unknown>): Promise<EditResult>;
  eventsFor(ref: ObjectRef): Promise<KubeObject[]>;
  /** What describe shows beside the object (a deployment's ReplicaSets, a service's endpoints). */
  describeExtra(ref: ObjectRef, obj: KubeObject): Promise<DescribeExtra>;
  can(
    verb: string,
    resource: ResourceDef,
    namespace?: string,
    subresource?: string,
    /** `checked: false`: the review itself failed (the reason says why); not an answer. */
  ): Promise<{ allowed: boolean; checked?: boolean; reason: string }>;
}

/** The session's port-forwards (kube/port-forward.ts): `F` starts one, `:pf` lists them. */
export interface PortForwardsApi {
  /** Tells `listener` when the list or its counts change; the returned function stops it. */
  subscribe(listener: () => void): () => void;
  /** The same array until something changes (a store for useSyncExternalStore). */
  list(): ForwardInfo[];
  /** Resolves once listening; rejects with a one-line reason (the port in use…). */
  start(req: ForwardRequest): Promise<ForwardInfo>;
  stop(id: number): ForwardInfo | undefined;
}

export type { ForwardInfo, ForwardRequest };

export interface ClusterSource {
  readonly actions: ClusterActionsApi;
  /** Port-forwards: they run until stopped, the context is switched or kdeck quits. */
  readonly forwards: PortForwardsApi;
  /** `:apply -f`, `:create -f`, `:delete -f`: manifests read, previewed by a dry run, sent. */
  readonly manifests: ManifestActionsApi;
  /**
   * Every resource the server serves (discovery), asked once and kept; `fresh` asks again
   * (a name typed that is not known yet, a CRD just created).
   */
  kinds(fresh?: boolean): Promise<ApiResource[]>;
  /**
   * The namespaces' names, for Tab after a kind: asked once (a failure, forbidden included, is
   * asked again next time); `[]` when they cannot be listed.
   */
  namespaces(): Promise<string[]>;
  readonly info: ClusterInfo;
  serverVersion(): Promise<string>;
  /** Starts feeding `sink`; the returned function stops it. */
  watch(target: WatchTarget, sink: RowSink): () => void;
  /** Runs a command in a container (`s`: a shell); a refusal throws with the server's words. */
  exec(target: ExecTarget): Promise<ExecSession>;
  /**
   * Reads the CPU and memory figures of a view's pods or nodes (the metrics API), each time
   * asked. Absent from a source that has no metrics to give (the UI then shows no columns).
   */
  metrics?(target: MetricsTarget): MetricsReader;
  /** Streams logs into `handlers`; the returned function stops them. */
  logs(target: LogTarget, handlers: LogHandlers): () => void;
  /**
   * Tells `listener` the text of each Warning the server sends with an answer (a deprecated
   * field or label, as kubectl prints them); the returned function stops it.
   */
  onWarning(listener: (text: string) => void): () => void;
  /**
   * Tells `listener` when the server answers again after requests failed (the network, refused
   * credentials) or the credentials changed: its version, and what this user may do, are asked
   * again. The returned function stops it.
   */
  onRecover(listener: () => void): () => void;
  contexts(): ContextInfo[];
  /** Throws with a one-line reason if the context cannot be used. */
  switchContext(name: string): ClusterSource;
  close(): void;
}
