// The scheduler and the kubelets of the simulated nodes, as one controller: binds pods to
// nodes, runs init containers, takes containers through ContainerCreating to Running,
// crash-loops the pods that ask for it (CrashLoopBackOff with a growing restartCount), and
// finishes graceful deletions.
import type { Cluster } from '../cluster.js';
import { kindOf } from '../kinds.js';
import type { Writer } from '../managed-fields.js';
import {
  isControlPlane,
  nodeMatches,
  toleratesControlPlane,
  unschedulableMessage,
} from '../scheduling.js';
import { nowIso } from '../store.js';
import type { SimTiming } from '../timing.js';
import type { Obj } from '../types.js';
import type { EventRecorder } from './events.js';
import { containerID, setCondition, waiting } from './pod-status-fields.js';
import { Timers, type WorkQueue } from './work-queue.js';

/** The kubelet writes its pods' status as itself. */
const KUBELET: Writer = { manager: 'kubelet', subresource: 'status' };
const POD = kindOf('Pod');
const NODE = kindOf('Node');

/**
 * Pod annotation that makes the simulator misbehave: `crash-loop`, `image-pull-error`, or
 * `fail` (a pod that runs to completion exits 1 instead of 0).
 */
export const BEHAVIOUR_ANNOTATION = 'sim.kdeck.dev/behaviour';

/** Images the simulated registries do not have: any reference containing `does-not-exist`. */
export const isMissingImage = (image: string) => image.includes('does-not-exist');

const unschedulable = (p: Obj) =>
  (p.status?.conditions ?? []).some(
    (c: Obj) => c.type === 'PodScheduled' && c.reason === 'Unschedulable',
  );

/** Pods that run to completion (a Job's): their containers exit, they are not restarted. */
const runsToCompletion = (p: Obj) =>
  p.spec.restartPolicy === 'Never' || p.spec.restartPolicy === 'OnFailure';

export class Kubelet {
  private readonly timers = new Timers();
  private nextNode = 0;
  private readonly nextIP = new Map<string, number>();
  /** Failed pulls so far, per pod: each back-off doubles. */
  private readonly pulls = new Map<string, number>();

