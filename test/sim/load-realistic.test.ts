// Realistic load pods under churn: the controllers follow the readiness flips (ReplicaSet and
// Deployment status) but never make, delete or replace a pod, and each flip writes what a
// kubelet writes, leaving the parts the pods share untouched.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

// biome-ignore lint/suspicious/noExplicitAny: pods as plain JSON
type Obj = Record<string, any>;

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({
    tutorial: false,
    empty: true,
    load: { pods: 60, namespaces: 2, churn: 100, objectSize: 'realistic' },
  });
});
afterAll(() => c?.stop());

const loadPods = async (): Promise<Obj[]> =>
  (await c.api('/api/v1/pods?labelSelector=load.kdeck.dev%2Fpod')).json.items;

it('churn flips readiness as a kubelet does; no pod is made, deleted or replaced', async () => {
  const before = new Map((await loadPods()).map((p) => [p.metadata.name, p.metadata.uid]));
  expect(before.size).toBe(60);

  const flipped = (await eventually(
    async () => (await loadPods()).find((p) => !p.status.containerStatuses[0].ready),
    10_000,
    { what: 'a load pod turned unready' },
  )) as Obj;
  const byType = (t: string) => flipped.status.conditions.find((x: Obj) => x.type === t);
  for (const type of ['Ready', 'ContainersReady'])
    expect(byType(type)).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [app]',
    });
  expect(byType('PodScheduled').status).toBe('True');
  expect(flipped.status.containerStatuses[0].restartCount).toBeGreaterThan(0);
  const kubelet = flipped.metadata.managedFields.find((f: Obj) => f.manager === 'kubelet');
  expect(kubelet.time).toBe(byType('Ready').lastTransitionTime);

  // The ReplicaSets see it: at some moment one of them counts fewer ready pods than it has.
  await eventually(
    async () => {
      const sets: Obj[] = (await c.api('/apis/apps/v1/replicasets')).json.items;
      return sets.some((rs) => (rs.status.readyReplicas ?? 0) < rs.status.replicas);
    },
    10_000,
    { what: 'a ReplicaSet counting an unready pod' },
  );

  const after = await loadPods();
  expect(new Map(after.map((p) => [p.metadata.name, p.metadata.uid]))).toEqual(before);
  // The parts the pods share are as they were made: every pod keeps its three managers and
  // its controller's fields name its own ReplicaSet.
  for (const p of after) {
    expect(p.metadata.managedFields.map((f: Obj) => f.manager)).toEqual([
      'kube-controller-manager',
      'kube-scheduler',
      'kubelet',
    ]);
    const owner = p.metadata.ownerReferences[0].uid;
    expect(
      Object.keys(p.metadata.managedFields[0].fieldsV1['f:metadata']['f:ownerReferences']),
    ).toEqual(['.', `k:{"uid":"${owner}"}`]);
  }
  const events: Obj[] = (await c.api('/api/v1/events')).json.items;
  expect(events.filter((e) => e.metadata.namespace.startsWith('load-'))).toEqual([]);
});
