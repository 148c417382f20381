// DaemonSet (apps/v1): pkg/registry/apps/daemonset.
import { formatLabels } from '../../util/printers.js';
import { type KindInfo, RW, statusSubresource } from '../kind-info.js';
import { age, ageColumn, col, nameColumn } from './columns.js';
import {
  containerCells,
  containerColumns,
  defaultTemplate,
  immutableSelector,
  selectorCell,
  selectorColumn,
  templateWarnings,
  validTemplate,
} from './workload.js';

export const daemonsets: KindInfo = {
  group: 'apps',
  version: 'v1',
  resource: 'daemonsets',
  kind: 'DaemonSet',
  singular: 'daemonset',
  namespaced: true,
  shortNames: ['ds'],
  verbs: RW,
  categories: ['all'],
  subresources: [statusSubresource('apps', 'v1', 'DaemonSet')],
  defaults(o) {
    defaultTemplate(o);
    o.spec.updateStrategy ??= {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    };
    o.spec.revisionHistoryLimit ??= 10;
    // The strategy's PrepareForCreate: the template's generation, kept as an annotation.
    o.metadata.annotations = {
      ...o.metadata.annotations,
      'deprecated.daemonset.template.generation': String(o.metadata.generation ?? 1),
    };
  },
  validateUpdate: immutableSelector,
  validate: (o) => validTemplate(o),
  warnings: (o, old) => templateWarnings(o, old, o.spec?.template),
  printer: {
    columns: [
      nameColumn,
      col(
        'Desired',
        'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).',
        0,
        'integer',
      ),
      col(
        'Current',
        'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
        0,
        'integer',
      ),
      col(
        'Ready',
        'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.',
        0,
        'integer',
      ),
      col(
        'Up-to-date',
        'The total number of nodes that are running updated daemon pod',
        0,
        'integer',
      ),
      col(
        'Available',
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
        0,
        'integer',
      ),
      col(
        'Node Selector',
        "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node.",
      ),
      ageColumn,
      ...containerColumns,
      selectorColumn(
        "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels.",
      ),
    ],
    cells: (d, now) => [
      d.metadata.name,
      d.status?.desiredNumberScheduled ?? 0,
      d.status?.currentNumberScheduled ?? 0,
      d.status?.numberReady ?? 0,
      d.status?.updatedNumberScheduled ?? 0,
      d.status?.numberAvailable ?? 0,
      formatLabels(d.spec?.template?.spec?.nodeSelector),
      age(d, now),
      ...containerCells(d.spec?.template),
      selectorCell(d.spec?.selector),
    ],
  },
};
