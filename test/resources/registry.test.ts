// Kinds from discovery: names resolve as kubectl resolves them (plus k9s's aliases), kinds with
// a file of their own keep it, every other kind is shown from the server's Table, and a word
// the server does not serve gets its closest names. Discovery documents are parsed in both forms.
import { describe, expect, it } from 'vitest';
import { fromAggregated, fromResourceList } from '../../src/kube/discovery.js';
import { events } from '../../src/resources/events.js';
import { pods } from '../../src/resources/pods.js';
import { type ApiResource, kindKey, Registry } from '../../src/resources/registry.js';
import { columnsFromTable, rowFromTable } from '../../src/resources/table-rows.js';

const RW = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];
const api = (r: Partial<ApiResource> & Pick<ApiResource, 'name' | 'kind'>): ApiResource => ({
  group: '',
  version: 'v1',
  singular: r.name.replace(/s$/, ''),
  namespaced: true,
  verbs: RW,
  shortNames: [],
  categories: [],
  subresources: [],
  ...r,
});

const served = [
  api({ name: 'pods', kind: 'Pod', shortNames: ['po'], subresources: ['log', 'status'] }),
  api({ name: 'events', kind: 'Event', shortNames: ['ev'] }),
  api({ name: 'statefulsets', kind: 'StatefulSet', group: 'apps', shortNames: ['sts'] }),
  api({ name: 'events', kind: 'Event', group: 'events.k8s.io', shortNames: ['ev'] }),
  api({ name: 'backups', kind: 'Backup', group: 'kdeck.dev', shortNames: ['bk'] }),
  api({ name: 'bindings', kind: 'Binding', verbs: ['create'] }),
];

describe('a registry from discovery', () => {
  const kinds = Registry.fromDiscovery(served);

  it('resolves plural, singular, short name, kind and group-qualified names', () => {
    for (const word of ['statefulsets', 'statefulset', 'sts', 'StatefulSet', 'statefulsets.apps'])
      expect(kindKey(kinds.find(word)!)).toBe('statefulsets.apps');
    expect(kindKey(kinds.find('bk')!)).toBe('backups.kdeck.dev');
  });

  it('gives a name two groups share to the first in discovery (core), the other by its group', () => {
    expect(kindKey(kinds.find('ev')!)).toBe('events');
    expect(kindKey(kinds.find('events.events.k8s.io')!)).toBe('events.events.k8s.io');
  });

  it('keeps a kind that has a file of its own, with what the server says of it', () => {
    const p = kinds.find('po')!;
    expect(p.refine).toBe(pods.refine);
    expect(p.columns).toBe(pods.columns);
    expect(p.subresources).toEqual(['log', 'status']);
    const e = kinds.find('ev')!;
    expect(e.toRow).toBe(events.toRow);
    expect(e.table).toBeUndefined();
    expect(kinds.find('sts')!.table).toBe(true);
  });

  it('leaves out what cannot be listed and watched, and names the closest to a typo', () => {
    expect(kinds.find('bindings')).toBeUndefined();
    expect(kinds.closest('stss')).toContain('sts');
    expect(kinds.closest('zzzzzz')).toEqual([]);
    expect(kinds.completions('stat')).toEqual([
      'statefulset',
      'statefulset.apps',
      'statefulsets',
      'statefulsets.apps',
    ]);
  });
});

describe('discovery documents', () => {
  it('aggregated: the first (preferred) version of each group, with its subresources', () => {
    const list = {
      kind: 'APIGroupDiscoveryList',
      items: [
        {
          metadata: { name: 'apps' },
          versions: [
            {
              version: 'v1',
              resources: [
                {
                  resource: 'deployments',
                  responseKind: { kind: 'Deployment' },
                  scope: 'Namespaced',
                  singularResource: 'deployment',
                  verbs: ['list', 'watch'],
                  shortNames: ['deploy'],
                  subresources: [{ subresource: 'scale' }, { subresource: 'status' }],
                },
              ],
            },
            { version: 'v1beta1', resources: [{ resource: 'old' }] },
          ],
        },
      ],
    };
    expect(fromAggregated(list)).toEqual([
      {
        group: 'apps',
        version: 'v1',
        name: 'deployments',
        kind: 'Deployment',
        singular: 'deployment',
        namespaced: true,
        verbs: ['list', 'watch'],
        shortNames: ['deploy'],
        categories: [],
        subresources: ['scale', 'status'],
      },
    ]);
  });

  it('legacy: subresources listed as pods/log beside their resource', () => {
    const list = {
      resources: [
        { name: 'pods', kind: 'Pod', namespaced: true, singularName: 'pod', verbs: ['list'] },
        { name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] },
      ],
    };
    expect(fromResourceList('', 'v1', list)).toMatchObject([
      { name: 'pods', kind: 'Pod', subresources: ['log'], namespaced: true },
    ]);
  });
});

describe('rows from the server Table', () => {
  const defs = [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Ready', type: 'string', priority: 0 },
    { name: 'Replicas', type: 'integer', priority: 0 },
    { name: 'Age', type: 'string', priority: 0 },
    { name: 'Selector', type: 'string', priority: 1 },
  ];
  const metadata = {
    name: 'db',
    namespace: 'data',
    uid: 'u1',
    resourceVersion: '7',
    creationTimestamp: '2026-11-29T00:00:00Z',
  };

  it('columns as kubectl heads them; the wide ones kept for their cells but not shown', () => {
    expect(columnsFromTable(defs)).toEqual([
      { name: 'NAME', priority: 0 },
      { name: 'READY', priority: 0 },
      { name: 'REPLICAS', priority: 0, align: 'right' },
      { name: 'AGE', priority: 0 },
      { name: 'SELECTOR', priority: 1, hidden: true },
    ]);
  });

  it("a CRD's date columns tick: its Age from creationTimestamp, another from the age printed", () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    const crd = [
      { name: 'Name', type: 'string', format: 'name' },
      { name: 'Last Run', type: 'date' },
      { name: 'Age', type: 'date' },
      { name: 'Created At', type: 'date' },
    ];
    const row = rowFromTable(
      { cells: ['db', '2d4h', '12h', '2026-11-29T00:00:00Z'], object: { metadata } },
      crd,
      undefined,
      now,
    )!;
    expect(row.cells).toEqual([
      'db',
      { since: now - (2 * 24 + 4) * 3_600_000 },
      { since: Date.parse(metadata.creationTimestamp) },
      '2026-11-29T00:00:00Z',
    ]);
  });

  it('cells as the server wrote them, AGE ticking from creationTimestamp, health from READY', () => {
    const row = rowFromTable(
      { cells: ['db', '2/3', 3, '5d', 'app=db'], object: { metadata } },
      defs,
    )!;
    expect(row).toMatchObject({
      uid: 'u1',
      name: 'db',
      namespace: 'data',
      resourceVersion: '7',
      health: 'pending',
      selector: 'app=db',
      cells: ['db', '2/3', 3, { since: Date.parse('2026-11-29T00:00:00Z') }, 'app=db'],
    });
  });

  it('text from the server is made inert, and a row without a uid is none', () => {
    const row = rowFromTable(
      { cells: ['db\u001b[2J', '3/3', 3, '5d', ''], object: { metadata } },
      defs,
    )!;
    expect(row.cells[0]).toBe('db^[[2J');
    expect(rowFromTable({ cells: [], object: { metadata: { name: 'x' } } }, defs)).toBeUndefined();
  });
});
