// The simulated cluster's API server: HTTPS on 127.0.0.1, bearer tokens, and the REST
// routes of the Kubernetes API for the kinds in kinds.ts. Faults are injected here.
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { warningsOnWrite } from './admission.js';
import { allowed, forbiddenFor, type User } from './auth.js';
import { type Cluster, patchTypeOf } from './cluster.js';
import {
  aggregatedContentType,
  aggregatedDiscovery,
  legacyCoreVersions,
  legacyGroup,
  legacyGroupList,
  openApiGroupVersion,
  openApiRoot,
  openApiV2Protobuf,
  resourceList,
  versionInfo,
  wantsAggregated,
} from './discovery.js';
import { flag, readBody, sendError, sendJson } from './http.js';
import { groupVersion } from './kind-info.js';
import type { LogSource } from './logs.js';
import { managerFromUserAgent } from './managed-fields.js';
import { METRICS_GROUP, type MetricsApi } from './metrics.js';
import {
  accessReview,
  deleteOptions,
  includeObject,
  parseResourcePath,
  type Route,
  wantsTable,
} from './request.js';
import {
  ApiError,
  badRequest,
  internalError,
  methodNotAllowed,
  pathNotFound,
  serviceUnavailable,
  tooLargeResourceVersion,
  tooManyRequests,
  unauthorized,
} from './status.js';
import { openStream, streamSubresources } from './streams/index.js';
import { toTable } from './table.js';
import type { ServerTls } from './tls.js';
import type { Obj } from './types.js';
import { startWatch, type WatchTiming } from './watch.js';

export interface ServerOptions {
  tls: ServerTls;
  users: User[];
  cluster: Cluster;
  logs: LogSource;
  watchTiming: WatchTiming;
  /** The metrics API (metrics.k8s.io), when the cluster serves it. */
  metrics?: MetricsApi;
  /** Extra routes under /_sim/ (the control path for faults); admin only. */
  control: (path: string, body: Obj, res: ServerResponse) => Promise<void> | void;
}

/** Requests that wait while it is shut (a test looks at what a client does meanwhile). */
class Gate {
  private shut: { opened: Promise<void>; open: () => void } | undefined;
  /** Requests that have waited at it so far (a test knows a client has got that far). */
  waited = 0;

  close(): void {
    if (this.shut) return;
    let open = () => {};
    const opened = new Promise<void>((r) => {
      open = r;
    });
    this.shut = { opened, open };
  }

  open(): void {
    this.shut?.open();
    this.shut = undefined;
  }

  async pass(): Promise<void> {
    if (!this.shut) return;
    this.waited++;
    await this.shut.opened;
  }
}

/** Fault state that the request path consults. */
export class FaultState {
  failUntil = 0;
  failStatus = 500;
  stallUntil = 0;
  readonly rejectedTokens = new Set<string>();
  /**
   * For tests, shut by the `hold-pages` fault and opened by `clear`: a list's pages after its
   * first wait at it, so that a list in progress can be seen for as long as a test needs.
   */
  readonly pages = new Gate();
  /** Likewise (`hold-reviews`): SelfSubjectAccessReviews wait, a client's rights unknown. */
  readonly reviews = new Gate();
}

const APF_FLOW_SCHEMA_UID = '3d1e5b2c-7a44-4d0e-9a55-5b1f0c2c9e01';
const APF_PRIORITY_LEVEL_UID = '8c1f4a7e-2b6d-4f0a-b1e3-6d2a9c4f7b02';

const ANONYMOUS_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

export class ApiServer {
  readonly server: Server;
  readonly faults = new FaultState();
  private readonly sockets = new Set<Socket>();
  /** TCP connections accepted so far: tests check that clients reuse theirs. */
  connectionsAccepted = 0;
  private readonly watches = new Set<ServerResponse>();
  private readonly byToken: Map<string, User>;

  constructor(private readonly o: ServerOptions) {
    this.byToken = new Map(o.users.map((u) => [u.token, u]));
    this.server = createServer({ key: o.tls.keyPem, cert: o.tls.certPem }, (req, res) => {
      this.handle(req, res).catch((err) => sendError(res, err));
    });
    this.server.on('connection', (s: Socket) => {
      this.connectionsAccepted++;
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrade(req, socket, head).catch((err) => refuseUpgrade(socket, err));
    });
    // A keep-alive client reuses its connection for many requests: keep it open.
    this.server.keepAliveTimeout = 60_000;
  }

