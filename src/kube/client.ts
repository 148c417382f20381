// Every request kdeck sends: one keep-alive connection pool per cluster (client-node 2.0.1
// opens a new TLS connection per request, reference §0.6), credentials from the kubeconfig
// through client-node (tokens, client certificates, exec plugins), errors as KubeError.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeError, networkError, statusError } from './errors.js';

export interface RequestInit {
  method?: string;
  body?: unknown;
  contentType?: string;
  /** Defaults to JSON; a Table view asks for `application/json;as=Table;…`. */
  accept?: string;
  signal?: AbortSignal;
  /** Seconds until the request is given up (not for streams). */
  timeoutSeconds?: number;
}

export class KubeClient {
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly url: URL;

  private readonly kc: KubeConfig;

  /** Told each server `Warning` header (deprecations and the like), as kubectl prints them. */
  onWarning: (warning: string) => void = () => {};

  constructor(kc: KubeConfig, server: string) {
    this.url = new URL(server);
    this.kc = this.url.protocol === 'http:' ? plainHttp(kc) : kc;
    this.agent =
      this.url.protocol === 'http:'
        ? new HttpAgent({ keepAlive: true })
        : new HttpsAgent({ keepAlive: true, maxSockets: 32 });
  }

  /** TLS material and auth headers, asked of client-node each time (exec tokens expire). */
  private async options(init: RequestInit, path: string): Promise<RequestOptions> {
    const opts: RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    const headers: Record<string, string> = {
      Accept: init.accept ?? 'application/json',
      'User-Agent': 'kdeck',
      ...(opts.headers as Record<string, string>),
    };
    if (init.contentType) headers['Content-Type'] = init.contentType;
    const base = this.url.pathname.replace(/\/$/, '');
    return {
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port,
      path: `${base}${path}`,
      method: init.method ?? 'GET',
      headers,
      agent: this.agent,
      ca: opts.ca,
      cert: opts.cert,
      key: opts.key,
      auth: opts.auth,
      servername: opts.servername,
      ...(opts.rejectUnauthorized !== undefined
        ? { rejectUnauthorized: opts.rejectUnauthorized }
        : {}),
      signal: init.signal,
    };
  }

  /** Sends a request; resolves with the response once its headers are in. */
  async open(path: string, init: RequestInit = {}): Promise<IncomingMessage> {
    const opts = await this.options(init, path);
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

  /** A whole JSON answer; a non-2xx answer is a KubeError with the server's message. */
  async json<T = unknown>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await this.open(path, { timeoutSeconds: 30, ...init });
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
    // WARNINGS-SEAM: parse res.headers.warning (RFC 7234 warning-value list) here.
    void res;
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * The same kubeconfig, with TLS verification marked as not applying to the current cluster.
 * kubectl talks plain HTTP to an http:// server (`kubectl proxy`, an apiserver's insecure
 * port): TLS settings do not apply to it. client-node 2.0.1 instead refuses it ("HTTP protocol
 * is not allowed when skipTLSVerify is not set") while working out TLS options it never uses;
 * with skipTLSVerify set it hands back the credentials (tokens, exec plugins) as for https.
 */
function plainHttp(kc: KubeConfig): KubeConfig {
  const current = kc.getCurrentCluster()?.name;
  const out = new KubeConfig();
  out.loadFromOptions({
    clusters: kc.clusters.map((c) => (c.name === current ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.getCurrentContext(),
  });
  return out;
}

export async function readAll(res: IncomingMessage): Promise<string> {
  let text = '';
  res.setEncoding('utf8');
  try {
    for await (const chunk of res) text += chunk;
  } catch (e) {
    throw networkError(e);
  }
  return text;
}
