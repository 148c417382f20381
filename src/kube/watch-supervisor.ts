// One list-then-watch loop per table (DESIGN.md, data flow step 1): list in pages, watch
// from the list's resourceVersion with bookmarks, relist on 410 or a resourceVersion the
// server has not reached, reconnect after errors with capped, jittered backoff, and ask a
// silent server whether it is still there. It never gives up and never throws; it reports
// its state to the sink, and after any interruption the sink converges to the server.
import type { KubeObject, Row, RowSink, WatchTarget } from '../resources/index.js';
import { kindKey } from '../resources/registry.js';
import {
  columnsFromTable,
  rowFromTable,
  type TableColumn,
  type TableRow,
} from '../resources/table-rows.js';
import { apiPath, type ListProgress } from '../resources/types.js';
import { type Backoff, backoffDelay, DEFAULT_BACKOFF, sleep } from './backoff.js';
import { type KubeClient, readAll } from './client.js';
import {
  isTooLargeResourceVersion,
  isUnauthorized,
  KubeError,
  networkError,
  statusError,
  statusObjectError,
} from './errors.js';

export interface SupervisorOptions {
  backoff?: Backoff;
  /**
   * No byte on the watch for this long: ask the server, cheaply, whether it is still there.
   * Silence alone proves nothing: a real server sends no bookmark while a kind is quiet
   * (measured against kube-apiserver 1.36, test/differential). Defaults to 15 s, so that with
   * `probeTimeoutMs` a frozen server shows as stale within about 25 s.
   */
  silenceMs?: number;
  /** How long that question may go unanswered before the server counts as gone (10 s). */
  probeTimeoutMs?: number;
  /** The first page of a list: small, so that the first rows come at once (500, as kubectl's). */
  pageSize?: number;
  /** The pages after it: larger, so that a big list takes fewer round trips (5,000). */
  laterPageSize?: number;
  /** Diagnostics (malformed objects skipped); nothing is said otherwise. */
  log?: (message: string) => void;
}

const FIRST_PAGE = 500;
/**
 * About 12 MB of JSON a page for a real pod's Table row with its metadata (2.3 KB), parsed
 * one page at a time; 21 round trips for 100,000 pods (the first page, then 20) rather than
 * kubectl's 200.
 */
const LATER_PAGES = 5000;

const expired = (e: unknown) => e instanceof KubeError && e.code === 410;
/**
 * Whether the server's resourceVersion is behind ours: its history was rewound (etcd restored
 * from a backup, a control plane recreated at the same address). resourceVersions are opaque
 * to clients in general, but every etcd-backed server gives its revision, a counter that
 * only grows; a server behind what we saw is not the one we saw. Anything else is not compared.
 */
export function rewound(server: unknown, ours: string): boolean {
  return (
    typeof server === 'string' &&
    /^\d+$/.test(server) &&
    /^\d+$/.test(ours) &&
    BigInt(server) < BigInt(ours)
  );
}

type Verdict = 'quiet' | 'rewound' | KubeError;

/** The Table form kubectl asks for, JSON as the fallback of a server without it. */
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

