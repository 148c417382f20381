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

export const replicasets: ObjectKind = defineResource({
  name: 'replicasets',
  kind: 'ReplicaSet',
  group: 'apps',
  version: 'v1',
  namespaced: true,
  aliases: ['rs', 'replicaset'],
  columns: [
    NAME,
    { name: 'DESIRED', priority: 0, align: 'right' },
    { name: 'CURRENT', priority: 0, align: 'right' },
    { name: 'READY', priority: 0, align: 'right' },
    AGE,
  ],
  toRow(o) {
    const want = o.spec?.replicas ?? 1;
    const ready = o.status?.readyReplicas ?? 0;
    return {
      ...baseRow(o),
      cells: [o.metadata.name, want, o.status?.replicas ?? 0, ready, created(o)],
      health: ready === want ? (want === 0 ? 'neutral' : 'ok') : 'pending',
      selector: selectorString(o.spec?.selector),
      replicas: want,
    };
  },
  drill: podsOfSelector,
});
