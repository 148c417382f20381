// The preview's changes: what an apply would change, between the object now and the server's
// dry-run answer, without what the server writes on every change.
import { describe, expect, it } from 'vitest';
import { diffObjects } from '../../src/kube/object-diff.js';

const deployment = (replicas: number, image: string, extra: object = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'hello',
    namespace: 'default',
    uid: 'u-1',
    resourceVersion: '10',
    generation: 1,
    creationTimestamp: '2026-11-29T12:00:00Z',
    managedFields: [{ manager: 'kubectl', operation: 'Update' }],
    labels: { app: 'hello' },
  },
  spec: {
    replicas,
    selector: { matchLabels: { app: 'hello' } },
    template: {
      metadata: { labels: { app: 'hello' } },
      spec: {
        containers: [
          { name: 'web', image, ports: [{ containerPort: 80 }] },
          { name: 'sidecar', image: 'busybox' },
        ],
      },
    },
  },
  status: { replicas, readyReplicas: replicas },
  ...extra,
});

describe('the diff of an apply', () => {
  it('says a changed replicas as `spec.replicas: 5 → 2`', () => {
    expect(diffObjects(deployment(5, 'nginx:1'), deployment(2, 'nginx:1'))).toEqual([
      'spec.replicas: 5 → 2',
    ]);
  });

  it('names a container by its name in an image change', () => {
    expect(diffObjects(deployment(2, 'nginx:1'), deployment(2, 'nginx:2'))).toEqual([
      'spec.template.spec.containers[web].image: nginx:1 → nginx:2',
    ]);
  });

  it('ignores resourceVersion, generation, managedFields, uid, creationTimestamp and status', () => {
    const now = deployment(2, 'nginx:1');
    const after = structuredClone(now);
    after.metadata.resourceVersion = '11';
    after.metadata.generation = 2;
    after.metadata.managedFields.push({ manager: 'kdeck', operation: 'Apply' });
    after.status.readyReplicas = 0;
    expect(diffObjects(now, after)).toEqual([]);
  });

  it('says what is added and removed, and quotes keys that are not plain words', () => {
    const now = deployment(2, 'nginx:1');
    const after = structuredClone(now) as ReturnType<typeof deployment> & {
      metadata: { annotations?: Record<string, string> };
    };
    after.metadata.annotations = { 'kubernetes.io/change-cause': 'v2' };
    after.spec.template.spec.containers = [after.spec.template.spec.containers[0]];
    expect(diffObjects(now, after)).toEqual([
      'metadata.annotations: (none) → {"kubernetes.io/change-cause":"v2"}',
      'spec.template.spec.containers[sidecar]: {"name":"sidecar","image":"busybox"} → (none)',
    ]);
    const more = structuredClone(after);
    more.metadata.annotations = { 'kubernetes.io/change-cause': 'v3' };
    expect(diffObjects(after, more)).toEqual([
      'metadata.annotations."kubernetes.io/change-cause": v2 → v3',
    ]);
  });

  it("never shows a Secret's values: data, stringData and kubectl's last-applied copy read as their sizes", () => {
    const b64 = (t: string) => Buffer.from(t).toString('base64');
    const applied = (pw: string) => JSON.stringify({ stringData: { pw } });
    const secret = (pw: string, annotations?: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', ...(annotations ? { annotations } : {}) },
      data: { pw: b64(pw) },
    });
    const LAST = 'kubectl.kubernetes.io/last-applied-configuration';
    const now = secret('hunter2', { [LAST]: applied('hunter2'), team: 'a' });
    const lines = diffObjects(now, {
      ...secret('s3cretpass', { [LAST]: applied('s3cretpass'), team: 'b' }),
      stringData: { more: 'opensesame' },
    });
    expect(lines).toEqual([
      `metadata.annotations."${LAST}": <hidden: ${applied('hunter2').length} bytes> → <hidden: ${applied('s3cretpass').length} bytes>`,
      'metadata.annotations.team: a → b',
      'data.pw: <hidden: 7 bytes> → <hidden: 10 bytes>',
      'stringData: (none) → <hidden: 21 bytes>',
    ]);
    // The same size is still a change, said as one.
    expect(diffObjects(secret('hunter2'), secret('hunter3'))).toEqual([
      'data.pw: <hidden: 7 bytes> → <hidden: 7 bytes>',
    ]);
    // Annotations that appear whole: kubectl's copy among them is masked.
    const [added] = diffObjects(secret('x'), secret('x', { [LAST]: applied('hunter2') }));
    // (cut at the preview's width, after the start of its mask)
    expect(added).toMatch(/^metadata\.annotations: \(none\) → \{"kubectl[^"]+":"<hidde/);
    expect(lines.join('\n') + added).not.toMatch(/hunter|s3cret|opensesame|aHVudGVy|czNjcmV0/);
  });

  it('compares lists without names by place, and cuts long values', () => {
    const now = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'a' } };
    const long = 'x'.repeat(200);
    const [line] = diffObjects(now, { ...now, data: { k: long } });
    expect(line.startsWith('data.k: a → xxxx')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
    expect(line.length).toBeLessThan(80);
    const svc = (port: number) => ({ spec: { ports: [{ port, protocol: 'TCP' }] } });
    expect(diffObjects(svc(80), svc(8080))).toEqual(['spec.ports[0].port: 80 → 8080']);
  });
});
