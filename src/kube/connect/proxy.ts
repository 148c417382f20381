// Proxies as kubectl uses them. A cluster's `proxy-url` (http, https or socks5; client-go
// refuses any other scheme) carries every request, loopback servers included. Without one, the
// environment decides as Go's net/http reads it (golang.org/x/net/http/httpproxy, which
// client-go uses unchanged): HTTPS_PROXY for an https:// server, HTTP_PROXY for an http://
// one (upper case first, then lower case), a value without a scheme taken as http://, a value
// that does not parse ignored, and never a proxy for "localhost" or a loopback address, nor
// for a server NO_PROXY names (`*`, IPs, CIDRs, domains with their subdomains, `.domain` for
// subdomains only, each optionally with a port).
//
// Through an http(s) proxy an https:// server is reached with CONNECT host:port and then TLS
// over the tunnel; an http:// server with requests in absolute form sent to the proxy. Through
// socks5 the proxy is handed the server's name unresolved, as Go's dialer does. The TLS to an
// https:// proxy uses the cluster's TLS settings (CA, client certificate), as Go's transport
// does. Every route keeps its connections alive in one pool.
import { type ClientRequest, type ClientRequestArgs, Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type RequestOptions as HttpsRequestOptions } from 'node:https';
import { isIP, connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { domainToASCII } from 'node:url';
import { SocksClient } from 'socks';
import { KubeError, networkMessage } from '../errors.js';
import { ConfigError } from './kubeconfig.js';

/** How requests reach the server. */
export interface Route {
  /**
   * The one keep-alive pool for every request to the server, whose connections go through
   * the proxy when there is one. Its protocol is the server's (`http:` or `https:`); address
   * requests to the server itself (its hostname and port), the agent finds the way.
   */
  readonly agent: HttpAgent;
  /**
   * The request target for a path on the server: the path itself (origin-form), or the
   * absolute URL an http(s) proxy forwards for an http:// server (absolute-form, as Go sends
   * it; the agent then adds Proxy-Authorization when the proxy URL has credentials).
   */
  target(path: string): string;
}

const SCHEMES = ['http:', 'https:', 'socks5:'];
const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443', 'socks5:': '1080' };
/** Go's dialer gives up connecting after 30 s; the same bound for a proxy's handshake. */
const HANDSHAKE_MS = 30_000;

/**
 * The proxy kubectl would use to reach `server`: the cluster's proxy-url when set, else the
 * environment as Go reads it. undefined: connect directly. Throws ConfigError with one line for
 * a proxy-url kubectl would refuse (bad URL, unsupported scheme), in kubectl's words (naming
 * `cluster` when given).
 */
export function proxyFor(
  server: URL,
  proxyUrl: string | undefined,
  env: NodeJS.ProcessEnv,
  cluster?: string,
): URL | undefined {
  if (proxyUrl) {
    const invalid = (why: string) =>
      new ConfigError(
        `invalid 'proxy-url' "${proxyUrl}"${cluster === undefined ? '' : ` for cluster "${cluster}"`}: ${why}`,
      );
    let url: URL;
    try {
      url = new URL(proxyUrl);
    } catch {
      throw invalid(`could not parse: ${proxyUrl}`);
    }
    if (!SCHEMES.includes(url.protocol))
      throw invalid(
        `unsupported scheme "${url.protocol.slice(0, -1)}", must be http, https, or socks5`,
      );
    return url;
  }
  const first = (...names: string[]) => names.map((n) => env[n]).find(Boolean) ?? '';
  const raw =
    server.protocol === 'https:'
      ? first('HTTPS_PROXY', 'https_proxy')
      : server.protocol === 'http:'
        ? first('HTTP_PROXY', 'http_proxy')
        : '';
  const proxy = envProxy(raw);
  if (!proxy) return undefined;
  if (server.protocol === 'http:' && env.REQUEST_METHOD)
    throw new ConfigError(
      'refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy',
    );
  return proxied(server, first('NO_PROXY', 'no_proxy')) ? proxy : undefined;
}

/** An environment proxy as httpproxy parses it: a URL of a known scheme, else http://value. */
function envProxy(raw: string): URL | undefined {
  if (!raw) return undefined;
  const parse = (s: string) => {
    try {
      return new URL(s);
    } catch {
      return undefined;
    }
  };
  const url = parse(raw);
  return url && SCHEMES.includes(url.protocol) ? url : parse(`http://${raw}`);
}

/** httpproxy's useProxy: false for localhost, loopback addresses and what NO_PROXY names. */
function proxied(server: URL, noProxy: string): boolean {
  const host = bare(server.hostname);
  const port = server.port || DEFAULT_PORT[server.protocol] || '';
  if (host === 'localhost') return false;
  const ip = ipBytes(host);
  if (ip && isLoopback(ip)) return false;
  for (const raw of noProxy.split(',')) {
    const p = raw.trim().toLowerCase();
    if (!p) continue;
    if (p === '*') return false;
    const cidr = parseCidr(p);
    if (cidr) {
      if (ip && cidrContains(cidr, ip)) return false;
      continue;
    }
    const split = splitHostPort(p);
    let [phost, pport] = split ?? [p, ''];
    if (split && !phost) continue;
    const pip = ipBytes(bare(phost));
    if (pip) {
      if (ip && sameBytes(pip, ip) && (!pport || pport === port)) return false;
      continue;
    }
    if (!phost) continue;
    if (phost.startsWith('*.')) phost = phost.slice(1);
    const matchHost = !phost.startsWith('.');
    if (matchHost) phost = `.${phost}`;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range
    if (/[^\x00-\x7f]/.test(phost)) phost = `.${domainToASCII(phost.slice(1)) || phost.slice(1)}`;
    const named = host.endsWith(phost) || (matchHost && host === phost.slice(1));
    if (named && (!pport || pport === port)) return false;
  }
  return true;
}

/** Go's net.SplitHostPort, enough for NO_PROXY entries: [v6]:port or host:port. */
function splitHostPort(s: string): [string, string] | undefined {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0 || s[end + 1] !== ':') return undefined;
    return [s.slice(1, end), s.slice(end + 2)];
  }
  const colon = s.lastIndexOf(':');
  if (colon < 0 || s.indexOf(':') !== colon) return undefined;
  return [s.slice(0, colon), s.slice(colon + 1)];
}

