// An edit as it reaches the server (the simulated cluster over HTTP): the object stored, a
// stale resourceVersion answered 409 Conflict, an invalid object 422 with the fields it names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import { deployments } from '../../src/resources/deployments.js';
import type { ObjectRef } from '../../src/resources/index.js';
import { startTestCluster, type TestCluster } from '../helpers/sim.js';

let c: TestCluster;
let source: KubeSource;

beforeAll(async () => {
  c = await startTestCluster();
  source = KubeSource.connect({ kubeconfig: c.kubeconfigPath });
});
afterAll(async () => {
  source.close();
  await c.stop();
});

const web: ObjectRef = {
  resource: deployments,
  namespace: 'default',
  name: 'nginx-server-deployment',
  uid: '',
  resourceVersion: '',
};

describe('sending an edit', () => {
  it('stores the change and answers with the object; kubectl sees it', async () => {
    const r = await source.actions.sendEdit(web, { metadata: { labels: { edited: 'yes' } } });
    expect(r.ok && r.object.metadata.labels.edited).toBe('yes');
    const { stdout } = await c.kubectl([
      'get',
      'deployment',
      'nginx-server-deployment',
      '-o',
      'jsonpath={.metadata.labels.edited}',
    ]);
    expect(stdout).toBe('yes');
  });

  it('a resourceVersion that is no longer current is a conflict, and nothing changes', async () => {
    const r = await source.actions.sendEdit(web, {
      metadata: { resourceVersion: '1' },
      spec: { replicas: 3 },
    });
    expect(r).toMatchObject({ ok: false, code: 409, reason: 'Conflict' });
    expect(!r.ok && r.message).toMatch(/the object has been modified/);
    const { stdout } = await c.kubectl([
      'get',
      'deployment',
      'nginx-server-deployment',
      '-o',
      'jsonpath={.spec.replicas}',
    ]);
    expect(stdout).toBe('5');
  });

  it('an invalid object is refused with the field and what is wrong with it', async () => {
    const r = await source.actions.sendEdit(web, { spec: { replicas: -1 } });
    expect(r).toMatchObject({
      ok: false,
      code: 422,
      reason: 'Invalid',
      causes: [
        {
          field: 'spec.replicas',
          message: 'Invalid value: -1: must be greater than or equal to 0',
        },
      ],
    });
  });
});
