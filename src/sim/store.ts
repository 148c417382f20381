// The simulated cluster's storage: objects per kind, one global resourceVersion counter (as
// etcd's revision), and a bounded history of events per kind so that a watch can start at an
// older resourceVersion, as the real watch cache allows, or be told it is too old (410).
import { randomUUID } from 'node:crypto';
import type { KindInfo } from './kind-info.js';
import type { EventType, Obj } from './types.js';

export interface StoredEvent {
  type: EventType;
  rv: number;
  object: Obj;
  /** The object before a MODIFIED, so watches with selectors can turn it into ADDED/DELETED. */
  prev?: Obj;
  /** The event's JSON line, made once and shared by every plain-JSON watcher. */
  line?: string;
}

export type Listener = (event: StoredEvent) => void;

const FIRST_RV = 1000;

class History {
  private buf: StoredEvent[];
  private head = 0;
  private size = 0;
  /**
   * Events with rv at or below this one are gone; a watch from before it gets 410. Nothing
   * before the simulator started can be replayed (a real server's etcd compacts its history
   * every 5 minutes, so an old resourceVersion such as "1" gets 410 there too).
   */
  compactedThrough = FIRST_RV;

  constructor(readonly capacity: number) {
    // Grown as events come (indexes are filled in order until it is full): most kinds never
    // see more than a few events, and a buffer of the full capacity for each would be wasted.
    this.buf = [];
  }

  push(e: StoredEvent): void {
    if (this.size === this.capacity) {
      this.compactedThrough = this.buf[this.head].rv;
      this.head = (this.head + 1) % this.capacity;
      this.size--;
    }
    this.buf[(this.head + this.size) % this.capacity] = e;
    this.size++;
  }

  /** Events after `rv`, oldest first; undefined when `rv` is older than what is kept. */
  since(rv: number): StoredEvent[] | undefined {
    if (rv < this.compactedThrough) return undefined;
    const out: StoredEvent[] = [];
    for (let i = this.size - 1; i >= 0; i--) {
      const e = this.buf[(this.head + i) % this.capacity];
      if (e.rv <= rv) break;
      out.push(e);
    }
    return out.reverse();
  }

  compact(throughRv: number): void {
    this.head = 0;
    this.size = 0;
    this.compactedThrough = throughRv;
  }
}

class KindStore {
  readonly objects = new Map<string, Obj>();
  /** The same objects by namespace: controllers list one namespace of 100,000 load pods. */
  readonly byNamespace = new Map<string, Map<string, Obj>>();
  /**
   * The objects' keys in etcd's order, kept between lists until one is added or deleted: a
   * list of 100,000 pods sorted for each page would make a paged list quadratic.
   */
  order: string[] | undefined;
  /** The newest resourceVersion of this kind: what the real server's watch cache is at. */
  rv = 0;
  readonly listeners = new Set<Listener>();
  constructor(readonly history: History) {}
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Whether objects of a kind count their spec's generations (all but Events and Endpoints here). */
export const hasGeneration = (k: KindInfo) => k.kind !== 'Event' && k.kind !== 'Endpoints';

/** The last second formatted: a metrics answer stamps 100,000 pods with the same one. */
let isoSecond = Number.NaN;
let isoText = '';

export function nowIso(ms = Date.now()): string {
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoText = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    isoSecond = second;
  }
  return isoText;
}

export class ObjectStore {
  private rv = FIRST_RV;
  /** By group and resource: every served version of a kind reads the same objects. */
  private readonly kinds = new Map<string, KindStore>();

  /**
   * Events kept per kind: the real server's watch cache grows to 100 × 1024 events (to keep
   * 75 s of history). Fewer, and a watch started after a long list at a high rate of change
   * (100,000 pods at 2,000 changes/s) is refused with 410 where the real server would serve it,
   * and a client relists for ever.
   */
  constructor(private readonly historySize = 100 * 1024) {}

