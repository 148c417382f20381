// Pod logs, streamed with kdeck's own request code (client-node 2.0.1's Log crashes the
// process when aborted and drops the server's error text; reference §D6). Lines always come
// with timestamps, so that a stream that breaks while the pod still runs is resumed from the
// last line's time with no duplicate and no gap. A followed stream never ends because the
// server was away: it reconnects with the watches' capped, jittered backoff and says so. A
// container that has not started yet is waited for, not reported as an error.
import type { LogHandlers, LogLine, LogState } from '../resources/index.js';
import { type Backoff, backoffDelay, DEFAULT_BACKOFF, sleep } from './backoff.js';
import { type KubeClient, readAll } from './client.js';
import { KubeError, networkError, statusError } from './errors.js';

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  previous?: boolean;
  /** Lines from the end to start with; undefined for all of them. */
  tailLines?: number;
  sinceSeconds?: number;
  follow: boolean;
}

export interface LogStreamOptions {
  backoff?: Backoff;
}

/** Compares RFC3339Nano timestamps (trailing zeros are trimmed, so strings do not sort). */
export function compareStamps(a: string, b: string): number {
  const split = (t: string) => {
    const m = /^(.*?)(?:\.(\d+))?Z$/.exec(t);
    return [Date.parse(`${m?.[1] ?? t}Z`), Number((m?.[2] ?? '').padEnd(9, '0'))];
  };
  const [sa, na] = split(a);
  const [sb, nb] = split(b);
  return sa - sb || na - nb;
}

/** The kubelet's answer for a container that has not run yet (validateContainerLogStatus). */
const notStarted = (e: KubeError) => e.code === 400 && /\bis waiting to start\b/.test(e.message);
/** Worth asking again: no answer, too many requests, or a server-side failure. */
const transient = (e: KubeError) => e.code === 0 || e.code === 429 || e.code >= 500;

export function streamLogs(
  client: KubeClient,
  req: LogRequest,
  h: LogHandlers,
  prefix?: string,
  opts: LogStreamOptions = {},
): () => void {
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const stopper = new AbortController();
  const signal = stopper.signal;
  const podPath = `/api/v1/namespaces/${req.namespace}/pods/${encodeURIComponent(req.pod)}`;
  let last: string | undefined;
  let seenAtLast = new Set<string>();
  /** When the server was last heard from (for `reconnecting.since`). */
  let heard = Date.now();
  const state = (s: LogState) => {
    if (!signal.aborted) h.state(s);
  };

  const query = () => {
    const q = new URLSearchParams({
      container: req.container,
      timestamps: 'true',
      follow: String(req.follow),
    });
    if (req.previous) q.set('previous', 'true');
    // sinceTime has whole seconds (metav1.Time): the server repeats the rest of the last
    // line's second, and `fresh` drops what was already shown.
    if (last) q.set('sinceTime', `${last.slice(0, 19)}Z`);
    else {
      if (req.tailLines !== undefined) q.set('tailLines', String(req.tailLines));
      if (req.sinceSeconds) q.set('sinceSeconds', String(req.sinceSeconds));
    }
    return `${podPath}/log?${q}`;
  };

  /** Keeps lines after the last one shown; on resume the server repeats the last second. */
  const fresh = (l: LogLine) => {
    if (!last) return true;
    const cmp = compareStamps(l.ts, last);
    if (cmp < 0) return false;
    if (cmp === 0) return !seenAtLast.has(l.text);
    return true;
  };

  /** Why following should stop after the stream ended, or undefined to go on. */
  const finished = async (): Promise<string | undefined> => {
    try {
      // biome-ignore lint/suspicious/noExplicitAny: a Pod as plain JSON
      const pod: any = await client.json(podPath, { signal, timeoutSeconds: 10 });
      heard = Date.now();
      const phase = pod?.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return `the pod has finished (${phase})`;
      return undefined;
    } catch (e) {
      if (e instanceof KubeError && e.code === 404) return 'the pod is gone';
      return undefined; // unreachable or failing: the next attempt says so
    }
  };

  const run = async () => {
    let retries = 0;
    while (!signal.aborted) {
      let gotLines = false;
      try {
        const res = await client.open(query(), { signal });
        if (res.statusCode !== 200) throw statusError(res.statusCode ?? 0, await readAll(res));
        heard = Date.now();
        state(last ? { phase: 'resumed', at: last } : { phase: 'streaming' });
        res.setEncoding('utf8');
        let buf = '';
        for await (const chunk of res) {
          heard = Date.now();
          buf += chunk;
          const parts = buf.split('\n');
          buf = parts.pop() ?? '';
          const batch: LogLine[] = [];
          for (const raw of parts) {
            const space = raw.indexOf(' ');
            const line = {
              ts: raw.slice(0, space),
              text: raw.slice(space + 1),
              ...(prefix ? { pod: prefix } : {}),
            };
            if (!fresh(line)) continue;
            if (line.ts !== last) seenAtLast = new Set();
            last = line.ts;
            seenAtLast.add(line.text);
            batch.push(line);
          }
          if (batch.length) {
            gotLines = true;
            retries = 0;
            h.lines(batch);
          }
        }
      } catch (e) {
        if (signal.aborted) return;
        const err = e instanceof KubeError ? e : networkError(e);
        if (notStarted(err)) state({ phase: 'waiting', reason: err.message });
        else if (err.code === 404 && req.follow)
          return state({ phase: 'ended', reason: 'the pod is gone' });
        else if (req.follow && transient(err))
          state({ phase: 'reconnecting', since: heard, reason: err.message });
        else return state({ phase: 'error', message: err.message });
        await sleep(backoffDelay(retries++, backoff), signal);
        continue;
      }
      if (!req.follow || req.previous) return state({ phase: 'ended', reason: 'end of log' });
      // The stream ended while following: the container stopped (it may be restarted), the
      // server closed it, or the pod went away.
      const why = await finished();
      if (why) return state({ phase: 'ended', reason: why });
      // An instance that has ended answers at once with nothing new: do not spin on it.
      if (!gotLines) await sleep(backoffDelay(retries++, backoff), signal);
    }
  };
  // Nothing escapes: a handler that throws ends this stream with its message.
  run().catch((e) => state({ phase: 'error', message: String((e as Error)?.message ?? e) }));
  return () => stopper.abort();
}

