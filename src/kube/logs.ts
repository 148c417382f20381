// Pod logs, streamed with kdeck's own request code (client-node 2.0.1's Log crashes the
// process when aborted and drops the server's error text; reference §D6). Lines always come
// with timestamps, so that a stream that ends while the pod still runs is resumed from the
// last line's time with no duplicate and no gap.
import type { LogHandlers, LogLine } from '../resources/index.js';
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

const RESUME_PAUSE_MS = 1000;

export function streamLogs(
  client: KubeClient,
  req: LogRequest,
  h: LogHandlers,
  prefix?: string,
): () => void {
  const stopper = new AbortController();
  let last: string | undefined;
  let seenAtLast = new Set<string>();

  const query = (resume: boolean) => {
    const q = new URLSearchParams({
      container: req.container,
      timestamps: 'true',
      follow: String(req.follow),
    });
    if (req.previous) q.set('previous', 'true');
    if (resume && last) q.set('sinceTime', `${last.slice(0, 19)}Z`);
    else {
      if (req.tailLines !== undefined) q.set('tailLines', String(req.tailLines));
      if (req.sinceSeconds) q.set('sinceSeconds', String(req.sinceSeconds));
    }
    return `/api/v1/namespaces/${req.namespace}/pods/${encodeURIComponent(req.pod)}/log?${q}`;
  };

  /** Keeps lines after the last one shown; on resume the server repeats the last second. */
  const fresh = (l: LogLine) => {
    if (!last) return true;
    const cmp = compareStamps(l.ts, last);
    if (cmp < 0) return false;
    if (cmp === 0) return !seenAtLast.has(l.text);
    return true;
  };

  const run = async () => {
    let resume = false;
    while (!stopper.signal.aborted) {
      try {
        const res = await client.open(query(resume), { signal: stopper.signal });
        if (res.statusCode !== 200) throw statusError(res.statusCode ?? 0, await readAll(res));
        h.state(resume && last ? { phase: 'resumed', at: last } : { phase: 'streaming' });
        res.setEncoding('utf8');
        let buf = '';
        for await (const chunk of res) {
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
          if (batch.length) h.lines(batch);
        }
      } catch (e) {
        if (stopper.signal.aborted) return;
        const err = e instanceof KubeError ? e : networkError(e);
        if (err.code >= 400) {
          h.state({ phase: 'error', message: err.message });
          return;
        }
      }
      if (!req.follow || req.previous || stopper.signal.aborted) {
        h.state({ phase: 'ended', reason: 'end of log' });
        return;
      }
      // The stream ended while following: the container restarted, the connection dropped,
      // or the pod went away. Resume if the pod is still there.
      await new Promise((r) => setTimeout(r, RESUME_PAUSE_MS));
      try {
        await client.json(
          `/api/v1/namespaces/${req.namespace}/pods/${encodeURIComponent(req.pod)}`,
          { signal: stopper.signal },
        );
      } catch (e) {
        if (!stopper.signal.aborted)
          h.state({
            phase: 'ended',
            reason:
              e instanceof KubeError && e.code === 404
                ? 'the pod is gone'
                : String((e as Error).message),
          });
        return;
      }
      resume = true;
    }
  };
  void run();
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
        const quiet: LogHandlers = {
          lines: h.lines,
          state: (s) => s.phase === 'error' && h.state(s),
        };
        stops.push(
          streamLogs(
            client,
            { ...req, namespace, pod: p.metadata.name, container: defaultContainer(p) },
            quiet,
            p.metadata.name,
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
