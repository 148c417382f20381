// The images of the kinds that run pods, and the patch `kubectl set image` sends to change
// them: a strategic merge patch naming each container by name (k8s.io/kubectl
// pkg/cmd/set/set_image.go, through polymorphichelpers' UpdatePodSpecForObject).
import type { KubeObject, ResourceDef } from './types.js';

/** Where a kind keeps its pod spec, as kubectl's UpdatePodSpecForObject finds it. */
const POD_SPEC: Record<string, string[]> = {
  Pod: ['spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
const TEMPLATE_SPEC = ['spec', 'template', 'spec'];

/** The kinds `i` sets images on (plural names): every kind kubectl set image takes. */
export const HAS_POD_SPEC = [
  'pods',
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'replicationcontrollers',
];

export interface ContainerImage {
  name: string;
  image: string;
  /** An init container (spec.initContainers). */
  init: boolean;
}

const specPath = (kind: string) => POD_SPEC[kind] ?? TEMPLATE_SPEC;

/** The containers of an object's pod spec with their images, init containers first. */
export function containerImages(kind: string, obj: KubeObject): ContainerImage[] {
  let spec: KubeObject | undefined = obj;
  for (const k of specPath(kind)) spec = spec?.[k];
  const list = (items: unknown, init: boolean): ContainerImage[] =>
    (Array.isArray(items) ? items : []).map((c: KubeObject) => ({
      name: String(c?.name ?? ''),
      image: String(c?.image ?? ''),
      init,
    }));
  return [...list(spec?.initContainers, true), ...list(spec?.containers, false)];
}

/**
 * The strategic merge patch that sets `changed` images (containers merge by name), with the
 * uid the user chose: uid is immutable, so a namesake made since is refused (422) rather than
 * changed (as rollout restart's patch: kube/actions.ts).
 */
export function imagePatch(kind: string, uid: string, changed: ContainerImage[]): KubeObject {
  const spec: KubeObject = {};
  const of = (init: boolean) =>
    changed.filter((c) => c.init === init).map((c) => ({ name: c.name, image: c.image }));
  if (of(true).length) spec.initContainers = of(true);
  if (of(false).length) spec.containers = of(false);
  let body: KubeObject = spec;
  for (const k of [...specPath(kind)].reverse()) body = { [k]: body };
  return { ...body, metadata: { uid } };
}

/** An object as kubectl names it in its results: `deployment.apps/web`, `pod/web-1`. */
export const kubectlName = (def: Pick<ResourceDef, 'kind' | 'group'>, name: string) =>
  `${def.kind.toLowerCase()}${def.group ? `.${def.group}` : ''}/${name}`;
