// The cluster as the screens see it: who we are connected to, and watches that feed row
// sinks. Handed to the UI at start (the UI never touches the network itself).
import { unwatchFile, watchFile } from 'node:fs';
import type { ContextInfo } from '../resources/contexts.js';
import type {
  ExecSession,
  ExecTarget,
  LogHandlers,
  LogTarget,
  RowSink,
  WatchTarget,
} from '../resources/index.js';
import type { MetricsReader, MetricsTarget } from '../resources/metrics.js';
import type { ApiResource } from '../resources/registry.js';
import { ClusterActions } from './actions.js';
import { ManifestActions } from './apply.js';
import { type ClientOptions, KubeClient } from './client.js';
import { type ConnectOptions, type LoadedConfig, loadKubeConfig } from './connect/kubeconfig.js';
import { discover } from './discovery.js';
import { openExec } from './exec.js';
import { streamLogs, streamSelectorLogs } from './logs.js';
import { KubeMetricsReader } from './metrics.js';
import { PortForwards } from './port-forward.js';
import { type SupervisorOptions, WatchSupervisor } from './watch-supervisor.js';

export class KubeSource {
  private readonly client: KubeClient;
  readonly actions: ClusterActions;
  readonly manifests: ManifestActions;
  readonly forwards: PortForwards;

  private constructor(
    private cfg: LoadedConfig,
    private readonly opts: ConnectOptions,
    private readonly supervisorOptions: SupervisorOptions,
    private readonly clientOptions: ClientOptions,
  ) {
    this.client = new KubeClient(cfg, clientOptions);
    this.actions = new ClusterActions(this.client);
    this.manifests = new ManifestActions(this.client);
    this.forwards = new PortForwards(this.client);
    this.client.onWarning = (text) => {
      for (const l of this.warningListeners) l(text);
    };
    this.unwatchFiles = watchFiles(cfg.files, () => this.reload());
  }

  private readonly unwatchFiles: () => void;

  /**
   * A kubeconfig file changed on disk (a token rotated, a login wrote new credentials): read
   * the files again and use what they say now, as a kubectl run after the edit would. A file
   * caught half-written, or settings kubectl would refuse, keep the previous ones.
   */
  private reload(): void {
    let cfg: LoadedConfig;
    try {
      // The session stays on its context, whatever current-context the file names now.
      cfg = loadKubeConfig(
        { ...this.opts, context: this.cfg.context || this.opts.context },
        this.clientOptions.env,
      );
      this.client.reconfigure(cfg);
    } catch (e) {
      // Said where warnings are said (the status line, :warnings): the user edited the file
      // and must hear that kdeck goes on with what it had.
      const text = `kubeconfig changed but cannot be used (the previous settings stay): ${(e as Error).message}`;
      for (const l of this.warningListeners) l(text);
      return;
    }
    this.cfg = cfg;
    // One authenticated request tells every view whether the server takes the new credentials.
    this.client.json('/api', { timeoutSeconds: 10 }).catch(() => {});
  }

  private readonly warningListeners = new Set<(text: string) => void>();

  /** Tells `listener` each text of the server's Warning headers; the returned function stops it. */
  onWarning(listener: (text: string) => void): () => void {
    this.warningListeners.add(listener);
    return () => this.warningListeners.delete(listener);
  }

  /** Reads the kubeconfig; throws ConfigError with a one-line reason. */
  static connect(
    opts: ConnectOptions,
    supervisorOptions: SupervisorOptions = {},
    clientOptions: ClientOptions = {},
  ): KubeSource {
    return new KubeSource(
      loadKubeConfig(opts, clientOptions.env),
      opts,
      supervisorOptions,
      clientOptions,
    );
  }

  private discovered: Promise<ApiResource[]> | undefined;

  /** What the server serves, asked once (again when `fresh`); a failure is asked again next time. */
  kinds(fresh = false): Promise<ApiResource[]> {
    if (fresh || !this.discovered) {
      const asked = discover(this.client);
      this.discovered = asked;
      asked.catch(() => {
        if (this.discovered === asked) this.discovered = undefined;
      });
    }
    return this.discovered;
  }

  private namespaceNames: Promise<string[]> | undefined;

  /** The namespaces' names (one list, kept for this context: Tab asks it often). */
  namespaces(): Promise<string[]> {
    if (!this.namespaceNames) {
      const asked = this.client
        .json<{ items?: { metadata?: { name?: string } }[] }>('/api/v1/namespaces', {
          timeoutSeconds: 10,
        })
        .then((l) => (l.items ?? []).flatMap((n) => (n.metadata?.name ? [n.metadata.name] : [])));
      this.namespaceNames = asked;
      asked.catch(() => {
        if (this.namespaceNames === asked) this.namespaceNames = undefined;
      });
    }
    return this.namespaceNames.catch(() => []);
  }

  /** See KubeClient.onRecover. */
  onRecover(listener: () => void): () => void {
    return this.client.onRecover(listener);
  }

  /** See KubeClient.credentialsFirst. */
  credentialsFirst(): Promise<void> {
    return this.client.credentialsFirst();
  }

  get info() {
    const { context, cluster, user, server, namespace, readonly } = this.cfg;
    return { context, cluster, user, server, namespace, readonly };
  }

  /** The server's gitVersion, e.g. v1.36.3. */
  async serverVersion(): Promise<string> {
    const v = await this.client.json<{ gitVersion?: string }>('/version', { timeoutSeconds: 10 });
    return v.gitVersion ?? '?';
  }

  watch(target: WatchTarget, sink: RowSink): () => void {
    const s = new WatchSupervisor(this.client, target, sink, this.supervisorOptions).start();
    return () => s.stop();
  }

  /** Runs a command in a container (`s`: a shell); a refusal throws with the server's words. */
  exec(t: ExecTarget): Promise<ExecSession> {
    return openExec(this.client, t);
  }

  metrics(target: MetricsTarget): MetricsReader {
    return new KubeMetricsReader(this.client, target);
  }

  logs(t: LogTarget, h: LogHandlers): () => void {
    const opts = {
      previous: t.previous,
      tailLines: t.tailLines,
      sinceSeconds: t.sinceSeconds,
      follow: t.follow,
    };
    const streamOptions = { backoff: this.supervisorOptions.backoff };
    if (t.pod)
      return streamLogs(
        this.client,
        { ...opts, namespace: t.namespace, pod: t.pod, container: t.container ?? '' },
        h,
        undefined,
        streamOptions,
      );
    return streamSelectorLogs(this.client, t.namespace, t.selector ?? '', opts, h, streamOptions);
  }

  contexts(): ContextInfo[] {
    return this.cfg.contexts;
  }

  /** A source for another context of the same kubeconfig (the namespace comes from it). */
  switchContext(name: string): KubeSource {
    // Another context is its own cluster and user: --cluster and --user applied to this one.
    return KubeSource.connect(
      { ...this.opts, context: name, cluster: undefined, user: undefined, namespace: undefined },
      this.supervisorOptions,
      this.clientOptions,
    );
  }

  private closed = false;

  /** Stops everything the source holds open; again, nothing. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.forwards.stopAll();
    this.unwatchFiles();
    this.client.close();
  }
}

/** Calls `changed` when any of the files changes on disk (polled: works on every filesystem). */
function watchFiles(files: string[], changed: () => void): () => void {
  const listener = (now: { mtimeMs: number }, before: { mtimeMs: number }) => {
    if (now.mtimeMs !== before.mtimeMs) changed();
  };
  for (const f of files) watchFile(f, { interval: 1000, persistent: false }, listener);
  return () => {
    for (const f of files) unwatchFile(f, listener);
  };
}
