// What the screens need of a cluster, handed in at start (kube/cluster-source.ts implements
// it; tests hand in a fake). The UI never reaches the network itself.
import type { ContextInfo } from '../resources/contexts.js';
import type { RowSink, WatchTarget } from '../resources/index.js';

export interface ClusterInfo {
  context: string;
  cluster: string;
  user: string;
  server: string;
  namespace: string;
}

export type { ContextInfo };

export interface ClusterSource {
  readonly info: ClusterInfo;
  serverVersion(): Promise<string>;
  /** Starts feeding `sink`; the returned function stops it. */
  watch(target: WatchTarget, sink: RowSink): () => void;
  contexts(): ContextInfo[];
  /** Throws with a one-line reason if the context cannot be used. */
  switchContext(name: string): ClusterSource;
  close(): void;
}
