// CustomResourceDefinition (apiextensions.k8s.io/v1): the apiextensions-apiserver's
// registry. Its status is written at once (names accepted, established); the kinds it
// defines are served by custom-resources.ts while it exists.
import { type KindInfo, RW, statusSubresource } from '../kind-info.js';
import { nowIso } from '../store.js';
import type { Obj } from '../types.js';

/** The finalizer that holds a deleted CRD until its custom resources are gone. */
export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

const condition = (type: string, reason: string, message: string) => ({
  type,
  status: 'True',
  lastTransitionTime: nowIso(),
  reason,
  message,
});

export const customresourcedefinitions: KindInfo = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  kind: 'CustomResourceDefinition',
  singular: 'customresourcedefinition',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  verbs: RW,
  categories: ['api-extensions'],
  subresources: [statusSubresource('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition')],
  defaults(o) {
    o.spec ??= {};
    const s = o.spec;
    s.names ??= {};
    s.names.singular ??= String(s.names.kind ?? '').toLowerCase();
    s.names.listKind ??= `${s.names.kind}List`;
    s.conversion ??= { strategy: 'None' };
    const f: string[] = o.metadata.finalizers ?? [];
    if (!f.includes(CRD_CLEANUP_FINALIZER)) o.metadata.finalizers = [...f, CRD_CLEANUP_FINALIZER];
    if (!o.status?.conditions) {
      o.status = {
        acceptedNames: s.names,
        conditions: [
          condition('NamesAccepted', 'NoConflicts', 'no conflicts found'),
          condition('Established', 'InitialNamesAccepted', 'the initial names have been accepted'),
        ],
        storedVersions: (s.versions ?? []).filter((v: Obj) => v.storage).map((v: Obj) => v.name),
      };
    }
  },
  validate(o) {
    const s = o.spec ?? {};
    const errors = [];
    if (!s.group)
      errors.push({ field: 'spec.group', type: 'FieldValueRequired', message: 'Required value' });
    if (!s.names?.plural)
      errors.push({
        field: 'spec.names.plural',
        type: 'FieldValueRequired',
        message: 'Required value',
      });
    if (!s.names?.kind)
      errors.push({
        field: 'spec.names.kind',
        type: 'FieldValueRequired',
        message: 'Required value',
      });
    if (s.scope !== 'Namespaced' && s.scope !== 'Cluster')
      errors.push({
        field: 'spec.scope',
        type: 'FieldValueNotSupported',
        message: `Unsupported value: "${s.scope ?? ''}": supported values: "Cluster", "Namespaced"`,
      });
    if (s.group && s.names?.plural && o.metadata.name !== `${s.names.plural}.${s.group}`)
      errors.push({
        field: 'metadata.name',
        type: 'FieldValueInvalid',
        message: `Invalid value: "${o.metadata.name}": must be spec.names.plural+"."+spec.group`,
      });
    const versions: Obj[] = s.versions ?? [];
    if (versions.filter((v) => v.storage).length !== 1)
      errors.push({
        field: 'spec.versions',
        type: 'FieldValueInvalid',
        message: `Invalid value: ${JSON.stringify(versions)}: must have exactly one version marked as storage version`,
      });
    return errors;
  },
};
