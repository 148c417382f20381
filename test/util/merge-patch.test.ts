// JSON merge patch both ways: what an edit sends is the smallest patch that makes the object
// read into the object saved, and applied to that object it gives the saved one.
import { describe, expect, it } from 'vitest';
import { applyMergePatch, createMergePatch, sameJson } from '../../src/util/merge-patch.js';

const read = {
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' }, resourceVersion: '7' },
  spec: {
    replicas: 5,
    template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  },
};

describe('createMergePatch', () => {
  it('names only what changed: a number, a key removed, a key added', () => {
    const saved = structuredClone(read) as typeof read & { metadata: { annotations?: object } };
    saved.spec.replicas = 2;
    delete (saved.metadata.labels as { tier?: string }).tier;
    saved.metadata.annotations = { note: 'x' };
    expect(createMergePatch(read, saved)).toEqual({
      metadata: { labels: { tier: null }, annotations: { note: 'x' } },
      spec: { replicas: 2 },
    });
  });

  it('sends a changed list whole, as merge patch replaces lists', () => {
    const saved = structuredClone(read);
    saved.spec.template.spec.containers[0].image = 'nginx:1.28';
    expect(createMergePatch(read, saved)).toEqual({
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } },
    });
  });

  it('is empty for the same object with its keys in another order', () => {
    const { spec, metadata } = structuredClone(read);
    expect(createMergePatch(read, { spec, metadata })).toEqual({});
    expect(sameJson(read, { spec, metadata })).toBe(true);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
  });

  it('applied to what was read, gives what was saved', () => {
    const saved = structuredClone(read) as Record<string, unknown>;
    (saved.spec as { replicas: number }).replicas = 3;
    delete (saved.metadata as { labels?: object }).labels;
    expect(applyMergePatch(read, createMergePatch(read, saved))).toEqual(saved);
  });
});

describe('applyMergePatch', () => {
  it('makes the same changes on a newer version, keeping what changed there meanwhile', () => {
    const newer = structuredClone(read);
    newer.metadata.resourceVersion = '9';
    newer.metadata.labels.tier = 'back';
    const changes = { spec: { replicas: 2 } };
    const out = applyMergePatch(newer, changes) as typeof read;
    expect(out.spec.replicas).toBe(2);
    expect(out.metadata).toEqual(newer.metadata);
    expect(newer.spec.replicas).toBe(5);
  });
});
