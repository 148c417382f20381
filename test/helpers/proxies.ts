// Proxies for tests, on 127.0.0.1: an HTTP proxy (CONNECT tunnels and forwarded requests, plain
// or over TLS) and a SOCKS5 proxy. Each records what it was asked for and reaches every name at
// 127.0.0.1, as a proxy that resolves names itself would (clients hand names over unresolved).
import { createServer as createHttpServer, request } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import {
  connect,
  createServer as createNetServer,
  type Server as NetServer,
  type Socket,
} from 'node:net';

export interface ForwardedRequest {
  /** The request target as sent to the proxy (absolute form for a forwarding proxy). */
  url: string;
  host?: string;
  proxyAuthorization?: string;
}

export interface TestProxy {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Each CONNECT target (host:port) or SOCKS destination, in order. */
  connects: string[];
  /** Proxy-Authorization of each CONNECT, in order. */
  connectAuthorizations: (string | undefined)[];
  /** Requests forwarded in absolute form (an http:// server behind the proxy). */
  forwarded: ForwardedRequest[];
  close(): Promise<void>;
}

export interface HttpProxyOptions {
  /** Answer every CONNECT with this status line instead of tunnelling, e.g. `407 Proxy Authentication Required`. */
  refuse?: string;
  /** Serve TLS with this certificate (an https:// proxy). */
  tls?: { cert: string; key: string };
}

/** Targets as "host:port"; every host is reached at 127.0.0.1. */
function splitTarget(target: string): [string, number] {
  const colon = target.lastIndexOf(':');
  return [target.slice(0, colon), Number(target.slice(colon + 1))];
}

function tracked(server: NetServer) {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    add: (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function listening(server: NetServer): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

export async function startHttpProxy(o: HttpProxyOptions = {}): Promise<TestProxy> {
  const server = o.tls
    ? createHttpsServer({ cert: o.tls.cert, key: o.tls.key })
    : createHttpServer();
  const sockets = tracked(server);
  const connects: string[] = [];
  const connectAuthorizations: (string | undefined)[] = [];
  const forwarded: ForwardedRequest[] = [];
  server.on('connect', (req, client: Socket, head: Buffer) => {
    connects.push(req.url ?? '');
    connectAuthorizations.push(req.headers['proxy-authorization']);
    client.on('error', () => {});
    if (o.refuse) {
      client.end(`HTTP/1.1 ${o.refuse}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [, port] = splitTarget(req.url ?? '');
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  server.on('request', (req, res) => {
    forwarded.push({
      url: req.url ?? '',
      host: req.headers.host,
      proxyAuthorization: req.headers['proxy-authorization'],
    });
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('not a proxy request');
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const up = request(
      {
        host: '127.0.0.1',
        port: target.port || 80,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  const port = await listening(server);
  return {
    url: `${o.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    connects,
    connectAuthorizations,
    forwarded,
    close: sockets.close,
  };
}

export interface SocksProxyOptions {
  /** Answer every CONNECT with this SOCKS5 reply code instead (5: connection refused). */
  reply?: number;
}

/** A SOCKS5 proxy (no authentication, CONNECT only). */
export async function startSocksProxy(o: SocksProxyOptions = {}): Promise<TestProxy> {
  const connects: string[] = [];
  const server = createNetServer((client) => {
    client.on('error', () => {});
    let buf = Buffer.alloc(0);
    let stage: 'greeting' | 'request' | 'done' = 'greeting';
    client.on('data', function onData(chunk) {
      buf = Buffer.concat([buf, chunk]);
      if (stage === 'greeting') {
        if (buf.length < 2 || buf.length < 2 + buf[1]) return;
        buf = buf.subarray(2 + buf[1]);
        client.write(Buffer.from([5, 0]));
        stage = 'request';
      }
      if (stage !== 'request' || buf.length < 5) return;
      const atyp = buf[3];
      const len = atyp === 1 ? 4 : atyp === 4 ? 16 : 1 + buf[4];
      if (buf.length < 4 + len + 2) return;
      const raw = buf.subarray(4, 4 + len);
      const host =
        atyp === 1
          ? [...raw].join('.')
          : atyp === 4
            ? `[${(raw.toString('hex').match(/.{4}/g) ?? []).join(':')}]`
            : raw.subarray(1).toString();
      const port = buf.readUInt16BE(4 + len);
      const rest = buf.subarray(4 + len + 2);
      stage = 'done';
      client.off('data', onData);
      connects.push(`${host}:${port}`);
      const reply = (code: number) => Buffer.from([5, code, 0, 1, 127, 0, 0, 1, 0, 0]);
      if (o.reply) {
        client.end(reply(o.reply));
        return;
      }
      const upstream = connect(port, '127.0.0.1', () => {
        client.write(reply(0));
        if (rest.length) upstream.write(rest);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
  });
  const sockets = tracked(server);
  const port = await listening(server);
  return {
    url: `socks5://127.0.0.1:${port}`,
    port,
    connects,
    connectAuthorizations: [],
    forwarded: [],
    close: sockets.close,
  };
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  const port = await listening(server);
  await new Promise((r) => server.close(r));
  return port;
}
