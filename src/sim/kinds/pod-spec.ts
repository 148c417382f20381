// What every pod spec gets, wherever it lives (a Pod, or a workload's pod template):
// the defaults of pkg/apis/core/v1/defaults.go, and the deprecated node labels
// kube-apiserver warns about (pkg/api/pod/warnings.go).
import type { Obj } from '../types.js';

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
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) defaultContainer(c);
}

/**
 * What a Pod gets and a pod template does not: SetDefaults_Pod's enableServiceLinks, and the
 * Priority admission plugin's priority and preemptionPolicy.
 */
export function defaultPodOnly(spec: Obj): void {
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
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
export function nodeLabelWarnings(spec: Obj | undefined, at: string): string[] {
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
