// How fast the simulated cluster moves. The demo moves at a pace a person can watch; the
// tests run the same controllers at a pace that keeps the suite quick.
export interface SimTiming {
  /** Unscheduled pod → bound to a node. */
  scheduleMs: number;
  /** Each init container runs this long. */
  initContainerMs: number;
  /** ContainerCreating → Running. */
  containerCreatingMs: number;
  /** A graceful pod deletion takes this long (capped by the grace period). */
  terminationMs: number;
  /** A crash-looping container runs this long before it exits with an error. */
  crashAfterMs: number;
  /** CrashLoopBackOff waits this long after the first crash, doubling up to 30×. */
  backoffBaseMs: number;
  /** A LoadBalancer service gets its external IP after this long. */
  loadBalancerMs: number;
  /** A Job's container runs this long before it exits. */
  jobRunMs?: number;
  /**
   * One minute of CronJob schedule time: 60 000 keeps real minutes; the test pace runs a
   * schedule's minutes faster, so that an every-minute schedule makes a Job this often.
   */
  cronMinuteMs?: number;
  /** How often autoscalers read their targets and metrics (the real HPA: every 15 s). */
  autoscalerSyncMs?: number;
}

export const DEMO_TIMING: SimTiming = {
  scheduleMs: 300,
  initContainerMs: 1500,
  containerCreatingMs: 2000,
  terminationMs: 2500,
  crashAfterMs: 5000,
  backoffBaseMs: 10_000,
  loadBalancerMs: 3000,
  jobRunMs: 4000,
  cronMinuteMs: 60_000,
  autoscalerSyncMs: 15_000,
};

export const FAST_TIMING: SimTiming = {
  scheduleMs: 10,
  initContainerMs: 30,
  containerCreatingMs: 60,
  terminationMs: 80,
  crashAfterMs: 150,
  backoffBaseMs: 150,
  loadBalancerMs: 30,
  jobRunMs: 100,
  cronMinuteMs: 1000,
  autoscalerSyncMs: 200,
};
