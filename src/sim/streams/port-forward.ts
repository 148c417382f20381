// A pod's portforward subresource, as kubelet serves it over WebSocket (`v4.channel.k8s.io`):
// for the i-th port asked, channel 2i carries the data and 2i+1 the errors, each opened by the
// server with the port's two bytes. One WebSocket is one TCP connection into the pod. Nothing
// listens on the host: a port the pod's containers declare is answered in process (an nginx
// image speaks HTTP, see nginx.ts; others accept and say nothing), any other port is refused
// with kubelet's words. The socket closes when the pod is deleted, as a dying container's
// connections do.
import type { WebSocket } from 'ws';
import { frame, PORT_FORWARD_PROTOCOLS, portPrefix, unframe } from '../../util/channels.js';
import type { Cluster } from '../cluster.js';
import { pods } from '../kinds/pods.js';
import { badRequest } from '../status.js';
import type { Obj } from '../types.js';
import type { SimStream } from './index.js';
import { httpResponder, isNginxImage } from './nginx.js';

interface Container {
  image?: string;
  ports?: { containerPort?: number }[];
}

export function portForwardStream(cluster: Cluster, pod: Obj, q: URLSearchParams): SimStream {
  const ports = parsePorts(q);
  const name = pod.metadata.name;
  // The API server proxies to the pod's node: an unscheduled pod has none to ask.
  if (!pod.spec?.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  if (pod.status?.phase !== 'Running')
    throw badRequest(
      `unable to upgrade connection: pod ${name} is not running (phase ${pod.status?.phase ?? 'unknown'})`,
    );
  const containers: Container[] = pod.spec?.containers ?? [];
  /** The container that declares `port`, if any. */
  const listener = (port: number) =>
    containers.find((c) => (c.ports ?? []).some((p) => p.containerPort === port));
  return {
    protocols: PORT_FORWARD_PROTOCOLS,
    attach(ws: WebSocket) {
      const { uid, namespace } = pod.metadata;
      const unwatch = cluster.store.watch(pods, (e) => {
        if (e.type === 'DELETED' && e.object.metadata.uid === uid) ws.close();
      });
      ws.on('close', unwatch);
      const answer: ((data: Buffer) => void)[] = [];
      ports.forEach((port, i) => {
        ws.send(frame(2 * i, portPrefix(port)));
        ws.send(frame(2 * i + 1, portPrefix(port)));
        const container = listener(port);
        if (!container) {
          ws.send(
            frame(
              2 * i + 1,
              `failed to connect to localhost:${port} inside namespace "${namespace}/${name}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused`,
            ),
          );
          ws.close();
          return;
        }
        answer[2 * i] = isNginxImage(container.image)
          ? httpResponder(
              (out) => ws.send(frame(2 * i, out)),
              () => ws.close(),
            )
          : () => {};
      });
      ws.on('message', (raw: Buffer) => {
        const m = unframe(raw);
        if (m) answer[m.channel]?.(m.data);
      });
    },
  };
}

/** `ports=80,8080` (or repeated), as PodPortForwardOptions takes them; kubelet's refusals. */
function parsePorts(q: URLSearchParams): number[] {
  const given = q.getAll('ports').flatMap((p) => p.split(','));
  if (!given.length) throw badRequest('query parameter "port" is required');
  return given.map((text) => {
    const port = Number(text);
    if (!/^\d+$/.test(text) || port > 65535)
      throw badRequest(`unable to parse "${text}" as a port: invalid syntax`);
    if (port === 0) throw badRequest(`port "${text}" must be > 0`);
    return port;
  });
}
