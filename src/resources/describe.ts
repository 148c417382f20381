// `kubectl describe` as text lines: fields in kubectl's order for pods, deployments and
// services; metadata and the rest as YAML for other kinds; the object's events at the end.
import { dump } from 'js-yaml';
import { humanDuration } from '../util/duration.js';
import { selectorString } from '../util/label-selector.js';
import type { KubeObject } from './types.js';

const DATE = (iso?: string) =>
  iso ? new Date(iso).toUTCString().replace('GMT', '+0000') : '<unset>';
const field = (name: string, value: unknown, indent = 0) =>
  `${' '.repeat(indent)}${`${name}:`.padEnd(18 - indent)}${value === undefined || value === '' ? '<none>' : value}`;

function map(name: string, m: Record<string, string> | undefined, indent = 0): string[] {
  const entries = Object.entries(m ?? {});
  if (!entries.length) return [field(name, '<none>', indent)];
  return entries.map(([k, v], i) =>
    i === 0 ? field(name, `${k}=${v}`, indent) : `${' '.repeat(18)}${k}=${v}`,
  );
}

function state(s: KubeObject | undefined, label: string, indent: number): string[] {
  if (!s || !Object.keys(s).length) return [];
  const [kind, d] = Object.entries(s)[0] as [string, KubeObject];
  const out = [field(label, kind[0].toUpperCase() + kind.slice(1), indent)];
  if (d.reason) out.push(field('Reason', d.reason, indent + 2));
  if (d.message) out.push(field('Message', d.message, indent + 2));
  if (d.exitCode !== undefined) out.push(field('Exit Code', d.exitCode, indent + 2));
  if (d.startedAt) out.push(field('Started', DATE(d.startedAt), indent + 2));
  if (d.finishedAt) out.push(field('Finished', DATE(d.finishedAt), indent + 2));
  return out;
}

function containers(title: string, specs: KubeObject[], statuses: KubeObject[]): string[] {
  if (!specs.length) return [];
  const out = [`${title}:`];
  for (const c of specs) {
    const s = statuses.find((x) => x.name === c.name) ?? {};
    out.push(`  ${c.name}:`);
    if (s.containerID) out.push(field('Container ID', s.containerID, 4));
    out.push(field('Image', c.image, 4));
    const ports = (c.ports ?? [])
      .map((p: KubeObject) => `${p.containerPort}/${p.protocol ?? 'TCP'}`)
      .join(', ');
    out.push(field('Port', ports || '<none>', 4));
    out.push(...state(s.state, 'State', 4), ...state(s.lastState, 'Last State', 4));
    out.push(
      field('Ready', s.ready ? 'True' : 'False', 4),
      field('Restart Count', s.restartCount ?? 0, 4),
    );
  }
  return out;
}

