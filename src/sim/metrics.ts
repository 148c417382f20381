// The resource metrics API (`metrics.k8s.io/v1beta1`) as metrics-server serves it: PodMetrics
// and NodeMetrics, listed cluster-wide or per namespace, got by name, with label and field
// selectors. Nothing is stored: each answer is computed from the pods and nodes as they are,
// as a smooth function of the clock and each container's name, so the figures move and two
// readers at the same moment see the same ones. A pod that is not Running has no metrics, as
// with metrics-server; a container's CPU moves around a share of its request (its limit, else
// a small figure of its own when it has neither), its memory more slowly.
import { parseQuantity } from '../util/quantity.js';
import type { KindInfo } from './kind-info.js';
import { kindOf } from './kinds.js';
import { matcher } from './list.js';
import { hash } from './log-profiles.js';
import { notFound } from './status.js';
import type { ObjectStore } from './store.js';
import { nowIso } from './store.js';
import type { Obj } from './types.js';

export const METRICS_GROUP = 'metrics.k8s.io';
const VERSION = 'v1beta1';
const API_VERSION = `${METRICS_GROUP}/${VERSION}`;
/** The scrape window metrics-server reports with each figure. */
const WINDOW = '15s';

const metricsKind = (resource: string, kind: string, namespaced: boolean): KindInfo => ({
  group: METRICS_GROUP,
  version: VERSION,
  resource,
  kind,
  singular: resource.slice(0, -1),
  namespaced,
  shortNames: [],
  verbs: ['get', 'list'],
  subresources: [],
});

/** The kinds metrics-server adds to discovery (served only when the metrics API is on). */
export const podMetricsKind = metricsKind('pods', 'PodMetrics', true);
export const nodeMetricsKind = metricsKind('nodes', 'NodeMetrics', false);
export const METRICS_KINDS = [podMetricsKind, nodeMetricsKind];

const POD = kindOf('Pod');
const NODE = kindOf('Node');
const MI = 2 ** 20;

/** Between 0 and 1, a sine of the clock with its own phase and period (ms). */
const wave = (seed: number, now: number, periodMs: number) =>
  0.5 + 0.5 * Math.sin((2 * Math.PI * now) / periodMs + (seed % 628) / 100);

interface Usage {
  cpu: number; // cores
  memory: number; // bytes
}

/** What one running container uses at `now`. */
export function containerUsage(pod: Obj, container: Obj, now: number): Usage {
  const h = hash(`${pod.metadata.namespace}/${pod.metadata.name}/${container.name}`);
  const r = container.resources ?? {};
  const cpuBase =
    parseQuantity(r.requests?.cpu) ?? parseQuantity(r.limits?.cpu) ?? (20 + (h % 80)) / 1000;
  const memBase =
    parseQuantity(r.requests?.memory) ?? parseQuantity(r.limits?.memory) ?? (16 + (h % 112)) * MI;
  return {
    cpu: cpuBase * (0.1 + 0.8 * wave(h, now, 60_000 + (h % 60) * 1000)),
    memory: memBase * (0.35 + 0.4 * wave(h >>> 8, now, 600_000 + (h % 300) * 1000)),
  };
}

const quantities = (u: Usage) => ({
  // metrics-server writes CPU in nanocores and memory in kibibytes.
  cpu: `${Math.round(u.cpu * 1e9)}n`,
  memory: `${Math.round(u.memory / 1024)}Ki`,
});

const meta = (o: Obj, now: number) => ({
  name: o.metadata.name,
  ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
  creationTimestamp: nowIso(now),
  ...(o.metadata.labels ? { labels: o.metadata.labels } : {}),
});

/** The containers of a pod that run now; none when the pod is not Running. */
function running(pod: Obj): Obj[] {
  if (pod.status?.phase !== 'Running' || pod.metadata.deletionTimestamp) return [];
  const up = new Set(
    (pod.status.containerStatuses ?? [])
      .filter((s: Obj) => s.state?.running)
      .map((s: Obj) => s.name),
  );
  return (pod.spec?.containers ?? []).filter((c: Obj) => up.has(c.name));
}

export function podMetrics(pod: Obj, now: number): Obj | undefined {
  const containers = running(pod);
  if (!containers.length) return undefined;
  return {
    kind: 'PodMetrics',
    apiVersion: API_VERSION,
    metadata: meta(pod, now),
    timestamp: nowIso(now),
    window: WINDOW,
    containers: containers.map((c) => ({
      name: c.name,
      usage: quantities(containerUsage(pod, c, now)),
    })),
  };
}

/** A node's use: the pods running on it, and the system's own share beside them. */
export function nodeMetrics(node: Obj, pods: Obj[], now: number): Obj {
  const h = hash(node.metadata.name);
  const total: Usage = {
    cpu: 0.08 + 0.06 * wave(h, now, 90_000),
    memory: (600 + 200 * wave(h >>> 8, now, 900_000)) * MI,
  };
  for (const p of pods) {
    if (p.spec?.nodeName !== node.metadata.name) continue;
    for (const c of running(p)) {
      const u = containerUsage(p, c, now);
      total.cpu += u.cpu;
      total.memory += u.memory;
    }
  }
  return {
    kind: 'NodeMetrics',
    apiVersion: API_VERSION,
    metadata: meta(node, now),
    timestamp: nowIso(now),
    window: WINDOW,
    usage: quantities(total),
  };
}

/** metrics-server's NotFound names the object `namespace/name`, its resource `podmetrics`. */
const metricsNotFound = (k: KindInfo, name: string) =>
  notFound({ ...k, resource: k.kind.toLowerCase() }, name);

export interface MetricsRequest {
  kind: KindInfo;
  namespace?: string;
  name?: string;
  labelSelector: string | null;
  fieldSelector: string | null;
}

/** Answers the metrics API from the store; counts the requests (tests see polling stop). */
export class MetricsApi {
  requests = 0;

  constructor(private readonly store: ObjectStore) {}

  /** One object (a get) or every one that matches (a list, as a `…List`). */
  answer(r: MetricsRequest, now = Date.now()): { items: Obj[]; one?: Obj } {
    this.requests++;
    const pods = r.kind === podMetricsKind;
    const all = pods
      ? this.store
          // In the order answered (below): sorting sorted items is one comparison each.
          .ordered(POD, r.namespace)
          .map((p) => podMetrics(p, now))
          .filter((m): m is Obj => m !== undefined)
      : this.nodes(now);
    if (r.name !== undefined) {
      const one = all.find(
        (m) => m.metadata.name === r.name && m.metadata.namespace === r.namespace,
      );
      const name = pods ? `${r.namespace}/${r.name}` : r.name;
      if (!one) throw metricsNotFound(r.kind, name);
      return { items: [one], one };
    }
    const match = matcher({ labelSelector: r.labelSelector, fieldSelector: r.fieldSelector });
    const key = (m: Obj) => `${m.metadata.namespace ?? ''}/${m.metadata.name}`;
    return { items: all.filter(match).sort((a, b) => (key(a) < key(b) ? -1 : 1)) };
  }

  private nodes(now: number): Obj[] {
    const pods = this.store.list(POD);
    return this.store.list(NODE).map((n) => nodeMetrics(n, pods, now));
  }
}
