// Every request kdeck sends: one keep-alive connection pool per cluster (client-node 2.0.1
// opens a new TLS connection per request, reference §0.6), the cluster's TLS settings and the
// user's credentials as kubectl reads them from the kubeconfig (credentials.ts), a 401 answered
// by asking for credentials again once (a re-read token file, a plugin run again), errors as
// KubeError, and the server's Warning headers handed on.
import { readFileSync } from 'node:fs';
import { type Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { WebSocket } from 'ws';
import {
  type Auth,
  type CredentialOptions,
  type Credentials,
  credentialsFor,
  PEM,
} from './connect/credentials.js';
import { ExecCredentialError } from './connect/exec-credential.js';
import {
  type ClusterFields,
  ConfigError,
  type LoadedConfig,
  openError,
} from './connect/kubeconfig.js';
import { proxyFor, type Route, routeFor } from './connect/proxy.js';
import { trustSystemRoots } from './connect/system-roots.js';
import { KubeError, networkError, statusError } from './errors.js';
import { warningTexts } from './warnings.js';

export interface RequestInit {
  method?: string;
  body?: unknown;
  contentType?: string;
  /** Defaults to JSON; a Table view asks for `application/json;as=Table;…`. */
  accept?: string;
  signal?: AbortSignal;
  /** Seconds until the request is given up (not for streams). */
  timeoutSeconds?: number;
  /**
   * Asks for a gzip-compressed answer, as kubectl's client does: the server compresses
   * answers over 128 KB (a big list: about a tenth of its bytes over a slow link). Not for
   * streams, which the server does not compress.
   */
  gzip?: boolean;
}

export type ClientOptions = CredentialOptions;

/** Why the server does not accept who we are; undefined while it does. */
export type AuthListener = (refused: string | undefined) => void;

export class KubeClient {
  private agent!: HttpAgent | HttpsAgent;
  /** The pool and request form for the server: direct, or through the proxy kubectl would use. */
  private route!: Route;
  private url!: URL;
  private tls!: ServerTls;
  private credentials!: Credentials;
  /** What the connections in `agent` were made for: another value needs new connections. */
  private endpoint = '';
  /** What `credentials` were made from. */
  private who = '';
  private refused: string | undefined;
  private readonly authListeners = new Set<AuthListener>();
  /** The last request got no answer, or was refused who we are. */
  private failing = false;
  private readonly recoverListeners = new Set<() => void>();

  /** Told each server `Warning` header (deprecations and the like), as kubectl prints them. */
  onWarning: (warning: string) => void = () => {};

  /** Throws ConfigError (one line, kubectl's words) for settings kubectl would refuse. */
  constructor(
    cfg: LoadedConfig,
    private readonly o: ClientOptions = {},
  ) {
    this.reconfigure(cfg);
  }

  /**
   * Takes up changed kubeconfig settings (the file was edited): later requests use them. When
   * the server or its TLS settings changed, open connections are closed, so every watch lists
   * again from the new server; new credentials alone keep the connections (the next answer
   * tells whether they are accepted). Throws ConfigError, leaving the old settings, if bad.
   */
  reconfigure(cfg: LoadedConfig): void {
    const url = new URL(cfg.server);
    // kubectl talks plain HTTP to an http:// server (`kubectl proxy`, an insecure port): the
    // cluster's TLS settings do not apply to it (client-node refuses such a server instead).
    const tls = url.protocol === 'http:' ? {} : serverTls(cfg.cluster, cfg.clusterFields);
    // The same user keeps its credentials (a plugin's token stays cached, its run goes on).
    const who = JSON.stringify([cfg.user, cfg.userFields, cfg.clusterFields]);
    const credentials = who === this.who ? this.credentials : credentialsFor(cfg, this.o);
    const proxy = proxyFor(
      url,
      cfg.clusterFields['proxy-url'],
      this.o.env ?? process.env,
      cfg.cluster,
    );
    const endpoint = JSON.stringify([url.href, tls, cfg.clusterFields['proxy-url'] ?? '']);
    if (endpoint !== this.endpoint) {
      this.agent?.destroy();
      this.route = routeFor(url, proxy);
      this.agent = this.route.agent;
      this.endpoint = endpoint;
    }
    this.url = url;
    this.tls = tls;
    const changed = this.credentials !== undefined && credentials !== this.credentials;
    if (changed) this.credentials.close?.();
    this.credentials = credentials;
    this.who = who;
    if (changed) this.recovered();
  }

  /**
   * Told when the server answers again after requests failed (the network, refused
   * credentials), and when the credentials change: what was asked of the server before (its
   * version, what this user may do) may have another answer now.
   */
  onRecover(listener: () => void): () => void {
    this.recoverListeners.add(listener);
    return () => {
      this.recoverListeners.delete(listener);
    };
  }

  private recovered(): void {
    this.failing = false;
    for (const l of this.recoverListeners) l();
  }

  /** Told when the server starts or stops refusing our credentials (every open view shows it). */
  onAuthChange(listener: AuthListener): () => void {
    this.authListeners.add(listener);
    return () => {
      this.authListeners.delete(listener);
    };
  }

  private noteAuth(refused: string | undefined): void {
    if (refused === this.refused) return;
    this.refused = refused;
    for (const l of this.authListeners) l(refused);
  }

  private options(init: RequestInit, path: string, auth: Auth): RequestOptions {
    const headers: Record<string, string | string[]> = {
      Accept: init.accept ?? 'application/json',
      'User-Agent': 'kdeck',
      ...auth.headers,
    };
    if (init.contentType) headers['Content-Type'] = init.contentType;
    if (init.gzip) headers['Accept-Encoding'] = 'gzip';
    const base = this.url.pathname.replace(/\/$/, '');
    return {
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port,
      path: this.route.target(`${base}${path}`),
      method: init.method ?? 'GET',
      headers,
      agent: this.agent,
      ...this.tls,
      ...(auth.cert ? { cert: auth.cert, key: auth.key } : {}),
      signal: init.signal,
    };
  }

  /** Credentials for the next request; one that cannot be had is a KubeError saying why. */
  private async auth(): Promise<Auth> {
    try {
      return await this.credentials.get();
    } catch (e) {
      if (!(e instanceof ExecCredentialError || e instanceof ConfigError)) throw e;
      const err = new KubeError(0, 'CredentialError', `getting credentials: ${e.message}`);
      this.failing = true;
      this.noteAuth(err.message);
      throw err;
    }
  }

  /**
   * Sends a request; resolves with the response once its headers are in. A 401 is asked
   * again once with fresh credentials when they may differ, then thrown as a KubeError.
   */
  async open(path: string, init: RequestInit = {}): Promise<IncomingMessage> {
    for (let retried = false; ; retried = true) {
      const auth = await this.auth();
      let res: IncomingMessage;
      try {
        res = await this.send(path, init, auth);
      } catch (e) {
        if ((e as KubeError).reason !== 'Aborted') this.failing = true;
        throw e;
      }
      if (res.statusCode !== 401) {
        this.noteAuth(undefined);
        if (this.failing) this.recovered();
        return res;
      }
      if (!retried && this.credentials.rejected(auth)) {
        res.resume();
        continue;
      }
      const err = statusError(401, await readAll(res));
      this.failing = true;
      this.noteAuth(err.message);
      throw err;
    }
  }

  private send(path: string, init: RequestInit, auth: Auth): Promise<IncomingMessage> {
    const opts = this.options(init, path, auth);
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    if (body)
      (opts.headers as Record<string, string>)['Content-Length'] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const req = (this.url.protocol === 'http:' ? httpRequest : httpsRequest)(opts, (res) => {
        this.noteWarnings(res);
        resolve(res);
      });
      req.on('error', (e) => reject(networkError(e)));
      if (init.timeoutSeconds) {
        req.setTimeout(init.timeoutSeconds * 1000, () =>
          req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
        );
      }
      req.end(body);
    });
  }

  /**
   * Opens a WebSocket to the server (exec, port-forward), offering `protocols` in order;
   * resolves once the server has chosen one. Uses the same TLS settings, credentials and proxy
   * route as every request (client-node's WebSocketHandler takes its own from a KubeConfig,
   * which knows neither the exec-plugin cache nor kdeck's proxy routes). An answer other than
   * 101 is a KubeError with the server's message; a 401 is asked again once, as open() does.
   * The socket comes paused: it emits nothing until the caller, listening, calls resume(). A
   * server may write at once, in the same packet as its 101, and ws reads that before an
   * awaiting caller runs: a port-forward's ports, a shell's prompt would be lost.
   */
  async webSocket(path: string, protocols: string[]): Promise<WebSocket> {
    for (let retried = false; ; retried = true) {
      const auth = await this.auth();
      // Any answer type: a kubelet's router (KWOK's go-restful) answers a JSON-only Accept with 406.
      const o = this.options({ accept: '*/*' }, path, auth);
      // Always the origin form: an upgrade goes through a proxy's CONNECT tunnel (the agent's).
      const base = this.url.pathname.replace(/\/$/, '');
      const scheme = this.url.protocol === 'http:' ? 'ws' : 'wss';
      const url = `${scheme}://${this.url.host}${base}${path}`;
      const ws = new WebSocket(url, protocols, {
        headers: o.headers as Record<string, string>,
        agent: o.agent as HttpsAgent,
        ca: o.ca,
        cert: o.cert,
        key: o.key,
        ...(o.servername ? { servername: o.servername } : {}),
        rejectUnauthorized: o.rejectUnauthorized,
        perMessageDeflate: false,
        // As long as any request may wait for its answer: a key held for the stream waits no longer.
        handshakeTimeout: 30_000,
      });
      const answer = await new Promise<WebSocket | { code: number; body: string }>(
        (resolve, reject) => {
          ws.once('open', () => {
            ws.pause();
            resolve(ws);
          });
          ws.once('unexpected-response', (_req, res) => {
            readAll(res).then((body) => resolve({ code: res.statusCode ?? 0, body }), reject);
          });
          ws.once('error', (e) =>
            reject(
              /handshake has timed out/.test(e.message)
                ? new KubeError(0, 'Timeout', 'the server did not answer within 30s')
                : networkError(e),
            ),
          );
        },
      ).catch((e: KubeError) => {
        this.failing = true;
        throw e;
      });
      if (answer instanceof WebSocket) {
        this.noteAuth(undefined);
        if (this.failing) this.recovered();
        return answer;
      }
      if (answer.code === 401 && !retried && this.credentials.rejected(auth)) continue;
      const err = statusError(answer.code, answer.body);
      if (answer.code === 401) {
        this.failing = true;
        this.noteAuth(err.message);
      }
      throw err;
    }
  }

  /** A whole JSON answer; a non-2xx answer is a KubeError with the server's message. */
  async json<T = unknown>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await this.open(path, { timeoutSeconds: 30, gzip: true, ...init });
    const text = await readAll(res);
    const code = res.statusCode ?? 0;
    if (code < 200 || code >= 300) throw statusError(code, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubeError(code, 'BadResponse', 'the server answered something that is not JSON');
    }
  }

  /** Hands each text of the answer's `Warning` headers to onWarning. */
  private noteWarnings(res: IncomingMessage): void {
    for (const text of warningTexts(res.headersDistinct.warning)) this.onWarning(text);
  }

  /**
   * Gets credentials now when getting them may ask the user something (an interactive exec
   * plugin), so that it asks on the plain terminal before the screen starts. A failure is
   * left for the first request to report.
   */
  async credentialsFirst(): Promise<void> {
    if (!this.credentials.mayAsk) return;
    await this.credentials.get().catch(() => {});
  }

  close(): void {
    this.credentials.close?.();
    this.agent.destroy();
  }
}

