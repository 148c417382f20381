// The STATUS, READY and RESTARTS of a pod exactly as kubectl computes them (printPod in
// kubernetes pkg/printers/internalversion/printers.go). Shared by the simulator's Table
// output and kdeck's pod rows, so both read the same as `kubectl get pods`.

// biome-ignore lint/suspicious/noExplicitAny: a Pod as plain JSON
type Pod = Record<string, any>;

export interface PodStatusSummary {
  reason: string;
  ready: number;
  total: number;
  restarts: number;
  /** finishedAt of the newest previous termination, for "3 (10s ago)". */
  lastRestart?: string;
}

const isTerminalPhase = (phase: string) => phase === 'Succeeded' || phase === 'Failed';
const isSidecar = (c: Pod | undefined) => c?.restartPolicy === 'Always';

export function podStatusReason(pod: Pod): PodStatusSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs: Pod[] = spec.initContainers ?? [];
  const total = (spec.containers ?? []).length + initSpecs.filter(isSidecar).length;
  let ready = 0;
  let restarts = 0;
  let lastRestart: string | undefined;
  let sidecarRestarts = 0;
  let sidecarLastRestart: string | undefined;
  const later = (a: string | undefined, b: string | undefined) => (!a || (b && b > a) ? b : a);

  const phase: string = status.phase ?? 'Pending';
  let reason: string = status.reason || phase;
  if (
    (status.conditions ?? []).some(
      (c: Pod) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated',
    )
  ) {
    reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses: Pod[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    const cSpec = initSpecs.find((s) => s.name === c.name);
    restarts += c.restartCount ?? 0;
    const finished = c.lastState?.terminated?.finishedAt;
    lastRestart = later(lastRestart, finished);
    if (isSidecar(cSpec)) {
      sidecarRestarts += c.restartCount ?? 0;
      sidecarLastRestart = later(sidecarLastRestart, finished);
    }
    const term = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (isSidecar(cSpec) && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) {
      reason = term.reason
        ? `Init:${term.reason}`
        : term.signal
          ? `Init:Signal:${term.signal}`
          : `Init:ExitCode:${term.exitCode}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  const initialized = (status.conditions ?? []).some(
    (c: Pod) => c.type === 'Initialized' && c.status === 'True',
  );
  if (!initializing || initialized) {
    restarts = sidecarRestarts;
    lastRestart = sidecarLastRestart;
    let hasRunning = false;
    const statuses: Pod[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, c.lastState?.terminated?.finishedAt);
      const waiting = c.state?.waiting;
      const term = c.state?.terminated;
      if (waiting?.reason) reason = waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = (status.conditions ?? []).some(
        (c: Pod) => c.type === 'Ready' && c.status === 'True',
      );
      reason = podReady ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && !isTerminalPhase(phase)) reason = 'Terminating';

  return { reason, ready, total, restarts, ...(lastRestart ? { lastRestart } : {}) };
}