const bare = (host: string) => (host.startsWith('[') ? host.slice(1, -1) : host);

/** An IP address as 16 bytes, IPv4 as ::ffff:a.b.c.d (as Go holds it); undefined if not one. */
function ipBytes(s: string): number[] | undefined {
  const kind = isIP(s);
  if (kind === 4) return [...V4_PREFIX, ...s.split('.').map(Number)];
  if (kind !== 6 || s.includes('%')) return undefined;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  const text = v4
    ? `${s.slice(0, v4.index)}${((+v4[1] << 8) | +v4[2]).toString(16)}:${((+v4[3] << 8) | +v4[4]).toString(16)}`
    : s;
  const [head, tail] = text.split('::');
  const words = (part: string | undefined) => (part ? part.split(':') : []);
  const h = words(head);
  const t = words(tail);
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].flatMap((w) => {
    const n = Number.parseInt(w, 16);
    return [n >> 8, n & 0xff];
  });
}

const V4_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];
const isV4 = (ip: number[]) => V4_PREFIX.every((b, i) => ip[i] === b);
const sameBytes = (a: number[], b: number[]) => a.every((x, i) => x === b[i]);
const isLoopback = (ip: number[]) =>
  isV4(ip) ? ip[12] === 127 : ip.every((b, i) => b === (i === 15 ? 1 : 0));

interface Cidr {
  net: number[];
  bits: number;
}

function parseCidr(s: string): Cidr | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(s);
  const net = m && ipBytes(m[1]);
  if (!m || !net) return undefined;
  const v4 = isIP(m[1]) === 4;
  const bits = Number(m[2]);
  if (bits > (v4 ? 32 : 128)) return undefined;
  return { net, bits: v4 ? 96 + bits : bits };
}

