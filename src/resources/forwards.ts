// What a port-forward is asked for and what it has done, as the UI shows it (`F`, `:pf`);
// kube/port-forward.ts runs them.

export interface ForwardRequest {
  namespace: string;
  kind: 'pod' | 'service';
  name: string;
  /** The pod's port, or the service's port (its targetPort is where bytes go). */
  port: number;
  /** Where to listen: an address of this machine, and a port (0: any free one). */
  address: string;
  localPort: number;
}

export interface ForwardInfo extends ForwardRequest {
  id: number;
  /** Where connections go now: the pod and its port (a service's: as last resolved). */
  pod?: string;
  podPort?: number;
  /** Connections open now, and accepted in all. */
  active: number;
  connections: number;
  /** Bytes from the pod to local clients, and from them to the pod. */
  bytesIn: number;
  bytesOut: number;
  errors: number;
  lastError?: string;
  /** When it started (ms since the epoch). */
  started: number;
}
