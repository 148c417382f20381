// The demo cluster's first state: the tutorial's objects (../shared/fixtures/nginx-server.yaml)
// in `default`, a kube-system with CoreDNS and a crash-looping scraper, three nodes, and a
// `shop` namespace with a multi-container pod, and a `data` namespace (seed-data.ts).
// Controllers then bring everything to life.
import type { Cluster } from './cluster.js';
import { BEHAVIOUR_ANNOTATION } from './controllers/kubelet.js';
import { kindOf } from './kinds.js';
import { sortedJson } from './managed-fields.js';
import { seedData } from './seed-data.js';
import { nowIso } from './store.js';
import type { Obj } from './types.js';

const NS = kindOf('Namespace');
const NODE = kindOf('Node');
const POD = kindOf('Pod');
const SVC = kindOf('Service');
const DEPLOY = kindOf('Deployment');

/** The tutorial's Service and Deployment, exactly as nginx-server.yaml declares them. */
export const TUTORIAL_OBJECTS: Obj[] = [
  {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name: 'nginx-server-service', namespace: 'default' },
    spec: {
      selector: { app: 'nginx-server' },
      ports: [{ protocol: 'TCP', port: 8080, targetPort: 80, nodePort: 30001 }],
      type: 'LoadBalancer',
    },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'nginx-server-deployment', namespace: 'default' },
    spec: {
      replicas: 5,
      selector: { matchLabels: { app: 'nginx-server' } },
      template: {
        metadata: { labels: { app: 'nginx-server' } },
        spec: {
          containers: [
            {
              name: 'nginx-server',
              image: 'ekababisong/ebisong-nginx-server',
              ports: [{ containerPort: 80 }],
            },
          ],
        },
      },
    },
  },
];

const NODES = ['kdeck-control-plane', 'kdeck-worker', 'kdeck-worker2'];

function nodeObject(name: string, index: number): Obj {
  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        ...(index === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      },
    },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
      providerID: `kind://docker/kdeck/${name}`,
    },
    status: {
      capacity: { cpu: '8', memory: '32827164Ki', pods: '110', 'ephemeral-storage': '263174212Ki' },
      allocatable: {
        cpu: '8',
        memory: '32827164Ki',
        pods: '110',
        'ephemeral-storage': '263174212Ki',
      },
      conditions: [
        {
          type: 'MemoryPressure',
          status: 'False',
          reason: 'KubeletHasSufficientMemory',
          message: 'kubelet has sufficient memory available',
          lastHeartbeatTime: nowIso(),
          lastTransitionTime: nowIso(),
        },
        {
          type: 'DiskPressure',
          status: 'False',
          reason: 'KubeletHasNoDiskPressure',
          message: 'kubelet has no disk pressure',
          lastHeartbeatTime: nowIso(),
          lastTransitionTime: nowIso(),
        },
        {
          type: 'PIDPressure',
          status: 'False',
          reason: 'KubeletHasSufficientPID',
          message: 'kubelet has sufficient PID available',
          lastHeartbeatTime: nowIso(),
          lastTransitionTime: nowIso(),
        },
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: nowIso(),
          lastTransitionTime: nowIso(),
        },
      ],
      addresses: [
        { type: 'InternalIP', address: `172.18.0.${index + 2}` },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        kubeletVersion: 'v1.36.3',
        kubeProxyVersion: 'v1.36.3',
        containerRuntimeVersion: 'containerd://2.1.1',
        kernelVersion: '6.1.0-28-amd64',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        operatingSystem: 'linux',
        architecture: 'amd64',
        machineID: `${index}`.repeat(32),
        systemUUID: `${index}`.repeat(8),
        bootID: `${index}`.repeat(8),
      },
    },
  };
}

function deployment(
  namespace: string,
  name: string,
  replicas: number,
  labels: Record<string, string>,
  podSpec: Obj,
  annotations?: Record<string, string>,
): Obj {
  return {
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels, ...(annotations ? { annotations } : {}) }, spec: podSpec },
    },
  };
}

/** A control-plane static pod, already running, as kind shows them. */
function staticPod(component: string, image: string): Obj {
  const now = nowIso();
  const name = `${component}-kdeck-control-plane`;
  return {
    metadata: { name, namespace: 'kube-system', labels: { component, tier: 'control-plane' } },
    spec: {
      nodeName: 'kdeck-control-plane',
      priorityClassName: 'system-node-critical',
      containers: [{ name: component, image }],
    },
    status: {
      phase: 'Running',
      hostIP: '172.18.0.2',
      podIP: '172.18.0.2',
      podIPs: [{ ip: '172.18.0.2' }],
      startTime: now,
      conditions: [
        'PodReadyToStartContainers',
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ].map((type) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now })),
      containerStatuses: [
        {
          name: component,
          state: { running: { startedAt: now } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image,
          imageID: '',
          containerID: `containerd://${component}`,
          started: true,
        },
      ],
    },
  };
}

