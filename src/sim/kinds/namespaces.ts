// Namespace (core/v1): pkg/registry/core/namespace.
import { type KindInfo, statusSubresource } from '../kind-info.js';
import { age, ageColumn, col, nameColumn } from './columns.js';

export const namespaces: KindInfo = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  kind: 'Namespace',
  singular: 'namespace',
  namespaced: false,
  shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [statusSubresource('', 'v1', 'Namespace')],
  returnsDeletedObject: true,
  defaults(o) {
    o.metadata.labels = { ...o.metadata.labels, 'kubernetes.io/metadata.name': o.metadata.name };
    o.spec ??= { finalizers: ['kubernetes'] };
    o.status ??= { phase: 'Active' };
  },
  printer: {
    columns: [nameColumn, col('Status', 'The status of the namespace'), ageColumn],
    cells: (n, now) => [n.metadata.name, n.status?.phase ?? 'Active', age(n, now)],
  },
};
