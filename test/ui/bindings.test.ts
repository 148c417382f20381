// No key does two things on one screen: a binding that shadowed another would leave one of
// them unreachable while help still listed both.
import { describe, expect, it } from 'vitest';
import { BUILT_IN, Registry } from '../../src/resources/registry.js';
import { BINDINGS, bindingsFor, type Scope } from '../../src/ui/keymap.js';

const keysOf = (scope: Scope) =>
  BINDINGS.filter((b) => b.scope === scope).flatMap((b) => b.keys.map((k) => `${k} (${b.action})`));
const bare = (k: string) => k.split(' ')[0];
const twice = (keys: string[]) => keys.filter((k, i) => keys.indexOf(k) !== i);

/** Kinds as discovery gives them: one that drills by selector, a CronJob, one that leads nowhere. */
const api = (name: string, kind: string, group: string) => ({
  group,
  version: 'v1',
  name,
  kind,
  singular: kind.toLowerCase(),
  namespaced: true,
  verbs: ['get', 'list', 'watch', 'delete', 'patch'],
  shortNames: [],
  categories: [],
  subresources: [],
});
const DISCOVERED = Registry.fromDiscovery([
  api('statefulsets', 'StatefulSet', 'apps'),
  api('cronjobs', 'CronJob', 'batch'),
  api('configmaps', 'ConfigMap', ''),
]).kinds;

describe('the binding tables', () => {
  it('bind each key once per screen', () => {
    for (const scope of new Set(BINDINGS.map((b) => b.scope))) {
      if (scope === 'table') continue;
      expect(twice(keysOf(scope).map(bare)), scope).toEqual([]);
    }
  });

  it("bind each key once on each kind's table (Enter: where it leads, else describe)", () => {
    for (const kind of [...BUILT_IN.kinds, ...DISCOVERED]) {
      const keys = bindingsFor('table', kind).flatMap((b) => b.keys);
      expect(twice(keys), kind.name).toEqual([]);
      expect(keys, kind.name).toContain('enter');
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
