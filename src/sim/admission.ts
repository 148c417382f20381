// What the real API server does to an object before storing it: defaults (so that kubectl
// describe and -o yaml read as on a real cluster) and the validation errors kdeck can meet.
import type { KindInfo } from './kinds.js';
import { labelSelectorFromObject } from './selectors.js';
import { invalid } from './status.js';
import type { Obj } from './types.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function defaultContainer(c: Obj): void {
  const tag = String(c.image ?? '')
    .split('/')
    .pop()
    ?.split(':')[1];
  c.imagePullPolicy ??= !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
}

export function defaultPodSpec(spec: Obj): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) defaultContainer(c);
}

function defaultWorkload(o: Obj): void {
  o.spec ??= {};
  o.spec.replicas ??= 1;
  o.spec.template ??= {};
  o.spec.template.metadata ??= {};
  o.spec.template.spec ??= {};
  defaultPodSpec(o.spec.template.spec);
  o.status ??= {};
}

export interface Allocator {
  clusterIP(): string;
  nodePort(): number;
}

export function applyDefaults(k: KindInfo, o: Obj, alloc: Allocator): void {
  switch (k.kind) {
    case 'Namespace':
      o.metadata.labels = { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name };
      o.spec ??= { finalizers: ['kubernetes'] };
      o.status ??= { phase: 'Active' };
      break;
    case 'Pod':
      o.spec ??= {};
      defaultPodSpec(o.spec);
      o.status ??= { phase: 'Pending', qosClass: 'BestEffort' };
      break;
    case 'Deployment':
      defaultWorkload(o);
      o.spec.strategy ??= {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      };
      o.spec.revisionHistoryLimit ??= 10;
      o.spec.progressDeadlineSeconds ??= 600;
      break;
    case 'ReplicaSet':
      defaultWorkload(o);
      break;
    case 'Secret':
      // As the v1 → internal conversion does: stringData is written into data, then dropped.
      for (const [key, v] of Object.entries(o.stringData ?? {}))
        o.data = { ...o.data, [key]: Buffer.from(String(v)).toString('base64') };
      delete o.stringData;
      o.type ??= 'Opaque';
      break;
    case 'Service': {
      o.spec ??= {};
      const s = o.spec;
      s.type ??= 'ClusterIP';
      s.sessionAffinity ??= 'None';
      if (s.type !== 'ExternalName') {
        s.clusterIP ??= alloc.clusterIP();
        s.clusterIPs ??= [s.clusterIP];
        s.ipFamilies ??= ['IPv4'];
        s.ipFamilyPolicy ??= 'SingleStack';
        s.internalTrafficPolicy ??= 'Cluster';
      }
      const external = s.type === 'NodePort' || s.type === 'LoadBalancer';
      if (external) s.externalTrafficPolicy ??= 'Cluster';
      if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
      for (const p of s.ports ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
        if (external) p.nodePort ??= alloc.nodePort();
      }
      o.status ??= { loadBalancer: {} };
      break;
    }
  }
}

export function validate(k: KindInfo, o: Obj): void {
  const name = o.metadata?.name ?? '';
  if (!name) {
    throw invalid(k, name, [
      {
        field: 'metadata.name',
        type: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
      },
    ]);
  }
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    throw invalid(k, name, [
      {
        field: 'metadata.name',
        type: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      },
    ]);
  }
  if (k.kind === 'Deployment' || k.kind === 'ReplicaSet') {
    const replicas = o.spec?.replicas;
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw invalid(k, name, [
        {
          field: 'spec.replicas',
          type: 'FieldValueInvalid',
          message: `Invalid value: ${replicas}: must be greater than or equal to 0`,
        },
      ]);
    }
    const selects = labelSelectorFromObject(o.spec?.selector);
    if (!o.spec?.selector) {
      throw invalid(k, name, [
        { field: 'spec.selector', type: 'FieldValueRequired', message: 'Required value' },
      ]);
    }
    if (!selects(o.spec.template?.metadata?.labels)) {
      throw invalid(k, name, [
        {
          field: 'spec.template.metadata.labels',
          type: 'FieldValueInvalid',
          message:
            'Invalid value: map[string]string{}: `selector` does not match template `labels`',
        },
      ]);
    }
    if (!(o.spec.template?.spec?.containers ?? []).length) {
      throw invalid(k, name, [
        {
          field: 'spec.template.spec.containers',
          type: 'FieldValueRequired',
          message: 'Required value',
        },
      ]);
    }
  }
  if (k.kind === 'Pod' && !(o.spec?.containers ?? []).length) {
    throw invalid(k, name, [
      { field: 'spec.containers', type: 'FieldValueRequired', message: 'Required value' },
    ]);
  }
}

/** Node labels kube-apiserver warns about, and what it says (pkg/api/node/util.go). */
const DEPRECATED_NODE_LABELS: Record<string, string> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region':
    'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone':
    'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type':
    'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};

/** A pod spec's uses of deprecated node labels, worded as pkg/api/pod/warnings.go words them. */
function nodeLabelWarnings(spec: Obj | undefined, at: string): string[] {
  const deprecated = (key: string) =>
    Object.hasOwn(DEPRECATED_NODE_LABELS, key) ? DEPRECATED_NODE_LABELS[key] : undefined;
  const out: string[] = [];
  for (const key of Object.keys(spec?.nodeSelector ?? {})) {
    const why = deprecated(key);
    if (why) out.push(`${at}spec.nodeSelector[${key}]: ${why}`);
  }
  const affinity = spec?.affinity?.nodeAffinity;
  const base = `${at}spec.affinity.nodeAffinity`;
  const terms: [Obj | undefined, string][] = [
    ...(affinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []).map(
      (t: Obj, i: number) => [
        t,
        `${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`,
      ],
    ),
    ...(affinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map(
      (p: Obj, i: number) => [
        p?.preference,
        `${base}.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`,
      ],
    ),
  ];
  for (const [term, path] of terms) {
    (term?.matchExpressions ?? []).forEach((e: Obj, i: number) => {
      const why = deprecated(String(e?.key));
      if (why) out.push(`${path}.matchExpressions[${i}].key: ${e.key} is ${why}`);
    });
  }
  return out;
}

/**
 * What kube-apiserver warns about a write that succeeded (a strategy's WarningsOnCreate /
 * WarningsOnUpdate). `old` is the object before an update; none for a create. Pods warn on
 * create only (their updates skip it, for cost); a pod template warns on create and on an
 * update that moved the generation (a spec change: scale, rollout restart), not on a no-op
 * apply or a status write.
 */
export function warningsOnWrite(k: KindInfo, o: Obj, old?: Obj): string[] {
  if (k.kind === 'Pod') return old ? [] : nodeLabelWarnings(o.spec, '');
  if (k.kind !== 'Deployment' && k.kind !== 'ReplicaSet') return [];
  if (old && old.metadata?.generation === o.metadata?.generation) return [];
  return nodeLabelWarnings(o.spec?.template?.spec, 'spec.template.');
}
