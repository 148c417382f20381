// What the benchmark drives: the simulator in load mode as its own process, programs in a
// real pseudo-terminal (every byte they write is counted), and /proc for memory and CPU.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { load } from 'js-yaml';

const { Terminal } = xterm;

// biome-ignore lint/suspicious/noExplicitAny: API answers and kubeconfig YAML of many shapes
export type Json = any;

export const ROOT = join(import.meta.dirname, '..');
export const BUNDLE = join(ROOT, 'dist', 'kdeck.js');
export const NODE = process.execPath;

export type ObjectSize = 'small' | 'realistic';

/** Realistic (4–6 KB) pods unless BENCH_OBJECT_SIZE says small (the simulator's 0.9 KB). */
export const OBJECT_SIZE: ObjectSize =
  process.env.BENCH_OBJECT_SIZE === 'small' ? 'small' : 'realistic';

export interface Sim {
  kubeconfig: string;
  env: NodeJS.ProcessEnv;
  /** The API server's address, https://127.0.0.1:PORT. */
  server: string;
  post(path: string, body: unknown): Promise<unknown>;
  get(path: string): Promise<Json>;
  /** A GET as it comes over the wire: its size in bytes (no compression asked) and its body. */
  read(path: string, accept?: string): Promise<{ bytes: number; body: Json }>;
  stop(): Promise<void>;
}

