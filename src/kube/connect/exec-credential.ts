// Exec credential plugins, run as kubectl runs them (client-go plugin/pkg/client/auth/exec,
// exec.go): the same environment, KUBERNETES_EXEC_INFO byte for byte, the same stdin, the same
// checks on the answer and kubectl's words for each failure. client-node 2.0.1 runs them
// otherwise (stdin a pipe, no KUBERNETES_EXEC_INFO, a credential kept across a 401, an answer
// without status cached for good, one run per concurrent request, a hang with a plugin that
// reads the terminal), so kdeck runs them itself.
//
// Where kdeck differs from kubectl, on purpose:
// - A plugin that is not interactive writes its stderr to kdeck, not to the terminal (the
//   screen is up): each line goes to `onStderr`, the last one into the error message.
// - A plugin that is not interactive runs in a session of its own (it cannot take the terminal
//   from the screen) and is stopped after `timeoutMs` (client-go waits forever).
// - A failed run is not repeated until a backoff delay has passed (kubectl is short-lived).
import { spawn } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, posix } from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';
import { type Backoff, backoffDelay } from '../backoff.js';
import type { ClusterFields, ExecConfig } from './kubeconfig.js';

export type { ExecConfig };

/** The cluster as KUBERNETES_EXEC_INFO's spec.cluster carries it (provideClusterInfo). */
export interface ExecCluster {
  server: string;
  tlsServerName?: string;
  insecureSkipTLSVerify?: boolean;
  /** Base64, as in ExecCredential. */
  certificateAuthorityData?: string;
  proxyURL?: string;
  disableCompression?: boolean;
  /** The cluster's extension named "client.authentication.k8s.io/exec". */
  config?: unknown;
}

/** The terminal, lent to an interactive plugin: the screen (if up) is suspended during `run` and restored after. */
export interface TerminalLender {
  /** A terminal is there to lend (stdin is a TTY). */
  readonly available: boolean;
  /** The terminal's file descriptors for the plugin (default 0 and 2, this process's own). */
  readonly fds?: { stdin: number; stderr: number };
  /** `run` fails with an ExecCredentialError whose `signal` says when the plugin was killed by one. */
  lend<T>(run: () => Promise<T>): Promise<T>;
}

export interface ExecCredential {
  token?: string;
  /** PEM. */
  clientCertificateData?: string;
  /** PEM. */
  clientKeyData?: string;
  /** ms since epoch */
  expires?: number;
}

/** A plugin that could not give a credential. `message` is one line, `detail` kubectl's full text. */
export class ExecCredentialError extends Error {
  override readonly name = 'ExecCredentialError';
  readonly detail: string;
  /** The signal that killed the plugin (SIGINT: a Ctrl-C typed at its prompt). */
  readonly signal?: NodeJS.Signals;
  constructor(message: string, detail?: string, signal?: NodeJS.Signals) {
    super(message);
    this.detail = detail ?? message;
    if (signal) this.signal = signal;
  }
}

export interface ExecPluginOptions {
  /** The kubeconfig's name for the user (kubectl's messages name it). */
  user: string;
  exec: ExecConfig;
  cluster: ExecCluster;
  terminal?: TerminalLender;
  /** The environment the plugin inherits, and whose PATH finds it (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Delay after consecutive failed runs before the plugin is run again. */
  backoff?: Backoff;
  random?: () => number;
  now?: () => number;
  /** A plugin that is not interactive is stopped after this long (default 5 minutes; 0: never). */
  timeoutMs?: number;
  /** Each non-empty line a non-interactive plugin writes to stderr (device-code instructions). */
  onStderr?: (line: string) => void;
}

export const EXEC_CLUSTER_EXTENSION = 'client.authentication.k8s.io/exec';
const GROUP = 'client.authentication.k8s.io';
const VERSIONS = new Set([`${GROUP}/v1`, `${GROUP}/v1beta1`]);
const MODES = new Set(['Never', 'IfAvailable', 'Always']);
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const FAILURE_BACKOFF: Backoff = { baseMs: 1000, maxMs: 60_000 };
const MAX_STDOUT = 16 * 1024 * 1024;
const INSTALL_HELP =
  'It looks like you are trying to use a client-go credential plugin that is not installed.\n\n' +
  'To learn more about this feature, consult the documentation available at:\n' +
  '      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins';

/**
 * Credentials from one user's exec plugin. One plugin run at a time; its answer is kept until
 * it expires or the server refuses it.
 */
