// Load mode's realistic objects: per namespace and app, a Deployment, its ReplicaSet and a
// Service, made through the simulator's create (defaults, validation); and pods shaped as that
// ReplicaSet's pods are on a real cluster once kube-apiserver's admission, the scheduler and
// the kubelet have had them (service-account volume, default tolerations, three managers'
// managedFields, the full status), put straight into the store in their steady state. Every
// status is seeded as its controller would write it, so the controllers' first look finds
// nothing to do: no pod is made or deleted, and nothing is rewritten.
import type { Cluster } from './cluster.js';
import { templateHash } from './controllers/deployments.js';
import { ownerReference } from './controllers/owners.js';
import { kindOf } from './kinds.js';
import type { Obj } from './types.js';

const DEPLOY = kindOf('Deployment');
const RS = kindOf('ReplicaSet');
const SVC = kindOf('Service');
const NODES = [
  { name: 'kdeck-worker', ip: '172.18.0.3' },
  { name: 'kdeck-worker2', ip: '172.18.0.4' },
];
const APPS = 50;
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';
const IMAGES = [
  'registry.k8s.io/e2e-test-images/agnhost:2.53',
  'ghcr.io/kdeck-demo/checkout-service:1.14.2',
  'docker.io/library/nginx:1.27.3',
  'quay.io/kdeck-demo/orders-api:3.2.0',
];

/** n written in the alphabet Kubernetes' generated names use, `width` characters long. */
function safeName(n: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = SAFE[n % SAFE.length] + s;
    n = Math.floor(n / SAFE.length);
  }
  return s;
}

/** A stable 32-bit mix of n: deterministic stand-ins for what is random on a real cluster. */
function mix(n: number): number {
  let h = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const hex = (n: number, len: number) => {
  let s = '';
  for (let k = 0; s.length < len; k++)
    s += mix(n * 31 + k)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, len);
};

/** What one app's template declares; apps differ in image, env and resources. */
function appSpec(app: number) {
  const name = `app-${app}`;
  const image = IMAGES[app % IMAGES.length];
  const envCount = app % 5;
  const env: Obj[] = [];
  for (let e = 0; e < envCount; e++) {
    if (e % 3 === 2)
      env.push({
        name: `POD_FIELD_${e}`,
        valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } },
      });
    else env.push({ name: `${name.toUpperCase().replace('-', '_')}_SETTING_${e}`, value: `v${e}` });
  }
  const cpu = 50 * (1 + (app % 4));
  const memory = 64 * (1 + (app % 3));
  const probe = (check: Obj, initialDelaySeconds: number) => ({
    failureThreshold: 3,
    ...check,
    initialDelaySeconds,
    periodSeconds: 10,
    successThreshold: 1,
    timeoutSeconds: 1,
  });
  return {
    name,
    image,
    container: {
      // An empty list is not sent back by the API (omitempty).
      ...(env.length ? { env } : {}),
      image,
      imagePullPolicy: 'IfNotPresent',
      livenessProbe: probe({ tcpSocket: { port: 8080 } }, 10),
      name: 'app',
      ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
      readinessProbe: probe({ httpGet: { path: '/ready', port: 8080, scheme: 'HTTP' } }, 2),
      resources: {
        limits: { cpu: `${cpu * 4}m`, memory: `${memory * 2}Mi` },
        requests: { cpu: `${cpu}m`, memory: `${memory}Mi` },
      },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    },
  };
}

/** The fields set of an object shaped as `v`, as FieldsV1 writes it (lists by their keys). */
function fieldsOf(v: Obj): Obj {
  const out: Obj = {};
  for (const [k, x] of Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (Array.isArray(x)) {
      const list: Obj = { '.': {} };
      for (const item of x) {
        const key =
          k === 'ports'
            ? `k:{"containerPort":${item.containerPort},"protocol":"${item.protocol}"}`
            : `k:{"name":"${item.name}"}`;
        list[key] = { '.': {}, ...fieldsOf(item) };
      }
      out[`f:${k}`] = list;
    } else if (x && typeof x === 'object' && Object.keys(x).length)
      out[`f:${k}`] = { '.': {}, ...fieldsOf(x) };
    else out[`f:${k}`] = {};
  }
  return out;
}

const condition = (type: string, at: string) => ({
  lastProbeTime: null,
  lastTransitionTime: at,
  status: 'True',
  type,
});

const conditionFields = (...extra: string[]) => ({
  '.': {},
  'f:lastProbeTime': {},
  'f:lastTransitionTime': {},
  ...Object.fromEntries(extra.map((f) => [`f:${f}`, {}])),
  'f:status': {},
  'f:type': {},
});

// The scheduler said Unschedulable first (the pod waited for a node, as a scale-up's pods
// do); the binding that placed it later is not a managed-fields write.
const SCHEDULER_FIELDS = {
  'f:status': {
    'f:conditions': { '.': {}, 'k:{"type":"PodScheduled"}': conditionFields('message', 'reason') },
  },
};

