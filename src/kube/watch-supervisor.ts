// One list-then-watch loop per table (DESIGN.md, data flow step 1): list in pages, watch
// from the list's resourceVersion with bookmarks, relist on 410, reconnect after errors or
// silence with capped, jittered backoff. It never gives up and never throws; it reports
// its state to the sink, and after any interruption the sink converges to the server.
import type { Row, RowSink, WatchTarget } from '../resources/index.js';
import { apiPath } from '../resources/types.js';
import { type Backoff, backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import { type KubeClient, readAll } from './client.js';
import { KubeError, statusError } from './errors.js';

export interface SupervisorOptions {
  backoff?: Backoff;
  /**
   * No byte for this long: reopen the watch to find out whether the server is still there.
   * Silence alone proves nothing: a real server sends no bookmark while a kind is quiet
   * (measured against kube-apiserver 1.36, test/differential).
   */
  silenceMs?: number;
  pageSize?: number;
}

const expired = (e: unknown) => e instanceof KubeError && e.code === 410;
const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

export class WatchSupervisor {
  private readonly stopper = new AbortController();
  private rv = '';

  constructor(
    private readonly client: KubeClient,
    private readonly target: WatchTarget,
    private readonly sink: RowSink,
    private readonly opts: SupervisorOptions = {},
  ) {}

  start(): this {
    void this.run();
    return this;
  }

  stop(): void {
    this.stopper.abort();
  }

  private query(extra: Record<string, string>): string {
    const q = new URLSearchParams(extra);
    if (this.target.labelSelector) q.set('labelSelector', this.target.labelSelector);
    return `${apiPath(this.target.resource, this.target.namespace)}?${q}`;
  }

  private async run(): Promise<void> {
    const stop = this.stopper.signal;
    let attempt = 0;
    let quickEnds = 0;
    let staleSince: number | undefined;
    this.sink.state({ phase: 'connecting' });
    while (!stop.aborted) {
      try {
        if (!this.rv) {
          if (!staleSince) this.sink.state({ phase: 'syncing' });
          await this.list();
        }
        const started = Date.now();
        await this.watch(() => {
          attempt = 0;
          staleSince = undefined;
          this.sink.state({ phase: 'live' });
        });
        // A server that keeps closing watches at once must not be hammered.
        if (Date.now() - started < 1000)
          await sleep(backoffDelay(quickEnds++, this.opts.backoff ?? DEFAULT_BACKOFF), stop);
        else quickEnds = 0;
      } catch (e) {
        if (stop.aborted) return;
        if (expired(e)) {
          this.rv = '';
          continue;
        }
        const err =
          e instanceof KubeError
            ? e
            : new KubeError(0, 'Error', String((e as Error)?.message ?? e));
        staleSince ??= Date.now();
        if (err.code === 403) this.sink.state({ phase: 'forbidden', reason: err.message });
        else this.sink.state({ phase: 'stale', since: staleSince, reason: err.message });
        await sleep(backoffDelay(attempt++, this.opts.backoff ?? DEFAULT_BACKOFF), stop);
      }
    }
  }

  /** Lists every page, then replaces the sink's rows: no ghost rows survive a relist. */
  private async list(): Promise<void> {
    const rows: Row[] = [];
    let cont = '';
    let rv = '';
    const limit = String(this.opts.pageSize ?? 500);
    do {
      // biome-ignore lint/suspicious/noExplicitAny: a List as plain JSON
      const page: any = await this.client.json(
        this.query(cont ? { limit, continue: cont } : { limit }),
        { signal: this.stopper.signal },
      );
      for (const o of page.items ?? []) rows.push(this.target.resource.toRow(o));
      cont = page.metadata?.continue ?? '';
      rv = page.metadata?.resourceVersion ?? rv;
    } while (cont);
    this.sink.reset(rows);
    this.rv = rv;
  }

  /** Streams events until the server ends the watch (resolves) or something fails (throws). */
  private async watch(onOpen: () => void): Promise<void> {
    const abort = new AbortController();
    const onStop = () => abort.abort();
    this.stopper.signal.addEventListener('abort', onStop);
    const timeoutSeconds = String(300 + Math.floor(Math.random() * 300));
    const silenceMs = this.opts.silenceMs ?? 90_000;
    let silence: NodeJS.Timeout | undefined;
    let silent = false;
    let answered = false;
    const arm = () => {
      clearTimeout(silence);
      silence = setTimeout(() => {
        silent = true;
        abort.abort();
      }, silenceMs);
    };
    try {
      arm();
      const res = await this.client.open(
        this.query({
          watch: '1',
          allowWatchBookmarks: 'true',
          resourceVersion: this.rv,
          timeoutSeconds,
        }),
        { signal: abort.signal },
      );
      if (res.statusCode !== 200) throw statusError(res.statusCode ?? 0, await readAll(res));
      answered = true;
      onOpen();
      res.setEncoding('utf8');
      let buf = '';
      for await (const chunk of res) {
        arm();
        buf += chunk;
        let nl = buf.indexOf('\n');
        while (nl >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.trim()) this.event(JSON.parse(line));
          nl = buf.indexOf('\n');
        }
      }
    } catch (e) {
      // A quiet stream from a server that answered: watch again from where we are (the
      // caller loops). A server that does not even answer a new watch is stale.
      if (silent && answered) return;
      if (silent)
        throw new KubeError(0, 'Silence', `no answer for ${Math.round(silenceMs / 1000)}s`);
      throw e;
    } finally {
      clearTimeout(silence);
      this.stopper.signal.removeEventListener('abort', onStop);
    }
  }

  // biome-ignore lint/suspicious/noExplicitAny: a watch event as plain JSON
  private event(e: any): void {
    const o = e.object ?? {};
    if (e.type === 'ERROR')
      throw new KubeError(o.code ?? 500, o.reason ?? 'Error', o.message ?? 'watch error');
    const rv = o.metadata?.resourceVersion;
    if (rv) this.rv = rv;
    if (e.type === 'BOOKMARK') return;
    if (e.type === 'DELETED') this.sink.remove(o.metadata.uid);
    else this.sink.upsert(this.target.resource.toRow(o));
  }
}
