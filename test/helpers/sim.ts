// Starts a simulated cluster for a test file, with its kubeconfig on disk and the real
// kubectl pointed at it (a fresh discovery cache each time: kubectl caches it for 6 h).
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import {
  type SimOptions,
  type SimulatedCluster,
  startSimulatedCluster,
} from '../../src/sim/index.js';

export interface TestCluster {
  sim: SimulatedCluster;
  kubeconfigPath: string;
  env: NodeJS.ProcessEnv;
  kubectl(
    args: string[],
    opts?: { timeoutMs?: number; readonly?: boolean },
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  api(path: string, opts?: RequestOptions): Promise<Response>;
  stop(): Promise<void>;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  token?: string;
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers of many shapes
  json: any;
}

export function caOf(kubeconfig: string): string {
  // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
  const kc = load(kubeconfig) as any;
  return Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
}

export function rawRequest(
  sim: SimulatedCluster,
  path: string,
  opts: RequestOptions = {},
): Promise<Response> {
  const ca = caOf(sim.kubeconfig);
  const body =
    opts.body === undefined
      ? undefined
      : typeof opts.body === 'string'
        ? opts.body
        : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${sim.url}${path}`,
      {
        method: opts.method ?? 'GET',
        ca,
        headers: {
          authorization: `Bearer ${opts.token ?? sim.users.admin.token}`,
          ...(body
            ? {
                'content-type': 'application/json',
                'content-length': String(Buffer.byteLength(body)),
              }
            : {}),
          ...opts.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function startTestCluster(opts: SimOptions = {}): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-test-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const sim = await startSimulatedCluster({ timing: 'fast', kubeconfigPath, ...opts });
  const env = {
    ...process.env,
    KUBECONFIG: kubeconfigPath,
    KUBECACHEDIR: join(dir, 'cache'),
    HOME: dir,
  };
  return {
    sim,
    kubeconfigPath,
    env,
    kubectl(args, o = {}) {
      const full = o.readonly ? ['--context', 'kdeck-demo-readonly', ...args] : args;
      return new Promise((resolve) => {
        execFile(
          'kubectl',
          full,
          { env, timeout: o.timeoutMs ?? 30_000 },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      });
    },
    api: (path, o) => rawRequest(sim, path, o),
    async stop() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Polls `check` until it returns a truthy value or the time is up (then throws its last error,
 * or one naming `what`). `everyMs` spares a real cluster from a request every 25 ms.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  { everyMs = 25, what = 'condition' }: { everyMs?: number; what?: string } = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw last ?? new Error(`${what}: not met within ${timeoutMs} ms`);
}

/** Runs a long-lived command and collects its output until `stop()`. */
export function spawnCollecting(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => {
    stdout += c;
  });
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => stdout,
    errors: () => stderr,
    exited,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
