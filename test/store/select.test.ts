// Filtering and sorting rows, and the store's coalescing of bursts into snapshots.
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/resources/index.js';
import { ResourceStore } from '../../src/store/resource-store.js';
import { selectRows } from '../../src/store/select.js';

const row = (
  name: string,
  status: string,
  restarts: number,
  since: number,
  namespace = 'default',
): Row => ({
  uid: `${namespace}/${name}`,
  name,
  namespace,
  resourceVersion: '1',
  cells: [name, '1/1', status, { restarts }, { since }],
  health: 'ok',
});
const rows = [
  row('web-b', 'Running', 0, 3000),
  row('web-a', 'CrashLoopBackOff', 7, 1000),
  row('db-0', 'Pending', 1, 2000, 'data'),
];

describe('selectRows', () => {
  it('keeps namespace/name order by default', () => {
    expect(selectRows(rows, {}).map((r) => r.name)).toEqual(['db-0', 'web-a', 'web-b']);
  });

  it('filters by text or regular expression, case-insensitively, across name and cells', () => {
    expect(selectRows(rows, { filter: 'crash' }).map((r) => r.name)).toEqual(['web-a']);
    expect(selectRows(rows, { filter: '^web-[ab]$' }).map((r) => r.name)).toEqual([
      'web-a',
      'web-b',
    ]);
    expect(selectRows(rows, { filter: 'web-(' }).map((r) => r.name)).toEqual([]);
  });

  it('sorts by a column, numbers as numbers, ages youngest first, and reverses', () => {
    expect(selectRows(rows, { sortColumn: 3 }).map((r) => r.name)).toEqual([
      'web-b',
      'db-0',
      'web-a',
    ]);
    expect(selectRows(rows, { sortColumn: 3, descending: true }).map((r) => r.name)).toEqual([
      'web-a',
      'db-0',
      'web-b',
    ]);
    expect(selectRows(rows, { sortColumn: 4 }).map((r) => r.name)).toEqual([
      'web-b',
      'db-0',
      'web-a',
    ]);
  });
});

describe('ResourceStore', () => {
  it('publishes one snapshot for a burst of changes', async () => {
    const store = new ResourceStore(20);
    let published = 0;
    store.subscribe(() => published++);
    store.reset(rows);
    for (let i = 0; i < 100; i++) store.upsert(row(`p${i}`, 'Running', 0, i));
    store.remove('default/web-b');
    await new Promise((r) => setTimeout(r, 60));
    expect(published).toBe(1);
    expect(store.getSnapshot().rows).toHaveLength(102);
    store.dispose();
  });
});
