// The metrics columns joined onto rows: kubectl top's units, shares of requests, limits and
// allocatable (n/a where unset), empty cells for a pod without figures, values that sort.
import { describe, expect, it } from 'vitest';
import { metricColumns, metricsKindOf, withMetrics } from '../../src/resources/metrics.js';
import type { Row } from '../../src/resources/types.js';
import { sortKey } from '../../src/store/select.js';
import { cellText } from '../../src/ui/layout.js';

const MI = 2 ** 20;
const row = (name: string, namespace?: string): Row => ({
  uid: name,
  name,
  namespace,
  resourceVersion: '1',
  cells: [name, 'Running'],
  health: 'ok',
});
const texts = (r: Row) => r.cells.map((c) => cellText(c, 0));

describe('metrics columns', () => {
  it('are for core pods and nodes only', () => {
    expect(metricsKindOf({ name: 'pods', group: '' })).toBe('pods');
    expect(metricsKindOf({ name: 'nodes', group: '' })).toBe('nodes');
    expect(metricsKindOf({ name: 'pods', group: 'metrics.k8s.io' })).toBeUndefined();
    expect(metricsKindOf({ name: 'deployments', group: 'apps' })).toBeUndefined();
    expect(metricColumns('pods').map((c) => c.name)).toEqual([
      'CPU',
      'MEM',
      '%CPU/R',
      '%CPU/L',
      '%MEM/R',
      '%MEM/L',
    ]);
  });

  it('give a pod its figures and their shares of its requests and limits, after its own cells', () => {
    const byKey = new Map([
      [
        'default/web',
        {
          usage: { cpu: 0.0421, memory: 100.5 * MI },
          requests: { cpu: 0.1, memory: 200 * MI },
          limits: { memory: 400 * MI },
        },
      ],
    ]);
    const [web, pending] = withMetrics(
      [row('web', 'default'), row('new', 'default')],
      2,
      'pods',
      byKey,
    );
    expect(texts(web)).toEqual(['web', 'Running', '43m', '100Mi', '42', 'n/a', '50', '25']);
    expect(texts(pending)).toEqual(['new', 'Running', '', '', '', '', '', '']);
    // Requests and limits not read (a view of very many pods): the shares are empty, not n/a.
    const [unread] = withMetrics(
      [row('web', 'default')],
      2,
      'pods',
      new Map([['default/web', { usage: { cpu: 0.01, memory: MI } }]]),
    );
    expect(texts(unread)).toEqual(['web', 'Running', '10m', '1Mi', '', '', '', '']);
    // Figures sort by value; a pod without figures as an empty cell (last, either way).
    expect(sortKey(web.cells[2])).toBeCloseTo(0.0421);
    expect(sortKey(pending.cells[2])).toBe('');
  });

  it('give a node its share of what it can allocate', () => {
    const byKey = new Map([
      [
        'n1',
        { usage: { cpu: 0.3, memory: 1024 * MI }, allocatable: { cpu: 8, memory: 32 * 1024 * MI } },
      ],
    ]);
    const [n1] = withMetrics([row('n1')], 2, 'nodes', byKey);
    expect(texts(n1)).toEqual(['n1', 'Running', '300m', '3', '1024Mi', '3']);
  });

  it("pads a row short of its kind's cells, and copies an unchanged row once per reading", () => {
    const joined = new WeakMap<Row, Row>();
    const short = { ...row('web', 'default'), cells: ['web'] };
    const byKey = new Map([['default/web', { usage: { cpu: 0.001, memory: MI } }]]);
    const [a] = withMetrics([short], 2, 'pods', byKey, joined);
    expect(texts(a).slice(0, 4)).toEqual(['web', '', '1m', '1Mi']);
    expect(withMetrics([short], 2, 'pods', byKey, joined)[0]).toBe(a);
  });
});
