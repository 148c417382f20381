// Where Enter and J lead when the row alone cannot say: a workload's pods from its selector
// (a StatefulSet's or DaemonSet's Table row does not carry it), an object's owner (its
// controller ownerReference), and a pod's containers. Each reads an object fetched the moment
// the key is pressed: rows keep no objects.
import type { Column, KubeObject, Row } from '../resources/index.js';
import { inertRow } from '../resources/types.js';
import { selectorString } from '../util/label-selector.js';
import type { ViewSpec } from './navigation.js';

/** The pods view of an object with a pod selector (spec.selector), if it has one. */
export function podsOfObject(obj: KubeObject): ViewSpec | undefined {
  const sel = obj.spec?.selector;
  // A Service's selector is a map; a workload's a LabelSelector.
  const text =
    sel && (sel.matchLabels || sel.matchExpressions)
      ? selectorString(sel)
      : sel && typeof sel === 'object'
        ? Object.entries(sel)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')
        : '';
  return text
    ? { resource: 'pods', namespace: obj.metadata?.namespace, labelSelector: text }
    : undefined;
}

/** The view of an object's controller, and its uid to select there; undefined: it has none. */
export function ownerOf(
  obj: KubeObject,
): { view: ViewSpec; uid: string; name: string } | undefined {
  const ref = (obj.metadata?.ownerReferences ?? []).find((o: KubeObject) => o?.controller === true);
  if (!ref?.kind || !ref.uid) return undefined;
  const slash = String(ref.apiVersion ?? '').indexOf('/');
  const group = slash < 0 ? '' : String(ref.apiVersion).slice(0, slash);
  // `ReplicaSet.apps`: the registry knows a kind by its name and group, as kubectl does.
  const resource = group ? `${ref.kind}.${group}` : String(ref.kind);
  return { view: { resource, namespace: obj.metadata?.namespace }, uid: ref.uid, name: ref.name };
}

export const CONTAINER_COLUMNS: Column[] = [
  { name: 'NAME', priority: 0 },
  { name: 'IMAGE', priority: 0 },
  { name: 'STATE', priority: 0 },
  { name: 'READY', priority: 0 },
  { name: 'RESTARTS', priority: 0, align: 'right' },
  { name: 'PORTS', priority: 1 },
];

/** A pod's containers as rows (init containers first, as they run), for the containers view. */
export function containerRows(pod: KubeObject): Row[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const statuses = new Map<string, KubeObject>(
    [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])].map(
      (s: KubeObject) => [s.name, s],
    ),
  );
  const list: [KubeObject, boolean][] = [
    ...(spec.initContainers ?? []).map((c: KubeObject): [KubeObject, boolean] => [c, true]),
    ...(spec.containers ?? []).map((c: KubeObject): [KubeObject, boolean] => [c, false]),
  ];
  return list.map(([c, init]) => {
    const s = statuses.get(c.name);
    const ports = (c.ports ?? [])
      .map(
        (p: KubeObject) => `${p.name ? `${p.name}:` : ''}${p.containerPort}/${p.protocol ?? 'TCP'}`,
      )
      .join(',');
    const st = stateOf(s);
    return inertRow({
      uid: `${pod.metadata?.uid}/${c.name}`,
      name: c.name,
      resourceVersion: '',
      cells: [
        init ? `${c.name} (init)` : c.name,
        String(c.image ?? ''),
        st,
        s?.ready ? 'true' : 'false',
        Number(s?.restartCount ?? 0),
        ports,
      ],
      health:
        st === 'Running' && s?.ready
          ? 'ok'
          : st === 'Running' || st === 'Completed'
            ? 'neutral'
            : st === 'Waiting' || st === 'ContainerCreating' || st === 'PodInitializing'
              ? 'pending'
              : 'failing',
    });
  });
}

function stateOf(s: KubeObject | undefined): string {
  if (!s?.state) return 'Waiting';
  if (s.state.running) return 'Running';
  if (s.state.waiting) return String(s.state.waiting.reason ?? 'Waiting');
  if (s.state.terminated) return String(s.state.terminated.reason ?? 'Terminated');
  return 'Waiting';
}
