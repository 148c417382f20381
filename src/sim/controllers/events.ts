// Records Events as the real components do (kubelet, scheduler, controllers), folding
// repeats into one Event with a count, and keeping at most a bounded number.
import { randomBytes } from 'node:crypto';
import type { Cluster } from '../cluster.js';
import { kindOf } from '../kinds.js';
import { nowIso } from '../store.js';
import type { Obj } from '../types.js';

const EVENT = kindOf('Event');

export class EventRecorder {
  private readonly byKey = new Map<string, { namespace: string; name: string }>();
  private readonly order: string[] = [];

  constructor(
    private readonly cluster: Cluster,
    private readonly max = 2000,
  ) {}

  record(
    obj: Obj,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: { component: string; host?: string },
    fieldPath?: string,
  ): void {
    const m = obj.metadata;
    const namespace = m.namespace ?? 'default';
    const key = `${m.uid}|${reason}|${message}`;
    const now = nowIso();
    const known = this.byKey.get(key);
    if (known && this.cluster.store.get(EVENT, known.namespace, known.name)) {
      this.cluster.store.mutate(EVENT, known.namespace, known.name, (e) => {
        e.count = (e.count ?? 1) + 1;
        e.lastTimestamp = now;
      });
      return;
    }
    const name = `${m.name}.${randomBytes(8).toString('hex')}`;
    this.cluster.store.create(EVENT, {
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name, namespace },
      involvedObject: {
        kind: obj.kind,
        namespace: m.namespace,
        name: m.name,
        uid: m.uid,
        apiVersion: obj.apiVersion,
        resourceVersion: m.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    });
    this.byKey.set(key, { namespace, name });
    this.order.push(key);
    while (this.order.length > this.max) {
      const oldKey = this.order.shift()!;
      const old = this.byKey.get(oldKey);
      this.byKey.delete(oldKey);
      const e = old && this.cluster.store.get(EVENT, old.namespace, old.name);
      if (e) this.cluster.store.remove(EVENT, e);
    }
  }
}