function cidrContains({ net, bits }: Cidr, ip: number[]): boolean {
  if (isV4(net) !== isV4(ip)) return false;
  for (let i = 0; i < bits; i++) {
    const bit = (b: number[]) => (b[i >> 3] >> (7 - (i & 7))) & 1;
    if (bit(net) !== bit(ip)) return false;
  }
  return true;
}

/**
 * How requests reach the server: a keep-alive agent (through the proxy when there is one)
 * and, for an http:// server behind an http(s) proxy, the forward-proxy form Go uses
 * (absolute-form request target + Proxy-Authorization).
 */
export function routeFor(server: URL, proxy: URL | undefined): Route {
  const https = server.protocol === 'https:';
  const pool = { keepAlive: true, ...(https ? { maxSockets: 32 } : {}) };
  if (!proxy) {
    return { agent: https ? new HttpsAgent(pool) : new HttpAgent(pool), target: (p) => p };
  }
  const socks = proxy.protocol === 'socks5:';
  if (https || socks) {
    const dial: Dial = (o, track) =>
      socks ? socksTunnel(proxy, o, track) : connectTunnel(proxy, o, track);
    return {
      agent: https ? new TunnelHttpsAgent(dial, pool) : new TunnelHttpAgent(dial, pool),
      target: (p) => p,
    };
  }
  // An http:// server through an http(s) proxy: the proxy is sent each request whole.
  const origin = `${server.protocol}//${server.host}`;
  return {
    agent: new TunnelHttpAgent(
      (o, track) => dialProxy(proxy, o, track),
      pool,
      proxyAuthorization(proxy),
    ),
    target: (p) => `${origin}${p}`,
  };
}

/** The connection options a request carries (TLS material for the server, and for an https proxy). */
type TlsOptions = HttpsRequestOptions;
/** Opens one connection; `track` learns each socket it makes, so that a pool closed meanwhile ends them. */
type Dial = (o: TlsOptions, track: (s: Duplex) => void) => Promise<Duplex>;

/** Creates each connection of the pool through `dial`, then TLS to the server over it. */
class TunnelHttpsAgent extends HttpsAgent {
  private readonly pending = new Set<Duplex>();

  constructor(
    private readonly dial: Dial,
    options: ConstructorParameters<typeof HttpsAgent>[0],
  ) {
    super(options);
  }

  override createConnection(
    options: HttpsRequestOptions,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    tunnelled(this.dial, options, this.pending).then(
      (socket) => {
        const tls = super.createConnection(
          { ...options, socket } as HttpsRequestOptions,
          undefined,
        )!;
        tls.once('close', () => socket.destroy());
        callback?.(null, tls);
      },
      (err) => callback?.(err, undefined as unknown as Duplex),
    );
    return undefined;
  }

  override destroy(): void {
    for (const s of this.pending) s.destroy();
    super.destroy();
  }
}

/** Creates each connection of the pool through `dial`; may add Proxy-Authorization to requests. */
class TunnelHttpAgent extends HttpAgent {
  private readonly pending = new Set<Duplex>();

  constructor(
    private readonly dial: Dial,
    options: ConstructorParameters<typeof HttpAgent>[0],
    private readonly authorization?: string,
  ) {
    super(options);
  }

  override createConnection(
    options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    tunnelled(this.dial, options as TlsOptions, this.pending).then(
      (socket) => callback?.(null, socket),
      (err) => callback?.(err, undefined as unknown as Duplex),
    );
    return undefined;
  }

  /** Node's Agent hands each request here before its headers are written. */
  addRequest(req: ClientRequest, options: ClientRequestArgs): void {
    if (this.authorization && !req.hasHeader('proxy-authorization'))
      req.setHeader('Proxy-Authorization', this.authorization);
    (HttpAgent.prototype as unknown as AddRequest).addRequest.call(this, req, options);
  }

