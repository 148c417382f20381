// GET .../pods/{name}/log with the kubelet's behaviour: container defaulting errors, waiting
// containers, previous instances, tailLines, sinceSeconds/sinceTime, timestamps, limitBytes
// and follow (which ends when the container instance ends).
import type { ServerResponse } from 'node:http';
import { hash, type LogProfile, profileFor } from './log-profiles.js';
import { badRequest } from './status.js';
import type { Obj } from './types.js';

interface Instance {
  start: number;
  end?: number;
  crashed: boolean;
  /** Identifies the instance: a restart makes a new one. */
  id: string;
}

interface LogLine {
  t: number;
  text: string;
}

/** The kubelet rotates logs; a container keeps at most this many lines. */
const MAX_LINES = 50_000;

export class LogSource {
  constructor(private readonly getPod: (namespace: string, name: string) => Obj | undefined) {}

  serve(pod: Obj, q: URLSearchParams, res: ServerResponse): void {
    const { name: podName, namespace } = pod.metadata;
    const container = chooseContainer(pod, q.get('container'));
    const previous = q.get('previous') === 'true';
    const inst = instanceOf(pod, container, previous);
    if (q.get('sinceSeconds') && q.get('sinceTime'))
      throw badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
    const since = q.get('sinceSeconds')
      ? Date.now() - Number(q.get('sinceSeconds')) * 1000
      : q.get('sinceTime')
        ? Date.parse(q.get('sinceTime')!)
        : undefined;
    const tail = q.has('tailLines') ? Number(q.get('tailLines')) : undefined;
    const timestamps = q.get('timestamps') === 'true';
    let budget = q.has('limitBytes') ? Number(q.get('limitBytes')) : Number.POSITIVE_INFINITY;
    const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find(
      (c: Obj) => c.name === container,
    );
    const profile = profileFor(pod, spec);
    const seed = hash(`${pod.metadata.uid}/${container}`);

    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const emit = (lines: LogLine[]) => {
      let out = '';
      for (const l of lines) out += timestamps ? `${stamp(l.t, seed)} ${l.text}\n` : `${l.text}\n`;
      if (budget !== Number.POSITIVE_INFINITY) {
        const buf = Buffer.from(out).subarray(0, Math.max(0, budget));
        budget -= buf.length;
        if (buf.length) res.write(buf);
        return budget > 0;
      }
      if (out) res.write(out);
      return true;
    };

    const now = Date.now();
    const first = linesOf(inst, profile, seed, since, inst.end ?? now, tail);
    let last = first.length ? first[first.length - 1].t : Math.max(since ?? 0, inst.start - 1);
    if (!emit(first) || !(q.get('follow') === 'true') || inst.end !== undefined) {
      res.end();
      return;
    }
    const tick = Math.min(250, Math.max(20, profile.periodMs));
    const timer = setInterval(() => {
      const fresh = this.getPod(namespace, podName);
      const same =
        fresh?.metadata.uid === pod.metadata.uid
          ? instanceById(fresh!, container, inst.id)
          : undefined;
      // Gone (pod deleted) or ended (container exited): write what is left, then end the stream.
      const end = same ? same.end : Date.now();
      const more = linesOf(
        { ...inst, end, crashed: same?.crashed ?? false },
        profile,
        seed,
        last,
        end ?? Date.now(),
      );
      if (more.length) last = more[more.length - 1].t;
      if (!emit(more) || end !== undefined) {
        clearInterval(timer);
        res.end();
      }
    }, tick);
    res.on('close', () => clearInterval(timer));
  }
}

