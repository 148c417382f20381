// Every kind the server serves, through the built binary: `:sts`, a CRD created by kubectl
// while kdeck runs (no line of code for it in kdeck), each table with the columns and cells
// `kubectl get` prints; a name the server does not serve is one line with the closest names.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal, tableRows } from './terminal.js';

const sim = simForFile();
const kdeck = (...args: string[]) =>
  new Terminal(['--kubeconfig', sim.kubeconfig, ...args], { width: 160, height: 30 });

/** A table's cells as words (AGE dropped: kubectl's and kdeck's are read at other moments). */
function cells(lines: string[], ageColumn: number): string[][] {
  return lines.map((l) =>
    l
      .replace(/^[› ][* ]/, '')
      .trim()
      .split(/\s{2,}/)
      .filter((_, i) => i !== ageColumn),
  );
}

/** kubectl's lines once they contain `text` (a workload come up), asked again until then. */
async function settled(get: () => string, text: string): Promise<string[]> {
  for (;;) {
    const out = get();
    if (out.includes(text)) return out.trim().split('\n');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A namespaced CRD in example.com, v1, any fields, with these printer columns. */
function crdManifest(plural: string, kind: string, shortName: string, columns?: object[]) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.example.com` },
    spec: {
      group: 'example.com',
      names: { plural, singular: kind.toLowerCase(), kind, shortNames: [shortName] },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
          ...(columns ? { additionalPrinterColumns: columns } : {}),
        },
      ],
    },
  };
}

describe.skipIf(!hasTmux)('kinds from discovery', () => {
  it(':sts shows StatefulSets with the columns and cells kubectl get shows', async () => {
    const t = kdeck('-n', 'data');
    await t.waitFor('pods(data)');
    t.burst(':sts\r');
    // The StatefulSet starts its pods one by one: compared once it has all of them.
    const kubectl = await settled(() => sim.kubectl('get', 'statefulsets', '-n', 'data'), '3/3');
    const names = (h: string) =>
      h
        .replace(/[↑↓]/g, '')
        .trim()
        .split(/\s{2,}/);
    const age = names(kubectl[0]).indexOf('AGE');
    const want = JSON.stringify([names(kubectl[0]), cells(kubectl.slice(1), age)]);
    // One capture holds the title, the header and the rows: a frame caught half drawn is
    // waited past, not compared.
    const screen = await t.waitFor((lines) => {
      const s = lines.join('\n');
      const header = lines.find((l) => /^\s+NAME/.test(l));
      return (
        /statefulsets\(data\)\[1\] live/.test(s) &&
        header !== undefined &&
        JSON.stringify([names(header), cells(tableRows(s), age)]) === want
      );
    });
    expect(screen).toContain('postgres');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a CRD created while kdeck runs is browsable with its printer columns', async () => {
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    const crd = crdManifest('widgets', 'Widget', 'wdg', [
      { name: 'Colour', type: 'string', jsonPath: '.spec.colour' },
      { name: 'Size', type: 'integer', jsonPath: '.spec.size' },
    ]);
    sim.apply(crd);
    const file = join(sim.dir, 'widget.json');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'gizmo', namespace: 'default' },
        spec: { colour: 'teal', size: 3 },
      }),
    );
    sim.kubectl('apply', '-f', file);
    t.burst(':wdg\r');
    // As kubectl shows it: NAME and the printer columns (no AGE unless the CRD asks for one).
    const kubectl = sim.kubectl('get', 'widgets').trim().split('\n');
    const screen = await t.waitFor((lines) => {
      const header = lines.find((l) => /^\s+NAME/.test(l));
      const row = tableRows(lines.join('\n'))[0];
      return (
        /widgets\(default\)\[1\] live/.test(lines.join('\n')) &&
        header?.replace(/[↑↓]/g, '').trim().split(/\s+/).join(' ') ===
          kubectl[0].split(/\s+/).join(' ') &&
        row?.slice(2).trim().split(/\s+/).join(' ') === kubectl[1].split(/\s+/).join(' ')
      );
    });
    expect(screen).toContain('gizmo');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a CRD deleted while its view is open: the view says not served, and : no longer knows it', async () => {
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    sim.apply(crdManifest('gadgets', 'Gadget', 'gdg'));
    sim.apply({
      apiVersion: 'example.com/v1',
      kind: 'Gadget',
      metadata: { name: 'g1', namespace: 'default' },
    });
    t.burst(':gdg\r');
    await t.waitFor((l) => /gadgets\(default\)\[1\] live/.test(l.join('\n')));
    sim.kubectl('delete', 'crd', 'gadgets.example.com');
    const screen = await t.waitFor('not served: the server does not serve gadgets.example.com');
    expect(screen).toContain('gadgets(default)[0]');
    expect(screen).not.toMatch(/reconnecting|live/);
    t.burst(':gdg\r');
    await t.waitFor('the server doesn\'t have a resource type "gdg"');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it("a custom resource's AGE keeps ticking while nothing about it changes", async () => {
    const t = kdeck('-n', 'data');
    await t.waitFor(/pods\(data\)\[\d+\] live/);
    t.burst(':backups\r');
    const ageOf = (screen: string) => {
      const header = screen.split('\n').find((l) => /^\s+NAME/.test(l)) ?? '';
      const at = header.indexOf('AGE');
      const row = tableRows(screen)[0] ?? '';
      return at < 0 ? '' : row.slice(at).trim().split(/\s+/)[0];
    };
    const first = ageOf(
      await t.waitFor(
        (l) => /backups\(data\)\[\d+\] live/.test(l.join('\n')) && ageOf(l.join('\n')) !== '',
      ),
    );
    const rv = sim.kubectl(
      'get',
      'backups',
      '-n',
      'data',
      '-o',
      'jsonpath={.items[*].metadata.resourceVersion}',
    );
    await t.waitFor((l) => ageOf(l.join('\n')) !== first);
    // Not a change of the object: the same resourceVersions as before.
    expect(
      sim.kubectl(
        'get',
        'backups',
        '-n',
        'data',
        '-o',
        'jsonpath={.items[*].metadata.resourceVersion}',
      ),
    ).toBe(rv);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('what a key may do comes from the API: s scales a StatefulSet, Ctrl-D deletes a ConfigMap', async () => {
    sim.kubectl('create', 'configmap', 'leftover', '-n', 'data', '--from-literal=a=b');
    const t = kdeck('-n', 'data');
    await t.waitFor('pods(data)');
    t.burst(':sts\r');
    await t.waitFor(/^› postgres\s+3\/3/m);
    // StatefulSets have a scale subresource: s asks, starting from what the server holds.
    t.keys('s');
    await t.waitFor('scale data/postgres to: 3');
    t.keys('C-u');
    t.burst('4\r');
    await t.waitFor(/scaled .*postgres.* to 4/);
    const sts = JSON.parse(sim.kubectl('get', 'sts', 'postgres', '-n', 'data', '-o', 'json'));
    expect(sts.spec.replicas).toBe(4);
    // A StatefulSet has a pod template: r restarts it as kubectl rollout restart does.
    t.keys('r');
    await t.waitFor(/Restart statefulset data\/postgres/i);
    t.keys('Tab', 'Enter');
    await t.waitFor(/restarted statefulset data\/postgres/);
    const restarted = JSON.parse(sim.kubectl('get', 'sts', 'postgres', '-n', 'data', '-o', 'json'))
      .spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'];
    expect(restarted).toMatch(/^\d{4}-\d\d-\d\dT/);
    // ConfigMaps can be deleted, and have no scale: s is not theirs.
    t.burst(':cm\r');
    await t.waitFor(/configmaps\(data\)\[\d+\] live/);
    t.burst('/leftover\r');
    await t.waitFor(/^› leftover\s/m);
    t.keys('s');
    await t.waitFor(/configmaps\(data\)\[1\] \/leftover live/);
    expect(t.screen()).not.toMatch(/scale configmap/);
    t.keys('C-d');
    await t.waitFor(/Delete configmap data\/leftover/i);
    t.keys('Tab', 'Enter');
    await t.waitFor(/configmaps\(data\)\[0\] \/leftover live/);
    const left = sim.kubectl('get', 'configmaps', '-n', 'data', '-o', 'name');
    expect(left).not.toContain('leftover');
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it(':nodes -A and :crd -A open the kind, as kubectl get takes -A for any kind', async () => {
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    const nodes = sim.kubectl('get', 'nodes', '-A', '--no-headers').trim().split('\n').length;
    t.burst(':nodes -A\r');
    await t.waitFor(`nodes[${nodes}] live`);
    const crds = sim.kubectl('get', 'crd', '-A', '--no-headers').trim().split('\n').length;
    t.burst(':crd -A\r');
    await t.waitFor(`customresourcedefinitions[${crds}] live`);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a name the server does not serve is one line naming the closest', async () => {
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(':stss\r');
    await t.waitFor('the server doesn\'t have a resource type "stss" (closest: sts');
    expect(t.screen()).toContain('pods(default)[5] live');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
