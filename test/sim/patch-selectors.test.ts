// Patches and selectors, as kubectl and controllers send them.
import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, strategicMergePatch } from '../../src/sim/patch.js';
import { parseFieldSelector, parseLabelSelector } from '../../src/sim/selectors.js';

describe('patches', () => {
  const deploy = {
    spec: {
      replicas: 5,
      template: {
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }] },
            { name: 'sidecar', image: 'busybox' },
          ],
        },
      },
    },
  };

  it('a merge patch replaces lists and deletes nulls', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 } }, { b: { c: null }, e: [1] })).toEqual({
      a: 1,
      b: { d: 3 },
      e: [1],
    });
  });

  it('a strategic merge patch merges containers by name and honours $patch: delete', () => {
    const out = strategicMergePatch(deploy, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }],
            containers: [
              { name: 'web', image: 'nginx:2' },
              { name: 'sidecar', $patch: 'delete' },
            ],
          },
        },
      },
    }) as typeof deploy;
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'web', image: 'nginx:2', ports: [{ containerPort: 80 }] },
    ]);
    expect(out.spec.replicas).toBe(5);
  });

  it('a JSON patch applies its operations in order, and a test that fails refuses the patch', () => {
    expect(
      jsonPatch(deploy, [{ op: 'replace', path: '/spec/replicas', value: 2 }]).spec.replicas,
    ).toBe(2);
    expect(() => jsonPatch(deploy, [{ op: 'test', path: '/spec/replicas', value: 9 }])).toThrow(
      /test failed/,
    );
  });
});

describe('selectors', () => {
  it('label selectors: equality, inequality, sets and existence', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(parseLabelSelector('app=web,tier!=back')(labels)).toBe(true);
    expect(parseLabelSelector('app in (api, web),!canary')(labels)).toBe(true);
    expect(parseLabelSelector('tier notin (front)')(labels)).toBe(false);
    expect(parseLabelSelector('env')(labels)).toBe(false);
  });

  it('field selectors compare dotted paths', () => {
    const pod = {
      metadata: { name: 'a', namespace: 'default' },
      spec: { nodeName: 'n1' },
      status: { phase: 'Running' },
    };
    expect(parseFieldSelector('metadata.name=a,status.phase!=Pending')(pod)).toBe(true);
    expect(parseFieldSelector('spec.nodeName==n2')(pod)).toBe(false);
  });
});
