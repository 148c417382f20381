// The Job controller: runs pods until spec.completions of them succeed, parallelism at a
// time; a failed pod is replaced after a back-off that doubles (10 s at the demo's pace),
// until more than spec.backoffLimit have failed and the Job is Failed.
import { type Cluster, randomSuffix } from '../cluster.js';
import { kindOf } from '../kinds.js';
import { CONTROLLER_STATUS } from '../managed-fields.js';
import { nowIso } from '../store.js';
import type { SimTiming } from '../timing.js';
import type { Obj } from '../types.js';
import type { EventRecorder } from './events.js';
import { controllerOf, isPodReady, ownedBy, podFromTemplate } from './owners.js';
import { Timers, type WorkQueue } from './work-queue.js';

const JOB = kindOf('Job');
const POD = kindOf('Pod');

export const jobFinished = (j: Obj): 'Complete' | 'Failed' | undefined =>
  (j.status?.conditions ?? []).find(
    (c: Obj) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  )?.type;

const condition = (type: string, reason: string, message: string) => {
  const now = nowIso();
  return { type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason, message };
};

export class JobController {
  private readonly timers = new Timers();

  constructor(
    private readonly cluster: Cluster,
    private readonly timing: SimTiming,
    private readonly events: EventRecorder,
    private readonly queue: WorkQueue,
  ) {}

  start(): () => void {
    const store = this.cluster.store;
    const offJob = store.watch(JOB, (e) => {
      if (e.type !== 'DELETED') this.enqueue(e.object.metadata.namespace, e.object.metadata.name);
      else this.timers.clear(e.object.metadata.uid);
    });
    const offPod = store.watch(POD, (e) => {
      const owner = controllerOf(e.object);
      if (owner?.kind === 'Job') this.enqueue(e.object.metadata.namespace, owner.name);
    });
    for (const j of store.list(JOB)) this.enqueue(j.metadata.namespace, j.metadata.name);
    return () => {
      offJob();
      offPod();
      this.timers.clearAll();
    };
  }

  private enqueue(ns: string, name: string): void {
    this.queue.add(`job/${ns}/${name}`, () => this.sync(ns, name));
  }

  private sync(namespace: string, name: string): void {
    const store = this.cluster.store;
    const job = store.get(JOB, namespace, name);
    if (!job || job.metadata.deletionTimestamp || jobFinished(job)) return;
    const source = { component: 'job-controller' };
    const pods = store.list(POD, namespace).filter(ownedBy(job));
    const active = pods.filter(
      (p) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase),
    );
    const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
    const failedPods = pods.filter((p) => p.status?.phase === 'Failed');
    const failed = failedPods.length;
    const completions = job.spec.completions ?? 1;
    const parallelism = job.spec.parallelism ?? 1;
    let finish: Obj[] | undefined;

    if (succeeded >= completions) {
      const message = 'Reached expected number of succeeded pods';
      finish = [
        condition('SuccessCriteriaMet', 'CompletionsReached', message),
        condition('Complete', 'CompletionsReached', message),
      ];
      this.events.record(job, 'Normal', 'Completed', 'Job completed', source);
    } else if (failed > (job.spec.backoffLimit ?? 6)) {
      const message = 'Job has reached the specified backoff limit';
      finish = [
        condition('FailureTarget', 'BackoffLimitExceeded', message),
        condition('Failed', 'BackoffLimitExceeded', message),
      ];
      for (const p of active) this.cluster.delete(POD, namespace, p.metadata.name);
      this.events.record(job, 'Warning', 'BackoffLimitExceeded', message, source);
    } else if (!job.spec.suspend) {
      const want = Math.min(parallelism, completions - succeeded) - active.length;
      // After a failure the next pod waits: 10 s, 20 s, 40 s … (the controller's back-off).
      const lastFailure = Math.max(
        0,
        ...failedPods.map((p) =>
          Date.parse(p.status?.containerStatuses?.[0]?.state?.terminated?.finishedAt ?? 0),
        ),
      );
      const wait = failed
        ? lastFailure + this.timing.backoffBaseMs * 2 ** (failed - 1) - Date.now()
        : 0;
      if (want > 0 && wait > 0) {
        this.timers.ensure(job.metadata.uid, `backoff/${failed}`, wait, () =>
          this.enqueue(namespace, name),
        );
      } else {
        for (let i = 0; i < want; i++) {
          const pod = this.cluster.create(
            POD,
            namespace,
            podFromTemplate(job.spec.template, job, `${name}-${randomSuffix()}`),
          );
          this.events.record(
            job,
            'Normal',
            'SuccessfulCreate',
            `Created pod: ${pod.metadata.name}`,
            source,
          );
        }
      }
    }

    const now = store.list(POD, namespace).filter(ownedBy(job));
    const stillActive = now.filter(
      (p) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase),
    );
    this.cluster.mutate(
      JOB,
      namespace,
      name,
      (o) => {
        const s = o.status ?? {};
        o.status = {
          ...(finish
            ? { conditions: [...(s.conditions ?? []), ...finish] }
            : s.conditions
              ? { conditions: s.conditions }
              : {}),
          startTime: s.startTime ?? nowIso(),
          ...(finish?.[1]?.type === 'Complete' ? { completionTime: nowIso() } : {}),
          ...(stillActive.length && !finish ? { active: stillActive.length } : {}),
          ...(succeeded ? { succeeded } : {}),
          ...(failed ? { failed } : {}),
          ready: stillActive.filter(isPodReady).length,
          terminating: now.filter((p) => p.metadata.deletionTimestamp).length,
          uncountedTerminatedPods: {},
        };
      },
      CONTROLLER_STATUS,
    );
  }
}