/** The container kubectl would pick: the default-container annotation, else the first. */
// biome-ignore lint/suspicious/noExplicitAny: a Pod as plain JSON
export function defaultContainer(pod: any): string {
  return (
    pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'] ??
    pod.spec?.containers?.[0]?.name ??
    ''
  );
}

/** A deployment's logs: every pod its selector picks, interleaved, each line with its pod. */
export function streamSelectorLogs(
  client: KubeClient,
  namespace: string,
  selector: string,
  req: Omit<LogRequest, 'namespace' | 'pod' | 'container'>,
  h: LogHandlers,
  opts: LogStreamOptions = {},
): () => void {
  const stops: (() => void)[] = [];
  let stopped = false;
  const q = new URLSearchParams({ labelSelector: selector });
  client
    // biome-ignore lint/suspicious/noExplicitAny: a PodList as plain JSON
    .json<any>(`/api/v1/namespaces/${namespace}/pods?${q}`)
    .then((list) => {
      if (stopped) return;
      const podList = list.items ?? [];
      if (!podList.length) return h.state({ phase: 'ended', reason: `no pods match ${selector}` });
      h.state({ phase: 'streaming' });
      for (const p of podList) {
        // Each pod's errors, and the connection's ups and downs (the same for every pod);
        // one pod waiting or ending is not the deployment's state.
        const quiet: LogHandlers = {
          lines: h.lines,
          state: (s) => {
            const { phase } = s;
            if (phase === 'error' || phase === 'reconnecting' || phase === 'resumed') h.state(s);
          },
        };
        stops.push(
          streamLogs(
            client,
            { ...req, namespace, pod: p.metadata.name, container: defaultContainer(p) },
            quiet,
            p.metadata.name,
            opts,
          ),
        );
      }
    })
    .catch((e) => h.state({ phase: 'error', message: (e as Error).message }));
  return () => {
    stopped = true;
    for (const s of stops) s();
  };
}
