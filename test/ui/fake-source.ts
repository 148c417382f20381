// A cluster for screen tests: rows made from plain objects by the real projections, fed to
// the screen's sinks on demand; no network.
import { deployments } from '../../src/resources/deployments.js';
import type {
  ActionResult,
  ExecSession,
  ExecTarget,
  KubeObject,
  LogHandlers,
  LogTarget,
  ObjectRef,
  Propagation,
  ResourceDef,
  RowSink,
  WatchState,
  WatchTarget,
} from '../../src/resources/index.js';
import type { ManifestActionsApi } from '../../src/resources/manifest-plan.js';
import type { ContainerImage } from '../../src/resources/pod-template.js';
import { pods } from '../../src/resources/pods.js';
import type { ApiResource } from '../../src/resources/registry.js';
import type { EditResult } from '../../src/resources/types.js';
import type {
  ClusterActionsApi,
  ClusterSource,
  ContextInfo,
  PortForwardsApi,
} from '../../src/ui/cluster-source.js';
import { rowOf, rowsOfTable, tableOf } from '../helpers/table-rows.js';

/** Records what the screen asked for; answers as the test sets it up. */
export class FakeActions implements ClusterActionsApi {
  calls: string[] = [];
  forbidden = new Set<string>();
  /** The answer to the next scale, once; a success otherwise. */
  scaleAnswer: ActionResult | undefined;
  current = { replicas: 7, resourceVersion: '99' };
  constructor(private readonly objects: () => KubeObject[]) {}
  async scale(ref: ObjectRef, replicas: number): Promise<ActionResult> {
    this.calls.push(`scale ${ref.name} ${replicas} rv=${ref.resourceVersion}`);
    const answer = this.scaleAnswer ?? { ok: true, message: `scaled ${ref.name} to ${replicas}` };
    this.scaleAnswer = undefined;
    return answer;
  }
  async currentReplicas() {
    return this.current;
  }
  async remove(
    ref: ObjectRef,
    o: { propagation: Propagation; force: boolean },
  ): Promise<ActionResult> {
    this.calls.push(`delete ${ref.name} uid=${ref.uid} ${o.propagation}${o.force ? ' force' : ''}`);
    return { ok: true, message: `deleted ${ref.name}` };
  }
  async restart(ref: ObjectRef): Promise<ActionResult> {
    this.calls.push(`restart ${ref.name}`);
    return { ok: true, message: `restarted ${ref.name}` };
  }
  async setImage(ref: ObjectRef, changed: ContainerImage[]): Promise<ActionResult> {
    this.calls.push(
      `set image ${ref.name} ${changed.map((c) => `${c.name}=${c.image}`).join(' ')}`,
    );
    return { ok: true, message: `${ref.name} image updated` };
  }
  async rollback(ref: ObjectRef, revision: number): Promise<ActionResult> {
    this.calls.push(`rollback ${ref.name} to ${revision}`);
    return { ok: true, message: `${ref.name} rolled back` };
  }
  async get(ref: ObjectRef) {
    const o = this.objects().find((x) => x.metadata.uid === ref.uid);
    if (!o) throw new Error(`${ref.name} not found`);
    return o;
  }
  async sendEdit(ref: ObjectRef, patch: Record<string, unknown>): Promise<EditResult> {
    this.calls.push(`edit ${ref.name} ${JSON.stringify(patch)}`);
    return { ok: true, object: await this.get(ref) };
  }
  async eventsFor() {
    return [];
  }
  async describeExtra() {
    return {};
  }
  async controllerRevisions(): Promise<KubeObject[] | undefined> {
    return [];
  }
  /** The access reviews asked: `verb resource[/subresource]`. */
  reviews: string[] = [];
  async can(verb: string, resource: ResourceDef, _namespace?: string, subresource?: string) {
    this.reviews.push(`${verb} ${resource.name}${subresource ? `/${subresource}` : ''}`);
    const key = `${verb} ${resource.name}`;
    return this.forbidden.has(key)
      ? { allowed: false, reason: `you may not ${key}` }
      : { allowed: true, reason: '' };
  }
}

export const pod = (
  name: string,
  namespace = 'default',
  labels: Record<string, string> = {},
  phase = 'Running',
): KubeObject => ({
  metadata: {
    name,
    namespace,
    uid: `uid-${namespace}-${name}`,
    resourceVersion: '1',
    labels,
    creationTimestamp: new Date(Date.now() - 65_000).toISOString(),
  },
  spec: { containers: [{ name: 'c' }], nodeName: 'node-1' },
  status: {
    phase,
    podIP: '10.0.0.1',
    containerStatuses: [
      {
        name: 'c',
        ready: phase === 'Running',
        restartCount: 0,
        state: phase === 'Running' ? { running: {} } : { waiting: { reason: 'ContainerCreating' } },
      },
    ],
  },
});

export const deployment = (name: string, namespace = 'default', app = name): KubeObject => ({
  metadata: {
    name,
    namespace,
    uid: `uid-d-${name}`,
    resourceVersion: '1',
    creationTimestamp: new Date().toISOString(),
  },
  spec: { replicas: 2, selector: { matchLabels: { app } } },
  status: { readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2 },
});

