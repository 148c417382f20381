// StatefulSet (apps/v1): pkg/registry/apps/statefulset.
import { type KindInfo, RW, scaleSubresource, statusSubresource } from '../kind-info.js';
import { age, ageColumn, col, nameColumn } from './columns.js';
import {
  containerCells,
  containerColumns,
  defaultTemplate,
  immutableSelector,
  templateWarnings,
  validReplicas,
  validTemplate,
} from './workload.js';

export const statefulsets: KindInfo = {
  group: 'apps',
  version: 'v1',
  resource: 'statefulsets',
  kind: 'StatefulSet',
  singular: 'statefulset',
  namespaced: true,
  shortNames: ['sts'],
  verbs: RW,
  categories: ['all'],
  subresources: [scaleSubresource, statusSubresource('apps', 'v1', 'StatefulSet')],
  defaults(o) {
    defaultTemplate(o, { replicas: true });
    o.spec.podManagementPolicy ??= 'OrderedReady';
    o.spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { partition: 0 } };
    o.spec.revisionHistoryLimit ??= 10;
    o.spec.persistentVolumeClaimRetentionPolicy ??= {
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    };
    for (const t of o.spec.volumeClaimTemplates ?? []) {
      t.apiVersion ??= 'v1';
      t.kind ??= 'PersistentVolumeClaim';
      t.spec ??= {};
      t.spec.volumeMode ??= 'Filesystem';
      t.status ??= { phase: 'Pending' };
    }
  },
  validateUpdate: immutableSelector,
  validate: (o) => {
    const replicas = validReplicas(o.spec?.replicas);
    return replicas.length ? replicas : validTemplate(o);
  },
  warnings: (o, old) => templateWarnings(o, old, o.spec?.template),
  printer: {
    columns: [
      nameColumn,
      col('Ready', 'Number of the pod with ready state'),
      ageColumn,
      ...containerColumns,
    ],
    cells: (s, now) => [
      s.metadata.name,
      `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`,
      age(s, now),
      ...containerCells(s.spec?.template),
    ],
  },
};
