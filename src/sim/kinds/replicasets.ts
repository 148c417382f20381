// ReplicaSet (apps/v1): pkg/registry/apps/replicaset.
import { type KindInfo, RW, scaleSubresource, statusSubresource } from '../kind-info.js';
import { age, ageColumn, col, nameColumn } from './columns.js';
import {
  containerCells,
  containerColumns,
  defaultTemplate,
  immutableSelector,
  selectorCell,
  selectorColumn,
  templateWarnings,
  validReplicas,
  validTemplate,
} from './workload.js';

export const replicasets: KindInfo = {
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
  kind: 'ReplicaSet',
  singular: 'replicaset',
  namespaced: true,
  shortNames: ['rs'],
  verbs: RW,
  categories: ['all'],
  subresources: [scaleSubresource, statusSubresource('apps', 'v1', 'ReplicaSet')],
  defaults: (o) => defaultTemplate(o, { replicas: true }),
  validateUpdate: immutableSelector,
  validate: (o) => {
    const replicas = validReplicas(o.spec?.replicas);
    return replicas.length ? replicas : validTemplate(o);
  },
  warnings: (o, old) => templateWarnings(o, old, o.spec?.template),
  printer: {
    columns: [
      nameColumn,
      col('Desired', 'Number of desired pods.', 0, 'integer'),
      col('Current', 'Number of actual replicas.', 0, 'integer'),
      col('Ready', 'The number of ready replicas for this replica set.', 0, 'integer'),
      ageColumn,
      ...containerColumns,
      selectorColumn(),
    ],
    cells: (rs, now) => [
      rs.metadata.name,
      rs.spec?.replicas ?? 1,
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      age(rs, now),
      ...containerCells(rs.spec?.template),
      selectorCell(rs.spec?.selector),
    ],
  },
};
