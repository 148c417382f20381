// Server-side Table output (Accept: application/json;as=Table;g=meta.k8s.io;v=v1), with the
// columns and cell logic of kubectl's printers (pkg/printers/internalversion/printers.go).
// Every column is sent; kubectl shows priority-1 columns only with -o wide.

import { humanDuration } from '../util/duration.js';
import { podStatusReason } from '../util/pod-status.js';
import {
  formatLabels,
  nodeAddress,
  nodeRoles,
  nodeStatus,
  serviceExternalIP,
  servicePorts,
} from '../util/printers.js';
import type { KindInfo } from './kinds.js';
import { selectorString } from './selectors.js';
import type { Obj } from './types.js';

interface Column {
  name: string;
  type: 'string' | 'integer';
  format?: string;
  priority?: number;
  description: string;
}

type Printer = { columns: Column[]; cells: (o: Obj, now: number) => unknown[] };

const name: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
};
const age: Column = {
  name: 'Age',
  type: 'string',
  description: 'CreationTimestamp is the time this object was created.',
};
const col = (
  n: string,
  description: string,
  priority = 0,
  type: Column['type'] = 'string',
): Column => ({
  name: n,
  type,
  description,
  ...(priority ? { priority } : {}),
});

export function since(ts: string | undefined, now: number): string {
  return ts ? humanDuration(now - Date.parse(ts)) : '<unknown>';
}

const containers = (o: Obj) => (o.spec?.template?.spec?.containers ?? []) as Obj[];
const wideWorkload = [
  col('Containers', 'Names of each container in the template.', 1),
  col('Images', 'Images referenced by each container in the template.', 1),
  col('Selector', 'Label selector for pods.', 1),
];
const wideWorkloadCells = (o: Obj) => [
  containers(o)
    .map((c) => c.name)
    .join(','),
  containers(o)
    .map((c) => c.image)
    .join(','),
  selectorString(o.spec?.selector),
];

