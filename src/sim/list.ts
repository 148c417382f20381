// LIST: selectors, pagination with limit/continue over one consistent snapshot (same
// resourceVersion on every page), 410 Expired with a fresh token when a token is too old.
import { randomUUID } from 'node:crypto';
import type { KindInfo } from './kind-info.js';
import { parseFieldSelector, parseLabelSelector } from './selectors.js';
import { badRequest, expired } from './status.js';
import { type ObjectStore, objectKey } from './store.js';
import type { Obj } from './types.js';

export interface Filter {
  namespace?: string;
  labelSelector?: string | null;
  fieldSelector?: string | null;
}

export function matcher(f: Filter): (o: Obj) => boolean {
  const labels = parseLabelSelector(f.labelSelector);
  const fields = parseFieldSelector(f.fieldSelector);
  return (o) =>
    (!f.namespace || o.metadata.namespace === f.namespace) &&
    labels(o.metadata.labels) &&
    fields(o);
}

const keyOf = (o: Obj) => objectKey(o.metadata.namespace, o.metadata.name);

/** Current objects matching a filter, in the order etcd keeps them (namespace, then name). */
export function select(store: ObjectStore, k: KindInfo, f: Filter): Obj[] {
  const match = matcher(f);
  return store.ordered(k, f.namespace).filter(match);
}

interface Snapshot {
  items: Obj[];
  rv: string;
  expires: number;
}

interface Token {
  s: string; // snapshot id
  o: number; // offset of the next item
  k: string; // key of the last item sent, to continue after it once the snapshot is gone
  rv: string;
}

const encode = (t: Token) => Buffer.from(JSON.stringify(t)).toString('base64url');
function decode(text: string): Token {
  const invalid = (why: string) =>
    badRequest(`invalid continue token: continue key is not valid${why ? `: ${why}` : ''}`);
  // Go's base64.RawURLEncoding is strict where Buffer is lenient: say what Go would.
  const bad = text.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0 || text.length % 4 === 1)
    throw invalid(`illegal base64 data at input byte ${bad >= 0 ? bad : text.length - 1}`);
  const bytes = Buffer.from(text, 'base64url');
  let t: Token;
  try {
    t = JSON.parse(bytes.toString('latin1'));
  } catch {
    throw invalid(goJsonError(bytes));
  }
  if (typeof t?.s === 'string' && typeof t.o === 'number') return t;
  throw invalid('server does not recognize this encoded version');
}

/** encoding/json's complaint about the first byte it cannot start a value with. */
function goJsonError(bytes: Buffer): string {
  const first = bytes.find((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  if (first === undefined) return 'unexpected end of JSON input';
  const printable = (first >= 0x20 && first < 0x7f) || (first >= 0xa1 && first !== 0xad);
  const shown = printable
    ? String.fromCharCode(first)
    : `\\u${first.toString(16).padStart(4, '0')}`;
  return `invalid character '${shown}' looking for beginning of value`;
}

const EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export class Lister {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(
    private readonly store: ObjectStore,
    /** How long a continue token stays valid (the real server: about five minutes). */
    private readonly tokenTtlMs = 5 * 60_000,
  ) {}

  /** One page of a list: the items and the list metadata (resourceVersion, continue, remainingItemCount). */
  list(k: KindInfo, f: Filter, limit: number, cont: string | null): { items: Obj[]; meta: Obj } {
    this.sweep();
    const selected = Boolean(f.labelSelector || f.fieldSelector);
    if (cont) {
      const t = decode(cont);
      const snap = this.snapshots.get(t.s);
      if (snap) return this.pageOf(t.s, snap, t.o, limit, selected);
      // Too old: answer 410 with a token that continues after the last item sent, over a
      // new snapshot (the "inconsistent" continuation the real server offers).
      const fresh = this.take(k, f);
      const start = fresh.snap.items.findIndex((o) => keyOf(o) > t.k);
      const o = start < 0 ? fresh.snap.items.length : start;
      throw expired(EXPIRED_MESSAGE, {
        continue: encode({ s: fresh.id, o, k: t.k, rv: fresh.snap.rv }),
      });
    }
    const items = select(this.store, k, f);
    if (!limit || items.length <= limit) {
      return { items, meta: { resourceVersion: this.store.resourceVersion } };
    }
    const fresh = this.take(k, f, items);
    return this.pageOf(fresh.id, fresh.snap, 0, limit, selected);
  }

  private take(k: KindInfo, f: Filter, items = select(this.store, k, f)) {
    const id = randomUUID();
    const snap: Snapshot = {
      items,
      rv: this.store.resourceVersion,
      expires: Date.now() + this.tokenTtlMs,
    };
    this.snapshots.set(id, snap);
    return { id, snap };
  }

  private pageOf(id: string, snap: Snapshot, offset: number, limit: number, selected: boolean) {
    const end = limit ? offset + limit : snap.items.length;
    const items = snap.items.slice(offset, end);
    const remaining = snap.items.length - end;
    const meta: Obj = { resourceVersion: snap.rv };
    if (remaining > 0) {
      meta.continue = encode({ s: id, o: end, k: keyOf(items[items.length - 1]), rv: snap.rv });
      if (!selected) meta.remainingItemCount = remaining;
    } else this.snapshots.delete(id);
    return { items, meta };
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, s] of this.snapshots) if (s.expires < now) this.snapshots.delete(id);
  }

  /** Forgets every snapshot, so that every outstanding continue token is answered with 410. */
  expireTokens(): void {
    this.snapshots.clear();
  }
}