  override destroy(): void {
    for (const s of this.pending) s.destroy();
    super.destroy();
  }
}

interface AddRequest {
  addRequest(req: ClientRequest, options: ClientRequestArgs): void;
}

/**
 * One connection through the proxy, made within HANDSHAKE_MS (TCP, TLS to an https proxy,
 * CONNECT or SOCKS), its sockets known to the pool meanwhile so that closing the pool ends it.
 */
async function tunnelled(dial: Dial, o: TlsOptions, pending: Set<Duplex>): Promise<Duplex> {
  const mine: Duplex[] = [];
  const track = (s: Duplex) => {
    mine.push(s);
    pending.add(s);
    // The sockets under the one handed to the pool report through it; never crash on theirs.
    s.on('error', () => {});
  };
  const timer = setTimeout(() => {
    for (const s of mine) s.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
  }, HANDSHAKE_MS);
  try {
    return await dial(o, track);
  } finally {
    clearTimeout(timer);
    for (const s of mine) pending.delete(s);
  }
}

/** A socket to the proxy: TCP, then TLS for an https:// proxy (with the cluster's TLS settings). */
async function dialProxy(proxy: URL, o: TlsOptions, track: (s: Duplex) => void): Promise<Duplex> {
  const host = bare(proxy.hostname);
  const port = Number(proxy.port || DEFAULT_PORT[proxy.protocol]);
  const addr = hostPort(host, String(port));
  const tcp = await new Promise<Socket>((resolve, reject) => {
    const s = netConnect({ host, port });
    track(s);
    const onError = (e: NodeJS.ErrnoException) => reject(dialError(addr, e));
    const onClose = () => reject(dialError(addr, { code: 'ECONNRESET' }));
    s.once('error', onError);
    s.once('close', onClose);
    s.once('connect', () => {
      s.off('error', onError);
      s.off('close', onClose);
      resolve(s);
    });
  });
  if (proxy.protocol !== 'https:') return tcp;
  return new Promise<Duplex>((resolve, reject) => {
    const s = tlsConnect({
      socket: tcp,
      host,
      servername: isIP(host) ? undefined : host,
      ca: o.ca,
      cert: o.cert,
      key: o.key,
      ...(o.rejectUnauthorized !== undefined ? { rejectUnauthorized: o.rejectUnauthorized } : {}),
    });
    track(s);
    const onError = (e: Error) => {
      // Go reads a proxy's plain-HTTP answer to its ClientHello as TLS and says so.
      const said = networkMessage(e).replace(
        'http: server gave HTTP response to HTTPS client',
        'tls: first record does not look like a TLS handshake',
      );
      reject(new KubeError(0, 'ProxyError', `proxyconnect tcp: ${said}`));
    };
    const onClose = () => onError(Object.assign(new Error('closed'), { code: 'ECONNRESET' }));
    s.once('error', onError);
    s.once('close', onClose);
    s.once('secureConnect', () => {
      s.off('error', onError);
      s.off('close', onClose);
      resolve(s);
    });
  });
}

/** A tunnel to the server through an http(s) proxy: CONNECT host:port, answered 200. */
async function connectTunnel(
  proxy: URL,
  o: TlsOptions,
  track: (s: Duplex) => void,
): Promise<Duplex> {
  const socket = await dialProxy(proxy, o, track);
  const target = hostPort(String(o.host ?? o.hostname), String(o.port));
  const addr = hostPort(bare(proxy.hostname), proxy.port || DEFAULT_PORT[proxy.protocol]);
  const auth = proxyAuthorization(proxy);
  return new Promise<Duplex>((resolve, reject) => {
    let head = Buffer.alloc(0);
    const fail = (why: string) => {
      done();
      socket.destroy();
      reject(new KubeError(0, 'ProxyError', `proxy ${addr}: CONNECT ${target}: ${why}`));
    };
    const onReadable = () => {
      for (let chunk = socket.read(); chunk; chunk = socket.read()) {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) {
          if (head.length > 64 * 1024) return fail('malformed HTTP response: headers too long');
          continue;
        }
        // Anything past the answer's head is dropped, as Go's transport drops it.
        const line = head.subarray(0, end).toString('latin1').split('\r\n')[0];
        const status = /^HTTP\/\d(?:\.\d)? (\d{3})(?: (.*))?$/.exec(line);
        if (!status) return fail(`malformed HTTP response ${JSON.stringify(line)}`);
        if (status[1] !== '200') return fail(`${status[1]} ${status[2] ?? ''}`.trim());
        done();
        return resolve(socket);
      }
    };
    const onEnd = () => fail('unexpected EOF');
    const onError = (e: Error) => fail(networkMessage(e));
    const done = () => {
      socket.off('readable', onReadable);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
    };
    socket.on('readable', onReadable);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
    socket.once('error', onError);
    socket.write(
      `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\nUser-Agent: kdeck\r\n${
        auth ? `Proxy-Authorization: ${auth}\r\n` : ''
      }\r\n`,
    );
  });
}

