// The CronJob controller: each minute of schedule time (real minutes in the demo, a fast
// clock in tests) a CronJob whose schedule matches makes a Job <cronjob>-<minute>, as the
// real controller names them, honouring concurrencyPolicy and suspend, and keeps
// successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs.
import type { Cluster } from '../cluster.js';
import { kindOf } from '../kinds.js';
import { CONTROLLER_STATUS } from '../managed-fields.js';
import { parseSchedule } from '../schedule.js';
import { nowIso } from '../store.js';
import type { SimTiming } from '../timing.js';
import type { Obj } from '../types.js';
import type { EventRecorder } from './events.js';
import { jobFinished } from './jobs.js';
import { controllerOf, ownedBy, ownerReference } from './owners.js';
import type { WorkQueue } from './work-queue.js';

const CJ = kindOf('CronJob');
const JOB = kindOf('Job');

export class CronJobController {
  /** The schedule minute last looked at (minutes since the epoch, on the schedule clock). */
  private minute: number;
  private readonly minuteMs: number;
  private readonly started = Date.now();
  /** The schedule minute each CronJob was first seen at: it fires only after that. */
  private readonly since = new Map<string, number>();

  constructor(
    private readonly cluster: Cluster,
    timing: SimTiming,
    private readonly events: EventRecorder,
    private readonly queue: WorkQueue,
  ) {
    this.minuteMs = timing.cronMinuteMs ?? 60_000;
    this.minute = this.clockMinute();
  }

  /**
   * The schedule clock's current minute: the real one at the demo's pace; at a faster pace a
   * clock that starts at noon UTC of the day it started, so that a nightly schedule does not
   * come round while a test runs, and an every-minute one fires every cronMinuteMs.
   */
  private clockMinute(): number {
    if (this.minuteMs === 60_000) return Math.floor(Date.now() / 60_000);
    const noon = Math.floor(this.started / 86_400_000) * 1440 + 720;
    return noon + Math.floor((Date.now() - this.started) / this.minuteMs);
  }

  start(): () => void {
    const store = this.cluster.store;
    const offJob = store.watch(JOB, (e) => {
      const owner = controllerOf(e.object);
      if (owner?.kind === 'CronJob')
        this.queue.add(`cj/${e.object.metadata.namespace}/${owner.name}`, () =>
          this.tidy(e.object.metadata.namespace, owner.name),
        );
    });
    const tick = () => {
      const now = this.clockMinute();
      for (const cj of store.list(CJ)) {
        const first = this.since.get(cj.metadata.uid) ?? now;
        this.since.set(cj.metadata.uid, first);
        for (let m = Math.max(this.minute, first) + 1; m <= now; m++) this.fire(cj, m);
      }
      this.minute = now;
    };
    const timer = setInterval(
      () => this.queue.add('cj/tick', tick),
      Math.min(this.minuteMs, 1000) / 2,
    );
    return () => {
      clearInterval(timer);
      offJob();
    };
  }

  private fire(cj: Obj, minute: number): void {
    if (cj.spec.suspend || cj.metadata.deletionTimestamp) return;
    const schedule = parseSchedule(cj.spec.schedule);
    if (!schedule?.matches(new Date(minute * 60_000))) return;
    const ns = cj.metadata.namespace;
    const source = { component: 'cronjob-controller' };
    const active = this.cluster.store
      .list(JOB, ns)
      .filter(ownedBy(cj))
      .filter((j) => !jobFinished(j));
    if (active.length && cj.spec.concurrencyPolicy === 'Forbid') return;
    if (active.length && cj.spec.concurrencyPolicy === 'Replace')
      for (const j of active) {
        this.cluster.delete(JOB, ns, j.metadata.name, { propagationPolicy: 'Background' });
        this.events.record(
          cj,
          'Normal',
          'SuccessfulDelete',
          `Deleted job ${j.metadata.name}`,
          source,
        );
      }
    const t = structuredClone(cj.spec.jobTemplate);
    const name = `${cj.metadata.name}-${minute}`;
    if (this.cluster.store.get(JOB, ns, name)) return;
    const scheduled = nowIso();
    const job = this.cluster.create(JOB, ns, {
      metadata: {
        ...t.metadata,
        name,
        namespace: ns,
        annotations: {
          ...t.metadata?.annotations,
          'batch.kubernetes.io/cronjob-scheduled-timestamp': scheduled,
        },
        ownerReferences: [ownerReference(cj)],
      },
      spec: t.spec,
    });
    this.events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`, source);
    this.cluster.mutate(
      CJ,
      ns,
      cj.metadata.name,
      (o) => {
        o.status = {
          ...o.status,
          active: [
            ...(o.status?.active ?? []),
            {
              kind: 'Job',
              namespace: ns,
              name,
              uid: job.metadata.uid,
              apiVersion: 'batch/v1',
              resourceVersion: job.metadata.resourceVersion,
            },
          ],
          lastScheduleTime: scheduled,
        };
      },
      CONTROLLER_STATUS,
    );
  }

  /** A Job finished: off the active list, and old finished Jobs beyond the limits go. */
  private tidy(ns: string, name: string): void {
    const cj = this.cluster.store.get(CJ, ns, name);
    if (!cj) return;
    const source = { component: 'cronjob-controller' };
    const jobs = this.cluster.store.list(JOB, ns).filter(ownedBy(cj));
    const byAge = (a: Obj, b: Obj) =>
      a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1;
    const done = jobs.filter((j) => jobFinished(j) === 'Complete').sort(byAge);
    const failed = jobs.filter((j) => jobFinished(j) === 'Failed').sort(byAge);
    for (const [list, keep] of [
      [done, cj.spec.successfulJobsHistoryLimit ?? 3],
      [failed, cj.spec.failedJobsHistoryLimit ?? 1],
    ] as const)
      for (const j of list.slice(0, Math.max(0, list.length - keep))) {
        if (j.metadata.deletionTimestamp) continue;
        this.cluster.delete(JOB, ns, j.metadata.name, { propagationPolicy: 'Background' });
        this.events.record(
          cj,
          'Normal',
          'SuccessfulDelete',
          `Deleted job ${j.metadata.name}`,
          source,
        );
      }
    const active = jobs.filter((j) => !jobFinished(j) && !j.metadata.deletionTimestamp);
    const lastDone = done.at(-1)?.status?.completionTime;
    for (const ref of (cj.status?.active ?? []) as Obj[]) {
      const j = jobs.find((x) => x.metadata.uid === ref.uid);
      if (j && jobFinished(j))
        this.events.record(
          cj,
          'Normal',
          'SawCompletedJob',
          `Saw completed job: ${j.metadata.name}, condition: ${jobFinished(j)}`,
          source,
        );
    }
    this.cluster.mutate(
      CJ,
      ns,
      name,
      (o) => {
        const before = (o.status?.active ?? []) as Obj[];
        const refs = before.filter((ref) => active.some((j) => j.metadata.uid === ref.uid));
        o.status = { ...o.status };
        if (refs.length) o.status.active = refs;
        else delete o.status.active;
        if (lastDone) o.status.lastSuccessfulTime = lastDone;
      },
      CONTROLLER_STATUS,
    );
  }
}
