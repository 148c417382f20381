// `kubectl describe deployment`: its fields, its pod template, and its ReplicaSets (old and
// new) found as kubectl's deploymentutil finds them, when the caller has listed them.
import type { KubeObject } from '../types.js';
import { containers } from './containers.js';
import {
  annotations,
  type DescribeExtra,
  type Doc,
  entries,
  labels,
  orNone,
  rfc1123z,
  selectorText,
} from './doc.js';
import { schedulingGroup, tolerations, topologySpread } from './scheduling.js';
import { volumes } from './volumes.js';

function podTemplate(d: Doc, t: KubeObject | undefined): void {
  d.line(0, 'Pod Template:');
  if (!t) {
    d.line(1, '<unset>');
    return;
  }
  const spec = t.spec ?? {};
  labels(d, '  Labels', t.metadata?.labels);
  if (entries(t.metadata?.annotations).length)
    annotations(d, '  Annotations', t.metadata.annotations);
  if (spec.serviceAccountName) d.line(1, 'Service Account:', spec.serviceAccountName);
  if (spec.initContainers?.length) {
    containers(d, 'Init Containers', spec.initContainers, [], undefined, '  ');
  }
  containers(d, 'Containers', spec.containers ?? [], [], undefined, '  ');
  volumes(d, spec.volumes, '  ');
  topologySpread(d, spec.topologySpreadConstraints, '  ');
  if (spec.priorityClassName) d.line(1, 'Priority Class Name:', spec.priorityClassName);
  labels(d, '  Node-Selectors', spec.nodeSelector);
  tolerations(d, '  Tolerations', spec.tolerations);
  schedulingGroup(d, spec, '  ');
}

/** JSON with sorted keys and without empty values, for comparing pod templates. */
function canonical(v: unknown): string {
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      const a = x.map(strip).filter((y) => y !== undefined);
      return a.length ? a : undefined;
    }
    if (x && typeof x === 'object') {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(x).sort()) {
        const y = strip((x as Record<string, unknown>)[k]);
        if (y !== undefined) o[k] = y;
      }
      return Object.keys(o).length ? o : undefined;
    }
    return x === null || x === '' ? undefined : x;
  };
  return JSON.stringify(strip(v) ?? null);
}

/** A pod template without the pod-template-hash label a ReplicaSet's copy carries. */
function withoutHash(t: KubeObject | undefined): string {
  const copy = structuredClone(t ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return canonical(copy);
}

const created = (o: KubeObject) => Date.parse(o.metadata?.creationTimestamp ?? '') || 0;

/**
 * The deployment's ReplicaSets as kubectl finds them (deploymentutil): those it controls,
 * oldest first; the new one is the oldest whose pod template is the deployment's.
 */
export function deploymentReplicaSets(
  dep: KubeObject,
  all: KubeObject[],
): { newRS?: KubeObject; oldRSs: KubeObject[] } {
  const uid = dep.metadata?.uid;
  const owned = all
    .filter((rs) =>
      (rs.metadata?.ownerReferences ?? []).some((r: KubeObject) => r.controller && r.uid === uid),
    )
    .sort(
      (a, b) =>
        created(a) - created(b) || String(a.metadata.name).localeCompare(String(b.metadata.name)),
    );
  const template = withoutHash(dep.spec?.template);
  const newRS = owned.find((rs) => withoutHash(rs.spec?.template) === template);
  return { newRS, oldRSs: owned.filter((rs) => rs !== newRS) };
}

const replicaSetList = (list: KubeObject[]) =>
  orNone(
    list
      .map(
        (rs) =>
          `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`,
      )
      .join(', '),
  );

export function describeDeployment(d: Doc, o: KubeObject, extra: DescribeExtra): void {
  const m = o.metadata ?? {};
  const spec = o.spec ?? {};
  const st = o.status ?? {};
  d.line(0, 'Name:', m.name);
  d.line(0, 'Namespace:', m.namespace);
  d.line(0, 'CreationTimestamp:', rfc1123z(m.creationTimestamp));
  labels(d, 'Labels', m.labels);
  annotations(d, 'Annotations', m.annotations);
  d.line(0, 'Selector:', selectorText(spec.selector));
  d.line(
    0,
    'Replicas:',
    `${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`,
  );
  d.line(0, 'StrategyType:', spec.strategy?.type ?? '');
  d.line(0, 'MinReadySeconds:', spec.minReadySeconds ?? 0);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) {
    d.line(
      0,
      'RollingUpdateStrategy:',
      `${ru.maxUnavailable ?? '<nil>'} max unavailable, ${ru.maxSurge ?? '<nil>'} max surge`,
    );
  }
  podTemplate(d, spec.template);
  if (st.conditions?.length) {
    d.line(0, 'Conditions:');
    d.line(1, 'Type', 'Status', 'Reason');
    d.line(1, '----', '------', '------');
    for (const c of st.conditions) d.line(1, `${c.type} `, c.status, c.reason ?? '');
  }
  if (extra.replicaSets) {
    const { newRS, oldRSs } = deploymentReplicaSets(o, extra.replicaSets);
    if (newRS || oldRSs.length) {
      d.line(0, 'OldReplicaSets:', replicaSetList(oldRSs));
      d.line(0, 'NewReplicaSet:', replicaSetList(newRS ? [newRS] : []));
    }
  }
}
