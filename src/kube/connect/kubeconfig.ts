// Which cluster to talk to and as whom, as kubectl decides it: --kubeconfig, else
// $KUBECONFIG (several files merged, first wins), else ~/.kube/config; --context, else
// current-context; --cluster/--user over the context's; -n, else the context's namespace.
// client-node's KubeConfig is not used: it merges, resolves and reads fields differently from
// kubectl (see mergeKubeconfigs), so the kubeconfig's own fields are handed on as written.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { load } from 'js-yaml';
import type { ContextInfo } from '../../resources/contexts.js';

export class ConfigError extends Error {}

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  /** kubectl's --cluster: this cluster instead of the context's. */
  cluster?: string;
  /** kubectl's --user: these credentials instead of the context's. */
  user?: string;
  namespace?: string;
}

/** A kubeconfig cluster's fields, as written there (file paths made absolute). */
export interface ClusterFields {
  server: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  'proxy-url'?: string;
  'disable-compression'?: boolean;
  extensions?: { name: string; extension: unknown }[] | null;
}

/** A user's `exec` stanza from the kubeconfig, as written there. */
export interface ExecConfig {
  /** client.authentication.k8s.io/v1 or /v1beta1 (v1alpha1 is refused, as kubectl refuses it). */
  apiVersion: string;
  /**
   * Looked up on PATH when it names no directory; a relative path naming one is relative to
   * the kubeconfig file that names it, which the caller resolves (client-go ResolveLocalPaths).
   */
  command: string;
  args?: string[] | null;
  env?: { name: string; value: string }[] | null;
  installHint?: string;
  provideClusterInfo?: boolean;
  /** v1 requires it; v1beta1 defaults to IfAvailable. */
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
}

/** A kubeconfig user's fields, as written there (file paths made absolute). */
export interface UserFields {
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  exec?: ExecConfig;
  'auth-provider'?: { name: string; config?: Record<string, string> };
  as?: string;
  'as-uid'?: string;
  'as-groups'?: string[];
  'as-user-extra'?: Record<string, string[]>;
}

export interface LoadedConfig {
  /** The kubeconfig files read, in order (watched for changes). */
  files: string[];
  /** The context used ('' when --cluster and --user stand without one). */
  context: string;
  cluster: string;
  user: string;
  server: string;
  namespace: string;
  /** The context is configured read-only for kdeck (see readonlyContext). */
  readonly: boolean;
  clusterFields: ClusterFields;
  userFields: UserFields;
  contexts: ContextInfo[];
}

/** The kubeconfig files kubectl would read: --kubeconfig, else $KUBECONFIG, else ~/.kube/config. */
export function kubeconfigFiles(o: ConnectOptions, env: NodeJS.ProcessEnv = process.env): string[] {
  return o.kubeconfig
    ? [o.kubeconfig]
    : env.KUBECONFIG
      ? env.KUBECONFIG.split(delimiter).filter(Boolean)
      : [join(homedir(), '.kube', 'config')];
}

/**
 * Which cluster, user and namespace kubectl would use (client-go's clientcmd): --context,
 * else current-context; --cluster and --user replace the context's; -n, else the context's
 * namespace, else "default". Errors are kubectl's, in one line.
 */
export function loadKubeConfig(
  o: ConnectOptions,
  env: NodeJS.ProcessEnv = process.env,
): LoadedConfig {
  const files = kubeconfigFiles(o, env);
  const present = files.filter((f) => existsSync(f));
  if (!present.length) {
    throw new ConfigError(
      `no kubeconfig found (looked at ${files.join(', ')}); pass --kubeconfig FILE, set KUBECONFIG, or try kdeck --demo`,
    );
  }
  const merged = mergeKubeconfigs(present);
  const contexts: ContextInfo[] = merged.contexts.map((c: Doc) => ({
    name: String(c.name),
    cluster: String(c.context?.cluster ?? ''),
    user: String(c.context?.user ?? ''),
    namespace: c.context?.namespace || undefined,
    current: false,
  }));
  const names = contexts.map((c) => c.name);
  const context = o.context ?? merged['current-context'] ?? '';
  const ctx = contexts.find((c) => c.name === context);
  const choices = names.length
    ? `pass --context (one of: ${names.join(', ')})`
    : 'it has no contexts; pass --kubeconfig FILE, or try kdeck --demo';
  if (o.context !== undefined && !ctx)
    throw new ConfigError(
      `context was not found for specified context: ${o.context} (contexts: ${names.join(', ') || 'none'})`,
    );
  if (!ctx && !o.cluster)
    throw new ConfigError(
      context
        ? `current-context "${context}" is not a context of the kubeconfig; ${choices}`
        : `the kubeconfig sets no current-context; ${choices}`,
    );
  const clusterName = o.cluster ?? ctx?.cluster ?? '';
  const userName = o.user ?? ctx?.user ?? '';
  const clusterEntry = merged.clusters.find((c: Doc) => c.name === clusterName);
  if (!clusterEntry?.cluster?.server)
    throw new ConfigError(
      o.cluster
        ? `no server found for cluster "${clusterName}"`
        : `context "${context}" names cluster "${clusterName}", which the kubeconfig does not define (or gives no server)`,
    );
  const userEntry = merged.users.find((u: Doc) => u.name === userName);
  // Only a --user that names nobody is refused; a context's dangling user is no credentials,
  // as kubectl has it (the server then says what it makes of an anonymous request).
  if (o.user && !userEntry) throw new ConfigError(`auth info "${userName}" does not exist`);
  for (const c of contexts) c.current = c.name === context;
  return {
    files: present,
    context: ctx ? context : '',
    cluster: clusterName,
    user: userName,
    server: String(clusterEntry.cluster.server),
    namespace: o.namespace ?? ctx?.namespace ?? 'default',
    readonly: ctx ? readonlyContext(present, context) : false,
    clusterFields: clusterEntry.cluster,
    userFields: userEntry?.user ?? {},
    contexts,
  };
}

