// Reading manifests for :apply -f / :create -f / :delete -f: files, directories, multi-document
// YAML, JSON and Lists; a file that does not parse is one line naming the file and line.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests, readManifests } from '../../src/kube/manifests.js';
import { pathCompletions } from '../../src/util/paths.js';

const TUTORIAL = join(import.meta.dirname, '..', 'fixtures');
const two = `# a comment before the first document
apiVersion: v1
kind: Service
metadata:
  name: web
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
`;

const names = (r: ReturnType<typeof parseManifests>) =>
  r.ok ? r.manifests.map((m) => `${m.object.kind}/${m.object.metadata.name}@${m.line}`) : r.error;

describe('the manifest reader', () => {
  it('reads each document of a multi-document file, with the line it starts on', () => {
    expect(names(parseManifests(two, 'web.yaml'))).toEqual(['Service/web@2', 'Deployment/web@7']);
  });

  it('skips empty documents and comments, and expands a List into its items', () => {
    const text = `---\n# nothing here\n---\napiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n...\n`;
    expect(names(parseManifests(text, 'list.yaml'))).toEqual(['ConfigMap/a@4', 'ConfigMap/b@4']);
  });

  it('says the file and the line of a YAML error, in one line', () => {
    const broken = `${two}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [unclosed\n`;
    const r = parseManifests(broken, 'broken.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(/^error parsing broken\.yaml: line 1[89]: /);
    expect(r.error).not.toContain('\n');
  });

  it('reads a .json file as JSON and says the line of a JSON error', () => {
    const ok = parseManifests(
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }, null, 2),
      'ns.json',
    );
    expect(names(ok)).toEqual(['Namespace/n@1']);
    const bad = parseManifests('{\n  "apiVersion": "v1",\n  "kind": \n}\n', 'bad.json');
    expect(bad.ok ? '' : bad.error).toMatch(/^error parsing bad\.json: line [34]: /);
  });

  it('refuses a document without apiVersion, kind or name, as kubectl validation does', () => {
    const r = parseManifests('kind: Service\nmetadata:\n  name: x\n', 'x.yaml');
    expect(r.ok ? '' : r.error).toBe('error validating "x.yaml" (line 1): apiVersion not set');
    const nameless = parseManifests('apiVersion: v1\nkind: Service\n', 'y.yaml');
    expect(nameless.ok ? '' : nameless.error).toMatch(
      /^error validating "y\.yaml" \(line 1\): Service has no metadata\.name/,
    );
    const scalar = parseManifests('just words\n', 'z.yaml');
    expect(scalar.ok).toBe(false);
  });

  it("reads the tutorial's file: a Service and the 2019 extensions/v1beta1 Deployment", () => {
    const r = readManifests(join(TUTORIAL, 'tutorial-deployment.yaml'));
    expect(r.ok && r.manifests.map((m) => `${m.object.apiVersion} ${m.object.kind}`)).toEqual([
      'v1 Service',
      'extensions/v1beta1 Deployment',
    ]);
  });

  it('reads the .yaml, .yml and .json files of a directory in name order, and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-manifests-'));
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    writeFileSync(join(dir, 'b.yml'), cm('b'));
    writeFileSync(join(dir, 'a.yaml'), cm('a'));
    writeFileSync(join(dir, 'c.json'), JSON.stringify(load(cm('c'))));
    writeFileSync(join(dir, 'notes.txt'), 'not a manifest');
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'nested', 'd.yaml'), cm('d'));
    const r = readManifests(dir);
    expect(r.ok && r.manifests.map((m) => [m.file, m.object.metadata.name])).toEqual([
      [join(dir, 'a.yaml'), 'a'],
      [join(dir, 'b.yml'), 'b'],
      [join(dir, 'c.json'), 'c'],
    ]);
    // -R: the directories under it too, where they sort (kubectl's filepath.Walk order).
    const all = readManifests(dir, { recursive: true });
    expect(all.ok && all.manifests.map((m) => m.object.metadata.name)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(readManifests(join(dir, 'nested', 'missing.yaml'))).toEqual({
      ok: false,
      error: `the path "${join(dir, 'nested', 'missing.yaml')}" does not exist`,
    });
    const empty = mkdtempSync(join(tmpdir(), 'kdeck-manifests-'));
    mkdirSync(join(empty, 'looks-like.yaml'));
    expect(readManifests(empty)).toEqual({
      ok: false,
      error: `error reading ${empty}: recognized file extensions are [.json .yaml .yml]`,
    });
    expect(readManifests('/dev/null')).toEqual({
      ok: false,
      error: 'error reading /dev/null: not a regular file',
    });
  });

  it('completes paths to directories (with /) and manifest files, relative to a directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-paths-'));
    mkdirSync(join(dir, 'k8s'));
    writeFileSync(join(dir, 'k8s', 'web.yaml'), '');
    writeFileSync(join(dir, 'k8s', 'web.txt'), '');
    writeFileSync(join(dir, 'k8s', '.hidden.yaml'), '');
    expect(pathCompletions('k', dir)).toEqual(['k8s/']);
    expect(pathCompletions('k8s/', dir)).toEqual(['k8s/web.yaml']);
    expect(pathCompletions('k8s/.', dir)).toEqual(['k8s/.hidden.yaml']);
    expect(pathCompletions('nowhere/', dir)).toEqual([]);
  });
});

function load(yaml: string): unknown {
  const r = parseManifests(yaml, 'x.yaml');
  return r.ok ? r.manifests[0].object : undefined;
}
