// Load mode for benchmarks: N running pods over M namespaces, created directly in their
// steady state (no events), and R pod status changes per second. Small pods are the least a
// pod can be (about 0.9 KB of JSON); realistic ones are shaped as a Deployment's pods are on
// a real cluster (about 5 KB), with their Deployments, ReplicaSets and Services.
import type { Cluster } from './cluster.js';
import { kindOf } from './kinds.js';
import { realisticWorkloads } from './load-realistic.js';
import { nowIso } from './store.js';
import type { Obj } from './types.js';

const NS = kindOf('Namespace');
const POD = kindOf('Pod');
const NODES = ['kdeck-worker', 'kdeck-worker2'];

export const OBJECT_SIZES = ['small', 'realistic'] as const;
export type ObjectSize = (typeof OBJECT_SIZES)[number];

export interface LoadOptions {
  pods: number;
  namespaces: number;
  /** Pod status changes per second. */
  churn: number;
  /** How long ago the pods were created: 0 makes every AGE tick each second for ten minutes. */
  ageSeconds?: number;
  /** Pods of the first N namespaces never change: with -A they fill the screen, churn is off it. */
  steadyNamespaces?: number;
  /** small (the default): the least a pod can be; realistic: as a Deployment's pods are. */
  objectSize?: ObjectSize;
}

function loadPod(namespace: string, i: number, now: string): Obj {
  const app = `app-${i % 50}`;
  const node = NODES[i % NODES.length];
  const ip = `10.245.${Math.floor(i / 250) % 250}.${(i % 250) + 1}`;
  // Straight into the store (fast at 100,000 pods), so it carries its kind as the API would.
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${app}-${i.toString(36).padStart(5, '0')}`,
      namespace,
      creationTimestamp: now,
      labels: { app, 'load.kdeck.dev/pod': 'true' },
    },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
    status: {
      phase: 'Running',
      hostIP: '172.18.0.3',
      podIP: ip,
      podIPs: [{ ip }],
      startTime: now,
      conditions: [
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      ],
      containerStatuses: [
        {
          name: 'app',
          state: { running: { startedAt: now } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image: 'registry.k8s.io/pause:3.10',
          imageID: '',
          started: true,
        },
      ],
    },
  };
}

/**
 * What the kubelet writes when a container's readiness probe turns: the container's ready,
 * the Ready and ContainersReady conditions (with the reason it gives for false), and the
 * time of its managedFields entry; a container that turns unready has restarted.
 */
function flipReadiness(pod: Obj, now: string): void {
  const c = pod.status.containerStatuses[0];
  c.ready = !c.ready;
  if (!c.ready) c.restartCount++;
  for (const cond of pod.status.conditions) {
    if (cond.type !== 'Ready' && cond.type !== 'ContainersReady') continue;
    cond.status = c.ready ? 'True' : 'False';
    cond.lastTransitionTime = now;
    if (c.ready) {
      delete cond.reason;
      delete cond.message;
    } else {
      cond.reason = 'ContainersNotReady';
      cond.message = `containers with unready status: [${c.name}]`;
    }
  }
  const kubelet = pod.metadata.managedFields?.find((f: Obj) => f.manager === 'kubelet');
  if (kubelet) kubelet.time = now;
}

export interface LoadPodRef {
  namespace: string;
  name: string;
}

/** Seeds the load pods; returns those that churn may change. */
export function seedLoad(cluster: Cluster, o: LoadOptions): LoadPodRef[] {
  const namespaces = Array.from(
    { length: Math.max(1, o.namespaces) },
    (_, i) => `load-${String(i).padStart(4, '0')}`,
  );
  for (const name of namespaces) cluster.create(NS, undefined, { metadata: { name } });
  const now = nowIso(Date.now() - (o.ageSeconds ?? 0) * 1000);
  const pods: LoadPodRef[] = [];
  const steady = new Set(namespaces.slice(0, o.steadyNamespaces ?? 0));
  const makePod =
    o.objectSize === 'realistic'
      ? realisticWorkloads(cluster, namespaces, o.pods, now)
      : (namespace: string, i: number) => loadPod(namespace, i, now);
  for (let i = 0; i < o.pods; i++) {
    const p = cluster.store.create(POD, makePod(namespaces[i % namespaces.length], i));
    if (!steady.has(p.metadata.namespace))
      pods.push({ namespace: p.metadata.namespace, name: p.metadata.name });
  }
  return pods;
}

/**
 * Flips readiness of random load pods, `churn` times a second, in 20 ms ticks. Each change
 * is one MODIFIED event with a new resourceVersion, like a kubelet status update.
 */
export function startChurn(cluster: Cluster, pods: LoadPodRef[], churn: number): () => void {
  if (!churn || !pods.length) return () => {};
  const tickMs = 20;
  let owed = 0;
  const timer = setInterval(() => {
    owed += (churn * tickMs) / 1000;
    for (; owed >= 1; owed--) {
      const ref = pods[Math.floor(Math.random() * pods.length)];
      const cur = cluster.store.get(POD, ref.namespace, ref.name);
      if (!cur) continue;
      // Every flip is a change, so this skips mutate()'s compare-before-commit.
      const x = structuredClone(cur);
      flipReadiness(x, nowIso());
      cluster.store.update(POD, x);
    }
  }, tickMs);
  return () => clearInterval(timer);
}
