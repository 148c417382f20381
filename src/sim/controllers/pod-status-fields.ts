// The pod status fields the kubelet writes: conditions (with their transition times),
// waiting container statuses, container IDs.
import { nowIso } from '../store.js';
import type { Obj } from '../types.js';

const condition = (type: string, status: boolean, reason?: string, message?: string) => ({
  type,
  status: status ? 'True' : 'False',
  lastProbeTime: null,
  lastTransitionTime: nowIso(),
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

export function setCondition(
  pod: Obj,
  type: string,
  status: boolean,
  reason?: string,
  message?: string,
): void {
  pod.status.conditions ??= [];
  const list: Obj[] = pod.status.conditions;
  const i = list.findIndex((c) => c.type === type);
  const value = status ? 'True' : 'False';
  if (i >= 0 && list[i].status === value) return;
  const c = condition(type, status, reason, message);
  if (i >= 0) list[i] = c;
  else list.push(c);
}

export const waiting = (c: Obj, reason: string, message?: string) => ({
  name: c.name,
  state: { waiting: { reason, ...(message ? { message } : {}) } },
  lastState: {},
  ready: false,
  restartCount: 0,
  image: c.image,
  imageID: '',
  started: false,
});

export function containerID(pod: Obj, name: string, restart: number): string {
  const seed = `${pod.metadata.uid}${name}${restart}`.replaceAll('-', '');
  return `containerd://${(seed + seed).slice(0, 64)}`;
}