export class ExecPlugin {
  private readonly o: ExecPluginOptions;
  private readonly env: NodeJS.ProcessEnv;
  private readonly now: () => number;
  /** The command as client-go holds it (filepath.Clean), for running and for messages. */
  private readonly cmd: string;
  private readonly configError?: ExecCredentialError;
  private cached?: ExecCredential;
  private running?: Promise<ExecCredential>;
  private failures = 0;
  private failure?: { error: ExecCredentialError; until: number };
  private stop?: (why: string) => void;

  constructor(o: ExecPluginOptions) {
    this.o = o;
    this.env = o.env ?? process.env;
    this.now = o.now ?? Date.now;
    this.cmd = cleanPath(String(o.exec.command ?? ''));
    const problem = configProblem(o.user, o.exec);
    if (problem) this.configError = new ExecCredentialError(problem);
  }

  /**
   * A credential: the cached one while it has not expired; else one plugin run, which
   * concurrent callers share. A failed run rejects every waiter with ExecCredentialError, and
   * calls within the backoff delay after it reject at once with the same error. `signal` lets
   * this caller stop waiting (the run goes on for the others and for the cache).
   */
  get(o: { signal?: AbortSignal } = {}): Promise<ExecCredential> {
    if (this.configError) return Promise.reject(this.configError);
    const c = this.cached;
    if (c && !(c.expires !== undefined && this.now() > c.expires)) return Promise.resolve(c);
    if (!this.running) {
      if (this.failure && this.now() < this.failure.until)
        return Promise.reject(this.failure.error);
      this.running = this.run().then(
        (cred) => {
          this.cached = cred;
          this.failures = 0;
          this.failure = undefined;
          this.running = undefined;
          return cred;
        },
        (e: unknown) => {
          const error =
            e instanceof ExecCredentialError ? e : new ExecCredentialError(`exec: ${message(e)}`);
          const delay = backoffDelay(
            this.failures++,
            this.o.backoff ?? FAILURE_BACKOFF,
            this.o.random,
          );
          this.failure = { error, until: this.now() + delay };
          this.running = undefined;
          throw error;
        },
      );
    }
    return abortable(this.running, o.signal);
  }

  /**
   * The server answered 401 to a request made with `used`: forget it, so that the next get()
   * runs the plugin again, unless the credential was renewed since (N parallel 401s: one run).
   */
  invalidate(used: ExecCredential): void {
    if (used === this.cached) this.cached = undefined;
  }

  /** Stops a plugin that is running (kdeck is quitting); its waiters get an error. */
  close(): void {
    this.stop?.(`exec: executable ${this.cmd} was stopped`);
  }

  private async run(): Promise<ExecCredential> {
    const interactive = this.interactive();
    const info = execInfo(this.o.exec, this.o.cluster, interactive);
    const env: NodeJS.ProcessEnv = { ...this.env };
    for (const e of this.o.exec.env ?? []) env[e.name] = String(e.value ?? '');
    env.KUBERNETES_EXEC_INFO = info;
    const path = this.lookPath();
    const go = () => this.spawn(path, env, interactive);
    const stdout = interactive && this.o.terminal ? await this.o.terminal.lend(go) : await go();
    return decodeCredential(stdout, this.o.exec.apiVersion);
  }

  /** client-go isInteractive: stdin must be a terminal, and the plugin must want it. */
  private interactive(): boolean {
    const tty = this.o.terminal?.available === true;
    switch (interactiveMode(this.o.exec)) {
      case 'Never':
        return false;
      case 'IfAvailable':
        return tty;
      default:
        if (!tty)
          throw new ExecCredentialError(
            'exec plugin cannot support interactive mode: standard input is not a terminal',
          );
        return true;
    }
  }

