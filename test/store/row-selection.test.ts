// RowSelection keeps selectRows' answer from snapshot to snapshot by moving only the rows
// that changed: after any run of changes it must equal sorting everything afresh.
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/resources/index.js';
import { ResourceStore } from '../../src/store/resource-store.js';
import { RowSelection, selectRows, type ViewOptions } from '../../src/store/select.js';

const STATUSES = ['Running', 'Pending', 'CrashLoopBackOff', 'Completed', ''];

function pod(i: number, version: number, rand: () => number): Row {
  const namespace = `ns-${i % 7}`;
  const name = `app-${i % 5}-${i.toString(36)}`;
  return {
    uid: `${namespace}/${name}`,
    name,
    namespace,
    resourceVersion: String(version),
    cells: [
      name,
      `${Math.floor(rand() * 2)}/1`,
      STATUSES[Math.floor(rand() * STATUSES.length)],
      { restarts: Math.floor(rand() * 4) },
      { since: Math.floor(rand() * 1000) },
    ],
    health: 'ok',
  };
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648;
  };
}

const orders: ViewOptions[] = [
  {},
  { descending: true },
  { sortColumn: 2 },
  { sortColumn: 2, descending: true },
  { sortColumn: 3, descending: true },
  { sortColumn: 4 },
  { sortColumn: 1, filter: 'crash|pending' },
  { filter: 'app-3' },
  { filter: '!app-3', sortColumn: 4, descending: true },
  { filter: '-f a1' },
];

/**
 * `rounds` of `batch` random changes (upserts and removals) to `size` pods; after each the
 * selection must equal selectRows afresh, and arrays handed out earlier must be unchanged.
 */
function churn(o: ViewOptions, size: number, batch: number, rounds: number) {
  const rand = random(17);
  const store = new ResourceStore(1_000_000);
  store.reset(Array.from({ length: size }, (_, i) => pod(i, 0, rand)));
  store.flush();
  const selection = new RowSelection();
  let shown = selection.select(store.getSnapshot(), o);
  expect(shown).toEqual(selectRows(store.getSnapshot().rows, o));
  for (let round = 1; round <= rounds; round++) {
    for (let k = 0; k < batch; k++) {
      const i = Math.floor(rand() * size * 1.33);
      if (rand() < 0.15) store.remove(pod(i, round, rand).uid);
      else store.upsert(pod(i, round, rand));
    }
    store.flush();
    // Some snapshots are skipped, as React renders only the latest it sees.
    if (round % 3 === 0) continue;
    const before = shown;
    const copy = [...before];
    shown = selection.select(store.getSnapshot(), o);
    expect(shown).toEqual(selectRows(store.getSnapshot().rows, o));
    // Arrays handed out earlier are never edited (they are React's props).
    expect(before).toEqual(copy);
  }
}

describe('RowSelection', () => {
  it.each(orders)('after churn, equals selectRows afresh (%o)', (o) => churn(o, 300, 25, 40));

  // A big list's later pages come as thousands of new rows at once: merged, not moved one by one.
  it.each(orders)('after batches of many changes, equals selectRows afresh (%o)', (o) =>
    churn(o, 2000, 700, 8),
  );

  it('keeps the rows of a list that comes in pages in order', () => {
    const store = new ResourceStore(1_000_000);
    const selection = new RowSelection();
    const rand = random(9);
    store.reset(Array.from({ length: 500 }, (_, i) => pod(i, 0, rand)));
    store.flush();
    selection.select(store.getSnapshot(), {});
    for (let page = 1; page <= 4; page++) {
      for (let i = 500 * page; i < 500 * (page + 1); i++) store.upsert(pod(i, 0, rand));
      store.flush();
      const shown = selection.select(store.getSnapshot(), {});
      expect(shown).toHaveLength(500 * (page + 1));
      expect(shown).toEqual(selectRows(store.getSnapshot().rows, {}));
    }
  });

  it('answers the same array when no row changed, and refilters without the store', () => {
    const rand = random(3);
    const store = new ResourceStore(1_000_000);
    store.reset(Array.from({ length: 50 }, (_, i) => pod(i, 0, rand)));
    store.flush();
    const selection = new RowSelection();
    const first = selection.select(store.getSnapshot(), {});
    store.state({ phase: 'live' });
    store.flush();
    expect(selection.select(store.getSnapshot(), {})).toBe(first);
    const filtered = selection.select(store.getSnapshot(), { filter: 'app-2' });
    expect(filtered).toEqual(selectRows(store.getSnapshot().rows, { filter: 'app-2' }));
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThan(first.length);
  });

  it('starts afresh for a new store, a reset, or a new way of preparing rows', () => {
    const rand = random(5);
    const a = new ResourceStore(1_000_000);
    a.reset(Array.from({ length: 20 }, (_, i) => pod(i, 0, rand)));
    a.flush();
    const selection = new RowSelection();
    selection.select(a.getSnapshot(), {});
    // A second store counts its versions from 0 too: its changes are not the first one's.
    const b = new ResourceStore(1_000_000);
    b.reset(Array.from({ length: 5 }, (_, i) => pod(100 + i, 0, rand)));
    b.flush();
    expect(selection.select(b.getSnapshot(), {})).toEqual(selectRows(b.getSnapshot().rows, {}));
    b.reset([pod(1, 1, rand)]);
    b.flush();
    expect(selection.select(b.getSnapshot(), {}).map((r) => r.uid)).toEqual([pod(1, 1, rand).uid]);
    const only = (r: Row) => (r.name.startsWith('app-1') ? r : undefined);
    b.reset(Array.from({ length: 20 }, (_, i) => pod(i, 2, rand)));
    b.flush();
    expect(selection.select(b.getSnapshot(), {}, only).map((r) => r.name)).toEqual(
      selectRows(b.getSnapshot().rows, {})
        .filter((r) => r.name.startsWith('app-1'))
        .map((r) => r.name),
    );
  });
});
