// Endpoints follow the ready pods a Service selects, and a LoadBalancer Service gets an
// external IP a moment after it is created, as a cloud's controller would give it.
import type { Cluster } from '../cluster.js';
import { kindOf } from '../kinds.js';
import { parseLabelSelector } from '../selectors.js';
import type { SimTiming } from '../timing.js';
import type { Obj } from '../types.js';
import { isPodReady } from './owners.js';
import { Timers, type WorkQueue } from './work-queue.js';

const SVC = kindOf('Service');
const EP = kindOf('Endpoints');
const POD = kindOf('Pod');

function targetPort(svcPort: Obj, pod: Obj): number | undefined {
  const t = svcPort.targetPort ?? svcPort.port;
  if (typeof t === 'number') return t;
  for (const c of pod.spec.containers) {
    const p = (c.ports ?? []).find((x: Obj) => x.name === t);
    if (p) return p.containerPort;
  }
  return /^\d+$/.test(String(t)) ? Number(t) : undefined;
}

export class ServiceController {
  private readonly timers = new Timers();
  private nextLbIP = 200;

  constructor(
    private readonly cluster: Cluster,
    private readonly timing: SimTiming,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    const store = this.cluster.store;
    const enqueue = (ns: string, name: string) =>
      this.queue.add(`svc/${ns}/${name}`, () => this.sync(ns, name));
    const offSvc = store.watch(SVC, (e) =>
      enqueue(e.object.metadata.namespace, e.object.metadata.name),
    );
    const offPod = store.watch(POD, (e) => {
      const ns = e.object.metadata.namespace;
      for (const s of store.list(SVC, ns)) if (s.spec?.selector) enqueue(ns, s.metadata.name);
    });
    for (const s of store.list(SVC)) enqueue(s.metadata.namespace, s.metadata.name);
    return () => {
      offSvc();
      offPod();
      this.timers.clearAll();
    };
  }

  private sync(namespace: string, name: string): void {
    const store = this.cluster.store;
    const svc = store.get(SVC, namespace, name);
    const ep = store.get(EP, namespace, name);
    if (!svc) {
      if (ep) store.remove(EP, ep);
      return;
    }
    if (svc.spec.type === 'LoadBalancer' && !svc.status?.loadBalancer?.ingress?.length) {
      this.timers.ensure(svc.metadata.uid, 'lb', this.timing.loadBalancerMs, () => {
        const ip = `172.18.255.${this.nextLbIP++}`;
        store.mutate(SVC, namespace, name, (s) => {
          s.status = { loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } };
        });
      });
    }
    if (!svc.spec.selector) return;
    const selects = parseLabelSelector(
      Object.entries(svc.spec.selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    );
    const pods = store
      .list(POD, namespace)
      .filter(
        (p) => selects(p.metadata.labels) && p.status?.podIP && !p.metadata.deletionTimestamp,
      );
    const address = (p: Obj) => ({
      ip: p.status.podIP,
      nodeName: p.spec.nodeName,
      targetRef: { kind: 'Pod', namespace, name: p.metadata.name, uid: p.metadata.uid },
    });
    const byIP = (a: Obj, b: Obj) => (a.ip < b.ip ? -1 : 1);
    const ready = pods.filter(isPodReady).map(address).sort(byIP);
    const notReady = pods
      .filter((p) => !isPodReady(p))
      .map(address)
      .sort(byIP);
    const ports = (svc.spec.ports ?? []).map((p: Obj) => ({
      ...(p.name ? { name: p.name } : {}),
      port: pods[0]
        ? targetPort(p, pods[0])
        : typeof p.targetPort === 'number'
          ? p.targetPort
          : p.port,
      protocol: p.protocol ?? 'TCP',
    }));
    const subsets =
      ready.length || notReady.length
        ? [
            {
              ...(ready.length ? { addresses: ready } : {}),
              ...(notReady.length ? { notReadyAddresses: notReady } : {}),
              ports,
            },
          ]
        : undefined;
    if (!ep) {
      this.cluster.create(EP, namespace, {
        metadata: { name, namespace, labels: svc.metadata.labels },
        ...(subsets ? { subsets } : {}),
      });
      return;
    }
    store.mutate(EP, namespace, name, (e) => {
      if (subsets) e.subsets = subsets;
      else delete e.subsets;
    });
  }
}