/** TLS settings for the server: its CA, the name to verify, or no verification at all. */
interface ServerTls {
  ca?: Buffer;
  servername?: string;
  rejectUnauthorized?: boolean;
}

function serverTls(name: string, c: ClusterFields): ServerTls {
  const insecure = c['insecure-skip-tls-verify'] === true;
  if (insecure && (c['certificate-authority'] || c['certificate-authority-data']))
    throw new ConfigError(
      'specifying a root certificates file with the insecure flag is not allowed',
    );
  if (c['certificate-authority'] && c['certificate-authority-data'])
    throw new ConfigError(
      `certificate-authority-data and certificate-authority are both specified for ${name}. certificate-authority-data will override.`,
    );
  let ca: Buffer | undefined;
  if (c['certificate-authority-data']) ca = Buffer.from(c['certificate-authority-data'], 'base64');
  else if (c['certificate-authority']) {
    const file = c['certificate-authority'];
    try {
      ca = readFileSync(file);
    } catch (e) {
      throw new ConfigError(
        `unable to read certificate-authority ${file} for ${name} due to ${openError(file, e)}`,
      );
    }
  }
  // No CA of its own: the host's roots, as kubectl trusts them (Node's default otherwise).
  if (!ca && !insecure) trustSystemRoots();
  if (ca && !PEM.test(ca.toString('latin1')))
    throw new ConfigError('unable to load root certificates: unable to parse bytes as PEM block');
  return {
    ...(ca ? { ca } : {}),
    // Node checks the certificate against `servername` when given, as Go checks ServerName.
    ...(c['tls-server-name'] ? { servername: c['tls-server-name'] } : {}),
    ...(insecure ? { rejectUnauthorized: false } : {}),
  };
}

/** A whole answer as text, uncompressed if the server compressed it. */
export async function readAll(res: IncomingMessage): Promise<string> {
  let text = '';
  let body: Readable = res;
  if (/\bgzip\b/i.test(res.headers['content-encoding'] ?? '')) {
    const gunzip = createGunzip();
    // pipe() does not carry the connection's failure on: the loop below would wait for ever.
    res.on('error', (e) => gunzip.destroy(e));
    body = res.pipe(gunzip);
  }
  body.setEncoding('utf8');
  try {
    for await (const chunk of body) text += chunk;
  } catch (e) {
    // A body that cannot be uncompressed: its connection is not the agent's to use again.
    res.destroy();
    throw networkError(e);
  }
  return text;
}