/**
 * A context made read-only for kdeck in the kubeconfig itself, where kubectl keeps tool
 * settings (client-node drops context extensions, so the files are read here; the first file
 * that defines the context decides, as kubectl merges):
 *
 *   contexts:
 *   - name: prod
 *     context:
 *       cluster: prod
 *       user: me
 *       extensions:
 *       - name: kdeck
 *         extension: {readonly: true}     # or readOnly, the config file's spelling
 */
export function readonlyContext(files: string[], context: string): boolean {
  for (const f of files) {
    // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
    let doc: any;
    try {
      doc = load(readFileSync(f, 'utf8'));
    } catch {
      continue;
    }
    // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
    const entry = (doc?.contexts ?? []).find((c: any) => c?.name === context);
    if (!entry) continue;
    // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
    const ext = (entry.context?.extensions ?? []).find((e: any) => e?.name === 'kdeck');
    // The config file's spelling (readOnly) too: a protection mistyped must still protect.
    return ext?.extension?.readonly === true || ext?.extension?.readOnly === true;
  }
  return false;
}

// biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
type Doc = any;

/** Fields that name files, resolved against the directory of the file that names them. */
const PATHS: Record<'clusters' | 'users', string[]> = {
  clusters: ['certificate-authority'],
  users: ['client-certificate', 'client-key', 'tokenFile'],
};

/**
 * Several kubeconfig files as kubectl merges them (client-go's clientcmd loading rules):
 * clusters, users and contexts merge by name and the first file to define a name wins;
 * current-context is the first one set. Relative file paths are resolved against the file
 * that names them. (client-node throws `Duplicate cluster` instead and takes current-context
 * from the first file only.)
 */
export function mergeKubeconfigs(files: string[]): Doc {
  const merged: Doc = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
  for (const file of files) {
    const doc: Doc = readKubeconfig(file);
    const base = dirname(resolve(file));
    merged['current-context'] ||= doc['current-context'] || undefined;
    for (const key of ['clusters', 'users', 'contexts'] as const) {
      for (const entry of doc[key] ?? []) {
        if (!entry?.name || merged[key].some((e: Doc) => e.name === entry.name)) continue;
        merged[key].push(key === 'contexts' ? entry : withPaths(key, entry, base));
      }
    }
  }
  if (!merged['current-context']) delete merged['current-context'];
  return merged;
}

/** One kubeconfig file as YAML; what cannot be read is said as kubectl says it. */
function readKubeconfig(file: string): Doc {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`error loading config file "${file}": ${openError(file, e)}`);
  }
  try {
    return load(text) ?? {};
  } catch (e) {
    const y = e as { reason?: string; mark?: { line?: number }; message?: string };
    const where = y.mark?.line !== undefined ? `line ${y.mark.line + 1}: ` : '';
    throw new ConfigError(
      `error loading config file "${file}": yaml: ${where}${y.reason ?? String(y.message).split('\n')[0]}`,
    );
  }
}

/** A file that cannot be opened, in Go's words (`open F: no such file or directory`). */
export function openError(file: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code ?? '';
  const said: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
  };
  return `open ${file}: ${said[code] ?? ((e as Error)?.message || code)}`;
}

function withPaths(key: 'clusters' | 'users', entry: Doc, base: string): Doc {
  const field = key === 'clusters' ? 'cluster' : 'user';
  const body = { ...(entry[field] ?? {}) };
  for (const f of PATHS[key])
    if (typeof body[f] === 'string' && body[f] && !isAbsolute(body[f]))
      body[f] = join(base, body[f]);
  // An exec command is looked up on PATH unless it names a path (client-go ResolveLocalPaths).
  const command = body.exec?.command;
  if (typeof command === 'string' && command.includes(sep) && !isAbsolute(command))
    body.exec = { ...body.exec, command: join(base, command) };
  return { ...entry, [field]: body };
}
