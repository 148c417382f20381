// What the kinds that own pods through a template share (Deployment, ReplicaSet, and the
// others in apps/ and batch/): template defaults, the selector-matches-template check,
// the wide columns, and the template's warnings.
import type { Column, FieldError } from '../kind-info.js';
import { labelSelectorFromObject, selectorString } from '../selectors.js';
import type { Obj } from '../types.js';
import { col } from './columns.js';
import { defaultPodSpec, nodeLabelWarnings } from './pod-spec.js';

/** spec.template defaulted as a pod's spec is; `replicas` for the kinds that have them. */
export function defaultTemplate(o: Obj, opts: { replicas?: boolean } = {}): void {
  o.spec ??= {};
  if (opts.replicas) o.spec.replicas ??= 1;
  o.spec.template ??= {};
  o.spec.template.metadata ??= {};
  // A Go client sends a template's zero creationTimestamp as null; the server stores none.
  if (o.spec.template.metadata.creationTimestamp === null)
    delete o.spec.template.metadata.creationTimestamp;
  o.spec.template.spec ??= {};
  defaultPodSpec(o.spec.template.spec);
  o.status ??= {};
}

export function validReplicas(replicas: unknown, field = 'spec.replicas'): FieldError[] {
  return Number.isInteger(replicas) && (replicas as number) >= 0
    ? []
    : [
        {
          field,
          type: 'FieldValueInvalid',
          message: `Invalid value: ${replicas}: must be greater than or equal to 0`,
        },
      ];
}

/** A selector that selects the template's own labels, and at least one container. */
export function validTemplate(o: Obj, at = 'spec'): FieldError[] {
  const spec = at.split('.').reduce<Obj | undefined>((x, k) => x?.[k], o);
  if (!spec?.selector)
    return [{ field: `${at}.selector`, type: 'FieldValueRequired', message: 'Required value' }];
  if (!labelSelectorFromObject(spec.selector)(spec.template?.metadata?.labels))
    return [
      {
        field: `${at}.template.metadata.labels`,
        type: 'FieldValueInvalid',
        message: 'Invalid value: map[string]string{}: `selector` does not match template `labels`',
      },
    ];
  if (!(spec.template?.spec?.containers ?? []).length)
    return [
      {
        field: `${at}.template.spec.containers`,
        type: 'FieldValueRequired',
        message: 'Required value',
      },
    ];
  return [];
}

const templateContainers = (t: Obj | undefined) => (t?.spec?.containers ?? []) as Obj[];

export const containerColumns: Column[] = [
  col('Containers', 'Names of each container in the template.', 1),
  col('Images', 'Images referenced by each container in the template.', 1),
];

export const containerCells = (template: Obj | undefined) => [
  templateContainers(template)
    .map((c) => c.name)
    .join(','),
  templateContainers(template)
    .map((c) => c.image)
    .join(','),
];

export const selectorColumn = (description = 'Label selector for pods.') =>
  col('Selector', description, 1);

/** metav1.FormatLabelSelector: `<none>` for no selector at all. */
export const selectorCell = (selector: Obj | undefined) => selectorString(selector) || '<none>';

/**
 * A pod template warns on create and on an update that moved the generation (a spec change:
 * scale, rollout restart), not on a no-op apply or a status write.
 */
export function templateWarnings(o: Obj, old: Obj | undefined, template: Obj | undefined) {
  if (old && old.metadata?.generation === o.metadata?.generation) return [];
  return nodeLabelWarnings(template?.spec, 'spec.template.');
}