// The kubelet's status fields, but for podIPs, which are keyed by the pod's own address.
// Ready and ContainersReady were false, with a reason, while the container started.
const KUBELET_FIELDS = {
  'f:conditions': {
    'k:{"type":"ContainersReady"}': conditionFields('message', 'reason'),
    'k:{"type":"Initialized"}': conditionFields(),
    'k:{"type":"PodReadyToStartContainers"}': conditionFields(),
    'k:{"type":"Ready"}': conditionFields('message', 'reason'),
  },
  'f:containerStatuses': {},
  'f:hostIP': {},
  'f:hostIPs': {},
  'f:phase': {},
  'f:podIP': {},
};

const TOLERATIONS = ['not-ready', 'unreachable'].map((taint) => ({
  effect: 'NoExecute',
  key: `node.kubernetes.io/${taint}`,
  operator: 'Exists',
  tolerationSeconds: 300,
}));

// What the ServiceAccount admission plugin mounts: a token, the cluster's CA, the namespace.
const SERVICE_ACCOUNT_SOURCES = {
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
    {
      downwardAPI: {
        items: [
          { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' },
        ],
      },
    },
  ],
};
const SERVICE_ACCOUNT_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * What the pods of one app in one namespace have in common. Stored objects are never changed
 * in place (a write stores a changed copy), so pods share these parts of their specs and
 * managedFields; what a write does change (metadata, status) is each pod's own.
 */
interface AppShape {
  app: ReturnType<typeof appSpec>;
  hash: string;
  owner: Obj;
  controllerFields: Obj;
  imageID: string;
}

/** The first namespace's Deployment, ReplicaSet and Service of each app, to copy from. */
interface Prototype {
  deployment: Obj;
  replicaSet: Obj;
  service: Obj;
}

/**
 * Makes each namespace's Deployments, ReplicaSets and Services for `pods` load pods, and
 * returns the maker of load pod number i (in namespace i % M, of app i % 50).
 */
export function realisticWorkloads(
  cluster: Cluster,
  namespaces: string[],
  pods: number,
  now: string,
): (namespace: string, i: number) => Obj {
  const replicas = new Map<string, number>();
  for (let i = 0; i < pods; i++) {
    const key = `${namespaces[i % namespaces.length]}/${i % APPS}`;
    replicas.set(key, (replicas.get(key) ?? 0) + 1);
  }
  const prototypes = new Map<number, Prototype>();
  const shapes = new Map<string, AppShape>();
  for (const [key, count] of replicas) {
    const [namespace, n] = key.split('/');
    shapes.set(key, makeApp(cluster, namespace, Number(n), count, now, prototypes));
  }
  return (namespace, i) => {
    const shape = shapes.get(`${namespace}/${i % APPS}`) as AppShape;
    return realisticPod(shape, namespace, i, now);
  };
}

/**
 * Creates one app's Deployment, ReplicaSet and Service through the API, with the statuses
 * and annotations their controllers would write for `count` ready pods, so that their first
 * look finds nothing to change. Working out managedFields is the costly part of a create;
 * after an app's first namespace they are copied from its prototype.
 */
