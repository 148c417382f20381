// WATCH: a chunked stream of {"type","object"} lines, one JSON object per line (client-node
// splits on newlines), headers flushed at once (client-node waits for them). Starts at a
// resourceVersion (replaying history), or with synthetic ADDED events when it is "" or "0";
// answers an ERROR 410 Expired event when the version is older than the history kept.
import type { ServerResponse } from 'node:http';
import { groupVersion, type KindInfo } from './kind-info.js';
import { type Filter, matcher, select } from './list.js';
import { ApiError, badRequest, tooLargeResourceVersion } from './status.js';
import type { ObjectStore, StoredEvent } from './store.js';
import { type IncludeObject, toTable } from './table.js';
import type { EventType, Obj } from './types.js';

export interface WatchOptions extends Filter {
  resourceVersion?: string | null;
  allowWatchBookmarks: boolean;
  timeoutSeconds?: number;
  sendInitialEvents?: boolean;
  resourceVersionMatch?: string | null;
  table?: { include: IncludeObject };
}

export interface WatchTiming {
  /** The server's --min-request-timeout: watches without timeoutSeconds last 1–2× this. */
  minRequestTimeoutMs: number;
  /** How often a BOOKMARK is sent to watchers who allow them (the real server: a minute). */
  bookmarkIntervalMs: number;
}

/** A slow reader is cut off once this much is buffered, as the real server's full watch channel does. */
const MAX_BUFFERED = 16 * 1024 * 1024;

export function startWatch(
  store: ObjectStore,
  k: KindInfo,
  opts: WatchOptions,
  res: ServerResponse,
  timing: WatchTiming,
  onEnd: () => void,
): void {
  if (opts.sendInitialEvents !== undefined && opts.resourceVersionMatch !== 'NotOlderThan') {
    throw new ApiError(
      422,
      'Invalid',
      `ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan`,
      { kind: 'ListOptions', group: 'meta.k8s.io' },
    );
  }
  const rvText = opts.resourceVersion ?? '';
  if (rvText !== '' && !/^\d+$/.test(rvText)) {
    throw badRequest(
      `resourceVersion: Invalid value: "${rvText}": strconv.ParseUint: parsing "${rvText}": invalid syntax`,
    );
  }
  const match = matcher(opts);
  const initial = opts.sendInitialEvents ?? (rvText === '' || rvText === '0');

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();

  let headersSent = false;
  let ended = false;
  const write = (type: EventType | 'BOOKMARK' | 'ERROR', object: Obj, shared?: StoredEvent) => {
    if (ended) return;
    let line: string;
    if (opts.table && type !== 'BOOKMARK' && type !== 'ERROR') {
      const table = toTable(k, [object], {
        include: opts.table.include,
        withHeaders: !headersSent,
        listMeta: { resourceVersion: object.metadata.resourceVersion },
      });
      headersSent = true;
      line = `${JSON.stringify({ type, object: table })}\n`;
    } else if (shared && shared.type === type) {
      shared.line ??= `${JSON.stringify({ type, object })}\n`;
      line = shared.line;
    } else line = `${JSON.stringify({ type, object })}\n`;
    res.write(line);
    const rv = Number(object.metadata?.resourceVersion);
    if (type !== 'ERROR' && rv > seenRv) seenRv = rv;
    if (res.writableLength > MAX_BUFFERED) end();
  };

  // What the watcher has seen: a bookmark only ever moves it forward.
  let seenRv = 0;
  const bookmark = (annotations?: Record<string, string>) => {
    const rv = Math.max(store.kindResourceVersion(k), seenRv);
    seenRv = rv;
    write('BOOKMARK', {
      kind: k.kind,
      apiVersion: groupVersion(k),
      metadata: { resourceVersion: String(rv), ...(annotations ? { annotations } : {}) },
    });
  };
  // The real server's periodic bookmarks carry its watch cache's resourceVersion and are
  // sent only when it has moved past what the watcher saw: a quiet kind gets none at all.
  const progressBookmark = () => {
    if (store.kindResourceVersion(k) > seenRv) bookmark();
  };

  // A watch from a resourceVersion the server has not reached (it was recreated, its etcd
  // restored) is accepted and silent until the server passes it, as the real watch cache's
  // watchers skip events at or below their starting version.
  let floor = 0;
  const onEvent = (e: StoredEvent) => {
    if (e.rv <= floor) return;
    const now = match(e.object);
    if (e.type !== 'MODIFIED') {
      if (now) write(e.type, e.object, e);
      return;
    }
    const before = e.prev ? match(e.prev) : false;
    if (now && before) write('MODIFIED', e.object, e);
    else if (now) write('ADDED', e.object);
    else if (before) write('DELETED', e.object);
  };

  const timers: NodeJS.Timeout[] = [];
  const unsubscribe = store.watch(k, onEvent);
  function end() {
    if (ended) return;
    ended = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    if (!res.writableEnded) res.end();
    onEnd();
  }
  res.on('close', end);

  const current = Number(store.resourceVersion);
  if (opts.sendInitialEvents && Number(rvText) > current) {
    // A streaming list waits for the cache to reach the version, then gives up like a list.
    write('ERROR', tooLargeResourceVersion(Number(rvText), current).toStatus());
    end();
    return;
  }
  if (initial) {
    for (const o of select(store, k, opts)) write('ADDED', o);
    seenRv = store.kindResourceVersion(k);
    if (opts.sendInitialEvents) bookmark({ 'k8s.io/initial-events-end': 'true' });
  } else {
    const rv = Number(rvText);
    seenRv = rv;
    floor = rv;
    const events = store.eventsSince(k, rv);
    if (!events) {
      write(
        'ERROR',
        new ApiError(
          410,
          'Expired',
          `too old resource version: ${rv} (${store.compactedThrough(k)})`,
        ).toStatus(),
      );
      end();
      return;
    }
    for (const e of events) onEvent(e);
  }

  const duration = opts.timeoutSeconds
    ? opts.timeoutSeconds * 1000
    : timing.minRequestTimeoutMs * (1 + Math.random());
  if (opts.allowWatchBookmarks) {
    const tick = setInterval(progressBookmark, timing.bookmarkIntervalMs);
    timers.push(tick);
    // The real server also tries one just before the deadline (on the same condition).
    timers.push(
      setTimeout(progressBookmark, Math.max(0, duration - Math.min(1000, duration / 10))),
    );
  }
  timers.push(setTimeout(end, duration));
}
