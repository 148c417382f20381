// Pods as `kubectl get pods` shows them, read from the server's Table form: the cells the
// server printed and the pod's metadata beside them, never the whole pod (a pod object is ten
// times its row, and a big cluster has a hundred thousand). What this file adds to the
// server's row: IP and NODE shown by default (as k9s does), health colours from READY and
// STATUS, and RESTARTS as a number that sorts, with its "(5m ago)" ticking on.
import { parseHumanDuration } from '../util/duration.js';
import { AGE, type Cell, type Health, NAME, type ResourceDef } from './types.js';

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

/** kubectl's RESTARTS cell, `3` or `3 (5m12s ago)`, as a count and the time of the last. */
export function restartsCell(text: string, now: number): Cell {
  const m = /^(\d+)(?: \((\S+) ago\))?$/.exec(text);
  if (!m) return text;
  const ago = m[2] === undefined ? undefined : parseHumanDuration(m[2]);
  return { restarts: Number(m[1]), ...(ago === undefined ? {} : { lastRestart: now - ago }) };
}

export const pods: ResourceDef = {
  name: 'pods',
  kind: 'Pod',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['po', 'pod'],
  table: true,
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
    // kubectl's other -o wide columns, for Ctrl-W: declared here too, so that Ctrl-W typed
    // before the first pods arrive (with the server's columns) is not lost.
    { name: 'NOMINATED NODE', priority: 5, hidden: true },
    { name: 'READINESS GATES', priority: 6, hidden: true },
  ],
  refine(row, column, now) {
    const text = (name: string) => String(row.cells[column(name)] ?? '');
    const ready = /^(\d+)\/(\d+)$/.exec(text('READY'));
    const cells = [...row.cells];
    const restarts = column('RESTARTS');
    if (restarts >= 0) cells[restarts] = restartsCell(text('RESTARTS'), now);
    return {
      ...row,
      cells,
      health: health(text('STATUS'), Number(ready?.[1] ?? 0), Number(ready?.[2] ?? 0)),
    };
  },
};