  private of(k: KindInfo): KindStore {
    const key = `${k.group}/${k.resource}`;
    let s = this.kinds.get(key);
    if (!s) {
      s = new KindStore(new History(this.historySize));
      this.kinds.set(key, s);
    }
    return s;
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  /** The resourceVersion of the last change to any object of the kind (0: none yet). */
  kindResourceVersion(k: KindInfo): number {
    return this.of(k).rv;
  }

  get(k: KindInfo, namespace: string | undefined, name: string): Obj | undefined {
    return this.of(k).objects.get(objectKey(k.namespaced ? namespace : undefined, name));
  }

  /** Every object of a kind, optionally in one namespace; the caller must not mutate them. */
  list(k: KindInfo, namespace?: string): Obj[] {
    const s = this.of(k);
    if (!namespace) return [...s.objects.values()];
    return [...(s.byNamespace.get(namespace)?.values() ?? [])];
  }

  /** Every object of a kind in the order etcd keeps them (namespace, then name). */
  ordered(k: KindInfo, namespace?: string): Obj[] {
    const s = this.of(k);
    if (namespace) {
      const inNamespace = s.byNamespace.get(namespace);
      return inNamespace
        ? [...inNamespace.keys()].sort().map((key) => inNamespace.get(key) as Obj)
        : [];
    }
    s.order ??= [...s.objects.keys()].sort();
    return s.order.map((key) => s.objects.get(key) as Obj);
  }

  count(k: KindInfo): number {
    return this.of(k).objects.size;
  }

  /** Stores a new object: uid, creationTimestamp, generation and resourceVersion are set here. */
  create(k: KindInfo, obj: Obj): Obj {
    const m = obj.metadata;
    m.uid ??= randomUUID();
    m.creationTimestamp ??= nowIso();
    if (hasGeneration(k)) m.generation = 1;
    return this.commit(k, 'ADDED', obj);
  }

  /** Replaces an object with a new version (the caller made a copy; stored ones are never mutated). */
  update(k: KindInfo, obj: Obj): Obj {
    return this.commit(k, 'MODIFIED', obj);
  }

  remove(k: KindInfo, obj: Obj): Obj {
    return this.commit(k, 'DELETED', structuredClone(obj));
  }

  /**
   * Applies `change` to a copy of the stored object and commits it if anything changed.
   * Returns the stored version, changed or not; undefined if the object is gone.
   */
  mutate(
    k: KindInfo,
    namespace: string | undefined,
    name: string,
    change: (o: Obj) => void,
  ): Obj | undefined {
    const cur = this.get(k, namespace, name);
    if (!cur) return undefined;
    const next = structuredClone(cur);
    change(next);
    if (JSON.stringify(next) === JSON.stringify(cur)) return cur;
    return this.update(k, next);
  }

  private commit(k: KindInfo, type: EventType, obj: Obj): Obj {
    const s = this.of(k);
    const key = objectKey(obj.metadata.namespace, obj.metadata.name);
    const prev = s.objects.get(key);
    const rv = ++this.rv;
    s.rv = rv;
    obj.metadata.resourceVersion = String(rv);
    const ns = obj.metadata.namespace ?? '';
    let inNamespace = s.byNamespace.get(ns);
    if (!inNamespace) {
      inNamespace = new Map();
      s.byNamespace.set(ns, inNamespace);
    }
    if (type === 'DELETED') {
      s.objects.delete(key);
      inNamespace.delete(key);
    } else {
      s.objects.set(key, obj);
      inNamespace.set(key, obj);
    }
    if (!prev || type === 'DELETED') s.order = undefined;
    const event: StoredEvent = { type, rv, object: obj, ...(type === 'MODIFIED' ? { prev } : {}) };
    s.history.push(event);
    for (const l of s.listeners) l(event);
    return obj;
  }

  watch(k: KindInfo, listener: Listener): () => void {
    const s = this.of(k);
    s.listeners.add(listener);
    return () => s.listeners.delete(listener);
  }

  eventsSince(k: KindInfo, rv: number): StoredEvent[] | undefined {
    return this.of(k).history.since(rv);
  }

  /** The oldest resourceVersion a watch may still start from (for the 410 message). */
  compactedThrough(k: KindInfo): number {
    return this.of(k).history.compactedThrough;
  }

  /** Forgets every kind's history, so every watch resuming from a known version gets 410. */
  compactAll(): void {
    for (const s of this.kinds.values()) s.history.compact(this.rv);
  }
}
