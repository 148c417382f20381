// What the benchmark drives: the simulator in load mode as its own process, programs in a
// real pseudo-terminal (every byte they write is counted), and /proc for memory and CPU.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pty from '@lydell/node-pty';
import { load } from 'js-yaml';

// biome-ignore lint/suspicious/noExplicitAny: API answers and kubeconfig YAML of many shapes
export type Json = any;

export const ROOT = join(import.meta.dirname, '..');
export const BUNDLE = join(ROOT, 'dist', 'kdeck.js');
export const NODE = process.execPath;

export interface Sim {
  kubeconfig: string;
  env: NodeJS.ProcessEnv;
  post(path: string, body: unknown): Promise<unknown>;
  get(path: string): Promise<Json>;
  stop(): Promise<void>;
}

export async function startSim(o: {
  pods: number;
  namespaces: number;
  churn: number;
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
  ];
  const child = spawn(NODE, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c) => String(c).includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`kdeck sim exited ${code}`)));
  });
  const kc = load(readFileSync(kubeconfig, 'utf8')) as Json;
  const server = kc.clusters[0].cluster.server as string;
  const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64');
  const token = kc.users.find((u: Json) => u.name === 'kdeck-admin').user.token as string;
  const call = (method: string, path: string, body?: unknown) =>
    new Promise<Json>((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = request(
        `${server}${path}`,
        {
          method,
          ca,
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            ...(data ? { 'content-length': Buffer.byteLength(data) } : {}),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => {
            text += c;
          });
          res.on('end', () =>
            res.statusCode && res.statusCode < 300
              ? resolve(JSON.parse(text || '{}'))
              : reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  return {
    kubeconfig,
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
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const ANSI =
  /\u001B(?:[()][0-9A-Za-z]|\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-_])/g;
export const strip = (s: string) => s.replace(ANSI, '');

export interface Term {
  pid: number;
  bytes(): number;
  /** Newlines written so far (kubectl prints one line per pod). */
  lines(): number;
  /** Resolves with the time (ms) at which the stripped output first matched after `since`. */
  waitFor(test: RegExp | string | ((text: string) => boolean), timeoutMs?: number): Promise<number>;
  /** The output written since the last call (stripped). */
  take(): string;
  write(s: string): void;
  kill(): Promise<void>;
}

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
  let total = 0;
  let newlines = 0;
  let recent = '';
  let fresh = '';
  type Test = RegExp | string | ((text: string) => boolean);
  const waiters = new Set<{ test: Test; resolve: (t: number) => void }>();
  const matches = (test: Test) =>
    typeof test === 'string'
      ? recent.includes(test)
      : typeof test === 'function'
        ? test(recent)
        : test.test(recent);
  p.onData((d) => {
    const now = performance.now();
    total += Buffer.byteLength(d);
    for (let i = d.indexOf('\n'); i >= 0; i = d.indexOf('\n', i + 1)) newlines++;
    const text = strip(d);
    recent = (recent + text).slice(-20_000);
    fresh += text;
    if (fresh.length > 5_000_000) fresh = fresh.slice(-1_000_000);
    for (const w of waiters) {
      if (matches(w.test)) {
        waiters.delete(w);
        w.resolve(now);
      }
    }
  });
  const exited = new Promise<void>((resolve) => p.onExit(() => resolve()));
  return {
    pid: p.pid,
    bytes: () => total,
    lines: () => newlines,
    waitFor(test, timeoutMs = 60_000) {
      recent = '';
      return new Promise((resolve, reject) => {
        const w = { test, resolve };
        waiters.add(w);
        setTimeout(() => {
          if (waiters.delete(w)) reject(new Error(`timed out waiting for ${test}`));
        }, timeoutMs);
      });
    },
    take() {
      const t = fresh;
      fresh = '';
      return t;
    },
    write: (s) => p.write(s),
    async kill() {
      p.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
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
