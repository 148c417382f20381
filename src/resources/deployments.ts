import { selectorString } from '../util/label-selector.js';
import { rolloutStatus } from './rollout.js';
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
    // kdeck's own: where the rollout is, in kubectl rollout status's terms (rollout.ts).
    { name: 'ROLLOUT', priority: 1 },
  ],
  toRow(o) {
    const want = o.spec?.replicas ?? 1;
    const ready = o.status?.readyReplicas ?? 0;
    const rollout = rolloutStatus(o);
    return {
      ...baseRow(o),
      cells: [
        o.metadata.name,
        `${ready}/${want}`,
        o.status?.updatedReplicas ?? 0,
        o.status?.availableReplicas ?? 0,
        created(o),
        rollout.cell,
      ],
      health:
        rollout.stalled || (ready === 0 && want > 0)
          ? 'failing'
          : ready === want && rollout.done
            ? 'ok'
            : 'pending',
      selector: selectorString(o.spec?.selector),
      replicas: want,
    };
  },
  drill: podsOfSelector,
});