function endpointsText(ep: Obj): string {
  const all: string[] = [];
  for (const s of (ep.subsets ?? []) as Obj[]) {
    for (const a of (s.addresses ?? []) as Obj[]) {
      for (const p of (s.ports ?? [{}]) as Obj[]) all.push(p.port ? `${a.ip}:${p.port}` : a.ip);
    }
  }
  if (!all.length) return '<none>';
  return all.length > 3
    ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more...`
    : all.join(',');
}

const PRINTERS: Record<string, Printer> = {
  Pod: {
    columns: [
      name,
      col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
      col('Status', 'The aggregate status of the containers in this pod.'),
      col(
        'Restarts',
        'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
      ),
      age,
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
        since(p.metadata.creationTimestamp, now),
        p.status?.podIP || '<none>',
        p.spec?.nodeName || '<none>',
        p.status?.nominatedNodeName || '<none>',
        '<none>',
      ];
    },
  },
  Deployment: {
    columns: [
      name,
      col('Ready', 'Number of the pod with ready state'),
      // Declared as strings in printers.go, though the cells are numbers.
      col(
        'Up-to-date',
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      ),
      col(
        'Available',
        'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      ),
      age,
      ...wideWorkload,
    ],
    cells: (d, now) => [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      since(d.metadata.creationTimestamp, now),
      ...wideWorkloadCells(d),
    ],
  },
  ReplicaSet: {
    columns: [
      name,
      col('Desired', 'Number of desired pods.', 0, 'integer'),
      col('Current', 'Number of actual replicas.', 0, 'integer'),
      col('Ready', 'The number of ready replicas for this replica set.', 0, 'integer'),
      age,
      ...wideWorkload,
    ],
    cells: (rs, now) => [
      rs.metadata.name,
      rs.spec?.replicas ?? 1,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      since(rs.metadata.creationTimestamp, now),
      ...wideWorkloadCells(rs),
    ],
  },
  Service: {
    columns: [
      name,
      col('Type', 'The type of the service.'),
      col('Cluster-IP', 'The cluster IP of the service.'),
      col('External-IP', 'The external IP of the service.'),
      col('Port(s)', 'The ports of the service.'),
      age,
      col('Selector', 'The selector of the service.', 1),
    ],
    cells: (s, now) => [
      s.metadata.name,
      s.spec?.type ?? 'ClusterIP',
      s.spec?.clusterIP || '<none>',
      serviceExternalIP(s),
      servicePorts(s),
      since(s.metadata.creationTimestamp, now),
      formatLabels(s.spec?.selector),
    ],
  },
  Namespace: {
    columns: [name, col('Status', 'The status of the namespace'), age],
    cells: (n, now) => [
      n.metadata.name,
      n.status?.phase ?? 'Active',
      since(n.metadata.creationTimestamp, now),
    ],
  },
  Node: {
    columns: [
      name,
      col('Status', 'The status of the node'),
      col('Roles', 'The roles of the node'),
      age,
      col('Version', 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'List of internal IPs in the node.', 1),
      col('External-IP', 'List of external IPs in the node.', 1),
      col('OS-Image', 'OS image reported by the node.', 1),
      col('Kernel-Version', 'Kernel version reported by the node.', 1),
      col('Container-Runtime', 'Container runtime and version reported by the node.', 1),
    ],
    cells: (n, now) => [
      n.metadata.name,
      nodeStatus(n),
      nodeRoles(n),
      since(n.metadata.creationTimestamp, now),
      n.status?.nodeInfo?.kubeletVersion ?? '',
      nodeAddress(n, 'InternalIP'),
      nodeAddress(n, 'ExternalIP'),
      n.status?.nodeInfo?.osImage ?? '<unknown>',
      n.status?.nodeInfo?.kernelVersion ?? '<unknown>',
      n.status?.nodeInfo?.containerRuntimeVersion ?? '<unknown>',
    ],
  },
  Endpoints: {
    columns: [name, col('Endpoints', 'Endpoints of the service.'), age],
    cells: (e, now) => [
      e.metadata.name,
      endpointsText(e),
      since(e.metadata.creationTimestamp, now),
    ],
  },
  Event: {
    columns: [
      col('Last Seen', 'Time when last event occurred.'),
      col('Type', 'Type of this event.'),
      col('Reason', 'Reason why this event was generated.'),
      col('Object', 'Object this event is about.'),
      col('Subobject', 'Subobject this event is about.', 1),
      col('Source', 'Source of this event.', 1),
      col('Message', 'Message associated with the event.'),
      col('First Seen', 'Time when first event occurred.', 1),
      col('Count', 'The number of times this event has occurred.', 1),
      { ...name, priority: 1 },
    ],
    cells: (e, now) => [
      since(e.lastTimestamp ?? e.eventTime, now),
      e.type ?? '',
      e.reason ?? '',
      `${String(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`,
      e.involvedObject?.fieldPath ?? '',
      [e.source?.component, e.source?.host].filter(Boolean).join(', '),
      String(e.message ?? '').trim(),
      since(e.firstTimestamp ?? e.eventTime, now),
      e.count ?? 1,
      e.metadata.name,
    ],
  },
  ConfigMap: {
    columns: [
      name,
      col(
        'Data',
        "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
      ),
      age,
    ],
    cells: (c, now) => [
      c.metadata.name,
      Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length,
      since(c.metadata.creationTimestamp, now),
    ],
  },
  Secret: {
    columns: [
      name,
      col(
        'Type',
        'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
      ),
      col(
        'Data',
        "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
      ),
      age,
    ],
    cells: (s, now) => [
      s.metadata.name,
      s.type ?? 'Opaque',
      Object.keys(s.data ?? {}).length,
      since(s.metadata.creationTimestamp, now),
    ],
  },
};

const DEFAULT_PRINTER: Printer = {
  columns: [
    name,
    {
      name: 'Created At',
      type: 'string',
      format: 'date',
      description: 'CreationTimestamp is the time this object was created.',
    },
  ],
  cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
};

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(o: Obj, include: IncludeObject): Obj | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

export function toTable(
  k: KindInfo,
  objects: Obj[],
  opts: { include: IncludeObject; withHeaders: boolean; listMeta: Obj },
): Obj {
  const printer = PRINTERS[k.kind] ?? DEFAULT_PRINTER;
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: opts.listMeta,
    columnDefinitions: opts.withHeaders
      ? printer.columns.map((c) => ({ priority: 0, format: '', ...c }))
      : [],
    rows: objects.map((o) => {
      const obj = rowObject(o, opts.include);
      return { cells: printer.cells(o, now), ...(obj ? { object: obj } : {}) };
    }),
  };
}
