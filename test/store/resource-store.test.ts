// A snapshot says which rows it has as of itself: rows upserted or removed since (a list's
// next page, on its way to the screen) change the next snapshot, not this one.
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/resources/index.js';
import { ResourceStore } from '../../src/store/resource-store.js';

const row = (uid: string) =>
  ({ uid, name: uid, resourceVersion: '1', cells: [] }) as unknown as Row;

describe('Snapshot.has', () => {
  it('is of the snapshot, not of the rows that came or went after it', () => {
    const store = new ResourceStore();
    store.reset([row('a')]);
    store.flush();
    const first = store.getSnapshot();
    store.upsert(row('b'));
    store.remove('a');
    expect([first.has('a'), first.has('b')]).toEqual([true, false]);
    store.flush();
    const next = store.getSnapshot();
    expect([next.has('a'), next.has('b')]).toEqual([false, true]);
    store.dispose();
  });
});
