// The scheduler and the kubelets of the simulated nodes, as one controller: binds pods to
// nodes, runs init containers, takes containers through ContainerCreating to Running,
// crash-loops the pods that ask for it (CrashLoopBackOff with a growing restartCount), and
// finishes graceful deletions.
import type { Cluster } from '../cluster.js';
import { kindOf } from '../kinds.js';
import { nowIso } from '../store.js';
import type { SimTiming } from '../timing.js';
import type { Obj } from '../types.js';
import type { EventRecorder } from './events.js';
import { containerID, setCondition, waiting } from './pod-status-fields.js';
import { Timers, type WorkQueue } from './work-queue.js';

const POD = kindOf('Pod');
const NODE = kindOf('Node');

/** Pod annotation that makes the simulator misbehave: `crash-loop` or `image-pull-error`. */
export const BEHAVIOUR_ANNOTATION = 'sim.kdeck.dev/behaviour';

export class Kubelet {
  private readonly timers = new Timers();
  private nextNode = 0;
  private readonly nextIP = new Map<string, number>();

  constructor(
    private readonly cluster: Cluster,
    private readonly timing: SimTiming,
    private readonly events: EventRecorder,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    const unwatch = this.cluster.store.watch(POD, (e) => {
      const { namespace, name, uid } = e.object.metadata;
      if (e.type === 'DELETED') this.timers.clear(uid);
      else this.queue.add(`kubelet/${namespace}/${name}`, () => this.sync(namespace, name));
    });
    for (const p of this.cluster.store.list(POD))
      this.queue.add(`kubelet/${p.metadata.namespace}/${p.metadata.name}`, () =>
        this.sync(p.metadata.namespace, p.metadata.name),
      );
    return () => {
      unwatch();
      this.timers.clearAll();
    };
  }

  private sync(namespace: string, name: string): void {
    const pod = this.cluster.store.get(POD, namespace, name);
    if (!pod) return;
    const uid = pod.metadata.uid;
    const step = this.nextStep(pod);
    if (!step) {
      this.timers.clear(uid);
      return;
    }
    this.timers.ensure(uid, step.label, step.inMs, () => {
      const cur = this.cluster.store.get(POD, namespace, name);
      if (cur && cur.metadata.uid === uid) step.run(cur);
    });
  }

  /** What happens to this pod next, and when; undefined when it is at rest. */
  private nextStep(pod: Obj): { label: string; inMs: number; run: (p: Obj) => void } | undefined {
    const t = this.timing;
    if (pod.metadata.deletionTimestamp) {
      const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
      return {
        label: `terminate/${graceMs}`,
        inMs: Math.min(graceMs, t.terminationMs),
        run: (p) => this.terminate(p),
      };
    }
    const s = pod.status ?? {};
    if (s.phase === 'Succeeded' || s.phase === 'Failed') return undefined;
    if (!pod.spec.nodeName)
      return { label: 'schedule', inMs: t.scheduleMs, run: (p) => this.schedule(p) };
    if (!s.containerStatuses) return undefined;
    const init = (s.initContainerStatuses ?? []).findIndex((c: Obj) => !c.state?.terminated);
    if (init >= 0)
      return {
        label: `init/${init}`,
        inMs: t.initContainerMs,
        run: (p) => this.finishInit(p, init),
      };
    const behaviour = pod.metadata.annotations?.[BEHAVIOUR_ANNOTATION];
    const creating = s.containerStatuses.some((c: Obj) =>
      ['ContainerCreating', 'PodInitializing'].includes(c.state?.waiting?.reason),
    );
    if (creating && behaviour === 'image-pull-error') {
      return { label: 'pull', inMs: t.containerCreatingMs, run: (p) => this.failPull(p) };
    }
    if (creating) return { label: 'run', inMs: t.containerCreatingMs, run: (p) => this.run(p) };
    if (behaviour !== 'crash-loop') return undefined;
    const first = s.containerStatuses[0];
    if (first.state?.running) {
      const ran = Date.now() - Date.parse(first.state.running.startedAt);
      return {
        label: `crash/${first.restartCount}`,
        inMs: t.crashAfterMs - ran,
        run: (p) => this.crash(p),
      };
    }
    if (first.state?.waiting?.reason === 'CrashLoopBackOff') {
      const backoff = Math.min(
        t.backoffBaseMs * 2 ** Math.max(0, first.restartCount - 1),
        30 * t.backoffBaseMs,
      );
      const waited = Date.now() - Date.parse(first.lastState.terminated.finishedAt);
      return {
        label: `restart/${first.restartCount}`,
        inMs: backoff - waited,
        run: (p) => this.restart(p),
      };
    }
    return undefined;
  }

