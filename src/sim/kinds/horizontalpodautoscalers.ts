// HorizontalPodAutoscaler (autoscaling/v2): pkg/registry/autoscaling/horizontalpodautoscaler.
import { type KindInfo, RW, statusSubresource } from '../kind-info.js';
import type { Obj } from '../types.js';
import { age, ageColumn, col, nameColumn } from './columns.js';

/** One metric's "current/target", as printers.go formatHPAMetrics writes it. */
function metricText(spec: Obj, status: Obj | undefined): string {
  const avg = (s: Obj | undefined, key: string) => s?.current?.[key];
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? 'resource' : 'containerResource';
      const m = spec[source] ?? {};
      const cur = status?.[source];
      if (m.target?.averageValue != null)
        return `${m.name}: ${avg(cur, 'averageValue') ?? '<unknown>'}/${m.target.averageValue}`;
      const current =
        avg(cur, 'averageUtilization') != null ? `${cur.current.averageUtilization}%` : '<unknown>';
      const target =
        m.target?.averageUtilization != null ? `${m.target.averageUtilization}%` : '<auto>';
      return `${m.name}: ${current}/${target}`;
    }
    case 'Pods':
      return `${avg(status?.pods, 'averageValue') ?? '<unknown>'}/${spec.pods?.target?.averageValue}`;
    case 'Object':
    case 'External': {
      const source = spec.type === 'Object' ? 'object' : 'external';
      const t = spec[source]?.target ?? {};
      const cur = status?.[source];
      if (t.averageValue != null)
        return `${avg(cur, 'averageValue') ?? '<unknown>'}/${t.averageValue} (avg)`;
      return `${cur ? (cur.current?.value ?? '<unknown>') : '<unknown>'}/${t.value}`;
    }
    default:
      return '<unknown type>';
  }
}

function targets(h: Obj): string {
  const specs: Obj[] = h.spec?.metrics ?? [];
  if (!specs.length) return '<none>';
  const statuses: Obj[] = h.status?.currentMetrics ?? [];
  const list = specs.map((m, i) => metricText(m, statuses[i]));
  return list.length > 2
    ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...`
    : list.join(', ');
}

export const horizontalpodautoscalers: KindInfo = {
  group: 'autoscaling',
  version: 'v2',
  resource: 'horizontalpodautoscalers',
  kind: 'HorizontalPodAutoscaler',
  singular: 'horizontalpodautoscaler',
  namespaced: true,
  shortNames: ['hpa'],
  verbs: RW,
  categories: ['all'],
  subresources: [statusSubresource('autoscaling', 'v2', 'HorizontalPodAutoscaler')],
  defaults(o) {
    o.spec ??= {};
    o.spec.minReplicas ??= 1;
    o.spec.metrics ??= [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  },
  validate: (o) => {
    const s = o.spec ?? {};
    if (!s.scaleTargetRef?.kind || !s.scaleTargetRef?.name)
      return [
        {
          field: 'spec.scaleTargetRef.name',
          type: 'FieldValueRequired',
          message: 'Required value',
        },
      ];
    if (!Number.isInteger(s.maxReplicas) || s.maxReplicas < 1)
      return [
        {
          field: 'spec.maxReplicas',
          type: 'FieldValueInvalid',
          message: `Invalid value: ${s.maxReplicas}: must be greater than or equal to 1`,
        },
      ];
    if (s.minReplicas > s.maxReplicas)
      return [
        {
          field: 'spec.maxReplicas',
          type: 'FieldValueInvalid',
          message: `Invalid value: ${s.maxReplicas}: must be greater than or equal to \`minReplicas\``,
        },
      ];
    return [];
  },
  printer: {
    columns: [
      nameColumn,
      col(
        'Reference',
        'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.',
      ),
      col(
        'Targets',
        'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).',
      ),
      col(
        'MinPods',
        'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.',
      ),
      col(
        'MaxPods',
        'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.',
      ),
      col(
        'Replicas',
        'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.',
      ),
      ageColumn,
    ],
    cells: (h, now) => [
      h.metadata.name,
      `${h.spec?.scaleTargetRef?.kind}/${h.spec?.scaleTargetRef?.name}`,
      targets(h),
      h.spec?.minReplicas == null ? '<unset>' : String(h.spec.minReplicas),
      h.spec?.maxReplicas ?? 0,
      h.status?.currentReplicas ?? 0,
      age(h, now),
    ],
  },
};
