// The cluster as the screens see it: who we are connected to, and watches that feed row
// sinks. Handed to the UI at start (the UI never touches the network itself).
import type { ContextInfo } from '../resources/contexts.js';
import type { LogHandlers, LogTarget, RowSink, WatchTarget } from '../resources/index.js';
import { ClusterActions } from './actions.js';
import { KubeClient } from './client.js';
import { type ConnectOptions, type LoadedConfig, loadKubeConfig } from './kubeconfig.js';
import { streamLogs, streamSelectorLogs } from './logs.js';
import { type SupervisorOptions, WatchSupervisor } from './watch-supervisor.js';

export class KubeSource {
  private readonly client: KubeClient;
  readonly actions: ClusterActions;

  private constructor(
    private readonly cfg: LoadedConfig,
    private readonly opts: ConnectOptions,
    private readonly supervisorOptions: SupervisorOptions,
  ) {
    this.client = new KubeClient(cfg.kc, cfg.server);
    this.actions = new ClusterActions(this.client);
  }

  /** Reads the kubeconfig; throws ConfigError with a one-line reason. */
  static connect(opts: ConnectOptions, supervisorOptions: SupervisorOptions = {}): KubeSource {
    return new KubeSource(loadKubeConfig(opts), opts, supervisorOptions);
  }

  get info() {
    const { context, cluster, user, server, namespace, readonly } = this.cfg;
    return { context, cluster, user, server, namespace, readonly };
  }

  /** The server's gitVersion, e.g. v1.33.1. */
  async serverVersion(): Promise<string> {
    const v = await this.client.json<{ gitVersion?: string }>('/version', { timeoutSeconds: 10 });
    return v.gitVersion ?? '?';
  }

  watch(target: WatchTarget, sink: RowSink): () => void {
    const s = new WatchSupervisor(this.client, target, sink, this.supervisorOptions).start();
    return () => s.stop();
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
    return this.cfg.kc.getContexts().map((c) => ({
      name: c.name,
      cluster: c.cluster,
      user: c.user,
      namespace: c.namespace,
      current: c.name === this.cfg.context,
    }));
  }

  /** A source for another context of the same kubeconfig (the namespace comes from it). */
  switchContext(name: string): KubeSource {
    return KubeSource.connect(
      { ...this.opts, context: name, namespace: undefined },
      this.supervisorOptions,
    );
  }

  close(): void {
    this.client.close();
  }
}
