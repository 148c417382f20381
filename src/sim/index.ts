// The simulated cluster: a Kubernetes API server of our own over HTTPS on 127.0.0.1, its
// controllers, its kubeconfig, and faults on demand. Used by `kdeck --demo`, `kdeck sim`,
// the tests and the benchmarks. Imports nothing from the rest of kdeck.
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeUsers, type User } from './auth.js';
import { Cluster } from './cluster.js';
import { AutoscalerController } from './controllers/autoscalers.js';
import { CronJobController } from './controllers/cronjobs.js';
import { CustomResourceCleanup } from './controllers/custom-resources.js';
import { DaemonSetController } from './controllers/daemonsets.js';
import { DeploymentController } from './controllers/deployments.js';
import { EventRecorder } from './controllers/events.js';
import { GarbageCollector } from './controllers/garbage-collector.js';
import { JobController } from './controllers/jobs.js';
import { Kubelet } from './controllers/kubelet.js';
import { NamespaceDefaults } from './controllers/namespace-defaults.js';
import { ReplicaSetController } from './controllers/replicasets.js';
import { ServiceController } from './controllers/services.js';
import { StatefulSetController } from './controllers/statefulsets.js';
import { VolumeController } from './controllers/volumes.js';
import { WorkQueue } from './controllers/work-queue.js';
import { sendJson } from './http.js';
import { kindOf } from './kinds.js';
import { CONTEXT, kubeconfigYaml, READONLY_CONTEXT, writeKubeconfig } from './kubeconfig.js';
import { type LoadOptions, seedLoad, startChurn } from './load.js';
import { LogSource } from './logs.js';
import { MetricsApi } from './metrics.js';
import { seedDemo } from './seed.js';
import { ApiServer } from './server.js';
import { badRequest, pathNotFound } from './status.js';
import { nowIso } from './store.js';
import { DEMO_TIMING, FAST_TIMING, type SimTiming } from './timing.js';
import { makeServerTls, type ServerTls } from './tls.js';
import type { Obj } from './types.js';
import type { WatchTiming } from './watch.js';

export type { Obj, SimTiming };
export { CONTEXT, READONLY_CONTEXT };

export interface SimOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Also write the kubeconfig to this file. */
  kubeconfigPath?: string;
  /** 'demo' moves at a pace a person can watch (the default); 'fast' is for tests. */
  timing?: 'demo' | 'fast' | SimTiming;
  /** Start with the tutorial's nginx Deployment and Service in `default` (default true). */
  tutorial?: boolean;
  /** Start with namespaces and nodes only: no workloads, so nothing moves but the load. */
  empty?: boolean;
  /**
   * Serve the resource metrics API (`metrics.k8s.io`, as metrics-server does; default true).
   * Off, the cluster is one without metrics-server.
   */
  metrics?: boolean;
  /** Load mode: extra pods and status churn for benchmarks. */
  load?: LoadOptions;
  /** Events kept per kind for watches that resume from a resourceVersion. */
  historySize?: number;
  watch?: Partial<WatchTiming>;
  continueTokenTtlMs?: number;
  /** Diagnostics (controller errors); nothing is printed otherwise. */
  log?: (message: string) => void;
  /**
   * Serve with another simulated cluster's certificates and tokens: a control plane recreated
   * behind the same address (a fresh store) that its old clients still trust and reach.
   */
  identity?: SimIdentity;
}

export interface SimIdentity {
  tls: ServerTls;
  users: { admin: User; viewer: User };
}

export type Fault =
  | { fault: 'drop-watches' }
  | { fault: 'expire-watches' }
  | { fault: 'fail'; status: 500 | 503 | 429; ms: number }
  | { fault: 'stall'; ms: number }
  | { fault: 'reject-token'; token: string }
  | { fault: 'restart'; ms?: number }
  /** A list's later pages wait until `clear` (tests watch a list in progress). */
  | { fault: 'hold-pages' }
  /** SelfSubjectAccessReviews wait until `clear` (tests see keys typed before rights are known). */
  | { fault: 'hold-reviews' }
  | { fault: 'clear' };

