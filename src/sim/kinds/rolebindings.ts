// RoleBinding (rbac.authorization.k8s.io/v1): pkg/registry/rbac/rolebinding.
import { type KindInfo, RW } from '../kind-info.js';
import type { Obj } from '../types.js';
import { age, ageColumn, col, nameColumn } from './columns.js';

/** printers.go's subject lists: users, groups, and service accounts as namespace/name. */
function subjects(b: Obj, kind: string): string {
  return ((b.subjects ?? []) as Obj[])
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');
}

export const rolebindings: KindInfo = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  resource: 'rolebindings',
  kind: 'RoleBinding',
  singular: 'rolebinding',
  namespaced: true,
  shortNames: [],
  verbs: RW,
  subresources: [],
  validate: (o) =>
    o.roleRef?.name && o.roleRef?.kind
      ? []
      : [{ field: 'roleRef.name', type: 'FieldValueRequired', message: 'Required value' }],
  printer: {
    columns: [
      nameColumn,
      col(
        'Role',
        'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
      ),
      ageColumn,
      col('Users', 'Users in the roleBinding', 1),
      col('Groups', 'Groups in the roleBinding', 1),
      col('ServiceAccounts', 'ServiceAccounts in the roleBinding', 1),
    ],
    cells: (b, now) => [
      b.metadata.name,
      `${b.roleRef?.kind}/${b.roleRef?.name}`,
      age(b, now),
      subjects(b, 'User'),
      subjects(b, 'Group'),
      subjects(b, 'ServiceAccount'),
    ],
  },
};
