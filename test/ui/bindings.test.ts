// No key does two things on one screen: a binding that shadowed another would leave one of
// them unreachable while help still listed both.
import { describe, expect, it } from 'vitest';
import { BINDINGS, type Scope } from '../../src/ui/keymap.js';

const keysOf = (scope: Scope) =>
  BINDINGS.filter((b) => b.scope === scope).flatMap((b) => b.keys.map((k) => `${k} (${b.action})`));
const bare = (k: string) => k.split(' ')[0];

describe('the binding tables', () => {
  it('bind each key once per screen', () => {
    for (const scope of new Set(BINDINGS.map((b) => b.scope))) {
      const keys = keysOf(scope).map(bare);
      expect(
        keys.filter((k, i) => keys.indexOf(k) !== i),
        scope,
      ).toEqual([]);
    }
  });

  it('leave the global keys to tables: a table binds none of them', () => {
    const global = new Set(keysOf('global').map(bare));
    expect(keysOf('table').filter((k) => global.has(bare(k)))).toEqual([]);
  });

  it("give a table k9s's N (sort by name) and A (sort by age)", () => {
    expect(keysOf('table')).toEqual(expect.arrayContaining(['N (sortName)', 'A (sortAge)']));
  });
});