  /** Go's exec.LookPath against this process's PATH (not the stanza's), as exec.Command does. */
  private lookPath(): string {
    if (this.cmd.includes('/')) return this.cmd;
    for (const dir of (this.env.PATH ?? '').split(delimiter)) {
      // An empty entry is the current directory: Go refuses a command found relative to it.
      if (!dir || !isAbsolute(dir)) continue;
      const candidate = join(dir, this.cmd);
      try {
        if (statSync(candidate).isDirectory()) continue;
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {}
    }
    const hint = this.o.exec.installHint ? cleanAnsi(this.o.exec.installHint) : '';
    const said = `exec: executable ${this.cmd} not found`;
    throw new ExecCredentialError(
      hint ? `${said}: ${oneLine(hint)}` : said,
      `${said}\n\n${INSTALL_HELP}${hint ? `\n\n${hint}` : ''}`,
    );
  }

  private spawn(path: string, env: NodeJS.ProcessEnv, interactive: boolean): Promise<string> {
    const fds = this.o.terminal?.fds;
    return new Promise<string>((resolve, reject) => {
      const child = spawn(path, (this.o.exec.args ?? []).map(String), {
        argv0: this.cmd,
        env,
        stdio: interactive
          ? [fds?.stdin ?? 'inherit', 'pipe', fds?.stderr ?? 'inherit']
          : ['ignore', 'pipe', 'pipe'],
        // Not interactive: a session of its own, so that it cannot read the screen's terminal
        // and so that stopping it stops what it started.
        detached: !interactive,
      });
      const out: Buffer[] = [];
      let outBytes = 0;
      let errTail = '';
      let lastLine = '';
      let done = false;
      const line = (l: string) => {
        const t = l.replace(/\r$/, '').trim();
        if (!t) return;
        lastLine = t.length > 500 ? `${t.slice(0, 500)}…` : t;
        this.o.onStderr?.(t);
      };
      /** Settles once; `stopIt` when the plugin is still running and must go. */
      const finish = (err?: ExecCredentialError, stopIt = false) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.stop = undefined;
        if (stopIt) kill();
        if (err) {
          child.stdout?.destroy();
          child.stderr?.destroy();
          reject(err);
        } else resolve(Buffer.concat(out).toString('utf8'));
      };
      const kill = () => {
        try {
          if (!interactive && child.pid) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch {}
      };
      this.stop = (why) => finish(new ExecCredentialError(why), true);
      const timeoutMs = this.o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const timer =
        !interactive && timeoutMs > 0
          ? setTimeout(
              () =>
                finish(
                  new ExecCredentialError(
                    `exec: executable ${this.cmd} did not finish within ${seconds(timeoutMs)}; it was stopped`,
                  ),
                  true,
                ),
              timeoutMs,
            )
          : undefined;
      child.stdout?.on('data', (chunk: Buffer) => {
        outBytes += chunk.length;
        if (outBytes > MAX_STDOUT)
          finish(
            new ExecCredentialError(`exec: executable ${this.cmd} wrote more than 16 MiB`),
            true,
          );
        else out.push(chunk);
      });
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        const lines = (errTail + chunk).split('\n');
        errTail = (lines.pop() ?? '').slice(-4096);
        for (const l of lines) line(l);
      });
      child.on('error', (e: NodeJS.ErrnoException) =>
        finish(new ExecCredentialError(`exec: fork/exec ${path}: ${errnoText(e)}`)),
      );
      child.on('close', (code, signal) => {
        line(errTail);
        if (code === 0) return finish();
        const exit = code ?? (signal ? -1 : 1);
        const said = `exec: executable ${this.cmd} failed with exit code ${exit}`;
        const text = lastLine ? `${said}: ${lastLine}` : said;
        finish(new ExecCredentialError(text, undefined, signal ?? undefined));
      });
    });
  }
}

/** Why kubectl would refuse this stanza before running anything (clientcmd validation.go, exec.go). */
export function configProblem(user: string, exec: ExecConfig): string | undefined {
  const where = `for ${user} to use exec authentication plugin`;
  const errors: string[] = [];
  if (!exec.command) errors.push(`command must be specified ${where}`);
  if (!exec.apiVersion) errors.push(`apiVersion must be specified ${where}`);
  for (const e of exec.env ?? [])
    if (!e?.name) errors.push(`env variable name must be specified ${where}`);
  const mode = interactiveMode(exec);
  if (!mode) errors.push(`interactiveMode must be specified ${where}`);
  else if (!MODES.has(mode)) errors.push(`invalid interactiveMode for ${user}: ${quote(mode)}`);
  if (errors.length) return errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
  if (!VERSIONS.has(exec.apiVersion))
    return `exec plugin: invalid apiVersion ${quote(exec.apiVersion)}`;
  return undefined;
}

/** The stanza's mode, defaulted as clientcmd's SetDefaults_ExecConfig does for v1beta1 and v1alpha1. */
function interactiveMode(exec: ExecConfig): string {
  if (exec.interactiveMode) return exec.interactiveMode;
  return exec.apiVersion === `${GROUP}/v1beta1` || exec.apiVersion === `${GROUP}/v1alpha1`
    ? 'IfAvailable'
    : '';
}

