// The resource kinds the simulated API server serves: one table drives routing, discovery,
// Table output and error messages, as the real server's registry does.

export interface KindInfo {
  group: string; // '' for the core group
  version: string;
  resource: string; // plural, as in URLs
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  subresources: { name: string; kind: string; group: string; version: string; verbs: string[] }[];
  categories?: string[];
}

const RW = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const scale = {
  name: 'scale',
  kind: 'Scale',
  group: 'autoscaling',
  version: 'v1',
  verbs: ['get', 'patch', 'update'],
};
const status = (group: string, kind: string) => ({
  name: 'status',
  kind,
  group,
  version: 'v1',
  verbs: ['get', 'patch', 'update'],
});

export const KINDS: KindInfo[] = [
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [status('', 'Namespace')],
  },
  {
    group: '',
    version: 'v1',
    resource: 'nodes',
    kind: 'Node',
    singular: 'node',
    namespaced: false,
    shortNames: ['no'],
    verbs: RW,
    subresources: [status('', 'Node')],
  },
  {
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
      { name: 'log', kind: 'Pod', group: '', version: 'v1', verbs: ['get'] },
      status('', 'Pod'),
    ],
  },
  {
    group: '',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    categories: ['all'],
    subresources: [status('', 'Service')],
  },
  {
    group: '',
    version: 'v1',
    resource: 'endpoints',
    kind: 'Endpoints',
    singular: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
    verbs: RW,
    subresources: [],
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    singular: 'event',
    namespaced: true,
    shortNames: ['ev'],
    verbs: RW,
    subresources: [],
  },
  {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    kind: 'ConfigMap',
    singular: 'configmap',
    namespaced: true,
    shortNames: ['cm'],
    verbs: RW,
    subresources: [],
  },
  {
    group: '',
    version: 'v1',
    resource: 'secrets',
    kind: 'Secret',
    singular: 'secret',
    namespaced: true,
    shortNames: [],
    verbs: RW,
    subresources: [],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    verbs: RW,
    categories: ['all'],
    subresources: [scale, status('apps', 'Deployment')],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    singular: 'replicaset',
    namespaced: true,
    shortNames: ['rs'],
    verbs: RW,
    categories: ['all'],
    subresources: [scale, status('apps', 'ReplicaSet')],
  },
  {
    // Served empty: kubectl apply looks here before it calls a kind unknown.
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    singular: 'customresourcedefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    verbs: ['get', 'list', 'watch'],
    subresources: [],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    resource: 'selfsubjectaccessreviews',
    kind: 'SelfSubjectAccessReview',
    singular: 'selfsubjectaccessreview',
    namespaced: false,
    shortNames: [],
    verbs: ['create'],
    subresources: [],
  },
];

export const GROUPS = [...new Set(KINDS.map((k) => k.group))];

export function groupVersion(k: KindInfo): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

/** `pods` for the core group, `deployments.apps` otherwise: how Status messages name a resource. */
export function qualifiedResource(k: KindInfo): string {
  return k.group ? `${k.resource}.${k.group}` : k.resource;
}

export function findKind(group: string, version: string, resource: string): KindInfo | undefined {
  return KINDS.find((k) => k.group === group && k.version === version && k.resource === resource);
}

export function kindOf(kind: string): KindInfo {
  const k = KINDS.find((x) => x.kind === kind);
  if (!k) throw new Error(`simulator has no kind ${kind}`);
  return k;
}
