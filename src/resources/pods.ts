import { podStatusReason } from '../util/pod-status.js';
import {
  AGE,
  baseRow,
  created,
  defineResource,
  type Health,
  NAME,
  type ResourceDef,
} from './types.js';

function health(reason: string, ready: number, total: number): Health {
  if (reason === 'Terminating') return 'terminating';
  if (reason === 'Running' || reason === 'Completed' || reason === 'Succeeded')
    return ready === total || reason !== 'Running' ? 'ok' : 'pending';
  if (
    reason === 'Pending' ||
    reason === 'ContainerCreating' ||
    reason === 'PodInitializing' ||
    (reason.startsWith('Init:') && /^Init:\d+\/\d+$/.test(reason))
  )
    return 'pending';
  return 'failing';
}

export const pods: ResourceDef = defineResource({
  name: 'pods',
  kind: 'Pod',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['po', 'pod'],
  columns: [
    NAME,
    { name: 'READY', priority: 0 },
    { name: 'STATUS', priority: 0 },
    // Always shown, as kubectl does: a crash-looping pod is told by its restarts, and at 80
    // columns the name gives up a few cells rather than RESTARTS going (AGE goes first).
    { name: 'RESTARTS', priority: 0, align: 'right' },
    AGE,
    { name: 'IP', priority: 3 },
    { name: 'NODE', priority: 4 },
  ],
  toRow(o) {
    const s = podStatusReason(o);
    return {
      ...baseRow(o),
      cells: [
        o.metadata.name,
        `${s.ready}/${s.total}`,
        s.reason,
        {
          restarts: s.restarts,
          ...(s.lastRestart ? { lastRestart: Date.parse(s.lastRestart) } : {}),
        },
        created(o),
        o.status?.podIP || '<none>',
        o.spec?.nodeName || '<none>',
      ],
      health: health(s.reason, s.ready, s.total),
    };
  },
});