export function chooseContainer(pod: Obj, requested: string | null): string {
  const names: string[] = pod.spec.containers.map((c: Obj) => c.name);
  const init: string[] = (pod.spec.initContainers ?? []).map((c: Obj) => c.name);
  const name = pod.metadata.name;
  if (!requested) {
    if (names.length === 1) return names[0];
    const initText = init.length ? ` or one of the init containers: [${init.join(' ')}]` : '';
    throw badRequest(
      `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]${initText}`,
    );
  }
  if (!names.includes(requested) && !init.includes(requested))
    throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

function statusOf(pod: Obj, container: string): Obj | undefined {
  return [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ].find((s: Obj) => s.name === container);
}

const ms = (iso: string) => Date.parse(iso);

function currentInstance(pod: Obj, container: string): Instance | undefined {
  const s = statusOf(pod, container);
  if (s?.state?.running)
    return { start: ms(s.state.running.startedAt), crashed: false, id: `${s.restartCount}` };
  const t = s?.state?.terminated;
  if (t)
    return {
      start: ms(t.startedAt),
      end: ms(t.finishedAt),
      crashed: t.exitCode !== 0,
      id: `${s.restartCount}`,
    };
  return undefined;
}

function previousInstance(pod: Obj, container: string): Instance | undefined {
  const s = statusOf(pod, container);
  const last = s?.lastState?.terminated;
  return (
    last && {
      start: ms(last.startedAt),
      end: ms(last.finishedAt),
      crashed: last.exitCode !== 0,
      id: `${(s.restartCount ?? 1) - 1}`,
    }
  );
}

function instanceById(pod: Obj, container: string, id: string): Instance | undefined {
  return [currentInstance(pod, container), previousInstance(pod, container)].find(
    (i) => i?.id === id,
  );
}

/** The kubelet's validateContainerLogStatus: which instance to read, or why there is none. */
function instanceOf(pod: Obj, container: string, previous: boolean): Instance {
  const s = statusOf(pod, container);
  const where = `container "${container}" in pod "${pod.metadata.name}"`;
  const prev = previousInstance(pod, container);
  if (previous) {
    if (!prev) throw badRequest(`previous terminated ${where} not found`);
    return prev;
  }
  const cur = currentInstance(pod, container);
  if (cur) return cur;
  if (prev) return prev;
  const reason = s?.state?.waiting?.reason;
  if (reason === 'ErrImagePull')
    throw badRequest(`${where} is waiting to start: image can't be pulled`);
  if (reason === 'ImagePullBackOff')
    throw badRequest(`${where} is waiting to start: trying and failing to pull image`);
  throw badRequest(`${where} is waiting to start: ${reason ?? 'ContainerCreating'}`);
}

/** The instance's lines with from < t <= to, the last `tail` of them if asked. */
function linesOf(
  inst: Instance,
  p: LogProfile,
  seed: number,
  from: number | undefined,
  to: number,
  tail?: number,
): LogLine[] {
  const startup = p.startup(inst.start);
  const S = startup.length;
  // Startup lines 1 ms apart, then periodic line k at base + (k+1)·period; the offset keeps
  // pods from all writing in the same millisecond.
  const base = inst.start + S + (seed % Math.max(1, Math.floor(p.periodMs)));
  const timeAt = (i: number) => (i < S ? inst.start + i : base + (i - S + 1) * p.periodMs);
  const countUpTo = (t: number) => {
    if (t < inst.start) return 0;
    if (t < base + p.periodMs) return Math.min(S, Math.floor(t - inst.start) + 1);
    return S + Math.floor((t - base) / p.periodMs);
  };
  const crash = inst.crashed && inst.end !== undefined ? p.crash(inst.end) : [];
  const lines: LogLine[] = [];
  let lo = from === undefined ? 0 : countUpTo(from);
  const hi = countUpTo(to);
  const crashIn = crash.length && (from === undefined || from < inst.end!) && to >= inst.end!;
  const wanted =
    tail === undefined || tail < 0 ? undefined : Math.max(0, tail - (crashIn ? crash.length : 0));
  if (wanted !== undefined) lo = Math.max(lo, hi - wanted);
  lo = Math.max(lo, hi - MAX_LINES);
  for (let i = lo; i < hi; i++) {
    const t = timeAt(i);
    lines.push({ t, text: i < S ? startup[i] : p.line(i - S, t, seed) });
  }
  if (crashIn) {
    const tailCrash =
      tail !== undefined && tail >= 0 ? crash.slice(Math.max(0, crash.length - tail)) : crash;
    for (const text of tailCrash) lines.push({ t: inst.end!, text });
  }
  return lines;
}

/** RFC3339Nano as the kubelet writes it; the sub-millisecond digits come from the line's hash. */
function stamp(t: number, seed: number): string {
  const iso = new Date(Math.floor(t)).toISOString();
  const micro = String(hash(seed + t) % 1_000_000).padStart(6, '0');
  return `${`${iso.slice(0, 23)}${micro}`.replace(/\.?0+$/, '')}Z`;
}
