// Deployment (apps/v1): pkg/registry/apps/deployment.
import { type KindInfo, RW, scaleSubresource, statusSubresource } from '../kind-info.js';
import { selectorString } from '../selectors.js';
import { age, ageColumn, col, nameColumn } from './columns.js';
import {
  containerCells,
  containerColumns,
  defaultTemplate,
  immutableSelector,
  selectorColumn,
  templateWarnings,
  validReplicas,
  validTemplate,
} from './workload.js';

export const deployments: KindInfo = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  kind: 'Deployment',
  singular: 'deployment',
  namespaced: true,
  shortNames: ['deploy'],
  verbs: RW,
  categories: ['all'],
  subresources: [scaleSubresource, statusSubresource('apps', 'v1', 'Deployment')],
  defaults(o) {
    defaultTemplate(o, { replicas: true });
    o.spec.strategy ??= {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
    };
    o.spec.revisionHistoryLimit ??= 10;
    o.spec.progressDeadlineSeconds ??= 600;
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
      // Declared as strings in printers.go, though the cells are numbers.
      col(
        'Up-to-date',
        'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
      ),
      col(
        'Available',
        'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
      ),
      ageColumn,
      ...containerColumns,
      selectorColumn(),
    ],
    cells: (d, now) => [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      age(d, now),
      ...containerCells(d.spec?.template),
      // printDeployment writes the selector as it is, empty or not.
      selectorString(d.spec?.selector),
    ],
  },
};