  constructor(
    private readonly cluster: Cluster,
    private readonly timing: SimTiming,
    private readonly events: EventRecorder,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    const unwatch = this.cluster.store.watch(POD, (e) => {
      const { namespace, name, uid } = e.object.metadata;
      if (e.type === 'DELETED') {
        this.timers.clear(uid);
        this.pulls.delete(uid);
      } else this.queue.add(`kubelet/${namespace}/${name}`, () => this.sync(namespace, name));
    });
    const resync = (p: Obj) =>
      this.queue.add(`kubelet/${p.metadata.namespace}/${p.metadata.name}`, () =>
        this.sync(p.metadata.namespace, p.metadata.name),
      );
    for (const p of this.cluster.store.list(POD)) resync(p);
    // A node that appears or changes may fit a pod that fitted nowhere.
    const unwatchNodes = this.cluster.store.watch(NODE, () => {
      for (const p of this.cluster.store.list(POD)) if (unschedulable(p)) resync(p);
    });
    return () => {
      unwatch();
      unwatchNodes();
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
      return unschedulable(pod)
        ? undefined
        : { label: 'schedule', inMs: t.scheduleMs, run: (p) => this.schedule(p) };
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
    const missing = (pod.spec.containers as Obj[]).filter((c) => isMissingImage(String(c.image)));
    if (creating && behaviour === 'image-pull-error') {
      return { label: 'pull', inMs: t.containerCreatingMs, run: (p) => this.failPull(p) };
    }
    if (missing.length) {
      const pulling = s.containerStatuses.some((c: Obj) =>
        ['ContainerCreating', 'ImagePullBackOff'].includes(c.state?.waiting?.reason),
      );
      const failed = this.pulls.get(pod.metadata.uid) ?? 0;
      // The kubelet's image back-off: 10 s doubling to 5 min, at the simulator's pace.
      const backoff = Math.min(
        t.backoffBaseMs * 2 ** Math.max(0, failed - 1),
        30 * t.backoffBaseMs,
      );
      return pulling
        ? {
            label: `pull/${failed}`,
            inMs: failed ? backoff : t.containerCreatingMs,
            run: (p) => this.pullMissing(p, missing),
          }
        : { label: `backoff/${failed}`, inMs: backoff, run: (p) => this.backOffPull(p, missing) };
    }
    if (creating) return { label: 'run', inMs: t.containerCreatingMs, run: (p) => this.run(p) };
    if (runsToCompletion(pod) && s.phase === 'Running') {
      const first = s.containerStatuses[0];
      const ran = Date.now() - Date.parse(first?.state?.running?.startedAt ?? nowIso());
      return {
        label: 'complete',
        inMs: (t.jobRunMs ?? 4000) - ran,
        run: (p) => this.complete(p, behaviour === 'fail' ? 1 : 0),
      };
    }
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
    this.cluster.mutate(POD, pod.metadata.namespace, pod.metadata.name, change, KUBELET);
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
    const matching = nodes.filter((n) => nodeMatches(pod.spec, n));
    // Control-plane nodes are tainted on real clusters; pods land on workers when there are
    // any, or there if they tolerate the taint (or no worker exists at all, as on kind's
    // single-node clusters, whose control plane is not tainted).
    const workers = matching.filter((n) => !isControlPlane(n));
    const hasWorkers = nodes.some((n) => !isControlPlane(n));
    const pool = workers.length
      ? workers
      : toleratesControlPlane(pod.spec) || !hasWorkers
        ? matching
        : [];
    if (!pool.length) {
      const message = unschedulableMessage(nodes.length, nodes.length - matching.length);
      this.update(pod, (p) => {
        setCondition(p, 'PodScheduled', false, 'Unschedulable', message);
      });
      this.events.record(pod, 'Warning', 'FailedScheduling', message, scheduler);
      return;
    }
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

  /** A pull of an image the registry does not have: ErrImagePull, as the kubelet reports it. */
  private pullMissing(pod: Obj, missing: Obj[]): void {
    const host = { component: 'kubelet', host: pod.spec.nodeName };
    this.pulls.set(pod.metadata.uid, (this.pulls.get(pod.metadata.uid) ?? 0) + 1);
    const why = (image: string) =>
      `failed to pull and unpack image "${qualified(image)}": failed to resolve reference "${qualified(image)}": ${qualified(image)}: not found`;
    for (const c of missing) {
      const where = `spec.containers{${c.name}}`;
      this.events.record(pod, 'Normal', 'Pulling', `Pulling image "${c.image}"`, host, where);
      this.events.record(
        pod,
        'Warning',
        'Failed',
        `Failed to pull image "${c.image}": rpc error: code = NotFound desc = ${why(c.image)}`,
        host,
        where,
      );
      this.events.record(pod, 'Warning', 'Failed', 'Error: ErrImagePull', host, where);
    }
    this.update(pod, (p) => {
      for (const s of p.status.containerStatuses as Obj[]) {
        if (!missing.some((c) => c.name === s.name)) continue;
        s.state = {
          waiting: {
            reason: 'ErrImagePull',
            message: `rpc error: code = NotFound desc = ${why(s.image)}`,
          },
        };
      }
    });
  }

  /** After a failed pull the kubelet backs off: ImagePullBackOff until the next try. */
  private backOffPull(pod: Obj, missing: Obj[]): void {
    const host = { component: 'kubelet', host: pod.spec.nodeName };
    for (const c of missing) {
      const where = `spec.containers{${c.name}}`;
      this.events.record(
        pod,
        'Normal',
        'BackOff',
        `Back-off pulling image "${c.image}"`,
        host,
        where,
      );
      this.events.record(pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', host, where);
    }
    this.update(pod, (p) => {
      for (const s of p.status.containerStatuses as Obj[]) {
        if (!missing.some((c) => c.name === s.name)) continue;
        s.state = {
          waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${s.image}"` },
        };
      }
    });
  }

  /** A container that runs to completion exits: Succeeded with 0, Failed otherwise. */
  private complete(pod: Obj, exitCode: number): void {
    const now = nowIso();
    const reason = exitCode ? 'Error' : 'Completed';
    this.update(pod, (p) => {
      p.status.phase = exitCode ? 'Failed' : 'Succeeded';
      for (const s of p.status.containerStatuses as Obj[]) {
        s.state = {
          terminated: {
            exitCode,
            reason,
            startedAt: s.state?.running?.startedAt ?? now,
            finishedAt: now,
            containerID: s.containerID,
          },
        };
        s.ready = false;
        s.started = false;
      }
      const names = p.spec.containers.map((c: Obj) => c.name).join(' ');
      setCondition(p, 'PodReadyToStartContainers', false);
      setCondition(p, 'Ready', false, 'PodCompleted', undefined);
      setCondition(p, 'ContainersReady', false, 'PodCompleted', undefined);
      if (exitCode)
        setCondition(p, 'Ready', false, 'PodFailed', `containers with unready status: [${names}]`);
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

/** An image reference as containerd resolves it: docker.io/library/ for short names. */
function qualified(image: string): string {
  const first = image.split('/')[0];
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost'))
    return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}
