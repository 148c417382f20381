// Port-forwards (`F`): a local listener whose every accepted connection opens its own
// WebSocket to a pod's portforward subresource (one WebSocket carries one TCP connection, as
// kubectl's websocket mode and client-node's PortForward do) and copies bytes both ways.
// A service's forward goes to a ready pod its selector picks, its port mapped to the target
// port; when that pod is gone (the server refuses the next connection to it) the connection
// goes to another ready pod. The forwards live as long as the session (PortForwards), not as
// long as a screen; the UI reads them through subscribe/list.
import { createServer, type Server, type Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { ForwardInfo, ForwardRequest } from '../resources/forwards.js';
import { frame, PORT_FORWARD_PROTOCOLS, unframe } from '../util/channels.js';
import type { KubeClient } from './client.js';
import { KubeError } from './errors.js';

interface PodPort {
  pod: string;
  port: number;
}

/** Bytes waiting for the server above which the local client is read no more until they go. */
const HIGH_WATER = 1024 * 1024;

/** How often listeners hear of byte counts moving (opening and stopping are told at once). */
const NOTIFY_MS = 250;

export class PortForwards {
  private readonly forwards = new Map<number, Forward>();
  private readonly listeners = new Set<() => void>();
  private nextId = 1;
  private snapshot: ForwardInfo[] = [];
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly client: KubeClient) {}

  /** Tells `listener` when the list or its counts change; the returned function stops it. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The forwards, oldest first; the same array until something changes. */
  list = (): ForwardInfo[] => {
    if (this.dirty) {
      this.dirty = false;
      this.snapshot = [...this.forwards.values()].map((f) => ({ ...f.info }));
    }
    return this.snapshot;
  };

  /**
   * Starts listening; resolves once it does. A one-line Error when the target cannot be
   * reached (no such service port, no ready pod) or the local address cannot be listened on.
   */
  async start(req: ForwardRequest): Promise<ForwardInfo> {
    const f = new Forward(this.nextId++, req, this.client, (now) => this.changed(now));
    await f.start();
    this.forwards.set(f.info.id, f);
    this.changed(true);
    return { ...f.info };
  }

  /** Stops a forward: it listens no more and its open connections are closed. */
  stop(id: number): ForwardInfo | undefined {
    const f = this.forwards.get(id);
    if (!f) return undefined;
    f.stop();
    this.forwards.delete(id);
    this.changed(true);
    return { ...f.info };
  }

  stopAll(): void {
    for (const id of [...this.forwards.keys()]) this.stop(id);
    clearTimeout(this.timer);
  }

  private changed(now: boolean): void {
    this.dirty = true;
    if (now) {
      clearTimeout(this.timer);
      this.timer = undefined;
      for (const l of this.listeners) l();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      for (const l of this.listeners) l();
    }, NOTIFY_MS).unref();
  }
}

class Forward {
  readonly info: ForwardInfo;
  private server: Server | undefined;
  private readonly open = new Set<{ socket: Socket; ws?: WebSocket }>();
  private stopped = false;
  /** A service's pod failed a connection (its port refused it): the next one picks again. */
  private repick = false;

  constructor(
    id: number,
    req: ForwardRequest,
    private readonly client: KubeClient,
    private readonly changed: (now: boolean) => void,
  ) {
    this.info = {
      ...req,
      id,
      active: 0,
      connections: 0,
      bytesIn: 0,
      bytesOut: 0,
      errors: 0,
      started: Date.now(),
    };
  }

