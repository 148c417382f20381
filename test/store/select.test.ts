// Filtering and sorting rows, and the store's coalescing of bursts into snapshots.
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/resources/index.js';
import { ResourceStore } from '../../src/store/resource-store.js';
import {
  inOrder,
  nextSortColumn,
  parseFilter,
  selectRows,
  sortMark,
  sortOn,
} from '../../src/store/select.js';

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

describe('the filter as typed after /', () => {
  const names = (filter: string) => selectRows(rows, { filter }).map((r) => r.name);

  it('! keeps the rows that do not match: text or a regex, across name, namespace and cells', () => {
    expect(names('!web')).toEqual(['db-0']);
    expect(names('!crash')).toEqual(['db-0', 'web-b']);
    expect(names('!^web-[ab]$')).toEqual(['db-0']);
    expect(names('!data')).toEqual(['web-a', 'web-b']);
  });

  it('-f keeps names with the letters in that order, case aside; ! inverts it too', () => {
    expect(names('-f wb')).toEqual(['web-a', 'web-b']);
    expect(names('-f WA')).toEqual(['web-a']);
    expect(names('-f  d0 ')).toEqual(['db-0']);
    expect(names('-f bw')).toEqual([]);
    expect(names('!-f wb')).toEqual(['db-0']);
    // Names only: Running is a cell of web-b, not letters of its name.
    expect(names('-f run')).toEqual([]);
  });

  it('an empty pattern keeps every row; -f without a space is text', () => {
    expect(names('!')).toEqual(['db-0', 'web-a', 'web-b']);
    expect(names('-f ')).toEqual(['db-0', 'web-a', 'web-b']);
    expect(parseFilter('-fweb')).toEqual({ inverse: false, fuzzy: false, pattern: '-fweb' });
    expect(parseFilter('!-f ngx')).toEqual({ inverse: true, fuzzy: true, pattern: 'ngx' });
  });

  it('in order means in order, each letter after the one before', () => {
    expect(inOrder('ngx', 'nginx-server-7f9')).toBe(true);
    expect(inOrder('nnx', 'nginx')).toBe(true);
    expect(inOrder('nnnx', 'nginx')).toBe(false);
    expect(inOrder('xn', 'nginx')).toBe(false);
    expect(inOrder('', 'nginx')).toBe(true);
  });
});

describe('sorting by a column named NAME or AGE', () => {
  const columns = [{ name: 'Name' }, { name: 'READY' }, { name: 'STATUS' }, { name: 'age' }];

  it('finds the column by its name, whatever its place and case', () => {
    expect(sortOn('name', columns, {}, false)).toEqual({ sortColumn: 0, descending: true });
    expect(sortOn('age', columns, {}, false)).toEqual({ sortColumn: 3, descending: false });
    const moved = [{ name: 'STATUS' }, { name: 'AGE' }, { name: 'NAME' }];
    expect(sortOn('age', moved, {}, false)).toEqual({ sortColumn: 1, descending: false });
    expect(sortOn('age', [{ name: 'NAME' }], {}, false)).toBeUndefined();
  });

  it('pressed again it reverses; from another column it starts ascending', () => {
    const age = sortOn('age', columns, { sortColumn: 1, descending: true }, false)!;
    expect(age).toEqual({ sortColumn: 3, descending: false });
    expect(sortOn('age', columns, age, false)).toEqual({ sortColumn: 3, descending: true });
    // Across namespaces the name order is by namespace first: N sorts by the name itself.
    expect(sortOn('name', columns, {}, true)).toEqual({ sortColumn: 0, descending: false });
  });

  it('marks the column chosen, else the name (the namespace across namespaces)', () => {
    expect(sortMark(columns, {}, false)).toEqual({ column: 0, descending: false });
    expect(sortMark(columns, { descending: true }, true)).toEqual({
      column: -1,
      descending: true,
    });
    expect(sortMark(columns, { sortColumn: 3, descending: true }, true)).toEqual({
      column: 3,
      descending: true,
    });
    expect(sortMark([{ name: 'LAST SEEN' }], {}, false)).toBeUndefined();
  });

  it('o goes to the next column shown, skipping wide ones and wrapping around', () => {
    const wide = [{}, { hidden: true }, {}, { hidden: true }];
    expect(nextSortColumn(wide, -1)).toBe(0);
    expect(nextSortColumn(wide, 0)).toBe(2);
    expect(nextSortColumn(wide, 2)).toBe(0);
    expect(nextSortColumn([], -1)).toBeUndefined();
    expect(nextSortColumn([{ hidden: true }], 0)).toBeUndefined();
  });

  it('a row without the cell sorts as empty rather than failing: last, either way', () => {
    const short = { ...rows[0], uid: 'short', name: 'short', cells: ['short'] };
    expect(selectRows([...rows, short], { sortColumn: 4 }).map((r) => r.name)).toEqual([
      'web-b',
      'db-0',
      'web-a',
      'short',
    ]);
    expect(
      selectRows([...rows, short], { sortColumn: 4, descending: true }).map((r) => r.name),
    ).toEqual(['web-a', 'db-0', 'web-b', 'short']);
  });

  it('sorts ages youngest first, and N then A then A gives name, age, reversed age', () => {
    const byAge = sortOn('age', columns, {}, false)!;
    const cells = [rows[0], rows[1], rows[2]].map((r) => ({
      ...r,
      cells: [r.name, '', '', r.cells[4]],
    }));
    expect(selectRows(cells, byAge).map((r) => r.name)).toEqual(['web-b', 'db-0', 'web-a']);
    const older = sortOn('age', columns, byAge, false)!;
    expect(selectRows(cells, older).map((r) => r.name)).toEqual(['web-a', 'db-0', 'web-b']);
    const byName = sortOn('name', columns, older, false)!;
    expect(selectRows(cells, byName).map((r) => r.name)).toEqual(['db-0', 'web-a', 'web-b']);
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