/** Go's socks dialer's words for a SOCKS5 reply (golang.org/x/net/internal/socks). */
const SOCKS_REPLIES: Record<string, string> = {
  Failure: 'general SOCKS server failure',
  NotAllowed: 'connection not allowed by ruleset',
  NetworkUnreachable: 'network unreachable',
  HostUnreachable: 'host unreachable',
  ConnectionRefused: 'connection refused',
  TTLExpired: 'TTL expired',
  CommandNotSupported: 'command not supported',
  AddressNotSupported: 'address type not supported',
};

/** A tunnel to the server through a SOCKS5 proxy, which is given the server's name to resolve. */
async function socksTunnel(proxy: URL, o: TlsOptions, track: (s: Duplex) => void): Promise<Duplex> {
  const socket = await dialProxy(proxy, o, track);
  const host = bare(String(o.host ?? o.hostname));
  const port = Number(o.port);
  const addr = hostPort(bare(proxy.hostname), proxy.port || DEFAULT_PORT[proxy.protocol]);
  try {
    const { socket: tunnel } = await SocksClient.createConnection({
      existing_socket: socket,
      proxy: {
        host: bare(proxy.hostname),
        port: Number(proxy.port || DEFAULT_PORT['socks5:']),
        type: 5,
        ...(proxy.username || proxy.password
          ? {
              userId: decodeURIComponent(proxy.username),
              password: decodeURIComponent(proxy.password),
            }
          : {}),
      },
      command: 'connect',
      destination: { host, port },
      timeout: HANDSHAKE_MS,
    });
    return tunnel;
  } catch (e) {
    socket.destroy();
    const said = String((e as Error).message);
    const reply = /Socks5 proxy rejected connection - (\w+)/.exec(said)?.[1];
    const why = reply
      ? `unknown error ${SOCKS_REPLIES[reply] ?? reply}`
      : /Authentication failed/i.test(said)
        ? 'username/password authentication failed'
        : /timed out/i.test(said)
          ? 'i/o timeout'
          : /Socket closed/i.test(said)
            ? 'unexpected EOF'
            : said;
    throw new KubeError(
      0,
      'ProxyError',
      `socks connect tcp ${addr}->${hostPort(host, String(port))}: ${why}`,
    );
  }
}

/** The Proxy-Authorization value for a proxy URL with credentials (Basic, as Go sends it). */
function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const user = decodeURIComponent(proxy.username);
  const password = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

const hostPort = (host: string, port: string) =>
  `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;

/** A failure to reach the proxy, as Go's transport says it ("proxyconnect tcp: dial tcp …"). */
function dialError(addr: string, e: { code?: string; message?: string }): KubeError {
  const code = e.code ?? '';
  const said = networkMessage(e);
  const line =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? `dial tcp: ${said}`
      : code === 'ETIMEDOUT'
        ? `dial tcp ${addr}: i/o timeout`
        : `dial tcp ${addr}: connect: ${said}`;
  return new KubeError(0, code || 'ProxyError', `proxyconnect tcp: ${line}`);
}
