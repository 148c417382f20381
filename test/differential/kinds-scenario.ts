// The differential scenario for the kinds beyond the tutorial's: the same objects made on
// both targets (workloads, config, storage, networking, RBAC, an HPA, and a CRD with its
// custom resources), then discovery and the Table each kind's list answers (with the
// ControllerRevisions the StatefulSet and DaemonSet controllers keep), compared.
import { expect } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { call, type Target } from './targets.js';

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects as plain JSON
type Obj = Record<string, any>;

const NS = 'kdeck-kinds';
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const AGE = /^(\d+[smhdy])+$/;
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const UID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const labels = { app: 'web' };
const container = { name: 'main', image: 'busybox:1.36' };
const template = (restartPolicy?: string) => ({
  metadata: { labels },
  spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [container] },
});

/** Each object, and the collection it is created in. */
const OBJECTS: [string, Obj][] = [
  ['/api/v1/namespaces', { metadata: { name: NS } }],
  [
    `/apis/apps/v1/namespaces/${NS}/statefulsets`,
    {
      metadata: { name: 'web' },
      spec: {
        serviceName: 'web',
        replicas: 2,
        selector: { matchLabels: labels },
        template: template(),
      },
    },
  ],
  [
    `/apis/apps/v1/namespaces/${NS}/daemonsets`,
    {
      metadata: { name: 'agent' },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          metadata: { labels: { app: 'agent' } },
          spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [container] },
        },
      },
    },
  ],
  [
    `/apis/batch/v1/namespaces/${NS}/jobs`,
    {
      metadata: { name: 'once' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } },
    },
  ],
  // A schedule that will not come round while the scenario runs.
  [
    `/apis/batch/v1/namespaces/${NS}/cronjobs`,
    {
      metadata: { name: 'yearly' },
      spec: {
        schedule: '0 0 1 1 *',
        jobTemplate: {
          spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [container] } } },
        },
      },
    },
  ],
  [
    `/api/v1/namespaces/${NS}/configmaps`,
    { metadata: { name: 'settings' }, data: { a: '1', b: '2' } },
  ],
  [
    `/api/v1/namespaces/${NS}/secrets`,
    { metadata: { name: 'creds' }, stringData: { user: 'admin' } },
  ],
  [
    `/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`,
    {
      metadata: { name: 'front' },
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['shop.example.com'], secretName: 'creds' }],
        rules: ['shop.example.com', 'api.example.com'].map((host) => ({
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'web', port: { number: 80 } } },
              },
            ],
          },
        })),
      },
    },
  ],
  [
    '/api/v1/persistentvolumes',
    {
      metadata: { name: 'kdeck-kinds-pv' },
      spec: {
        capacity: { storage: '1Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/var/lib/kdeck-kinds' },
      },
    },
  ],
  [
    `/api/v1/namespaces/${NS}/persistentvolumeclaims`,
    {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
  ],
  [
    `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`,
    {
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web' },
        minReplicas: 1,
        maxReplicas: 4,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
          },
        ],
      },
    },
  ],
  [`/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'robot' } }],
  [
    `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`,
    {
      metadata: { name: 'reader' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    },
  ],
  [
    `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`,
    {
      metadata: { name: 'robot-reads' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [
        { kind: 'ServiceAccount', name: 'robot', namespace: NS },
        { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
      ],
    },
  ],
  [
    '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    {
      metadata: { name: 'gadgets.diff.kdeck.dev' },
      spec: {
        group: 'diff.kdeck.dev',
        scope: 'Namespaced',
        names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', shortNames: ['gd'] },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
            subresources: {
              status: {},
              scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
            },
            additionalPrinterColumns: [
              { name: 'Color', type: 'string', jsonPath: '.spec.color' },
              { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
              { name: 'Weight', type: 'number', jsonPath: '.spec.weight', priority: 1 },
              { name: 'Ports', type: 'string', jsonPath: '.spec.ports[*].port' },
              { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
            ],
          },
        ],
      },
    },
  ],
];

const TABLES: Record<string, string> = {
  statefulsets: `/apis/apps/v1/namespaces/${NS}/statefulsets`,
  daemonsets: `/apis/apps/v1/namespaces/${NS}/daemonsets`,
  controllerrevisions: `/apis/apps/v1/namespaces/${NS}/controllerrevisions`,
  jobs: `/apis/batch/v1/namespaces/${NS}/jobs`,
  cronjobs: `/apis/batch/v1/namespaces/${NS}/cronjobs`,
  configmaps: `/api/v1/namespaces/${NS}/configmaps`,
  secrets: `/api/v1/namespaces/${NS}/secrets`,
  ingresses: `/apis/networking.k8s.io/v1/namespaces/${NS}/ingresses`,
  persistentvolumes: '/api/v1/persistentvolumes?fieldSelector=metadata.name%3Dkdeck-kinds-pv',
  persistentvolumeclaims: `/api/v1/namespaces/${NS}/persistentvolumeclaims`,
  horizontalpodautoscalers: `/apis/autoscaling/v2/namespaces/${NS}/horizontalpodautoscalers`,
  serviceaccounts: `/api/v1/namespaces/${NS}/serviceaccounts`,
  roles: `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`,
  rolebindings: `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`,
  gadgets: `/apis/diff.kdeck.dev/v1/namespaces/${NS}/gadgets`,
};

function cell(v: unknown, nodes: Set<string>): unknown {
  if (typeof v !== 'string') return v;
  if (AGE.test(v)) return '<age>';
  if (STAMP.test(v)) return '<time>';
  if (nodes.has(v)) return '<node>';
  return v.replace(UID, '<uid>');
}

async function cleanUp(t: Target): Promise<void> {
  await call(t.admin, `/api/v1/namespaces/${NS}`, { method: 'DELETE' });
  await call(t.admin, '/api/v1/persistentvolumes/kdeck-kinds-pv', { method: 'DELETE' });
  await call(
    t.admin,
    '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.diff.kdeck.dev',
    { method: 'DELETE' },
  );
  await eventually(
    async () =>
      (await call(t.admin, `/api/v1/namespaces/${NS}`)).status === 404 &&
      (await call(t.admin, '/api/v1/persistentvolumes/kdeck-kinds-pv')).status === 404,
    t.settleMs,
    { everyMs: 500, what: 'the kinds scenario cleaned up' },
  );
}

export async function otherKinds(t: Target) {
  await cleanUp(t); // a previous run stopped half way
  for (const [path, body] of OBJECTS) {
    const a = await call(t.admin, path, { method: 'POST', body });
    expect(a.status, `${path}: ${a.text}`).toBe(201);
  }
  const gadgets = TABLES.gadgets;
  await eventually(async () => (await call(t.admin, gadgets)).status === 200, 10_000, {
    everyMs: 200,
  });
  for (const [name, spec] of [
    ['small', { color: 'red', replicas: 1, weight: 0.5, ports: [{ port: 80 }, { port: 443 }] }],
    ['bare', {}],
  ] as const) {
    const a = await call(t.admin, gadgets, {
      method: 'POST',
      body: { apiVersion: 'diff.kdeck.dev/v1', kind: 'Gadget', metadata: { name }, spec },
    });
    expect(a.status, a.text).toBe(201);
  }
  const get = async (path: string) => (await call(t.admin, path)).body as Obj;
  await eventually(
    async () => {
      const sts = await get(`/apis/apps/v1/namespaces/${NS}/statefulsets/web`);
      const job = await get(`/apis/batch/v1/namespaces/${NS}/jobs/once`);
      const pvc = await get(`/api/v1/namespaces/${NS}/persistentvolumeclaims/data`);
      const ds = await get(`/apis/apps/v1/namespaces/${NS}/daemonsets/agent`);
      return (
        sts.status?.readyReplicas === 2 &&
        job.status?.succeeded === 1 &&
        pvc.status?.phase === 'Bound' &&
        ds.status?.numberReady > 0 &&
        ds.status.numberReady === ds.status.desiredNumberScheduled
      );
    },
    t.settleMs,
    { everyMs: 500, what: 'the kinds settled' },
  );
  const discovery: Obj = {};
  for (const gv of [
    'api/v1',
    'apis/apps/v1',
    'apis/batch/v1',
    'apis/autoscaling/v2',
    'apis/networking.k8s.io/v1',
    'apis/rbac.authorization.k8s.io/v1',
    'apis/apiextensions.k8s.io/v1',
    'apis/diff.kdeck.dev/v1',
  ]) {
    const list = await get(`/${gv}`);
    for (const r of list.resources as Obj[]) {
      const base = r.name.split('/')[0];
      if (!Object.keys(TABLES).includes(base) && base !== 'customresourcedefinitions') continue;
      if (r.name.includes('/') && !/\/(scale|status)$/.test(r.name)) continue;
      discovery[`${gv}:${r.name}`] = {
        kind: r.kind,
        namespaced: r.namespaced,
        verbs: [...r.verbs].sort(),
        shortNames: r.shortNames,
        categories: r.categories,
      };
    }
  }
  const tables: Obj = {};
  for (const [name, path] of Object.entries(TABLES)) {
    const a = await call(t.admin, path, { accept: TABLE });
    expect(a.status, `${name}: ${a.text}`).toBe(200);
    tables[name] = {
      columns: (a.body.columnDefinitions as Obj[]).map(
        (c) => `${c.name}:${c.type}${c.format ? `/${c.format}` : ''}:${c.priority}`,
      ),
      rows: ((a.body.rows ?? []) as Obj[])
        .map((r) => (r.cells as unknown[]).map((v) => cell(v, t.nodeNames)))
        .map((cells) =>
          // How many nodes run a daemon pod, and what the HPA reads, are the cluster's own.
          name === 'daemonsets'
            ? cells.slice(6)
            : name === 'horizontalpodautoscalers'
              ? [...cells.slice(0, 2), ...cells.slice(3, 5)]
              : // A revision is named by its template's hash, which each server computes its own way.
                name === 'controllerrevisions'
                ? [String(cells[0]).replace(/-[a-z0-9]+$/, '-<hash>'), ...cells.slice(1)]
                : cells,
        )
        .sort(),
    };
  }
  const scale = await call(t.admin, `${gadgets}/small/scale`);
  await cleanUp(t);
  const gone = await call(t.admin, gadgets);
  return {
    discovery,
    tables,
    customScale: { status: scale.status, kind: scale.body?.kind, spec: scale.body?.spec },
    crdDeletedStopsServing: gone.status,
  };
}