export class WatchSupervisor {
  private readonly stopper = new AbortController();
  private rv = '';
  /** Whether a list has completed: until then rows are shown as they come (list()). */
  private listed = false;
  /** How far a first list shown as it comes has got (until it completes). */
  private progress: ListProgress | undefined;
  /** A Table-form kind's column definitions, as the server last sent them. */
  private tableColumns: TableColumn[] = [];
  /** When the server was last heard from: a byte of the watch, a list page, a probe answered. */
  private heard = Date.now();
  /** Malformed events and list items skipped (no name or uid, not JSON, cannot be shown). */
  skipped = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly target: WatchTarget,
    private readonly sink: RowSink,
    private readonly opts: SupervisorOptions = {},
  ) {}

  start(): this {
    this.run().catch((e) => this.opts.log?.(`watch ${this.target.resource.name}: ${e}`));
    return this;
  }

  stop(): void {
    this.stopper.abort();
  }

  private query(extra: Record<string, string>): string {
    const q = new URLSearchParams(extra);
    // A Table-form kind: the rows' metadata, not whole objects, beside the cells.
    if (this.target.resource.table) q.set('includeObject', 'Metadata');
    if (this.target.labelSelector) q.set('labelSelector', this.target.labelSelector);
    return `${apiPath(this.target.resource, this.target.namespace)}?${q}`;
  }

  private async run(): Promise<void> {
    const stop = this.stopper.signal;
    const backoff = this.opts.backoff ?? DEFAULT_BACKOFF;
    let failures = 0;
    let quickEnds = 0;
    let relists = 0;
    let stale = false;
    this.sink.state({ phase: 'connecting' });
    while (!stop.aborted) {
      try {
        if (!this.rv) {
          if (!stale) this.sink.state({ phase: 'syncing' });
          await this.list(stale);
        }
        const started = Date.now();
        await this.watch(() => {
          failures = 0;
          relists = 0;
          stale = false;
          this.sink.state({ phase: 'live' });
        });
        // A server that keeps closing watches at once must not be hammered.
        if (Date.now() - started < 1000) await sleep(backoffDelay(quickEnds++, backoff), stop);
        else quickEnds = 0;
      } catch (e) {
        if (stop.aborted) return;
        // After any failure, list again rather than resume from our resourceVersion: the
        // server we reach again may not be the one we lost (etcd restored, the control plane
        // recreated behind the same address). Such a server can accept our old version and
        // then stay silent (its revision is behind ours: kube-apiserver's watch cache waits
        // for it, measured on 1.36) or send another world's events after it, and no
        // comparison of opaque versions proves it is the same server. Failures are rare next
        // to watches that simply end (those resume), and one list each is cheap next to a
        // table that shows objects that no longer exist as live.
        this.rv = '';
        // 410 (history compacted) and "too large resource version" (the server is behind the
        // version asked for) are answered by that relist at once; again and again, by backoff.
        if ((expired(e) || isTooLargeResourceVersion(e)) && relists++ === 0) continue;
        const err = e instanceof KubeError ? e : networkError(e);
        stale = true;
        if (err.code === 403) this.sink.state({ phase: 'forbidden', reason: err.message });
        // A 404 for a whole collection: the kind is not served (its CRD was deleted). Asked
        // again by backoff all the same: a CRD created again is served again.
        else if (err.code === 404) {
          // Nothing of a kind not served exists: rows listed before go too.
          this.sink.reset([]);
          this.sink.state({
            phase: 'gone',
            reason: `the server does not serve ${kindKey(this.target.resource)}`,
          });
        } else if (isUnauthorized(err))
          this.sink.state({ phase: 'unauthorized', reason: err.message });
        else
          this.sink.state({
            phase: 'stale',
            since: this.heard,
            reason: err.message,
            // A first list cut half way: the title counts its rows so far of the total.
            ...(this.progress && { progress: this.progress }),
          });
        await this.pause(backoffDelay(failures++, backoff));
      }
    }
  }

  /**
   * Waits before trying again; cut short when the credentials may have changed (a request
   * was accepted, the kubeconfig was edited): a user who fixed them need not wait out a backoff.
   */
  private async pause(ms: number): Promise<void> {
    const wake = new AbortController();
    const off = this.client.onAuthChange((refused) => {
      if (!refused) wake.abort();
    });
    try {
      await sleep(ms, AbortSignal.any([this.stopper.signal, wake.signal]));
    } finally {
      off();
    }
  }

  /**
   * Lists every page. The first list shows its rows as they come (a big list's first screen
   * need not wait for its last page), with the count it will reach; a relist keeps the old
   * rows until the new list is complete and then replaces them in one reset, so that no ghost
   * row survives and no half table flashes. A first list that fails half way is listed again
   * from its first page, which replaces what the failed one had shown: listed over them, a
   * control plane recreated meanwhile (new uids, the same names) showed every row twice.
   */
  private async list(afterFailure = false): Promise<void> {
    const streaming = !this.listed;
    const rows: Row[] = [];
    let received = 0;
    let pages = 0;
    let cont = '';
    let rv = '';
    const first = this.opts.pageSize ?? FIRST_PAGE;
    const later = Math.max(first, this.opts.laterPageSize ?? LATER_PAGES);
    do {
      const limit = String(cont ? later : first);
      // biome-ignore lint/suspicious/noExplicitAny: a List as plain JSON
      const page: any = await this.client.json(
        this.query(cont ? { limit, continue: cont } : { limit }),
        { signal: this.stopper.signal, accept: this.accept },
      );
      this.heard = Date.now();
      // The server answers again: no longer "reconnecting", though a relist of a big table
      // takes a while yet (its old rows stay meanwhile).
      if (afterFailure && pages === 0) this.sink.state({ phase: 'syncing' });
      const items = page?.kind === 'Table' ? this.tableItems(page) : page?.items;
      const got: Row[] = [];
      for (const o of Array.isArray(items) ? items : []) {
        const row = this.rowOf(o, 'a list item');
        if (row) got.push(row);
      }
      received += Array.isArray(items) ? items.length : 0;
      cont = page?.metadata?.continue ?? '';
      rv = page?.metadata?.resourceVersion ?? rv;
      if (!streaming) for (const r of got) rows.push(r);
      else if (pages === 0) this.sink.reset(got);
      else for (const r of got) this.sink.upsert(r);
      pages++;
      if (streaming && cont) {
        const remaining = page?.metadata?.remainingItemCount;
        this.progress = typeof remaining === 'number' ? { total: received + remaining } : {};
        this.sink.state({ phase: 'syncing', progress: this.progress });
      }
    } while (cont);
    if (!streaming) this.sink.reset(rows);
    // Listed in full: the count is no longer on its way (live once the watch is open).
    else if (pages > 1) this.sink.state({ phase: 'syncing' });
    this.progress = undefined;
    this.listed = true;
    this.rv = rv;
  }

  /**
   * Streams events until the server ends the watch (resolves), or something fails (throws).
   * After `silenceMs` without a byte it asks the server (`probe`): answered, it watches again
   * from where it is (which also replaces a stream that died unseen) or relists if the server
   * was rewound; unanswered, it throws, and the table is stale since the server was last heard.
   */
  private async watch(onOpen: () => void): Promise<void> {
    const abort = new AbortController();
    const onStop = () => abort.abort();
    this.stopper.signal.addEventListener('abort', onStop);
    const silenceMs = this.opts.silenceMs ?? 15_000;
    const timeoutSeconds = String(300 + Math.floor(Math.random() * 300));
    let lastByte = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let asking: AbortController | undefined;
    let verdict: Verdict | undefined;
    let offAuth = () => {};
    // One timer, not one per chunk: when it fires it looks at when the last byte came.
    const check = () => {
      const quiet = Date.now() - lastByte;
      if (quiet < silenceMs) {
        timer = setTimeout(check, silenceMs - quiet);
        return;
      }
      const mine = new AbortController();
      asking = mine;
      void this.probe(mine.signal).then((v) => {
        if (mine.signal.aborted) return; // the stream spoke meanwhile: the question is moot
        asking = undefined;
        verdict = v;
        abort.abort();
      });
    };
    // Every byte (and the answer's headers) is the server heard from.
    const heard = () => {
      lastByte = Date.now();
      this.heard = lastByte;
      if (asking) {
        asking.abort();
        asking = undefined;
        timer = setTimeout(check, silenceMs);
      }
    };
    try {
      timer = setTimeout(check, silenceMs);
      const res = await this.client.open(
        this.query({
          watch: '1',
          allowWatchBookmarks: 'true',
          resourceVersion: this.rv,
          timeoutSeconds,
        }),
        { signal: abort.signal, accept: this.accept },
      );
      if (res.statusCode !== 200) throw statusError(res.statusCode ?? 0, await readAll(res));
      heard();
      onOpen();
      // A stream opened with credentials the server has since refused (a revoked token) goes
      // on, but the view must not claim all is well: it shows what other requests meet.
      offAuth = this.client.onAuthChange((refused) =>
        this.sink.state(refused ? { phase: 'unauthorized', reason: refused } : { phase: 'live' }),
      );
      res.setEncoding('utf8');
      let buf = '';
      for await (const chunk of res) {
        heard();
        buf += chunk;
        let nl = buf.indexOf('\n');
        while (nl >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.trim()) this.event(line);
          nl = buf.indexOf('\n');
        }
      }
    } catch (e) {
      if (verdict === 'quiet') return; // watch again from where we are (the caller loops)
      if (verdict === 'rewound') {
        this.rv = '';
        return;
      }
      if (verdict) throw verdict;
      throw e;
    } finally {
      offAuth();
      clearTimeout(timer);
      asking?.abort();
      this.stopper.signal.removeEventListener('abort', onStop);
    }
  }

  /**
   * Is the server still there, and still the one we watch? A list of at most one item, with
   * a short timeout: cheap for the server, and its resourceVersion is the server's now.
   */
  private async probe(signal: AbortSignal): Promise<Verdict> {
    const timeoutMs = this.opts.probeTimeoutMs ?? 10_000;
    try {
      // biome-ignore lint/suspicious/noExplicitAny: a List as plain JSON
      const page: any = await this.client.json(this.query({ limit: '1' }), {
        signal,
        timeoutSeconds: timeoutMs / 1000,
      });
      this.heard = Date.now();
      return rewound(page?.metadata?.resourceVersion, this.rv) ? 'rewound' : 'quiet';
    } catch (e) {
      const err = e instanceof KubeError ? e : networkError(e);
      if (err.code !== 0) return err; // it answers, with an error: stale with its reason
      const silent = Math.round((Date.now() - this.heard) / 1000);
      return new KubeError(
        0,
        'Silence',
        `no answer from the server for ${silent}s (${err.message})`,
      );
    }
  }

  /** One line of the watch stream. A malformed event is skipped; an ERROR event throws. */
  private event(line: string): void {
    // biome-ignore lint/suspicious/noExplicitAny: a watch event as plain JSON
    let e: any;
    try {
      e = JSON.parse(line);
    } catch {
      this.skip('an event that is not JSON');
      return;
    }
    let o = e?.object;
    if (e?.type === 'ERROR') throw statusObjectError(o ?? {});
    // A Table-form watch sends each object as a Table of one row (the columns with the first).
    if (o?.kind === 'Table') o = this.tableItems(o)[0] ?? { metadata: o.metadata };
    if (!o || typeof o !== 'object') {
      this.skip(`an event (${e?.type}) with no object`);
      return;
    }
    const rv = o.metadata?.resourceVersion;
    if (typeof rv === 'string' && rv) this.rv = rv;
    switch (e.type) {
      case 'BOOKMARK':
        return;
      case 'DELETED': {
        const uid = o.metadata?.uid;
        if (typeof uid === 'string' && uid) this.sink.remove(uid);
        else this.skip('an event (DELETED) without metadata.uid');
        return;
      }
      case 'ADDED':
      case 'MODIFIED': {
        const row = this.rowOf(o, `an event (${e.type})`);
        if (row) this.sink.upsert(row);
        return;
      }
      default:
        this.skip(`an event of unknown type ${JSON.stringify(e.type)}`);
    }
  }

  /** What a list or watch asks for: the Table form for a kind shown with the server's columns. */
  private get accept(): string | undefined {
    return this.target.resource.table ? TABLE : undefined;
  }

  /**
   * A Table's rows as items: each row's metadata with its cells. Its columns, when it brings
   * them (a list page, the first watch event), become the view's.
   */
  private tableItems(t: KubeObject): KubeObject[] {
    if (Array.isArray(t.columnDefinitions) && t.columnDefinitions.length) {
      this.tableColumns = t.columnDefinitions;
      this.sink.columns?.(columnsFromTable(this.tableColumns, this.target.resource.columns));
    }
    return (Array.isArray(t.rows) ? t.rows : []).map((r: TableRow) => ({
      metadata: r.object?.metadata,
      cells: r.cells,
    }));
  }

  /** The row of an object, or undefined (counted and logged) if it cannot be one. */
  private rowOf(o: KubeObject, what: string): Row | undefined {
    const m = o?.metadata;
    if (typeof m?.name !== 'string' || !m.name || typeof m.uid !== 'string' || !m.uid) {
      this.skip(`${what} without metadata.name or metadata.uid`);
      return undefined;
    }
    try {
      const { resource } = this.target;
      if (resource.table)
        return rowFromTable({ cells: o.cells, object: o }, this.tableColumns, resource.refine);
      if (!resource.toRow) throw new Error('not a Table, and the kind has no other form');
      return resource.toRow(o);
    } catch (err) {
      this.skip(`${what} for ${m.namespace ? `${m.namespace}/` : ''}${m.name}: ${err}`);
      return undefined;
    }
  }

  private skip(what: string): void {
    this.skipped++;
    this.opts.log?.(`watch ${this.target.resource.name}: skipped ${what}`);
  }
}