  /** Ends every open watch stream, as a dropped connection or an apiserver rollout does. */
  dropWatches(): void {
    for (const w of this.watches) w.destroy();
    this.watches.clear();
  }

  /** Closes the listener and every connection (for a restart or stop). */
  async close(): Promise<void> {
    this.dropWatches();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /**
   * `Impersonate-User`: the admin may act as anyone (a name the simulator does not know gets
   * no rights, as a user with no RoleBindings has none); the viewer may not impersonate.
   */
  private impersonated(user: User | undefined, as: string | string[] | undefined) {
    if (!user || typeof as !== 'string') return user;
    if (user.readOnly)
      throw new ApiError(
        403,
        'Forbidden',
        `users "${as}" is forbidden: User "${user.name}" cannot impersonate resource "users" in API group "" at the cluster scope`,
      );
    const known = [...this.byToken.values()].find((u) => u.name === as);
    return known ?? { name: as, token: '', readOnly: true, noRights: true };
  }

  /** Who sent the request; throws 401 for a refused token or a path that needs one. */
  private authenticate(req: IncomingMessage, path: string): User | undefined {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const authenticated =
      token && !this.faults.rejectedTokens.has(token) ? this.byToken.get(token) : undefined;
    // A token that is presented and refused fails authentication on every path; only a request
    // with no credentials at all may go on as system:anonymous (kube-apiserver's FailOnError
    // union of authenticators).
    if (!authenticated && (token || !ANONYMOUS_PATHS.has(path))) throw unauthorized();
    return this.impersonated(authenticated, req.headers['impersonate-user']);
  }

  /**
   * A WebSocket upgrade: a pod's exec or portforward subresource (streams.ts). Refusals are
   * answered as HTTP errors before the upgrade, as the real server answers them.
   */
  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const user = this.authenticate(req, path);
    const parts = path.split('/').filter(Boolean);
    const route =
      parts[0] === 'api' || parts[0] === 'apis'
        ? parseResourcePath(this.o.cluster.kinds, parts)
        : undefined;
    if (!user || !route?.name || !route.sub || !streamSubresources.has(route.sub))
      throw pathNotFound();
    const { kind: k, namespace, name, sub } = route;
    // The GET of the upgrade is authorized as `get` on the subresource; since 1.35 it needs
    // `create` as well, as a POST always did (AuthorizePodWebsocketUpgradeCreatePermission).
    for (const verb of ['get', 'create']) {
      const attrs = {
        verb,
        group: k.group,
        resource: k.resource,
        subresource: sub,
        namespace,
        name,
      };
      if (!allowed(user, attrs)) throw forbiddenFor(user, k, attrs);
    }
    // SPDY (kubectl's port-forward, a kubectl before 1.30), plain or tunneled in a WebSocket,
    // is not served: said in a line rather than failing on what it sends. kubectl's exec falls
    // back to SPDY when its WebSocket is refused: the request's own refusal (a bad container)
    // comes first, as it would from a real server. Its port-forward names its ports inside
    // SPDY, not in the query: that one is refused as SPDY at once.
    const offered = String(req.headers['sec-websocket-protocol'] ?? '');
    const spdy = !/^websocket$/i.test(String(req.headers.upgrade)) || /^\s*SPDY\//i.test(offered);
    const notServed = () =>
      badRequest(
        `the simulator serves ${sub} over WebSocket (${sub === 'exec' ? 'v5.channel.k8s.io, v4.channel.k8s.io' : 'v4.channel.k8s.io'}) only, not SPDY`,
      );
    if (spdy && sub === 'portforward') throw notServed();
    const stream = openStream(this.o.cluster, route, url.searchParams);
    if (spdy) throw notServed();
    const wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      handleProtocols: (offered) => stream.protocols.find((p) => offered.has(p)) ?? false,
    });
    wss.handleUpgrade(req, socket, head, (ws) => stream.attach(ws));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A real server's API Priority and Fairness marks every answer with these headers.
    res.setHeader('X-Kubernetes-Pf-Flowschema-Uid', APF_FLOW_SCHEMA_UID);
    res.setHeader('X-Kubernetes-Pf-Prioritylevel-Uid', APF_PRIORITY_LEVEL_UID);
    const url = new URL(req.url ?? '/', 'https://localhost');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const user = this.authenticate(req, path);

    if (path.startsWith('/_sim/')) {
      if (!user || user.readOnly)
        throw new ApiError(403, 'Forbidden', 'the simulator control path is for the admin user');
      await this.o.control(path.slice('/_sim/'.length), ((await readBody(req)) ?? {}) as Obj, res);
      return;
    }
    const now = Date.now();
    if (now < this.faults.stallUntil)
      await new Promise((r) => setTimeout(r, this.faults.stallUntil - now));
    if (Date.now() < this.faults.failUntil) {
      const s = this.faults.failStatus;
      if (s === 429) throw tooManyRequests();
      if (s === 503) throw serviceUnavailable();
      throw internalError('simulated failure');
    }

    const accept = req.headers.accept ?? '';
    switch (path) {
      case '/version':
        return sendJson(res, 200, versionInfo());
      case '/healthz':
      case '/livez':
      case '/readyz':
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
        return;
      case '/api':
      case '/apis': {
        const agg = wantsAggregated(accept);
        if (agg)
          return sendJson(
            res,
            200,
            aggregatedDiscovery(this.o.cluster.kinds, path === '/api', agg),
            aggregatedContentType(agg),
          );
        return sendJson(
          res,
          200,
          path === '/api'
            ? legacyCoreVersions(req.headers.host ?? '')
            : legacyGroupList(this.o.cluster.kinds),
        );
      }
      case '/openapi/v3':
        return sendJson(res, 200, openApiRoot(this.o.cluster.kinds));
      case '/openapi/v2': {
        const body = openApiV2Protobuf();
        res.writeHead(200, {
          'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
          'Content-Length': body.length,
        });
        res.end(body);
        return;
      }
    }
    if (path.startsWith('/openapi/v3/')) {
      const doc = openApiGroupVersion(this.o.cluster.kinds, path.slice('/openapi/v3/'.length));
      if (doc) return sendJson(res, 200, doc);
      throw pathNotFound();
    }
    const parts = path.split('/').filter(Boolean);
    if (parts[0] === 'api' && parts.length === 2) {
      const list = resourceList(this.o.cluster.kinds, '', parts[1]);
      if (list) return sendJson(res, 200, list);
    }
    if (parts[0] === 'apis' && parts.length === 2) {
      const g = legacyGroup(this.o.cluster.kinds, parts[1]);
      if (g) return sendJson(res, 200, g);
    }
    if (parts[0] === 'apis' && parts.length === 3) {
      const list = resourceList(this.o.cluster.kinds, parts[1], parts[2]);
      if (list) return sendJson(res, 200, list);
    }
    const route =
      (parts[0] === 'api' || parts[0] === 'apis') && parts.length > 2
        ? parseResourcePath(this.o.cluster.kinds, parts)
        : undefined;
    if (!route) throw pathNotFound();
    await this.resource(req, res, url.searchParams, route, user!);
  }

  private async resource(
    req: IncomingMessage,
    res: ServerResponse,
    q: URLSearchParams,
    r: Route,
    user: User,
  ): Promise<void> {
    const { kind: k, namespace: ns, name, sub } = r;
    const c = this.o.cluster;
    const method = req.method ?? 'GET';
    const watch = r.watchPath || flag(q.get('watch'));
    const verb =
      method === 'GET'
        ? name
          ? 'get'
          : watch
            ? 'watch'
            : 'list'
        : method === 'POST'
          ? 'create'
          : method === 'PUT'
            ? 'update'
            : method === 'PATCH'
              ? 'patch'
              : method === 'DELETE'
                ? name
                  ? 'delete'
                  : 'deletecollection'
                : '';
    if (!verb) throw methodNotAllowed(method, k.kind);
    if (sub && !k.subresources.some((s) => s.name === sub)) throw pathNotFound();
    const attrs = {
      verb,
      group: k.group,
      resource: k.resource,
      subresource: sub,
      namespace: ns,
      name,
    };
    if (!allowed(user, attrs)) throw forbiddenFor(user, k, attrs);
    if (!k.verbs.includes(verb) && !sub) throw methodNotAllowed(verb.toUpperCase(), k.kind);

    if (k.resource === 'selfsubjectaccessreviews') {
      await this.faults.reviews.pass();
      return accessReview(req, res, user);
    }
    const table = wantsTable(req);
    if (k.group === METRICS_GROUP && this.o.metrics) {
      const { items, one } = this.o.metrics.answer({
        kind: k,
        namespace: ns,
        name,
        labelSelector: q.get('labelSelector'),
        fieldSelector: q.get('fieldSelector'),
      });
      const listMeta = {};
      if (table)
        return sendJson(
          res,
          200,
          toTable(k, items, { include: includeObject(q), withHeaders: true, listMeta }),
        );
      if (one) return sendJson(res, 200, one);
      return sendJson(res, 200, {
        kind: `${k.kind}List`,
        apiVersion: groupVersion(k),
        metadata: listMeta,
        items,
      });
    }
    const dryRun = q.getAll('dryRun').includes('All');
    // Field ownership: the request's fieldManager, else the product of its User-Agent.
    const writer = {
      manager: q.get('fieldManager') || managerFromUserAgent(req.headers['user-agent']),
    };
    const force = flag(q.get('force'));

    if (verb === 'watch') {
      this.watches.add(res);
      // A CRD deleted (or a version no longer served) takes the kind's storage with it: the
      // real server ends its watches, and the next list is a 404. A CRD merely updated serves
      // its kinds again under new descriptions, and its watches go on.
      const unserved = c.kinds.onChange((kind, served) => {
        if (!served && kind.crd === k.crd && !c.kinds.find(k.group, k.version, k.resource))
          res.end();
      });
      startWatch(
        c.store,
        k,
        {
          namespace: ns,
          labelSelector: q.get('labelSelector'),
          fieldSelector: q.get('fieldSelector'),
          resourceVersion: q.get('resourceVersion'),
          resourceVersionMatch: q.get('resourceVersionMatch'),
          allowWatchBookmarks: flag(q.get('allowWatchBookmarks')),
          timeoutSeconds: Number(q.get('timeoutSeconds')) || undefined,
          sendInitialEvents: q.has('sendInitialEvents')
            ? flag(q.get('sendInitialEvents'))
            : undefined,
          table: table ? { include: includeObject(q) } : undefined,
        },
        res,
        this.o.watchTiming,
        () => {
          this.watches.delete(res);
          unserved();
        },
      );
      return;
    }
    if (verb === 'list') {
      if (q.get('continue') && q.get('resourceVersion') && q.get('resourceVersion') !== '0') {
        throw badRequest('specifying resource version is not allowed when using continue');
      }
      if (q.get('continue')) await this.faults.pages.pass();
      const atLeast = Number(q.get('resourceVersion'));
      if (atLeast > Number(c.store.resourceVersion))
        throw tooLargeResourceVersion(atLeast, Number(c.store.resourceVersion));
      const page = c.lister.list(
        k,
        {
          namespace: ns,
          labelSelector: q.get('labelSelector'),
          fieldSelector: q.get('fieldSelector'),
        },
        Number(q.get('limit')) || 0,
        q.get('continue'),
      );
      if (table)
        return sendJson(
          res,
          200,
          toTable(k, page.items, {
            include: includeObject(q),
            withHeaders: true,
            listMeta: page.meta,
          }),
        );
      const items = page.items.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
      return sendJson(res, 200, {
        kind: `${k.kind}List`,
        apiVersion: groupVersion(k),
        metadata: page.meta,
        items,
      });
    }
    if (verb === 'deletecollection') {
      const body = await readBody(req);
      const opts = deleteOptions(body, q);
      const page = c.lister.list(
        k,
        {
          namespace: ns,
          labelSelector: q.get('labelSelector'),
          fieldSelector: q.get('fieldSelector'),
        },
        0,
        null,
      );
      const items = page.items.map(
        (o) => c.delete(k, o.metadata.namespace, o.metadata.name, opts).object,
      );
      return sendJson(res, 200, {
        kind: `${k.kind}List`,
        apiVersion: groupVersion(k),
        metadata: { resourceVersion: c.store.resourceVersion },
        items,
      });
    }
    if (sub === 'log') {
      if (verb !== 'get') throw methodNotAllowed(method, 'PodLogOptions');
      return this.o.logs.serve(c.get(k, ns, name!), q, res);
    }
    if (sub === 'scale') {
      const body = verb === 'get' ? undefined : await readBody(req);
      // The object before the write, for what the write warns about (warningsOnWrite).
      const before = c.store.get(k, ns, name!);
      const scale =
        verb === 'get'
          ? c.scaleOf(k, ns, name!)
          : verb === 'update'
            ? c.updateScale(k, ns, name!, (body ?? {}) as Obj, { writer, dryRun })
            : c.patchScale(k, ns, name!, patchTypeOf(req.headers['content-type']), body, {
                writer,
                dryRun,
              });
      // Scale writes through the object's own strategy, so it warns as an update of it does.
      if (verb !== 'get') warn(res, warningsOnWrite(k, c.get(k, ns, name!), before));
      return sendJson(res, 200, scale);
    }
    const statusSub = sub === 'status' ? 'status' : undefined;
    const send = (code: number, o: Obj) =>
      table && o.kind === k.kind
        ? sendJson(
            res,
            code,
            toTable(k, [o], {
              include: includeObject(q),
              withHeaders: true,
              listMeta: { resourceVersion: o.metadata.resourceVersion },
            }),
          )
        : sendJson(res, code, o);
    switch (verb) {
      case 'get':
        return send(200, c.get(k, ns, name!));
      case 'create': {
        const body = await readBody(req);
        if (!body || typeof body !== 'object')
          throw badRequest('the body of the request was empty');
        const created = c.create(k, ns, body as Obj, { dryRun, writer });
        warn(res, warningsOnWrite(k, created));
        return send(201, created);
      }
      case 'update': {
        const body = (await readBody(req)) as Obj | undefined;
        if (!body) throw badRequest('the body of the request was empty');
        const before = c.store.get(k, ns, name!);
        const updated = c.replace(k, ns, name!, body, statusSub, { dryRun, writer });
        if (!statusSub) warn(res, warningsOnWrite(k, updated, before));
        return send(200, updated);
      }
      case 'patch': {
        const type = patchTypeOf(req.headers['content-type']);
        if (type === 'apply' && !q.get('fieldManager')) {
          throw new ApiError(
            422,
            'Invalid',
            'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
            {
              group: 'meta.k8s.io',
              kind: 'PatchOptions',
              causes: [
                {
                  reason: 'FieldValueRequired',
                  message: 'Required value: is required for apply patch',
                  field: 'fieldManager',
                },
              ],
            },
          );
        }
        const body = await readBody(req);
        const before = c.store.get(k, ns, name!);
        const o = c.patch(k, ns, name!, type, body, statusSub, { dryRun, writer, force });
        if (!statusSub) warn(res, warningsOnWrite(k, o, before));
        return send(before ? 200 : 201, o);
      }
      case 'delete': {
        const body = await readBody(req);
        const { body: out } = c.delete(k, ns, name!, deleteOptions(body, q));
        return sendJson(res, 200, out);
      }
    }
  }
}

/**
 * Warnings as kube-apiserver sends them (apiserver's warning recorder, apimachinery's
 * NewWarningHeader): one `Warning: 299 - "<text>"` header each, `"` and `\` escaped, a text
 * repeated within one answer sent once.
 */
function warn(res: ServerResponse, texts: string[]): void {
  const unique = [...new Set(texts)];
  if (unique.length)
    res.setHeader(
      'Warning',
      unique.map((t) => `299 - "${t.replace(/["\\]/g, '\\$&')}"`),
    );
}

/** An upgrade refused: the Status as a plain HTTP answer on the socket, then closed. */
function refuseUpgrade(socket: Duplex, err: unknown): void {
  const e = err instanceof ApiError ? err : internalError(String((err as Error)?.message ?? err));
  const body = JSON.stringify(e.toStatus());
  socket.end(
    `HTTP/1.1 ${e.code} ${STATUS_CODES[e.code] ?? ''}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
