// The simulator's controllers, told as a user sees them through the API.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
const RS = kindOf('ReplicaSet');
const DEPLOY = kindOf('Deployment');
const NS = kindOf('Namespace');
let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(() => c.stop());

const running = (ns: string, prefix: string) =>
  c.sim.cluster.store
    .list(POD, ns)
    .filter(
      (p) =>
        p.metadata.name.startsWith(prefix) &&
        p.status?.phase === 'Running' &&
        !p.metadata.deletionTimestamp,
    );

it('a changed pod template rolls out: new ReplicaSet, every pod replaced, old set scaled to 0', async () => {
  await eventually(() => running('default', 'nginx-server-deployment-').length === 5);
  const before = new Set(
    running('default', 'nginx-server-deployment-').map((p) => p.metadata.name),
  );
  const res = await c.api('/apis/apps/v1/namespaces/default/deployments/nginx-server-deployment', {
    method: 'PATCH',
    headers: { 'content-type': 'application/strategic-merge-patch+json' },
    body: {
      spec: {
        template: {
          metadata: {
            annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-24T10:00:00Z' },
          },
        },
      },
    },
  });
  expect(res.status).toBe(200);
  await eventually(() => {
    const d = c.sim.cluster.store.get(DEPLOY, 'default', 'nginx-server-deployment')!;
    const now = running('default', 'nginx-server-deployment-');
    return (
      d.status.updatedReplicas === 5 &&
      d.status.availableReplicas === 5 &&
      d.status.replicas === 5 &&
      now.length === 5 &&
      now.every((p) => !before.has(p.metadata.name))
    );
  }, 15_000);
  const sets = c.sim.cluster.store.list(RS, 'default');
  expect(sets).toHaveLength(2);
  expect(sets.map((s) => s.spec.replicas).sort()).toEqual([0, 5]);
  const d = c.sim.cluster.store.get(DEPLOY, 'default', 'nginx-server-deployment')!;
  expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
  expect(d.status.observedGeneration).toBe(d.metadata.generation);
});

it('a crash-looping pod restarts again and again, in CrashLoopBackOff between', async () => {
  const pod = await eventually(
    () =>
      c.sim.cluster.store
        .list(POD, 'kube-system')
        .find((p) => p.status?.containerStatuses?.[0]?.restartCount >= 2),
    15_000,
  );
  expect(pod!.status.containerStatuses[0].lastState.terminated).toMatchObject({
    exitCode: 1,
    reason: 'Error',
  });
});

it('an orphaning delete leaves the ReplicaSet and its pods, without their owner', async () => {
  await c.api('/apis/apps/v1/namespaces/shop/deployments/checkout', {
    method: 'DELETE',
    body: { propagationPolicy: 'Orphan' },
  });
  await eventually(() => !c.sim.cluster.store.get(DEPLOY, 'shop', 'checkout'));
  const sets = c.sim.cluster.store.list(RS, 'shop');
  expect(sets).toHaveLength(1);
  expect(sets[0].metadata.ownerReferences).toBeUndefined();
  expect(c.sim.cluster.store.list(POD, 'shop')).toHaveLength(1);
});

it('deleting a namespace empties it, then removes it', async () => {
  const res = await c.api('/api/v1/namespaces/shop', { method: 'DELETE' });
  expect(res.json.status.phase).toBe('Terminating');
  await eventually(() => !c.sim.cluster.store.get(NS, undefined, 'shop'), 15_000);
  expect(c.sim.cluster.store.list(POD, 'shop')).toHaveLength(0);
  const create = await c.api('/api/v1/namespaces/shop/pods', {
    method: 'POST',
    body: { metadata: { name: 'x' }, spec: { containers: [{ name: 'a', image: 'a' }] } },
  });
  expect(create.json).toMatchObject({ reason: 'NotFound', message: 'namespaces "shop" not found' });
});

it('endpoints follow the ready pods of a service', async () => {
  await eventually(() => {
    const ep = c.sim.cluster.store.get(kindOf('Endpoints'), 'default', 'nginx-server-service');
    const ips = (ep?.subsets?.[0]?.addresses ?? []).map((a: { ip: string }) => a.ip).sort();
    const podIPs = running('default', 'nginx-server-deployment-')
      .map((p) => p.status.podIP)
      .sort();
    return ips.length === 5 && JSON.stringify(ips) === JSON.stringify(podIPs);
  });
});