export interface SimulatedCluster {
  url: string;
  port: number;
  /** The kubeconfig YAML: contexts `kdeck-demo` (admin) and `kdeck-demo-readonly`. */
  kubeconfig: string;
  users: { admin: User; viewer: User };
  identity: SimIdentity;
  cluster: Cluster;
  /** TCP connections accepted since the last (re)start of the listener. */
  connectionsAccepted(): number;
  /** Injects a fault; the same faults are reachable over HTTP at POST /_sim/faults. */
  inject(f: Fault): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimulatedCluster(opts: SimOptions = {}): Promise<SimulatedCluster> {
  const timing =
    opts.timing === 'fast'
      ? FAST_TIMING
      : typeof opts.timing === 'object'
        ? opts.timing
        : DEMO_TIMING;
  const log = opts.log ?? (() => {});
  const cluster = new Cluster({
    historySize: opts.historySize,
    continueTokenTtlMs: opts.continueTokenTtlMs,
    metrics: opts.metrics ?? true,
  });
  const metrics = (opts.metrics ?? true) ? new MetricsApi(cluster.store) : undefined;
  const users = opts.identity?.users ?? makeUsers();
  const tls = opts.identity?.tls ?? (await makeServerTls());
  const POD = kindOf('Pod');
  const logs = new LogSource((ns, name) => cluster.store.get(POD, ns, name));

  const queue = new WorkQueue((err) => log(`controller: ${(err as Error)?.stack ?? err}`));
  const events = new EventRecorder(cluster);
  seedDemo(cluster, { tutorial: opts.tutorial ?? true, empty: opts.empty });
  const loadPods = opts.load ? seedLoad(cluster, opts.load) : [];
  const stops = [
    new Kubelet(cluster, timing, events, queue).start(),
    new ReplicaSetController(cluster, events, queue).start(),
    new DeploymentController(cluster, events, queue).start(),
    new ServiceController(cluster, timing, queue).start(),
    new StatefulSetController(cluster, events, queue).start(),
    new DaemonSetController(cluster, events, queue).start(),
    new JobController(cluster, timing, events, queue).start(),
    new CronJobController(cluster, timing, events, queue).start(),
    new AutoscalerController(cluster, timing, queue).start(),
    new VolumeController(cluster, events, queue).start(),
    new NamespaceDefaults(cluster, tls.caPem, queue).start(),
    new CustomResourceCleanup(cluster, queue).start(),
    new GarbageCollector(cluster, queue).start(),
    startChurn(cluster, loadPods, opts.load?.churn ?? 0),
  ];

  let api: ApiServer;
  const inject = async (f: Fault): Promise<void> => {
    const faults = api.faults;
    switch (f.fault) {
      case 'drop-watches':
        return api.dropWatches();
      case 'expire-watches':
        cluster.store.compactAll();
        cluster.lister.expireTokens();
        return api.dropWatches();
      case 'fail':
        faults.failStatus = f.status;
        faults.failUntil = Date.now() + f.ms;
        return api.dropWatches();
      case 'stall':
        faults.stallUntil = Date.now() + f.ms;
        return;
      case 'reject-token':
        faults.rejectedTokens.add(f.token);
        return;
      case 'hold-pages':
        faults.pages.close();
        return;
      case 'hold-reviews':
        faults.reviews.close();
        return;
      case 'clear':
        faults.failUntil = 0;
        faults.stallUntil = 0;
        faults.rejectedTokens.clear();
        faults.pages.open();
        faults.reviews.open();
        return;
      case 'restart': {
        await api.close();
        if (f.ms) await new Promise((r) => setTimeout(r, f.ms));
        api = makeServer();
        await listen(api, port);
        return;
      }
    }
  };

  const control = async (path: string, body: Obj, res: ServerResponse) => {
    if (path === 'stamp') {
      // For benchmarks: a visible change at a known moment, as a kubelet would report it: the
      // first container waits with this reason, which every client shows as the pod's STATUS.
      // An empty reason sets it running and ready again.
      const reason = String(body.reason ?? '');
      const pod = cluster.store.mutate(POD, body.namespace, body.name, (p) => {
        const c = p.status?.containerStatuses?.[0];
        if (c) {
          c.state = reason ? { waiting: { reason } } : { running: { startedAt: nowIso() } };
          c.ready = !reason;
        } else p.status.reason = reason;
      });
      if (!pod) throw badRequest(`no pod ${body.namespace}/${body.name}`);
      return sendJson(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
      });
    }
    if (path === 'metrics-requests') {
      // How many metrics requests the server has answered: tests see a client's polling stop.
      if (!metrics) throw pathNotFound();
      return sendJson(res, 200, { requests: metrics.requests });
    }
    if (path === 'pages-waited') {
      // How many list pages the hold-pages fault has made wait: a test sees a list in progress.
      return sendJson(res, 200, { pages: api.faults.pages.waited });
    }
    if (path !== 'faults') throw pathNotFound();
    if (typeof body.fault !== 'string')
      throw badRequest(
        'expected {"fault": "drop-watches" | "expire-watches" | "fail" | "stall" | "reject-token" | "restart" | "hold-pages" | "hold-reviews" | "clear"}',
      );
    // Answer first: a restart closes this very connection.
    sendJson(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' });
    await inject(body as Fault);
  };

  const watchTiming: WatchTiming = {
    minRequestTimeoutMs: opts.watch?.minRequestTimeoutMs ?? 1800_000,
    bookmarkIntervalMs: opts.watch?.bookmarkIntervalMs ?? 60_000,
  };
  const makeServer = () =>
    new ApiServer({
      tls,
      users: [users.admin, users.viewer],
      cluster,
      logs,
      watchTiming,
      control,
      metrics,
    });
  const stopAll = async () => {
    queue.stopped = true;
    for (const stop of stops) stop();
    await api.close();
  };
  api = makeServer();
  let port: number;
  let url: string;
  let kubeconfig: string;
  try {
    port = await listen(api, opts.port ?? 0);
    url = `https://127.0.0.1:${port}`;
    kubeconfig = kubeconfigYaml(url, tls.caPem, users.admin, users.viewer);
    if (opts.kubeconfigPath) writeKubeconfig(opts.kubeconfigPath, kubeconfig);
  } catch (err) {
    // A cluster that cannot start must not half-run: its controllers' timers and a listening
    // socket would keep the process alive with no one to use them.
    await stopAll();
    throw err;
  }

  return {
    url,
    port,
    kubeconfig,
    users,
    identity: { tls, users },
    cluster,
    inject,
    connectionsAccepted: () => api.connectionsAccepted,
    stop: stopAll,
  };
}

function listen(api: ApiServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // In words: the error's code alone ("EADDRINUSE") tells a person little.
    const fail = (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`127.0.0.1:${port} is already in use`)
          : err.code === 'EACCES'
            ? new Error(`no permission to listen on 127.0.0.1:${port}`)
            : err,
      );
    api.server.once('error', fail);
    api.server.listen(port, '127.0.0.1', () => {
      api.server.off('error', fail);
      resolve((api.server.address() as AddressInfo).port);
    });
  });
}
