// apiVersions Kubernetes has removed, and what replaced them: said beside kubectl's
// no-matches error for a manifest older than the cluster (the tutorial's 2019
// extensions/v1beta1 Deployment). From the Kubernetes deprecated API migration guide.

/**
 * apiVersions removed from Kubernetes, by kind: what replaced them and in which release. Said
 * beside the server's no-matches error, as the tutorial's 2019 manifests need it.
 */
const REMOVED: Record<string, { to: string; in: string; kinds?: string[] }> = {
  'extensions/v1beta1': {
    to: 'apps/v1',
    in: '1.16',
    kinds: ['Deployment', 'DaemonSet', 'ReplicaSet'],
  },
  'apps/v1beta1': { to: 'apps/v1', in: '1.16' },
  'apps/v1beta2': { to: 'apps/v1', in: '1.16' },
  'networking.k8s.io/v1beta1': { to: 'networking.k8s.io/v1', in: '1.22' },
  'rbac.authorization.k8s.io/v1beta1': { to: 'rbac.authorization.k8s.io/v1', in: '1.22' },
  'apiextensions.k8s.io/v1beta1': { to: 'apiextensions.k8s.io/v1', in: '1.22' },
  'admissionregistration.k8s.io/v1beta1': { to: 'admissionregistration.k8s.io/v1', in: '1.22' },
  'scheduling.k8s.io/v1beta1': { to: 'scheduling.k8s.io/v1', in: '1.22' },
  'certificates.k8s.io/v1beta1': { to: 'certificates.k8s.io/v1', in: '1.22' },
  'coordination.k8s.io/v1beta1': { to: 'coordination.k8s.io/v1', in: '1.22' },
  'batch/v1beta1': { to: 'batch/v1', in: '1.25' },
  'policy/v1beta1': { to: 'policy/v1', in: '1.25', kinds: ['PodDisruptionBudget'] },
  'discovery.k8s.io/v1beta1': { to: 'discovery.k8s.io/v1', in: '1.25' },
  'events.k8s.io/v1beta1': { to: 'events.k8s.io/v1', in: '1.25' },
  'autoscaling/v2beta1': { to: 'autoscaling/v2', in: '1.25' },
  'autoscaling/v2beta2': { to: 'autoscaling/v2', in: '1.26' },
};
/** extensions/v1beta1's other kinds went elsewhere. */
const EXTENSIONS_ELSEWHERE: Record<string, { to: string; in: string }> = {
  Ingress: { to: 'networking.k8s.io/v1', in: '1.22' },
  NetworkPolicy: { to: 'networking.k8s.io/v1', in: '1.16' },
};

/** The hint for a kind in an apiVersion Kubernetes removed; undefined for others. */
export function removedApiHint(apiVersion: string, kind: string): string | undefined {
  const known = REMOVED[apiVersion];
  const moved =
    apiVersion === 'extensions/v1beta1' && EXTENSIONS_ELSEWHERE[kind]
      ? EXTENSIONS_ELSEWHERE[kind]
      : known && (!known.kinds || known.kinds.includes(kind))
        ? known
        : undefined;
  if (!moved) return undefined;
  const selector = moved.to === 'apps/v1' ? ' (where spec.selector is required)' : '';
  return `hint: ${kind} in ${apiVersion} was removed in Kubernetes ${moved.in}; ${moved.to} replaced it${selector}`;
}