/**
 * KUBERNETES_EXEC_INFO as client-go writes it: an ExecCredential encoded by apimachinery's JSON
 * serializer (field order of the Go types, Go's HTML escaping, a final newline).
 */
export function execInfo(exec: ExecConfig, cluster: ExecCluster, interactive: boolean): string {
  const spec: Record<string, unknown> = {};
  if (exec.provideClusterInfo) {
    const c: Record<string, unknown> = { server: cluster.server ?? '' };
    if (cluster.tlsServerName) c['tls-server-name'] = cluster.tlsServerName;
    if (cluster.insecureSkipTLSVerify) c['insecure-skip-tls-verify'] = true;
    if (cluster.certificateAuthorityData)
      c['certificate-authority-data'] = cluster.certificateAuthorityData;
    if (cluster.proxyURL) c['proxy-url'] = cluster.proxyURL;
    if (cluster.disableCompression) c['disable-compression'] = true;
    c.config = cluster.config === undefined ? null : sortKeys(cluster.config);
    spec.cluster = c;
  }
  spec.interactive = interactive;
  const json = JSON.stringify({ kind: 'ExecCredential', apiVersion: exec.apiVersion, spec });
  return `${json.replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

/**
 * The ExecCluster client-go hands a plugin for this kubeconfig cluster (rest ConfigToExecCluster,
 * clientcmd ClientConfig): the CA file read into data, the exec extension as `config`.
 */
export function execClusterOf(c: ClusterFields): ExecCluster {
  let server = String(c.server ?? '');
  try {
    // clientcmd drops a query and fragment from a server URL that has a path.
    if (new URL(server).pathname.length > 1) server = server.replace(/[?#].*$/, '');
  } catch {}
  let ca: string | undefined;
  if (c['certificate-authority-data'])
    ca = Buffer.from(c['certificate-authority-data'], 'base64').toString('base64');
  else if (c['certificate-authority']) {
    try {
      ca = readFileSync(c['certificate-authority']).toString('base64');
    } catch (e) {
      throw new ExecCredentialError(
        `failed to load CA bundle for execProvider: open ${c['certificate-authority']}: ${errnoText(e as NodeJS.ErrnoException)}`,
      );
    }
  }
  const ext = (c.extensions ?? []).find((e) => e?.name === EXEC_CLUSTER_EXTENSION);
  return {
    server,
    tlsServerName: c['tls-server-name'] || undefined,
    insecureSkipTLSVerify: c['insecure-skip-tls-verify'] === true || undefined,
    certificateAuthorityData: ca || undefined,
    proxyURL: c['proxy-url'] || undefined,
    disableCompression: c['disable-compression'] === true || undefined,
    config: ext ? ext.extension : undefined,
  };
}

/**
 * The plugin's answer, checked as client-go checks it (refreshCredsLocked): JSON, or YAML as
 * apimachinery's universal decoder also takes; the configured apiVersion; a status with a token
 * or a certificate and key that belong together; an RFC 3339 expiry.
 */
function decodeCredential(stdout: string, apiVersion: string): ExecCredential {
  const decoding = (why: string) => new ExecCredentialError(`decoding stdout: ${why}`);
  // biome-ignore lint/suspicious/noExplicitAny: the plugin's JSON
  let doc: any;
  if (!stdout.trim()) doc = {};
  else if (stdout.trimStart().startsWith('{')) {
    try {
      doc = JSON.parse(stdout);
    } catch (e) {
      throw decoding(`couldn't get version/kind; json parse error: ${message(e)}`);
    }
  } else {
    try {
      doc = load(stdout, { schema: CORE_SCHEMA });
    } catch (e) {
      throw decoding(message(e));
    }
  }
  doc ??= {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw decoding(
      `couldn't get version/kind; json parse error: json: cannot unmarshal ${goType(doc)} into Go value of type struct`,
    );
  for (const f of ['apiVersion', 'kind'])
    if (doc[f] != null && typeof doc[f] !== 'string')
      throw decoding(
        `couldn't get version/kind; json parse error: json: cannot unmarshal ${goType(doc[f])} into Go struct field .${f} of type string`,
      );
  const got: string = doc.apiVersion ?? '';
  if (!got)
    throw new ExecCredentialError(
      `exec plugin is configured to use API version ${apiVersion}, plugin returned version ${GROUP}/__internal`,
    );
  if (!VERSIONS.has(got) || (doc.kind && doc.kind !== 'ExecCredential'))
    throw decoding(
      `no kind ${quote(doc.kind || 'ExecCredential')} is registered for version ${quote(got)}`,
    );
  if (got !== apiVersion)
    throw new ExecCredentialError(
      `exec plugin is configured to use API version ${apiVersion}, plugin returned version ${got}`,
    );
  const status = doc.status;
  if (status == null) throw new ExecCredentialError("exec plugin didn't return a status field");
  if (typeof status !== 'object' || Array.isArray(status))
    throw decoding(
      `json: cannot unmarshal ${goType(status)} into Go struct field ExecCredential.status of type ${got.split('/')[1]}.ExecCredentialStatus`,
    );
  const field = (f: string): string => {
    const v = status[f];
    if (v == null) return '';
    if (typeof v !== 'string')
      throw decoding(
        `json: cannot unmarshal ${goType(v)} into Go struct field ExecCredentialStatus.status.${f} of type string`,
      );
    return v;
  };
  const token = field('token');
  const cert = field('clientCertificateData');
  const key = field('clientKeyData');
  let expires: number | undefined;
  const ts = status.expirationTimestamp;
  if (ts != null) {
    if (typeof ts !== 'string')
      throw decoding(`json: cannot unmarshal ${goType(ts)} into Go value of type string`);
    expires = parseRfc3339(ts);
    if (expires === undefined)
      throw decoding(`parsing time ${quote(ts)} as "2006-01-02T15:04:05Z07:00"`);
  }
  if (!token && !cert && !key)
    throw new ExecCredentialError("exec plugin didn't return a token or cert/key pair");
  if (!cert !== !key)
    throw new ExecCredentialError('exec plugin returned only certificate or key, not both');
  if (cert) {
    const problem = keyPairProblem(cert, key);
    if (problem) throw new ExecCredentialError(`failed parsing client key/certificate: ${problem}`);
  }
  const cred: ExecCredential = {};
  if (token) cred.token = token;
  if (cert) {
    cred.clientCertificateData = cert;
    cred.clientKeyData = key;
  }
  if (expires !== undefined) cred.expires = expires;
  return Object.freeze(cred);
}

