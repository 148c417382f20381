// `kubectl describe pod`: kubectl's fields in kubectl's order, with the QoS class and the
// downward-API values the kubelet would compute when the object does not carry them.
import type { KubeObject } from '../types.js';
import { containers, type Resolve, resources } from './containers.js';
import { annotations, type Doc, labels, multiline, quantity, rfc1123z } from './doc.js';
import { schedulingGroup, tolerations, topologySpread } from './scheduling.js';
import { volumes } from './volumes.js';

const COMPUTE = ['cpu', 'memory'];

/** status.qosClass, or the class computed as the kubelet does when the status lacks it. */
function qosClass(p: KubeObject): string {
  if (p.status?.qosClass) return p.status.qosClass;
  const all: KubeObject[] = [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])];
  let any = false;
  let guaranteed = all.length > 0;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of COMPUTE) {
      if (quantity(req[r]) || quantity(lim[r])) any = true;
      if (!quantity(lim[r])) guaranteed = false;
      else if (req[r] !== undefined && quantity(req[r]) !== quantity(lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The value of a downward-API field of the pod, for env vars that read one. */
function podField(p: KubeObject): Resolve {
  return (path) => {
    const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
    if (m) return String(p.metadata?.[m[1]]?.[m[2]] ?? '');
    const fields: Record<string, unknown> = {
      'metadata.name': p.metadata?.name,
      'metadata.namespace': p.metadata?.namespace,
      'metadata.uid': p.metadata?.uid,
      'spec.nodeName': p.spec?.nodeName,
      'spec.serviceAccountName': p.spec?.serviceAccountName,
      'status.hostIP': p.status?.hostIP,
      'status.hostIPs': (p.status?.hostIPs ?? []).map((i: KubeObject) => i.ip).join(','),
      'status.podIP': p.status?.podIP,
      'status.podIPs': (p.status?.podIPs ?? []).map((i: KubeObject) => i.ip).join(','),
    };
    return String(fields[path] ?? '');
  };
}

export function describePod(d: Doc, p: KubeObject): void {
  const m = p.metadata ?? {};
  const spec = p.spec ?? {};
  const st = p.status ?? {};
  d.line(0, 'Name:', m.name);
  d.line(0, 'Namespace:', m.namespace);
  if (spec.priority !== undefined && spec.priority !== null) d.line(0, 'Priority:', spec.priority);
  if (spec.priorityClassName) d.line(0, 'Priority Class Name:', spec.priorityClassName);
  if (spec.runtimeClassName) d.line(0, 'Runtime Class Name:', spec.runtimeClassName);
  if (spec.serviceAccountName) d.line(0, 'Service Account:', spec.serviceAccountName);
  d.line(0, 'Node:', spec.nodeName ? `${spec.nodeName}/${st.hostIP ?? ''}` : '<none>');
  if (st.startTime) d.line(0, 'Start Time:', rfc1123z(st.startTime));
  labels(d, 'Labels', m.labels);
  annotations(d, 'Annotations', m.annotations);
  if (m.deletionTimestamp && st.phase !== 'Failed' && st.phase !== 'Succeeded') {
    d.line(0, 'Status:', `Terminating (lasts ${d.since(m.deletionTimestamp)})`);
    d.line(0, 'Termination Grace Period:', `${m.deletionGracePeriodSeconds ?? 0}s`);
  } else {
    d.line(0, 'Status:', st.phase ?? '');
  }
  if (st.reason) d.line(0, 'Reason:', st.reason);
  if (st.message) multiline(d, 0, 'Message:', st.message);
  const seccomp = spec.securityContext?.seccompProfile;
  if (seccomp) {
    d.line(0, 'SeccompProfile:', seccomp.type);
    if (seccomp.type === 'Localhost') d.line(0, 'LocalhostProfile:', seccomp.localhostProfile);
  }
  d.line(0, 'IP:', st.podIP ?? '');
  if (!st.podIPs?.length) d.line(0, 'IPs:', '<none>');
  else {
    d.line(0, 'IPs:');
    for (const ip of st.podIPs) d.line(1, 'IP:', ip.ip);
  }
  const owner = (m.ownerReferences ?? []).find((r: KubeObject) => r.controller);
  if (owner) d.line(0, 'Controlled By:', `${owner.kind}/${owner.name}`);
  if (st.nominatedNodeName) d.line(0, 'NominatedNodeName:', st.nominatedNodeName);
  if (spec.resources) {
    d.line(0, 'Resources:');
    resources(d, spec.resources, 1);
  }
  const resolve = podField(p);
  if (spec.initContainers?.length) {
    containers(
      d,
      'Init Containers',
      spec.initContainers,
      st.initContainerStatuses ?? [],
      resolve,
      '',
    );
  }
  containers(d, 'Containers', spec.containers ?? [], st.containerStatuses ?? [], resolve, '');
  if (spec.ephemeralContainers?.length) {
    containers(
      d,
      'Ephemeral Containers',
      spec.ephemeralContainers,
      st.ephemeralContainerStatuses ?? [],
      resolve,
      '',
    );
  }
  const conditions: KubeObject[] = st.conditions ?? [];
  if (spec.readinessGates?.length) {
    d.line(0, 'Readiness Gates:');
    d.line(1, 'Type', 'Status');
    for (const g of spec.readinessGates) {
      const c = conditions.find((x) => x.type === g.conditionType);
      d.line(1, `${g.conditionType} `, `${c ? c.status : '<none>'} `);
    }
  }
  if (conditions.length) {
    d.line(0, 'Conditions:');
    d.line(1, 'Type', 'Status');
    for (const c of conditions) d.line(1, `${c.type} `, `${c.status} `);
  }
  volumes(d, spec.volumes, '');
  d.line(0, 'QoS Class:', qosClass(p));
  labels(d, 'Node-Selectors', spec.nodeSelector);
  tolerations(d, 'Tolerations', spec.tolerations);
  topologySpread(d, spec.topologySpreadConstraints, '');
  schedulingGroup(d, spec, '');
}
