// The two clusters the differential scenarios run against: kdeck's simulator, and a real
// control plane (kube-apiserver, kube-controller-manager, kube-scheduler, etcd, with KWOK
// for kubelets) started by `npm run cluster:up`. Both are reached only through a kubeconfig
// and kdeck's own client, as kdeck reaches any cluster.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient, readAll } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/connect/kubeconfig.js';
import { type SimOptions, startSimulatedCluster } from '../../src/sim/index.js';

export interface Answer {
  status: number;
  contentType: string;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers of many shapes
  body: any;
  text: string;
}

export interface Target {
  name: 'simulator' | 'real';
  kubeconfig: string;
  adminContext: string;
  viewerContext: string;
  /** The user name the server gives the read-only user, as it appears in 403 messages. */
  viewerUser: string;
  admin: KubeClient;
  viewer: KubeClient;
  /** Makes one more line appear in the logs of a running container. */
  appendLog(line: string): Promise<void>;
  /** The cluster's node names (machine-specific, so compared as <node>). */
  nodeNames: Set<string>;
  /** How long a controller-driven change may take to settle here. */
  settleMs: number;
  stop(): Promise<void>;
}

export async function call(
  client: KubeClient,
  path: string,
  init: { method?: string; body?: unknown; contentType?: string; accept?: string } = {},
): Promise<Answer> {
  const res = await client.open(path, {
    method: init.method,
    body: init.body,
    contentType: init.contentType ?? (init.body === undefined ? undefined : 'application/json'),
    timeoutSeconds: 30,
    accept: init.accept,
  });
  const text = await readAll(res);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {}
  return {
    status: res.statusCode ?? 0,
    contentType: String(res.headers['content-type'] ?? ''),
    body,
    text,
  };
}

async function nodeNames(client: KubeClient): Promise<Set<string>> {
  const a = await call(client, '/api/v1/nodes');
  // biome-ignore lint/suspicious/noExplicitAny: a NodeList as plain JSON
  return new Set((a.body?.items ?? []).map((n: any) => n.metadata.name));
}

function clients(kubeconfig: string, admin: string, viewer: string) {
  const a = loadKubeConfig({ kubeconfig, context: admin });
  const v = loadKubeConfig({ kubeconfig, context: viewer });
  return { admin: new KubeClient(a), viewer: new KubeClient(v) };
}

/** The simulator, as the demo starts it; `extra` adds to that (load mode, say). */
export async function simulatorTarget(extra: SimOptions = {}): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-diff-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const sim = await startSimulatedCluster({
    timing: 'fast',
    kubeconfigPath: kubeconfig,
    ...extra,
  });
  const c = clients(kubeconfig, 'kdeck-demo', 'kdeck-demo-readonly');
  return {
    name: 'simulator',
    kubeconfig,
    adminContext: 'kdeck-demo',
    viewerContext: 'kdeck-demo-readonly',
    viewerUser: sim.users.viewer.name,
    ...c,
    nodeNames: await nodeNames(c.admin),
    // The simulator writes a line to every running container about once a second.
    appendLog: async () => {},
    settleMs: 20_000,
    async stop() {
      c.admin.close();
      c.viewer.close();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What `scripts/cluster.sh up` leaves behind for clients. */
interface ClusterInfo {
  kubeconfig: string;
  logsFile: string;
  version: string;
}

const DEFAULT_CLUSTER_INFO = join(
  process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
  'kdeck/cluster/run/cluster.json',
);

/**
 * The real cluster, if there is one: KDECK_REAL_CLUSTER names its cluster.json (then it must
 * answer), else the default place `npm run cluster:up` writes it (used when it answers).
 */
export async function realTarget(): Promise<Target | string> {
  const named = process.env.KDECK_REAL_CLUSTER;
  const file = named || DEFAULT_CLUSTER_INFO;
  if (!existsSync(file)) {
    if (named) throw new Error(`KDECK_REAL_CLUSTER=${named}: no such file`);
    return 'no real cluster (npm run cluster:up starts one)';
  }
  const info = JSON.parse(readFileSync(file, 'utf8')) as ClusterInfo;
  const cfg = loadKubeConfig({ kubeconfig: info.kubeconfig });
  const adminContext = cfg.context;
  const c = clients(info.kubeconfig, adminContext, `${adminContext}-readonly`);
  const ready = await call(c.admin, '/readyz').catch((e: Error) => e.message);
  if (typeof ready === 'string' || ready.status !== 200) {
    c.admin.close();
    c.viewer.close();
    const why = typeof ready === 'string' ? ready : `/readyz answered ${ready.status}`;
    if (named) throw new Error(`the real cluster in ${file} is not ready: ${why}`);
    return `the real cluster in ${file} is not ready (${why})`;
  }
  return {
    name: 'real',
    kubeconfig: info.kubeconfig,
    adminContext,
    viewerContext: `${adminContext}-readonly`,
    viewerUser: 'system:serviceaccount:default:kdeck-viewer',
    ...c,
    nodeNames: await nodeNames(c.admin),
    // KWOK follows its log file: a line appended is a line every container "wrote".
    async appendLog(line) {
      appendFileSync(info.logsFile, `${new Date().toISOString()} stdout F ${line}\n`);
    },
    settleMs: 90_000,
    async stop() {
      c.admin.close();
      c.viewer.close();
    },
  };
}