/** What Go's tls.X509KeyPair says of a certificate and key, or nothing when they make a pair. */
function keyPairProblem(certPem: string, keyPem: string): string | undefined {
  if (!certPem.includes('-----BEGIN CERTIFICATE-----'))
    return certPem.includes('-----BEGIN ')
      ? 'tls: failed to find "CERTIFICATE" PEM block in certificate input'
      : 'tls: failed to find any PEM data in certificate input';
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(keyPem))
    return keyPem.includes('-----BEGIN ')
      ? 'tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input'
      : 'tls: failed to find any PEM data in key input';
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch {
    return 'x509: malformed certificate';
  }
  try {
    if (!cert.checkPrivateKey(createPrivateKey(keyPem)))
      return 'tls: private key does not match public key';
  } catch {
    return 'tls: failed to parse private key';
  }
  return undefined;
}

/** Go's time.RFC3339 layout, fractional seconds allowed; ms since epoch. */
function parseRfc3339(s: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** Waits for `p`, or rejects when `signal` aborts (the work behind `p` goes on). */
function abortable<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Go's filepath.Clean on a Unix path. */
function cleanPath(p: string): string {
  if (!p) return '.';
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** clientcmd cleanANSIEscapeCodes: controls other than \t..\r written as U+XXXX. */
function cleanAnsi(s: string): string {
  return s.replace(
    /[^\p{L}\p{M}\p{N}\p{P}\p{S}\p{Z}\t\n\v\f\r]/gu,
    (ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/** Objects' keys in order, as Go's encoding/json writes the maps a kubeconfig's YAML becomes. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** Go's errno texts for what starting a program or opening a file can fail with. */
function errnoText(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'ENOEXEC':
      return 'exec format error';
    case 'ENOTDIR':
      return 'not a directory';
    case 'E2BIG':
      return 'argument list too long';
    case 'EISDIR':
      return 'is a directory';
    default:
      return message(e);
  }
}

function goType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // number, string, object
}

/** Go's %q, near enough for names. */
function quote(s: string): string {
  return JSON.stringify(String(s));
}

function oneLine(s: string): string {
  return s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}

function seconds(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 100) / 10} s`;
}

function message(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