function makeApp(
  cluster: Cluster,
  namespace: string,
  n: number,
  count: number,
  now: string,
  prototypes: Map<number, Prototype>,
): AppShape {
  const app = appSpec(n);
  const proto = prototypes.get(n);
  const create = (k: typeof DEPLOY, body: Obj, from?: Obj, uids: [string, string][] = []) => {
    if (!from) return cluster.create(k, namespace, body);
    let fields = JSON.stringify(from.metadata.managedFields);
    for (const [a, b] of uids) fields = fields.replaceAll(a, b);
    body.metadata.managedFields = JSON.parse(fields);
    return cluster.create(k, namespace, body, { managedFieldsSet: true });
  };
  const template = {
    metadata: { labels: { app: app.name, 'load.kdeck.dev/pod': 'true' } },
    spec: {
      containers: [app.container],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      terminationGracePeriodSeconds: 30,
    },
  };
  const d = create(
    DEPLOY,
    {
      metadata: {
        name: app.name,
        labels: { app: app.name },
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      },
      spec: { replicas: count, selector: { matchLabels: { app: app.name } }, template },
    },
    proto?.deployment,
  );
  const hash = templateHash(d.spec.template);
  const rsName = `${app.name}-${hash}`;
  const rsTemplate = structuredClone(d.spec.template);
  rsTemplate.metadata.labels['pod-template-hash'] = hash;
  const rs = create(
    RS,
    {
      metadata: {
        name: rsName,
        labels: rsTemplate.metadata.labels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(count),
          'deployment.kubernetes.io/max-replicas': String(count + Math.ceil(count / 4)),
          'deployment.kubernetes.io/revision': '1',
        },
        ownerReferences: [ownerReference(d)],
      },
      spec: {
        replicas: count,
        selector: { matchLabels: { app: app.name, 'pod-template-hash': hash } },
        template: rsTemplate,
      },
      // In the order the ReplicaSet controller writes it.
      status: {
        replicas: count,
        fullyLabeledReplicas: count,
        readyReplicas: count,
        availableReplicas: count,
        observedGeneration: 1,
        terminatingReplicas: 0,
      },
    },
    proto?.replicaSet,
    proto ? [[proto.deployment.metadata.uid, d.metadata.uid]] : [],
  );
  // In the order the Deployment controller writes it.
  const deploymentCondition = (type: string, reason: string, message: string) => ({
    type,
    status: 'True',
    lastUpdateTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  cluster.store.update(DEPLOY, {
    ...d,
    metadata: { ...d.metadata },
    status: {
      observedGeneration: 1,
      replicas: count,
      updatedReplicas: count,
      readyReplicas: count,
      availableReplicas: count,
      terminatingReplicas: 0,
      conditions: [
        deploymentCondition(
          'Available',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
        ),
        deploymentCondition(
          'Progressing',
          'NewReplicaSetAvailable',
          `ReplicaSet "${rsName}" has successfully progressed.`,
        ),
      ],
    },
  });
  const service = create(
    SVC,
    {
      metadata: { name: app.name, labels: { app: app.name } },
      spec: {
        selector: { app: app.name },
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
      },
    },
    proto?.service,
  );
  if (!proto) prototypes.set(n, { deployment: d, replicaSet: rs, service });
  // What kube-controller-manager wrote when it created the pods: the template's fields, not
  // what admission added after (the service-account volume, tolerations, priority).
  const { containers, ...podFields } = template.spec;
  const controllerFields = {
    'f:metadata': {
      'f:generateName': {},
      'f:labels': {
        '.': {},
        ...Object.fromEntries(Object.keys(rsTemplate.metadata.labels).map((k) => [`f:${k}`, {}])),
      },
      'f:ownerReferences': { '.': {}, [`k:{"uid":"${rs.metadata.uid}"}`]: {} },
    },
    'f:spec': {
      'f:containers': {
        [`k:{"name":"${app.container.name}"}`]: { '.': {}, ...fieldsOf(containers[0]) },
      },
      ...fieldsOf({ ...podFields, enableServiceLinks: true }),
    },
  };
  return {
    app,
    hash,
    owner: ownerReference(rs),
    controllerFields,
    imageID: `${app.image.split(':')[0]}@sha256:${hex(1_000_000 + n, 64)}`,
  };
}

function realisticPod(shape: AppShape, namespace: string, i: number, now: string): Obj {
  const { app } = shape;
  const c = app.container;
  const node = NODES[i % NODES.length];
  const ip = `10.244.${(Math.floor(i / 250) % 250) + 1}.${(i % 250) + 2}`;
  const generateName = `${app.name}-${shape.hash}-`;
  // A permutation of 0..27^5-1: suffixes that look random and never repeat.
  const suffix = (i * 7_368_787 + 1_234_567) % SAFE.length ** 5;
  const volume = `kube-api-access-${safeName(mix(i) % SAFE.length ** 5, 5)}`;
  const entry = (manager: string, fieldsV1: Obj, subresource?: string) => ({
    apiVersion: 'v1',
    fieldsType: 'FieldsV1',
    fieldsV1,
    manager,
    operation: 'Update',
    ...(subresource ? { subresource } : {}),
    time: now,
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      creationTimestamp: now,
      generateName,
      generation: 1,
      labels: {
        app: app.name,
        'load.kdeck.dev/pod': 'true',
        'pod-template-hash': shape.hash,
      },
      managedFields: [
        entry('kube-controller-manager', shape.controllerFields),
        entry('kube-scheduler', SCHEDULER_FIELDS, 'status'),
        entry(
          'kubelet',
          {
            'f:status': {
              ...KUBELET_FIELDS,
              'f:podIPs': { '.': {}, [`k:{"ip":"${ip}"}`]: { '.': {}, 'f:ip': {} } },
              'f:startTime': {},
            },
          },
          'status',
        ),
      ],
      name: `${generateName}${safeName(suffix, 5)}`,
      namespace,
      ownerReferences: [{ ...shape.owner }],
    },
    spec: {
      containers: [
        {
          ...c,
          volumeMounts: [{ mountPath: SERVICE_ACCOUNT_MOUNT, name: volume, readOnly: true }],
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      nodeName: node.name,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: TOLERATIONS,
      volumes: [{ name: volume, projected: SERVICE_ACCOUNT_SOURCES }],
    },
    status: {
      conditions: [
        condition('PodReadyToStartContainers', now),
        condition('Initialized', now),
        condition('Ready', now),
        condition('ContainersReady', now),
        condition('PodScheduled', now),
      ],
      containerStatuses: [
        {
          containerID: `containerd://${hex(i, 64)}`,
          image: app.image,
          imageID: shape.imageID,
          lastState: {},
          name: c.name,
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: now } },
          volumeMounts: [
            {
              mountPath: SERVICE_ACCOUNT_MOUNT,
              name: volume,
              readOnly: true,
              recursiveReadOnly: 'Disabled',
            },
          ],
        },
      ],
      hostIP: node.ip,
      hostIPs: [{ ip: node.ip }],
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      qosClass: 'Burstable',
      startTime: now,
    },
  };
}