  async start(): Promise<void> {
    // Where connections will go is known before anything listens: a forward that could never
    // connect is refused now, as kubectl port-forward refuses it.
    this.target(await this.resolve());
    const server = createServer((socket) => this.accept(socket));
    const { address, localPort } = this.info;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(new Error(listenError(e, address, localPort))));
      server.listen({ host: address, port: localPort }, () => resolve());
    });
    const bound = server.address();
    if (bound && typeof bound === 'object') this.info.localPort = bound.port;
    server.on('error', (e) => this.failed(e.message));
    this.server = server;
  }

  stop(): void {
    this.stopped = true;
    this.server?.close();
    for (const c of this.open) {
      c.socket.destroy();
      c.ws?.terminate();
    }
  }

  private target(t: PodPort): void {
    this.info.pod = t.pod;
    this.info.podPort = t.port;
  }

  private failed(message: string): void {
    this.info.errors++;
    this.info.lastError = message;
    this.changed(true);
  }

  /** One local connection: a WebSocket to the pod, then bytes copied both ways. */
  private async accept(socket: Socket): Promise<void> {
    const conn: { socket: Socket; ws?: WebSocket } = { socket };
    this.open.add(conn);
    this.info.connections++;
    this.info.active++;
    this.changed(true);
    socket.on('error', () => {});
    socket.once('close', () => {
      this.open.delete(conn);
      this.info.active--;
      conn.ws?.close();
      this.changed(true);
    });
    // Nothing is read from the client until the pod's end is open.
    socket.pause();
    let ws: WebSocket;
    try {
      ws = await this.connect();
    } catch (e) {
      this.failed((e as Error).message);
      socket.destroy();
      return;
    }
    if (socket.destroyed || this.stopped) {
      ws.terminate();
      return;
    }
    conn.ws = ws;
    this.pipe(socket, ws);
  }

  /**
   * A WebSocket to the pod connections go to now. A service's pod that the server refuses
   * (gone: 404; no longer running: 400) is replaced by another ready pod, once per connection.
   */
  private async connect(): Promise<WebSocket> {
    const { namespace } = this.info;
    if (this.repick && this.info.kind === 'service') {
      this.repick = false;
      this.target(await this.resolve(this.info.pod));
      this.changed(true);
    }
    const open = () =>
      this.client.webSocket(
        `/api/v1/namespaces/${namespace}/pods/${this.info.pod}/portforward?ports=${this.info.podPort}`,
        PORT_FORWARD_PROTOCOLS,
      );
    try {
      return await open();
    } catch (e) {
      const podGone = e instanceof KubeError && (e.code === 404 || e.code === 400);
      if (this.info.kind !== 'service' || !podGone) throw e;
      this.target(await this.resolve(this.info.pod));
      this.changed(true);
      return open();
    }
  }

  private pipe(socket: Socket, ws: WebSocket): void {
    // Each channel's first two bytes from the server name its port: not data.
    const prefix = [2, 2];
    let error = '';
    ws.on('message', (raw: Buffer) => {
      const m = unframe(raw);
      if (!m || m.channel > 1) return;
      const skip = Math.min(prefix[m.channel], m.data.length);
      prefix[m.channel] -= skip;
      const data = m.data.subarray(skip);
      if (!data.length) return;
      if (m.channel === 1) {
        error += data.toString();
        return;
      }
      this.info.bytesIn += data.length;
      this.changed(false);
      // A slow local reader holds the pod back rather than kdeck buffering without end.
      if (!socket.write(data)) {
        ws.pause();
        socket.once('drain', () => ws.resume());
      }
    });
    ws.on('close', () => {
      if (error) {
        this.repick = true;
        this.failed(error.trim());
        socket.destroy();
      } else socket.end();
    });
    ws.on('error', (e) => {
      this.failed(e.message);
      socket.destroy();
    });
    socket.on('data', (data: Buffer) => {
      this.info.bytesOut += data.length;
      this.changed(false);
      ws.send(frame(0, data), () => {
        if (socket.isPaused() && ws.bufferedAmount < HIGH_WATER) socket.resume();
      });
      if (ws.bufferedAmount >= HIGH_WATER) socket.pause();
    });
    socket.on('end', () => ws.close());
    ws.resume();
    socket.resume();
  }

  /** The pod and port to connect to; for a service, a ready pod, one other than `not` first. */
  private async resolve(not?: string): Promise<PodPort> {
    const { namespace, name, port, kind } = this.info;
    if (kind === 'pod') {
      // As kubectl port-forward checks it: a pod not running has nothing to connect to.
      const pod = await this.client.json<Pod>(`/api/v1/namespaces/${namespace}/pods/${name}`);
      const phase = pod.status?.phase;
      if (phase !== 'Running')
        throw new Error(
          `unable to forward port because pod is not running. Current status=${phase}`,
        );
      return { pod: name, port };
    }
    const svc = await this.client.json<Service>(`/api/v1/namespaces/${namespace}/services/${name}`);
    const servicePort = svc.spec?.ports?.find((p) => p.port === port);
    if (!servicePort) throw new Error(`service ${name} has no port ${port}`);
    const selector = Object.entries(svc.spec?.selector ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (!selector) throw new Error(`service ${name} has no selector: no pod to forward to`);
    const list = await this.client.json<{ items?: Pod[] }>(
      `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`,
    );
    // Another pod than the one that failed, if there is one.
    const ready = (list.items ?? [])
      .filter(isReady)
      .sort(
        (a, b) =>
          Number(a.metadata.name === not) - Number(b.metadata.name === not) ||
          a.metadata.name.localeCompare(b.metadata.name),
      );
    const pod = ready[0];
    if (!pod) throw new Error(`service ${name} has no ready pod to forward to`);
    const target = servicePort.targetPort ?? port;
    if (typeof target === 'number') return { pod: pod.metadata.name, port: target };
    const named = (pod.spec?.containers ?? [])
      .flatMap((c) => c.ports ?? [])
      .find((p) => p.name === target)?.containerPort;
    if (named === undefined)
      throw new Error(`pod ${pod.metadata.name} has no port named ${target} (service ${name})`);
    return { pod: pod.metadata.name, port: named };
  }
}

interface Service {
  spec?: {
    selector?: Record<string, string>;
    ports?: { port: number; targetPort?: number | string; name?: string }[];
  };
}

interface Pod {
  metadata: { name: string; deletionTimestamp?: string };
  spec?: { containers?: { ports?: { containerPort: number; name?: string }[] }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

/** Running, Ready, and not on its way out. */
const isReady = (p: Pod) =>
  p.status?.phase === 'Running' &&
  !p.metadata.deletionTimestamp &&
  (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** One line for a listener refused, in the words kubectl's users know. */
function listenError(e: NodeJS.ErrnoException, address: string, port: number): string {
  const at = `${address.includes(':') ? `[${address}]` : address}:${port}`;
  switch (e.code) {
    case 'EADDRINUSE':
      return `${at} is already in use`;
    case 'EACCES':
      return `${at}: permission denied${port < 1024 ? ' (ports below 1024 need privileges)' : ''}`;
    case 'EADDRNOTAVAIL':
      return `${address} is not an address of this machine`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve ${address}`;
    default:
      return `cannot listen on ${at}: ${e.message}`;
  }
}