/** `empty`: the namespaces and nodes only, a clean slate for load mode's benchmark pods. */
export function seedDemo(cluster: Cluster, opts: { tutorial: boolean; empty?: boolean }): void {
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'shop']) {
    cluster.create(NS, undefined, { metadata: { name } });
  }
  NODES.forEach((name, i) => {
    cluster.create(NODE, undefined, nodeObject(name, i));
  });
  if (opts.empty) return;
  for (const [component, image] of [
    ['etcd', 'registry.k8s.io/etcd:3.5.21-0'],
    ['kube-apiserver', 'registry.k8s.io/kube-apiserver:v1.36.3'],
    ['kube-controller-manager', 'registry.k8s.io/kube-controller-manager:v1.36.3'],
    ['kube-scheduler', 'registry.k8s.io/kube-scheduler:v1.36.3'],
  ]) {
    cluster.create(POD, 'kube-system', staticPod(component, image));
  }
  cluster.create(
    DEPLOY,
    'kube-system',
    deployment(
      'kube-system',
      'coredns',
      2,
      { 'k8s-app': 'kube-dns' },
      {
        priorityClassName: 'system-cluster-critical',
        containers: [
          {
            name: 'coredns',
            image: 'registry.k8s.io/coredns/coredns:v1.12.0',
            args: ['-conf', '/etc/coredns/Corefile'],
            // As kubeadm deploys it: its metrics figures are a share of these.
            resources: { requests: { cpu: '100m', memory: '70Mi' }, limits: { memory: '170Mi' } },
            ports: [
              { name: 'dns', containerPort: 53, protocol: 'UDP' },
              { name: 'dns-tcp', containerPort: 53 },
              { name: 'metrics', containerPort: 9153 },
            ],
          },
        ],
      },
    ),
  );
  cluster.create(SVC, 'kube-system', {
    metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      selector: { 'k8s-app': 'kube-dns' },
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, targetPort: 53 },
        { name: 'metrics', port: 9153, targetPort: 9153 },
      ],
    },
  });
  cluster.create(
    DEPLOY,
    'kube-system',
    deployment(
      'kube-system',
      'metrics-scraper',
      1,
      { 'k8s-app': 'metrics-scraper' },
      {
        containers: [
          {
            name: 'metrics-scraper',
            image: 'docker.io/kubernetesui/metrics-scraper:v1.0.9',
            ports: [{ containerPort: 8000 }],
          },
        ],
      },
      { [BEHAVIOUR_ANNOTATION]: 'crash-loop' },
    ),
  );
  cluster.create(
    DEPLOY,
    'shop',
    deployment(
      'shop',
      'checkout',
      1,
      { app: 'checkout' },
      {
        initContainers: [{ name: 'migrate', image: 'ghcr.io/kdeck-demo/checkout-migrate:2.4.1' }],
        containers: [
          {
            name: 'checkout',
            image: 'ghcr.io/kdeck-demo/checkout:2.4.1',
            ports: [{ name: 'http', containerPort: 8080 }],
          },
          { name: 'log-shipper', image: 'docker.io/fluent/fluent-bit:3.2.2' },
        ],
      },
    ),
  );
  cluster.create(SVC, 'shop', {
    metadata: { name: 'checkout', namespace: 'shop' },
    spec: {
      selector: { app: 'checkout' },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  });
  if (opts.tutorial) {
    // As `kubectl apply -f nginx-server.yaml` leaves them: its annotation, its field manager.
    for (const o of TUTORIAL_OBJECTS)
      cluster.create(kindOf(o.kind), 'default', withLastApplied(o), {
        writer: { manager: 'kubectl-client-side-apply' },
      });
  }
  seedData(cluster, opts);
}

/** An object with the kubectl.kubernetes.io/last-applied-configuration a client-side apply writes. */
export function withLastApplied(o: Obj): Obj {
  const config = { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata?.annotations } } };
  return {
    ...o,
    metadata: {
      ...o.metadata,
      annotations: {
        ...o.metadata?.annotations,
        'kubectl.kubernetes.io/last-applied-configuration': `${sortedJson(config)}\n`,
      },
    },
  };
}
