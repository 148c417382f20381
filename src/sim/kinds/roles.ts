// Role (rbac.authorization.k8s.io/v1): no printer of its own, so Name and Created At.
import { type KindInfo, RW } from '../kind-info.js';

export const roles: KindInfo = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource: 'roles',
  kind: 'Role',
  singular: 'role',
  namespaced: true,
  shortNames: [],
  verbs: RW,
  subresources: [],
  validate: (o) =>
    (o.rules ?? []).flatMap((r: { verbs?: string[] }, i: number) =>
      (r.verbs ?? []).length
        ? []
        : [{ field: `rules[${i}].verbs`, type: 'FieldValueRequired', message: 'Required value' }],
    ),
};
