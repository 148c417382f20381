// The pod STATUS column as kubectl computes it, on pods shaped as real clusters report them.
import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../src/util/duration.js';
import { podStatusReason } from '../../src/util/pod-status.js';

const pod = (
  status: object,
  spec: object = { containers: [{ name: 'app' }] },
  metadata: object = {},
) => ({ metadata: { name: 'p', ...metadata }, spec, status });

describe('pod status as kubectl shows it', () => {
  it('a running ready pod is Running 1/1', () => {
    expect(
      podStatusReason(
        pod({
          phase: 'Running',
          containerStatuses: [
            { name: 'app', ready: true, restartCount: 0, state: { running: {} } },
          ],
        }),
      ),
    ).toMatchObject({ reason: 'Running', ready: 1, total: 1, restarts: 0 });
  });

  it('a waiting container names its reason: ContainerCreating, CrashLoopBackOff with restarts and when', () => {
    expect(
      podStatusReason(
        pod({
          phase: 'Pending',
          containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }],
        }),
      ).reason,
    ).toBe('ContainerCreating');
    const crash = podStatusReason(
      pod({
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            restartCount: 3,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, finishedAt: '2026-11-24T10:00:00Z' } },
          },
        ],
      }),
    );
    expect(crash).toMatchObject({
      reason: 'CrashLoopBackOff',
      ready: 0,
      restarts: 3,
      lastRestart: '2026-11-24T10:00:00Z',
    });
  });

  it('init containers show Init:x/y, and a failing one Init:Error', () => {
    const spec = { initContainers: [{ name: 'a' }, { name: 'b' }], containers: [{ name: 'app' }] };
    expect(
      podStatusReason(
        pod(
          {
            phase: 'Pending',
            initContainerStatuses: [
              { name: 'a', state: { terminated: { exitCode: 0 } } },
              { name: 'b', state: { running: {} } },
            ],
          },
          spec,
        ),
      ).reason,
    ).toBe('Init:1/2');
    expect(
      podStatusReason(
        pod(
          {
            phase: 'Pending',
            initContainerStatuses: [
              { name: 'a', state: { terminated: { exitCode: 2, reason: 'Error' } } },
            ],
          },
          spec,
        ),
      ).reason,
    ).toBe('Init:Error');
  });

  it('a pod being deleted is Terminating unless it already finished', () => {
    const running = {
      phase: 'Running',
      containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }],
    };
    expect(
      podStatusReason(pod(running, undefined, { deletionTimestamp: '2026-11-24T10:00:00Z' }))
        .reason,
    ).toBe('Terminating');
    expect(
      podStatusReason(
        pod(
          {
            phase: 'Succeeded',
            containerStatuses: [
              { name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
            ],
          },
          undefined,
          { deletionTimestamp: '2026-11-24T10:00:00Z' },
        ),
      ).reason,
    ).toBe('Completed');
  });

  it('a terminated container without a reason shows its exit code or signal', () => {
    expect(
      podStatusReason(
        pod({
          phase: 'Failed',
          containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 137 } } }],
        }),
      ).reason,
    ).toBe('ExitCode:137');
    expect(
      podStatusReason(
        pod({
          phase: 'Failed',
          containerStatuses: [{ name: 'app', state: { terminated: { exitCode: 0, signal: 9 } } }],
        }),
      ).reason,
    ).toBe('Signal:9');
  });
});

describe('ages as kubectl prints them', () => {
  it.each([
    [5_000, '5s'],
    [119_000, '119s'],
    [125_000, '2m5s'],
    [600_000, '10m'],
    [3 * 3600_000 + 5 * 60_000, '3h5m'],
    [30 * 3600_000, '30h'],
    [3 * 86400_000 + 4 * 3600_000, '3d4h'],
    [400 * 86400_000, '400d'],
  ])('%i ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