export class FakeSource implements ClusterSource {
  readonly sinks: { target: WatchTarget; sink: RowSink }[] = [];
  readonly actions = new FakeActions(() => this.objects);
  /** Manifests are tested through the binary against the simulator (test/acceptance/apply). */
  readonly manifests: ManifestActionsApi = {
    read: () => ({ ok: false, error: 'no files in a fake cluster' }),
    preview: async () => [],
    commit: async () => [],
  };
  /** Port-forwards are tested through the binary against the simulator (port-forward.test). */
  readonly forwards: PortForwardsApi = {
    subscribe: () => () => {},
    list: () => [],
    start: async () => {
      throw new Error('no port-forward in a fake cluster');
    },
    stop: () => undefined,
  };
  constructor(
    public objects: KubeObject[],
    readonly info = {
      context: 'fake',
      cluster: 'fake-cluster',
      user: 'me',
      server: 'https://fake:6443',
      namespace: 'default',
    },
  ) {}

  serverVersion = async () => 'v1.33.1';

  private matching(t: WatchTarget): KubeObject[] {
    const [k, v] = (t.labelSelector ?? '').split('=');
    return this.objects.filter(
      (o) =>
        (t.resource === deployments
          ? 'replicas' in (o.spec ?? {})
          : 'containers' in (o.spec ?? {})) &&
        (!t.namespace || o.metadata.namespace === t.namespace) &&
        (!k || o.metadata.labels?.[k] === v),
    );
  }

  watch(target: WatchTarget, sink: RowSink): () => void {
    const entry = { target, sink };
    this.sinks.push(entry);
    const def = target.resource;
    const objects = this.matching(target);
    if (def.table) {
      const { columns, rows } = rowsOfTable(def, tableOf(def, objects));
      sink.columns?.(columns);
      sink.reset(rows);
    } else sink.reset(objects.map((o) => rowOf(def, o)));
    sink.state({ phase: 'live' });
    return () => this.sinks.splice(this.sinks.indexOf(entry), 1);
  }

  /** Sends a change to every open pods watch, as a watch event would. */
  emit(change: { upsert?: KubeObject; remove?: string; state?: WatchState }): void {
    for (const { target, sink } of this.sinks) {
      if (target.resource !== pods) continue;
      if (change.upsert) sink.upsert(rowOf(pods, change.upsert));
      if (change.remove) sink.remove(change.remove);
      if (change.state) sink.state(change.state);
    }
  }

  /** Execs the screen opened (`s`); the session each gets, as the test sets it. */
  readonly execs: ExecTarget[] = [];
  execAnswer: (t: ExecTarget) => Promise<ExecSession> = () =>
    Promise.reject(new Error('exec: no session in this test'));

  exec(target: ExecTarget): Promise<ExecSession> {
    this.execs.push(target);
    return this.execAnswer(target);
  }

  /** Log streams the screen opened; a test feeds them lines. */
  readonly logStreams: { target: LogTarget; handlers: LogHandlers; stopped: boolean }[] = [];

  logs(target: LogTarget, handlers: LogHandlers): () => void {
    const entry = { target, handlers, stopped: false };
    this.logStreams.push(entry);
    handlers.state({ phase: 'streaming' });
    return () => {
      entry.stopped = true;
    };
  }

  private readonly warningListeners = new Set<(text: string) => void>();

  onWarning(listener: (text: string) => void): () => void {
    this.warningListeners.add(listener);
    return () => this.warningListeners.delete(listener);
  }

  /** What discovery answers (empty: the app keeps the kinds it knows without asking). */
  apiResources: ApiResource[] = [];

  kinds(): Promise<ApiResource[]> {
    return Promise.resolve(this.apiResources);
  }

  /** What listing namespaces answers. */
  namespaceNames = ['default', 'kube-system', 'kube-public', 'shop'];

  namespaces(): Promise<string[]> {
    return Promise.resolve(this.namespaceNames);
  }

  private readonly recoverListeners = new Set<() => void>();

  onRecover(listener: () => void): () => void {
    this.recoverListeners.add(listener);
    return () => this.recoverListeners.delete(listener);
  }

  /** The server answers again (after failures, or to new credentials). */
  recover(): void {
    for (const l of this.recoverListeners) l();
  }

  /** Sends a Warning header's text, as an answer from the server would carry it. */
  warn(text: string): void {
    for (const l of this.warningListeners) l(text);
  }

  contexts(): ContextInfo[] {
    return [
      { name: 'fake', cluster: 'fake-cluster', user: 'me', current: true },
      { name: 'other', cluster: 'other-cluster', user: 'me', current: false },
    ];
  }

  switchContext(name: string): ClusterSource {
    if (name !== 'other')
      throw new Error(
        `context was not found for specified context: ${name} (contexts: fake, other)`,
      );
    return new FakeSource([pod('elsewhere-1')], {
      ...this.info,
      context: 'other',
      cluster: 'other-cluster',
    });
  }

  close(): void {}
}