function events(list: KubeObject[], now: number): string[] {
  if (!list.length) return ['Events:            <none>'];
  const rows = list.map((e) => [
    e.type ?? '',
    e.reason ?? '',
    humanDuration(now - Date.parse(e.lastTimestamp ?? e.eventTime ?? '')),
    e.source?.component ?? '',
    String(e.message ?? '').trim(),
  ]);
  const head = ['Type', 'Reason', 'Age', 'From', 'Message'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    `  ${r.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join('  ')}`;
  return ['Events:', line(head), line(head.map((h) => '-'.repeat(h.length))), ...rows.map(line)];
}

function podLines(p: KubeObject): string[] {
  const s = p.status ?? {};
  const owner = (p.metadata.ownerReferences ?? []).find((r: KubeObject) => r.controller);
  return [
    field('Priority', p.spec?.priority ?? 0),
    field('Service Account', p.spec?.serviceAccountName ?? 'default'),
    field('Node', p.spec?.nodeName ? `${p.spec.nodeName}/${s.hostIP ?? ''}` : '<none>'),
    field('Start Time', DATE(s.startTime)),
    ...map('Labels', p.metadata.labels),
    ...map('Annotations', p.metadata.annotations),
    field('Status', p.metadata.deletionTimestamp ? 'Terminating' : s.phase),
    field('IP', s.podIP),
    ...(owner ? [field('Controlled By', `${owner.kind}/${owner.name}`)] : []),
    ...containers('Init Containers', p.spec?.initContainers ?? [], s.initContainerStatuses ?? []),
    ...containers('Containers', p.spec?.containers ?? [], s.containerStatuses ?? []),
    'Conditions:',
    `  ${'Type'.padEnd(28)}Status`,
    ...(s.conditions ?? []).map((c: KubeObject) => `  ${c.type.padEnd(28)}${c.status}`),
    field('QoS Class', s.qosClass ?? 'BestEffort'),
    field('Node-Selectors', selectorString({ matchLabels: p.spec?.nodeSelector }) || '<none>'),
  ];
}

function deploymentLines(d: KubeObject): string[] {
  const st = d.status ?? {};
  return [
    ...map('Labels', d.metadata.labels),
    ...map('Annotations', d.metadata.annotations),
    field('Selector', selectorString(d.spec?.selector)),
    field(
      'Replicas',
      `${d.spec?.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`,
    ),
    field('StrategyType', d.spec?.strategy?.type ?? 'RollingUpdate'),
    ...containers('Pod Template Containers', d.spec?.template?.spec?.containers ?? [], []),
    'Conditions:',
    ...(st.conditions ?? []).map(
      (c: KubeObject) => `  ${c.type.padEnd(16)}${c.status.padEnd(8)}${c.reason ?? ''}`,
    ),
  ];
}

function serviceLines(s: KubeObject): string[] {
  const ingress = (s.status?.loadBalancer?.ingress ?? [])
    .map((i: KubeObject) => i.ip ?? i.hostname)
    .join(', ');
  return [
    ...map('Labels', s.metadata.labels),
    ...map('Selector', s.spec?.selector),
    field('Type', s.spec?.type ?? 'ClusterIP'),
    field('IP', s.spec?.clusterIP),
    ...(ingress ? [field('LoadBalancer Ingress', ingress)] : []),
    ...(s.spec?.ports ?? []).flatMap((p: KubeObject) => [
      field('Port', `${p.name ?? '<unset>'}  ${p.port}/${p.protocol ?? 'TCP'}`),
      field('TargetPort', `${p.targetPort}/${p.protocol ?? 'TCP'}`),
      ...(p.nodePort
        ? [field('NodePort', `${p.name ?? '<unset>'}  ${p.nodePort}/${p.protocol ?? 'TCP'}`)]
        : []),
    ]),
  ];
}

export function describeLines(
  kind: string,
  o: KubeObject,
  objectEvents: KubeObject[],
  now = Date.now(),
): string[] {
  const head = [
    field('Name', o.metadata?.name),
    ...(o.metadata?.namespace ? [field('Namespace', o.metadata.namespace)] : []),
  ];
  let body: string[];
  if (kind === 'Pod') body = podLines(o);
  else if (kind === 'Deployment')
    body = [field('CreationTimestamp', DATE(o.metadata.creationTimestamp)), ...deploymentLines(o)];
  else if (kind === 'Service') body = serviceLines(o);
  else {
    const { metadata, apiVersion: _a, kind: _k, ...rest } = o;
    body = [
      ...map('Labels', metadata?.labels),
      ...map('Annotations', metadata?.annotations),
      field('CreationTimestamp', DATE(metadata?.creationTimestamp)),
      ...dump(rest, { lineWidth: -1 }).trimEnd().split('\n'),
    ];
  }
  return [...head, ...body, ...events(objectEvents, now)];
}

/** The object as YAML; managedFields are noise for people and hidden unless asked for. */
export function yamlLines(o: KubeObject, showManagedFields = false): string[] {
  const copy = structuredClone(o);
  if (!showManagedFields && copy.metadata) delete copy.metadata.managedFields;
  return dump(copy, { lineWidth: -1, noRefs: true }).trimEnd().split('\n');
}
