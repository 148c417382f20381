// Pod (core/v1): pkg/registry/core/pod. Its printer is printPod's STATUS logic.
import { podStatusReason } from '../../util/pod-status.js';
import { parseQuantity } from '../../util/quantity.js';
import { type KindInfo, RW, statusSubresource } from '../kind-info.js';
import type { Obj } from '../types.js';
import { age, ageColumn, col, nameColumn, since } from './columns.js';
import { defaultPodOnly, defaultPodSpec, nodeLabelWarnings } from './pod-spec.js';

/** The QoS class the API server gives a new pod (qos.GetPodQOS), from its containers' resources. */
function qosClass(spec: Obj): string {
  const all: Obj[] = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  let any = false;
  let guaranteed = all.length > 0;
  for (const c of all) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (requests[r] !== undefined || limits[r] !== undefined) any = true;
      if (limits[r] === undefined) guaranteed = false;
      else if (requests[r] !== undefined && parseQuantity(requests[r]) !== parseQuantity(limits[r]))
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export const pods: KindInfo = {
  group: '',
  version: 'v1',
  resource: 'pods',
  kind: 'Pod',
  singular: 'pod',
  namespaced: true,
  shortNames: ['po'],
  verbs: RW,
  categories: ['all'],
  subresources: [
    { name: 'exec', kind: 'PodExecOptions', group: '', version: 'v1', verbs: ['create', 'get'] },
    { name: 'log', kind: 'Pod', group: '', version: 'v1', verbs: ['get'] },
    {
      name: 'portforward',
      kind: 'PodPortForwardOptions',
      group: '',
      version: 'v1',
      verbs: ['create', 'get'],
    },
    statusSubresource('', 'v1', 'Pod'),
  ],
  returnsDeletedObject: true,
  defaults(o) {
    o.spec ??= {};
    defaultPodSpec(o.spec);
    defaultPodOnly(o.spec);
    o.status ??= { phase: 'Pending', qosClass: qosClass(o.spec) };
  },
  validate: (o) =>
    (o.spec?.containers ?? []).length
      ? []
      : [{ field: 'spec.containers', type: 'FieldValueRequired', message: 'Required value' }],
  // Pods warn on create only (their updates skip it, for cost).
  warnings: (o, old) => (old ? [] : nodeLabelWarnings(o.spec, '')),
  printer: {
    columns: [
      nameColumn,
      col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'The aggregate status of the containers in this pod.'),
      col(
        'Restarts',
        'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      ),
      ageColumn,
      col('IP', 'IP address allocated to the pod.', 1),
      col('Node', 'Name of the node this pod is running on.', 1),
      col('Nominated Node', 'Name of the node this pod is nominated to run on.', 1),
      col('Readiness Gates', 'Readiness gates of this pod.', 1),
    ],
    cells: (p, now) => {
      const s = podStatusReason(p);
      const restarts =
        s.restarts && s.lastRestart
          ? `${s.restarts} (${since(s.lastRestart, now)} ago)`
          : String(s.restarts);
      return [
        p.metadata.name,
        `${s.ready}/${s.total}`,
        s.reason,
        restarts,
        age(p, now),
        p.status?.podIP || '<none>',
        p.spec?.nodeName || '<none>',
        p.status?.nominatedNodeName || '<none>',
        '<none>',
      ];
    },
  },
};