export async function startSim(o: {
  pods: number;
  namespaces: number;
  churn: number;
  /** How long ago the pods were created; 0 (now) makes every AGE cell tick each second. */
  podAgeSeconds?: number;
  /** Churn leaves the first N namespaces alone (with -A, the ones on screen). */
  steadyNamespaces?: number;
  objectSize?: ObjectSize;
}): Promise<Sim> {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-bench-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const args = [
    BUNDLE,
    'sim',
    '--write-kubeconfig',
    kubeconfig,
    '--pods',
    String(o.pods),
    '--namespaces',
    String(o.namespaces),
    '--churn',
    String(o.churn),
    '--pod-age',
    String(o.podAgeSeconds ?? 0),
    '--steady-namespaces',
    String(o.steadyNamespaces ?? 0),
    // The load alone: the demo's pods are young (their AGE ticks) and one crash-loops.
    '--empty',
    // small is the simulator's own default, so it is not named: a simulator older than the
    // flag runs the small scenarios too.
    ...((o.objectSize ?? OBJECT_SIZE) === 'realistic' ? ['--object-size', 'realistic'] : []),
  ];
  const child = spawn(NODE, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  // A bench that fails half way must not leave its simulator running.
  process.once('exit', () => child.kill());
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c) => String(c).includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`kdeck sim exited ${code}`)));
  });
  const kc = load(readFileSync(kubeconfig, 'utf8')) as Json;
  const server = kc.clusters[0].cluster.server as string;
  const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64');
  const token = kc.users.find((u: Json) => u.name === 'kdeck-admin').user.token as string;
  const exchange = (method: string, path: string, body?: unknown, accept?: string) =>
    new Promise<{ bytes: number; body: Json }>((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        `${server}${path}`,
        {
          method,
          ca,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            ...(accept ? { accept } : {}),
            ...(data ? { 'content-length': Buffer.byteLength(data) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const text = raw.toString();
            if (res.statusCode && res.statusCode < 300)
              resolve({ bytes: raw.length, body: JSON.parse(text || '{}') });
            else reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
          });
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  const call = async (method: string, path: string, body?: unknown) =>
    (await exchange(method, path, body)).body;
  return {
    kubeconfig,
    server,
    env: {
      ...process.env,
      KUBECONFIG: kubeconfig,
      KUBECACHEDIR: join(dir, 'cache'),
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_STATE_HOME: join(dir, 'state'),
      TERM: 'xterm-256color',
    },
    post: (path, body) => call('POST', path, body),
    get: (path) => call('GET', path),
    read: (path, accept) => exchange('GET', path, undefined, accept),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Term {
  pid: number;
  bytes(): number;
  /** Newlines written so far (kubectl prints one line per pod). */
  lines(): number;
  /** When the program's output first matched (kubectl's header may scroll off at once). */
  printed(test: RegExp): number | undefined;
  /** What the terminal shows now, row by row, as a person would read it. */
  screen(): string;
  /** Resolves with the time (ms) at which the screen first matches. */
  waitFor(
    test: RegExp | string | ((screen: string) => boolean),
    timeoutMs?: number,
  ): Promise<number>;
  /**
   * Watches a count read off every frame (rows on screen, say) from now on; the function
   * returned says when the count first reached n.
   */
  track(count: (screen: string) => number): (n: number) => number | undefined;
  write(s: string): void;
  kill(): Promise<void>;
}

/**
 * Runs a program in a pseudo-terminal and keeps a headless terminal emulator in step with
 * it, so that what is checked is the screen, not the byte stream: Ink's incremental
 * rendering rewrites only the changed part of a line.
 */
export function runInTerminal(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cols = 200,
  rows = 50,
): Term {
  const p = pty.spawn(file, args, {
    name: 'xterm-256color',
    cols,
    rows,
    env: env as Record<string, string>,
  });
  const emulator = new Terminal({ cols, rows, scrollback: 0, allowProposedApi: true });
  let total = 0;
  let newlines = 0;
  type Test = RegExp | string | ((screen: string) => boolean);
  const waiters = new Set<{ test: Test; resolve: (t: number) => void }>();
  // For each tracked count, the times at which it reached a new highest value.
  const trackers = new Set<{ count: (screen: string) => number; highs: [number, number][] }>();
  const screen = () => {
    const b = emulator.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < rows; y++) out.push(b.getLine(b.baseY + y)?.translateToString(true) ?? '');
    return out.join('\n');
  };
  const matches = (test: Test, text: string) =>
    typeof test === 'string'
      ? text.includes(test)
      : typeof test === 'function'
        ? test(text)
        : test.test(text);
  // The last few KB of output, and when each watched pattern first appeared in it.
  let tail = '';
  const firstSeen = new Map<RegExp, number>();
  p.onData((d) => {
    total += Buffer.byteLength(d);
    tail = (tail + d).slice(-4096);
    for (const [re, at] of firstSeen)
      if (!at && re.test(tail)) firstSeen.set(re, performance.now());
    for (let i = d.indexOf('\n'); i >= 0; i = d.indexOf('\n', i + 1)) newlines++;
    emulator.write(d, () => {
      if (!waiters.size && !trackers.size) return;
      const now = performance.now();
      const text = screen();
      for (const t of trackers) {
        const n = t.count(text);
        if (n > (t.highs.at(-1)?.[0] ?? -1)) t.highs.push([n, now]);
      }
      for (const w of waiters) {
        if (matches(w.test, text)) {
          waiters.delete(w);
          w.resolve(now);
        }
      }
    });
  });
  const exited = new Promise<void>((resolve) => p.onExit(() => resolve()));
  return {
    pid: p.pid,
    bytes: () => total,
    lines: () => newlines,
    printed(test) {
      if (!firstSeen.has(test)) firstSeen.set(test, 0);
      return firstSeen.get(test) || undefined;
    },
    screen,
    waitFor(test, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const w = { test, resolve };
        waiters.add(w);
        setTimeout(() => {
          if (waiters.delete(w))
            reject(new Error(`timed out waiting for ${test}; the screen was:\n${screen()}`));
        }, timeoutMs);
      });
    },
    track(count) {
      const t = { count, highs: [] as [number, number][] };
      trackers.add(t);
      return (n) => t.highs.find(([high]) => high >= n)?.[1];
    },
    write: (s) => p.write(s),
    async kill() {
      p.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      emulator.dispose();
    },
  };
}

/** Memory (MB) and CPU time (ms) of a process and its children's threads, from /proc. */
export function procStats(pid: number): { rssMb: number; peakMb: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024, cpuMs: ticks * 10 };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function summary(values: number[]): {
  median: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
} {
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  return { median: at(0.5), min: v[0], max: v[v.length - 1], p50: at(0.5), p95: at(0.95) };
}

export interface Proxy {
  /** A copy of the simulator's kubeconfig whose server is the proxy. */
  kubeconfig: string;
  env: NodeJS.ProcessEnv;
  /** Bytes the server has sent through the proxy so far (TLS records, headers included). */
  fromServer(): number;
  stop(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 that counts what the simulator sends a program. TLS passes
 * through untouched: the server's certificate names 127.0.0.1, which the proxy's address
 * is too, so the program verifies it as it would the server's own.
 */
export async function countingProxy(sim: Sim): Promise<Proxy> {
  const target = new URL(sim.server);
  let fromServer = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    upstream.on('data', (c: Buffer) => {
      fromServer += c.length;
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as import('node:net').AddressInfo;
  const kubeconfig = `${sim.kubeconfig}-proxy-${address.port}`;
  writeFileSync(
    kubeconfig,
    readFileSync(sim.kubeconfig, 'utf8').replaceAll(
      sim.server,
      `https://127.0.0.1:${address.port}`,
    ),
  );
  return {
    kubeconfig,
    env: { ...sim.env, KUBECONFIG: kubeconfig },
    fromServer: () => fromServer,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