  private update(pod: Obj, change: (p: Obj) => void): void {
    this.cluster.store.mutate(POD, pod.metadata.namespace, pod.metadata.name, change);
  }

  private schedule(pod: Obj): void {
    const nodes = this.cluster.store
      .list(NODE)
      .filter((n) => !n.spec?.unschedulable)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const scheduler = { component: 'default-scheduler' };
    if (!nodes.length) {
      this.update(pod, (p) => {
        setCondition(
          p,
          'PodScheduled',
          false,
          'Unschedulable',
          '0/0 nodes are available: no nodes available to schedule pods.',
        );
      });
      return;
    }
    // Control-plane nodes are tainted on real clusters; pods land on workers when there are any.
    const workers = nodes.filter(
      (n) => !('node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {})),
    );
    const pool = workers.length ? workers : nodes;
    const node = pool[this.nextNode++ % pool.length];
    const nodeName = node.metadata.name;
    const hostIP =
      node.status?.addresses?.find((a: Obj) => a.type === 'InternalIP')?.address ?? '172.18.0.2';
    const init: Obj[] = pod.spec.initContainers ?? [];
    this.update(pod, (p) => {
      p.spec.nodeName = nodeName;
      p.status = {
        ...p.status,
        phase: 'Pending',
        hostIP,
        hostIPs: [{ ip: hostIP }],
        startTime: nowIso(),
        conditions: [],
        ...(init.length
          ? { initContainerStatuses: init.map((c) => waiting(c, 'PodInitializing')) }
          : {}),
        containerStatuses: p.spec.containers.map((c: Obj) =>
          waiting(c, init.length ? 'PodInitializing' : 'ContainerCreating'),
        ),
      };
      setCondition(p, 'PodReadyToStartContainers', false);
      setCondition(
        p,
        'Initialized',
        !init.length,
        init.length ? 'ContainersNotInitialized' : undefined,
        init.length
          ? `containers with incomplete status: [${init.map((c) => c.name).join(' ')}]`
          : undefined,
      );
      setCondition(
        p,
        'Ready',
        false,
        'ContainersNotReady',
        `containers with unready status: [${p.spec.containers.map((c: Obj) => c.name).join(' ')}]`,
      );
      setCondition(
        p,
        'ContainersReady',
        false,
        'ContainersNotReady',
        `containers with unready status: [${p.spec.containers.map((c: Obj) => c.name).join(' ')}]`,
      );
      setCondition(p, 'PodScheduled', true);
    });
    this.events.record(
      pod,
      'Normal',
      'Scheduled',
      `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
      scheduler,
    );
  }

  /** The next address in the node's podCIDR (10.244.N.0/24), as the node's CNI would give. */
  private podIP(nodeName: string): string {
    const n = (this.nextIP.get(nodeName) ?? 1) + 1;
    this.nextIP.set(nodeName, n);
    const cidr: string =
      this.cluster.store.get(NODE, undefined, nodeName)?.spec?.podCIDR ?? '10.244.9.0/24';
    return `${cidr.split('.').slice(0, 3).join('.')}.${((n - 2) % 252) + 2}`;
  }

  private finishInit(pod: Obj, index: number): void {
    const host = { component: 'kubelet', host: pod.spec.nodeName };
    const c = pod.spec.initContainers[index];
    this.events.record(
      pod,
      'Normal',
      'Started',
      `Started container ${c.name}`,
      host,
      `spec.initContainers{${c.name}}`,
    );
    const now = nowIso();
    const last = index === pod.spec.initContainers.length - 1;
    this.update(pod, (p) => {
      p.status.podIP ??= this.podIP(p.spec.nodeName);
      p.status.podIPs = [{ ip: p.status.podIP }];
      p.status.initContainerStatuses[index] = {
        ...p.status.initContainerStatuses[index],
        state: {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: now,
            finishedAt: now,
            containerID: containerID(p, c.name, 0),
          },
        },
        ready: true,
        started: false,
        containerID: containerID(p, c.name, 0),
      };
      if (last) {
        setCondition(p, 'Initialized', true);
        for (const s of p.status.containerStatuses)
          s.state = { waiting: { reason: 'ContainerCreating' } };
      }
    });
  }

  private failPull(pod: Obj): void {
    const host = { component: 'kubelet', host: pod.spec.nodeName };
    for (const c of pod.spec.containers) {
      this.events.record(
        pod,
        'Warning',
        'Failed',
        `Failed to pull image "${c.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${c.image}": not found`,
        host,
        `spec.containers{${c.name}}`,
      );
      this.events.record(
        pod,
        'Warning',
        'Failed',
        'Error: ImagePullBackOff',
        host,
        `spec.containers{${c.name}}`,
      );
    }
    this.update(pod, (p) => {
      for (const s of p.status.containerStatuses) {
        s.state = {
          waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${s.image}"` },
        };
      }
    });
  }

  private run(pod: Obj): void {
    const host = { component: 'kubelet', host: pod.spec.nodeName };
    for (const c of pod.spec.containers) {
      const where = `spec.containers{${c.name}}`;
      this.events.record(
        pod,
        'Normal',
        'Pulled',
        `Container image "${c.image}" already present on machine`,
        host,
        where,
      );
      this.events.record(pod, 'Normal', 'Created', `Created container: ${c.name}`, host, where);
      this.events.record(pod, 'Normal', 'Started', `Started container ${c.name}`, host, where);
    }
    const now = nowIso();
    this.update(pod, (p) => {
      p.status.phase = 'Running';
      p.status.podIP ??= this.podIP(p.spec.nodeName);
      p.status.podIPs = [{ ip: p.status.podIP }];
      p.status.containerStatuses = p.spec.containers.map((c: Obj) => ({
        name: c.name,
        state: { running: { startedAt: now } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image: c.image,
        imageID: `${c.image.split(':')[0]}@sha256:${(p.metadata.uid.replaceAll('-', '') + '0'.repeat(64)).slice(0, 64)}`,
        containerID: containerID(p, c.name, 0),
        started: true,
      }));
      setCondition(p, 'PodReadyToStartContainers', true);
      setCondition(p, 'Initialized', true);
      setCondition(p, 'ContainersReady', true);
      setCondition(p, 'Ready', true);
    });
  }

  private crash(pod: Obj): void {
    const c = pod.status.containerStatuses[0];
    const restarts = c.restartCount + 1;
    const host = { component: 'kubelet', host: pod.spec.nodeName };
    const backoffSeconds = Math.round(
      Math.min(this.timing.backoffBaseMs * 2 ** (restarts - 1), 30 * this.timing.backoffBaseMs) /
        1000,
    );
    this.update(pod, (p) => {
      const s = p.status.containerStatuses[0];
      s.lastState = {
        terminated: {
          exitCode: 1,
          reason: 'Error',
          startedAt: s.state.running.startedAt,
          finishedAt: nowIso(),
          containerID: s.containerID,
        },
      };
      s.state = {
        waiting: {
          reason: 'CrashLoopBackOff',
          message: `back-off ${backoffSeconds}s restarting failed container=${s.name} pod=${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})`,
        },
      };
      s.ready = false;
      s.started = false;
      s.restartCount = restarts;
      setCondition(
        p,
        'ContainersReady',
        false,
        'ContainersNotReady',
        `containers with unready status: [${s.name}]`,
      );
      setCondition(
        p,
        'Ready',
        false,
        'ContainersNotReady',
        `containers with unready status: [${s.name}]`,
      );
    });
    this.events.record(
      pod,
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
      host,
      `spec.containers{${c.name}}`,
    );
  }

  private restart(pod: Obj): void {
    const host = { component: 'kubelet', host: pod.spec.nodeName };
    const name = pod.status.containerStatuses[0].name;
    this.events.record(
      pod,
      'Normal',
      'Started',
      `Started container ${name}`,
      host,
      `spec.containers{${name}}`,
    );
    this.update(pod, (p) => {
      const s = p.status.containerStatuses[0];
      s.state = { running: { startedAt: nowIso() } };
      s.containerID = containerID(p, s.name, s.restartCount);
      s.started = true;
      s.ready = true;
      setCondition(p, 'ContainersReady', true);
      setCondition(p, 'Ready', true);
    });
  }

  private terminate(pod: Obj): void {
    if (pod.spec.nodeName && pod.status?.phase === 'Running') {
      for (const c of pod.spec.containers) {
        this.events.record(
          pod,
          'Normal',
          'Killing',
          `Stopping container ${c.name}`,
          { component: 'kubelet', host: pod.spec.nodeName },
          `spec.containers{${c.name}}`,
        );
      }
    }
    this.cluster.forget(POD, pod);
  }
}
