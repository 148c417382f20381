// Which cluster to talk to, as kubectl decides it: --kubeconfig, else $KUBECONFIG (several
// files merged, first wins), else ~/.kube/config; --context, else current-context;
// -n, else the context's namespace, else "default".
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { dump, load } from 'js-yaml';

export class ConfigError extends Error {}

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export interface LoadedConfig {
  kc: KubeConfig;
  context: string;
  cluster: string;
  user: string;
  server: string;
  namespace: string;
  /** The context is configured read-only for kdeck (see readonlyContext). */
  readonly: boolean;
}

export function loadKubeConfig(
  o: ConnectOptions,
  env: NodeJS.ProcessEnv = process.env,
): LoadedConfig {
  const kc = new KubeConfig();
  const files = o.kubeconfig
    ? [o.kubeconfig]
    : env.KUBECONFIG
      ? env.KUBECONFIG.split(delimiter).filter(Boolean)
      : [join(homedir(), '.kube', 'config')];
  const present = files.filter((f) => existsSync(f));
  if (!present.length) {
    throw new ConfigError(
      `no kubeconfig found (looked at ${files.join(', ')}); pass --kubeconfig FILE, set KUBECONFIG, or try kdeck --demo`,
    );
  }
  try {
    kc.loadFromString(dump(mergeKubeconfigs(present)));
  } catch (e) {
    throw new ConfigError(
      `cannot read kubeconfig ${present.join(', ')}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  const context = o.context ?? kc.getCurrentContext();
  const names = kc.getContexts().map((c) => c.name);
  if (!context)
    throw new ConfigError(
      `the kubeconfig sets no current-context; pass --context (one of: ${names.join(', ') || 'none'})`,
    );
  if (!names.includes(context))
    throw new ConfigError(
      `context "${context}" not found in the kubeconfig (contexts: ${names.join(', ') || 'none'})`,
    );
  kc.setCurrentContext(context);
  const ctx = kc.getContextObject(context)!;
  const cluster = kc.getCluster(ctx.cluster);
  if (!cluster)
    throw new ConfigError(
      `context "${context}" names cluster "${ctx.cluster}", which the kubeconfig does not define`,
    );
  return {
    kc,
    context,
    cluster: ctx.cluster,
    user: ctx.user,
    server: cluster.server,
    namespace: o.namespace ?? ctx.namespace ?? 'default',
    readonly: readonlyContext(present, context),
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
 *         extension: {readonly: true}
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
    return ext?.extension?.readonly === true;
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
 * that names them. client-node throws `Duplicate cluster` instead and takes current-context
 * from the first file only, and it ignores `tokenFile`, which is read here into `token`.
 */
export function mergeKubeconfigs(files: string[]): Doc {
  const merged: Doc = { apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] };
  for (const file of files) {
    const doc: Doc = load(readFileSync(file, 'utf8')) ?? {};
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

function withPaths(key: 'clusters' | 'users', entry: Doc, base: string): Doc {
  const field = key === 'clusters' ? 'cluster' : 'user';
  const body = { ...(entry[field] ?? {}) };
  for (const f of PATHS[key])
    if (typeof body[f] === 'string' && body[f] && !isAbsolute(body[f]))
      body[f] = join(base, body[f]);
  if (key === 'users' && body.tokenFile && !body.token) {
    try {
      body.token = readFileSync(body.tokenFile, 'utf8').trim();
    } catch (e) {
      throw new ConfigError(
        `user "${entry.name}": cannot read tokenFile ${body.tokenFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
  }
  return { ...entry, [field]: body };
}
