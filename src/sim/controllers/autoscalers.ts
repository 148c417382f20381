// The HorizontalPodAutoscaler controller, as a cluster with metrics-server runs it, except
// that it never scales: it reads its target's scale and reports a CPU use steadily just
// under each target (so the replica count it recommends is the one the target has), with
// the conditions the real controller writes. Scaling on the simulator stays with whoever
// scales (a test, kubectl, the user).
import type { Cluster } from '../cluster.js';
import { kindOf } from '../kinds.js';
import { hash } from '../log-profiles.js';
import { nowIso } from '../store.js';
import type { SimTiming } from '../timing.js';
import type { Obj } from '../types.js';
import type { WorkQueue } from './work-queue.js';

const HPA = kindOf('HorizontalPodAutoscaler');

export class AutoscalerController {
  constructor(
    private readonly cluster: Cluster,
    private readonly timing: SimTiming,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    const store = this.cluster.store;
    const enqueue = (h: Obj) =>
      this.queue.add(`hpa/${h.metadata.namespace}/${h.metadata.name}`, () =>
        this.sync(h.metadata.namespace, h.metadata.name),
      );
    const off = store.watch(HPA, (e) => {
      if (e.type !== 'DELETED') enqueue(e.object);
    });
    const all = () => {
      for (const h of store.list(HPA)) enqueue(h);
    };
    all();
    const timer = setInterval(all, this.timing.autoscalerSyncMs ?? 15_000);
    return () => {
      off();
      clearInterval(timer);
    };
  }

  private sync(namespace: string, name: string): void {
    const h = this.cluster.store.get(HPA, namespace, name);
    if (!h || h.metadata.deletionTimestamp) return;
    const ref = h.spec.scaleTargetRef ?? {};
    const k = this.cluster.kinds.byKind(ref.apiVersion, ref.kind);
    const target = k && this.cluster.store.get(k, namespace, ref.name);
    const prev: Obj[] = h.status?.conditions ?? [];
    const cond = (type: string, status: boolean, reason: string, message: string) => {
      const before = prev.find((c) => c.type === type);
      const value = status ? 'True' : 'False';
      return {
        type,
        status: value,
        lastTransitionTime: before?.status === value ? before.lastTransitionTime : nowIso(),
        reason,
        message,
      };
    };
    let status: Obj;
    if (!k || !target) {
      const what = k ? `${k.resource}/scale.${k.group}` : `${String(ref.kind).toLowerCase()}s`;
      status = {
        currentReplicas: h.status?.currentReplicas ?? 0,
        desiredReplicas: h.status?.desiredReplicas ?? 0,
        conditions: [
          cond(
            'AbleToScale',
            false,
            'FailedGetScale',
            `the HPA controller was unable to get the target's current scale: ${what} "${ref.name}" not found`,
          ),
        ],
      };
    } else {
      const scale = this.cluster.scaleOf(k, namespace, ref.name);
      const current = scale.status.replicas ?? 0;
      const specReplicas = scale.spec.replicas ?? 0;
      const min = h.spec.minReplicas ?? 1;
      const max = h.spec.maxReplicas;
      const metrics = (h.spec.metrics ?? []) as Obj[];
      const disabled = specReplicas === 0;
      const desired = disabled ? 0 : Math.min(max, Math.max(min, specReplicas));
      status = {
        ...(disabled ? {} : { currentMetrics: metrics.map((m) => this.current(h, m)) }),
        currentReplicas: current,
        desiredReplicas: desired,
        conditions: disabled
          ? [
              cond(
                'AbleToScale',
                true,
                'SucceededGetScale',
                "the HPA controller was able to get the target's current scale",
              ),
              cond(
                'ScalingActive',
                false,
                'ScalingDisabled',
                'scaling is disabled since the replica count of the target is zero',
              ),
            ]
          : [
              cond(
                'AbleToScale',
                true,
                'ReadyForNewScale',
                'recommended size matches current size',
              ),
              cond(
                'ScalingActive',
                true,
                'ValidMetricFound',
                'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)',
              ),
              desired === specReplicas
                ? cond(
                    'ScalingLimited',
                    false,
                    'DesiredWithinRange',
                    'the desired count is within the acceptable range',
                  )
                : cond(
                    'ScalingLimited',
                    true,
                    desired > specReplicas ? 'TooFewReplicas' : 'TooManyReplicas',
                    `the desired replica count is ${desired > specReplicas ? 'less' : 'more'} than the ${desired > specReplicas ? 'minimum' : 'maximum'} replica count`,
                  ),
            ],
      };
    }
    this.cluster.store.mutate(HPA, namespace, name, (o) => {
      o.status = status;
    });
  }

  /** A metric's current value: a few percent under its target, steady for a given HPA. */
  private current(h: Obj, m: Obj): Obj {
    const under = 2 + (hash(`${h.metadata.uid}${JSON.stringify(m)}`) % 5);
    if (m.type === 'Resource' || m.type === 'ContainerResource') {
      const key = m.type === 'Resource' ? 'resource' : 'containerResource';
      const t = m[key]?.target ?? {};
      const current =
        t.averageValue != null
          ? { averageValue: t.averageValue }
          : {
              averageUtilization: Math.max(1, (t.averageUtilization ?? 80) - under),
              averageValue: `${(t.averageUtilization ?? 80) - under}m`,
            };
      return {
        type: m.type,
        [key]: {
          name: m[key]?.name,
          ...(m[key]?.container ? { container: m[key].container } : {}),
          current,
        },
      };
    }
    const key = m.type === 'Pods' ? 'pods' : m.type === 'Object' ? 'object' : 'external';
    const t = m[key]?.target ?? {};
    return {
      type: m.type,
      [key]: {
        metric: m[key]?.metric,
        current: t.averageValue != null ? { averageValue: t.averageValue } : { value: t.value },
      },
    };
  }
}
