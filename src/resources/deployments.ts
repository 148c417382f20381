import { selectorString } from '../util/label-selector.js';
import {
  AGE,
  baseRow,
  created,
  defineResource,
  NAME,
  type ObjectKind,
  podsOfSelector,
} from './types.js';

export const deployments: ObjectKind = defineResource({
  name: 'deployments',
  kind: 'Deployment',
  group: 'apps',
  version: 'v1',
  namespaced: true,
  aliases: ['deploy', 'dp', 'deployment'],
  columns: [
    NAME,
    { name: 'READY', priority: 0 },
    { name: 'UP-TO-DATE', priority: 2, align: 'right' },
    { name: 'AVAILABLE', priority: 2, align: 'right' },
    AGE,
  ],
  toRow(o) {
    const want = o.spec?.replicas ?? 1;
    const ready = o.status?.readyReplicas ?? 0;
    return {
      ...baseRow(o),
      cells: [
        o.metadata.name,
        `${ready}/${want}`,
        o.status?.updatedReplicas ?? 0,
        o.status?.availableReplicas ?? 0,
        created(o),
      ],
      health: ready === want ? 'ok' : ready === 0 && want > 0 ? 'failing' : 'pending',
      selector: selectorString(o.spec?.selector),
      replicas: want,
    };
  },
  drill: podsOfSelector,
});
