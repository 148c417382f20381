// The text of the :apply -f page: each object's preview line, where its namespace came from,
// and the server's messages that have lines of their own.
import { describe, expect, it } from 'vitest';
import type { PlanItem } from '../../src/resources/manifest-plan.js';
import { pageLines, pageTitle } from '../../src/ui/apply-lines.js';
import type { ManifestPage } from '../../src/ui/use-manifests.js';

const manifest = { file: 'hello.yaml', line: 1, object: {} };
const page = (p: Partial<ManifestPage>): ManifestPage => ({
  verb: 'apply',
  path: 'hello.yaml',
  namespace: 'shop',
  namespaceFrom: 'flag',
  phase: 'preview',
  manifests: [],
  items: [],
  forced: false,
  results: [],
  ...p,
});
const item = (p: Partial<PlanItem>): PlanItem => ({
  manifest,
  label: 'deployment.apps/hello',
  name: 'hello',
  outcome: 'configured',
  ...p,
});

describe('the :apply -f page', () => {
  it('says each object, where a namespace it did not name came from, and what changes', () => {
    const p = page({
      items: [
        item({ namespace: 'shop', defaulted: true, changes: ['spec.replicas: 2 → 3'] }),
        item({ label: 'namespace/shop', name: 'shop', outcome: 'unchanged' }),
      ],
    });
    expect(pageTitle(p)).toBe('apply -f hello.yaml: dry run — Enter applies, Esc cancels');
    expect(pageLines(p).map((l) => l.text)).toEqual([
      'deployment.apps/hello configured (namespace shop, from -n)',
      '    spec.replicas: 2 → 3',
      'namespace/shop unchanged',
    ]);
  });

  it('counts the objects done while the server is asked', () => {
    expect(pageTitle(page({ phase: 'asking', progress: { done: 3, total: 12 } }))).toBe(
      'apply -f hello.yaml: asking the server for a dry run… 3 of 12',
    );
    expect(pageTitle(page({ phase: 'sending' }))).toBe('apply -f hello.yaml: sending…');
  });

  it("gives each line of a server's message a row of its own", () => {
    const conflict =
      'Error from server (Conflict): error when applying "hello.yaml": Apply failed with 2 conflicts: conflicts with "kubectl-create" using apps/v1:\n- .spec.replicas\n- .spec.paused';
    const p = page({ phase: 'done', results: [{ text: conflict, error: true }] });
    expect(pageTitle(p)).toBe('apply -f hello.yaml: done');
    expect(pageLines(p)).toEqual([
      {
        text: 'Error from server (Conflict): error when applying "hello.yaml": Apply failed with 2 conflicts: conflicts with "kubectl-create" using apps/v1:',
        error: true,
        indent: 4,
      },
      { text: '    - .spec.replicas', error: true, indent: 4 },
      { text: '    - .spec.paused', error: true, indent: 4 },
    ]);
  });
});
