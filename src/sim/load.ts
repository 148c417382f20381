// Load mode for benchmarks: N running pods over M namespaces, created directly in their
// steady state (no controllers, no events), and R pod status changes per second.
import type { Cluster } from './cluster.js';
import { kindOf } from './kinds.js';
import { nowIso } from './store.js';
import type { Obj } from './types.js';

const NS = kindOf('Namespace');
const POD = kindOf('Pod');
const NODES = ['kdeck-worker', 'kdeck-worker2'];

export interface LoadOptions {
  pods: number;
  namespaces: number;
  /** Pod status changes per second. */
  churn: number;
  /** How long ago the pods were created: 0 makes every AGE tick each second for ten minutes. */
  ageSeconds?: number;
  /** Pods of the first N namespaces never change: with -A they fill the screen, churn is off it. */
  steadyNamespaces?: number;
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
  for (let i = 0; i < o.pods; i++) {
    const p = cluster.store.create(POD, loadPod(namespaces[i % namespaces.length], i, now));
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
      const s = x.status.containerStatuses[0];
      s.ready = !s.ready;
      x.status.conditions[0].status = s.ready ? 'True' : 'False';
      x.status.conditions[0].lastTransitionTime = nowIso();
      if (!s.ready) s.restartCount++;
      cluster.store.update(POD, x);
    }
  }, tickMs);
  return () => clearInterval(timer);
}
