// The metrics poll of a pods or nodes view, on a fake clock: every 15 s while the view is
// mounted and not after; once only when the server has no metrics API; the last figures kept
// through a failed poll.
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MetricsReading, MetricsTarget } from '../../src/resources/metrics.js';
import type { ClusterSource } from '../../src/ui/cluster-source.js';
import { METRICS_POLL_MS, useMetrics } from '../../src/ui/use-metrics.js';

/** A source whose metrics answer from `answers`, in turn (the last one again and again). */
function sourceAnswering(answers: MetricsReading[]) {
  const asked: MetricsTarget[] = [];
  let reads = 0;
  const source = {
    metrics(target: MetricsTarget) {
      asked.push(target);
      return {
        read: async () => answers[Math.min(reads++, answers.length - 1)],
      };
    },
  } as unknown as ClusterSource;
  return { source, asked, reads: () => reads };
}

const figures = (cpu: number): MetricsReading => ({
  phase: 'figures',
  byKey: new Map([['default/web', { usage: { cpu, memory: 0 } }]]),
});

function Probe({ source, resource }: { source: ClusterSource; resource: string }) {
  const m = useMetrics(source, { name: resource, group: '' }, 'default', undefined);
  return <Text>{m ? `cpu=${m.byKey.get('default/web')?.usage.cpu}` : 'no metrics'}</Text>;
}

/** Lets the answer's render through (Ink draws on a timer of its own). */
const drawn = () => vi.advanceTimersByTimeAsync(100);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the metrics poll', () => {
  it('reads at once and every 15 s while mounted, and never after it is unmounted', async () => {
    const s = sourceAnswering([figures(0.1), figures(0.2), figures(0.3)]);
    const r = render(<Probe source={s.source} resource="pods" />);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.reads()).toBe(1);
    expect(s.asked).toEqual([{ kind: 'pods', namespace: 'default', labelSelector: undefined }]);
    expect(r.lastFrame()).toBe('cpu=0.1');
    await vi.advanceTimersByTimeAsync(METRICS_POLL_MS);
    expect(s.reads()).toBe(2);
    await drawn();
    expect(r.lastFrame()).toBe('cpu=0.2');
    await vi.advanceTimersByTimeAsync(METRICS_POLL_MS);
    expect(s.reads()).toBe(3);
    r.unmount();
    await vi.advanceTimersByTimeAsync(10 * METRICS_POLL_MS);
    expect(s.reads()).toBe(3);
  });

  it('asks once, shows nothing and stops when the server has no metrics API', async () => {
    const s = sourceAnswering([{ phase: 'absent' }]);
    const r = render(<Probe source={s.source} resource="nodes" />);
    await vi.advanceTimersByTimeAsync(10 * METRICS_POLL_MS);
    expect(s.reads()).toBe(1);
    expect(s.asked[0]).toEqual({ kind: 'nodes', namespace: undefined, labelSelector: undefined });
    expect(r.lastFrame()).toBe('no metrics');
    r.unmount();
  });

  it('keeps the last figures through a failed poll, and goes on polling', async () => {
    const s = sourceAnswering([figures(0.1), { phase: 'unavailable' }, figures(0.4)]);
    const r = render(<Probe source={s.source} resource="pods" />);
    await vi.advanceTimersByTimeAsync(METRICS_POLL_MS);
    expect(s.reads()).toBe(2);
    await drawn();
    expect(r.lastFrame()).toBe('cpu=0.1');
    await vi.advanceTimersByTimeAsync(METRICS_POLL_MS);
    expect(s.reads()).toBe(3);
    await drawn();
    expect(r.lastFrame()).toBe('cpu=0.4');
    r.unmount();
  });

  it('does not poll for kinds without metrics', async () => {
    const s = sourceAnswering([figures(0.1)]);
    const r = render(<Probe source={s.source} resource="deployments" />);
    await vi.advanceTimersByTimeAsync(METRICS_POLL_MS);
    expect(s.reads()).toBe(0);
    expect(r.lastFrame()).toBe('no metrics');
    r.unmount();
  });
});
