// A pod's streaming subresources, served over WebSocket: exec (a small built-in shell; nothing
// runs on the host) and portforward (to the pod's container ports). The API server has
// already authenticated and authorized the request; a refusal here (no such pod, a pod not
// running, a bad container) is an ApiError answered before the upgrade.
import type { WebSocket } from 'ws';
import type { Cluster } from '../cluster.js';
import type { Route } from '../request.js';
import { notFound } from '../status.js';
import type { Obj } from '../types.js';
import { execStream } from './exec.js';
import { portForwardStream } from './port-forward.js';

export interface SimStream {
  /** The subprotocols served, preferred first; the client's first match among them is used. */
  protocols: string[];
  /** Runs the stream on the upgraded socket. */
  attach(ws: WebSocket): void;
}

export const streamSubresources = new Set(['exec', 'portforward']);

export function openStream(cluster: Cluster, route: Route, q: URLSearchParams): SimStream {
  const { kind, namespace, name = '', sub } = route;
  const pod: Obj | undefined = cluster.store.get(kind, namespace, name);
  if (!pod) throw notFound(kind, name);
  return sub === 'exec' ? execStream(cluster, pod, q) : portForwardStream(cluster, pod, q);
}
