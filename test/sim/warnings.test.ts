// The simulator warns as kube-apiserver does about deprecated node labels in a pod spec
// (pkg/api/pod/warnings.go): a `Warning: 299 - "…"` header per warning on a write that
// changes the spec, and the real kubectl prints them as it prints the real server's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../helpers/sim.js';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(() => c.stop());

const ARCH =
  'spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead';
const OS_AFFINITY =
  'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].key: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead';

function deployment(name: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          nodeSelector: { 'beta.kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux' },
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [
                      { key: 'kubernetes.io/arch', operator: 'Exists' },
                      { key: 'beta.kubernetes.io/os', operator: 'In', values: ['linux'] },
                    ],
                  },
                ],
              },
            },
          },
          containers: [{ name: 'web', image: 'nginx:1.27' }],
        },
      },
    },
  };
}

const warnings = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('Warning: '))
    .map((l) => l.slice('Warning: '.length));

describe('warnings about deprecated node labels', () => {
  it('kubectl apply, scale and rollout restart print them; an unchanged apply does not', async () => {
    const file = join(c.kubeconfigPath, '..', 'legacy.json');
    writeFileSync(file, JSON.stringify(deployment('legacy')));
    const created = await c.kubectl(['apply', '-f', file]);
    expect(created.code).toBe(0);
    expect(warnings(created.stderr)).toEqual([ARCH, OS_AFFINITY]);

    const again = await c.kubectl(['apply', '-f', file]);
    expect(again.stdout).toContain('unchanged');
    expect(warnings(again.stderr)).toEqual([]);

    const scaled = await c.kubectl(['scale', 'deployment', 'legacy', '--replicas=2']);
    expect(scaled.stdout).toContain('scaled');
    expect(warnings(scaled.stderr)).toEqual([ARCH, OS_AFFINITY]);

    const restarted = await c.kubectl(['rollout', 'restart', 'deployment', 'legacy']);
    expect(restarted.stdout).toContain('restarted');
    expect(warnings(restarted.stderr)).toEqual([ARCH, OS_AFFINITY]);
  });

  it('come as one `299 - "<text>"` header each, quotes escaped; a status write has none', async () => {
    const res = await c.api('/apis/apps/v1/namespaces/default/deployments', {
      method: 'POST',
      body: deployment('raw'),
    });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe(
      [ARCH, OS_AFFINITY].map((t) => `299 - "${t.replaceAll('"', '\\"')}"`).join(', '),
    );
    const status = await c.api('/apis/apps/v1/namespaces/default/deployments/raw/status', {
      method: 'PATCH',
      body: { status: { observedGeneration: 1 } },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(status.status).toBe(200);
    expect(status.headers.warning).toBeUndefined();
  });

  it('a pod warns when created, at its own paths, and not when updated', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'legacy-pod' },
      spec: {
        nodeSelector: { 'beta.kubernetes.io/os': 'linux' },
        containers: [{ name: 'web', image: 'nginx:1.27' }],
      },
    };
    const created = await c.api('/api/v1/namespaces/default/pods', { method: 'POST', body: pod });
    expect(created.headers.warning).toBe(
      '299 - "spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use \\"kubernetes.io/os\\" instead"',
    );
    const labelled = await c.api('/api/v1/namespaces/default/pods/legacy-pod', {
      method: 'PATCH',
      body: { metadata: { labels: { x: 'y' } } },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(labelled.status).toBe(200);
    expect(labelled.headers.warning).toBeUndefined();
  });
});
