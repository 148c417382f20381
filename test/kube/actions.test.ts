// kdeck's actions against the simulated cluster, each checked with kubectl too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import { deployments } from '../../src/resources/deployments.js';
import type { ObjectRef } from '../../src/resources/index.js';
import { pods } from '../../src/resources/pods.js';
import { kindOf } from '../../src/sim/kinds.js';
import type { Obj } from '../../src/sim/types.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
const DEPLOY = kindOf('Deployment');
let c: TestCluster;
let source: KubeSource;

beforeAll(async () => {
  c = await startTestCluster();
  source = KubeSource.connect({ kubeconfig: c.kubeconfigPath });
  // Settled, not only running: the deployment controller writes the status after the pods are
  // up, and a scale that reads the resourceVersion before that write meets a conflict.
  await eventually(() => {
    const d = deploy();
    return (
      running().length === 5 &&
      d.status?.observedGeneration === d.metadata.generation &&
      d.status?.availableReplicas === 5 &&
      d.status?.updatedReplicas === 5
    );
  });
});
afterAll(async () => {
  source.close();
  await c.stop();
});

const running = () =>
  c.sim.cluster.store
    .list(POD, 'default')
    .filter(
      (p) =>
        p.metadata.labels?.app === 'nginx-server' &&
        p.status?.phase === 'Running' &&
        !p.metadata.deletionTimestamp,
    );
const ref = (resource: ObjectRef['resource'], o: Obj): ObjectRef => ({
  resource,
  namespace: o.metadata.namespace,
  name: o.metadata.name,
  uid: o.metadata.uid,
  resourceVersion: o.metadata.resourceVersion,
});
const deploy = () => c.sim.cluster.store.get(DEPLOY, 'default', 'nginx-server-deployment')!;
const kubectlPods = async () =>
  (await c.kubectl(['get', 'pods', '-l', 'app=nginx-server', '--no-headers'])).stdout
    .trim()
    .split('\n')
    .filter(Boolean);

describe('scale', () => {
  it('scaling nginx-server-deployment to 3 leaves 3 pods', async () => {
    const r = await source.actions.scale(ref(deployments, deploy()), 3);
    expect(r).toEqual({
      ok: true,
      message: 'scaled deployment default/nginx-server-deployment to 3',
    });
    await eventually(
      async () =>
        c.sim.cluster.store.list(POD, 'default').length === 3 && (await kubectlPods()).length === 3,
      15_000,
    );
  });

  it('a stale resourceVersion is a conflict, and the value on the server stays', async () => {
    const stale = ref(deployments, deploy());
    await c.kubectl(['annotate', 'deployment/nginx-server-deployment', 'touched=yes']);
    const r = await source.actions.scale(stale, 9);
    expect(r).toMatchObject({ ok: false, code: 409, reason: 'Conflict' });
    expect(deploy().spec.replicas).toBe(3);
    expect(await source.actions.currentReplicas(stale)).toMatchObject({ replicas: 3 });
  });
});

describe('delete', () => {
  it('deleting a pod removes it, and a replacement comes', async () => {
    await eventually(() => running().length === 3);
    const victim = running()[0];
    const r = await source.actions.remove(ref(pods, victim), {
      propagation: 'Background',
      force: false,
    });
    expect(r.ok).toBe(true);
    await eventually(() => !c.sim.cluster.store.get(POD, 'default', victim.metadata.name));
    await eventually(
      async () =>
        running().length === 3 &&
        !(await kubectlPods()).some((l) => l.startsWith(victim.metadata.name)),
    );
  });

  it('a stale confirmation (same name, new object) deletes nothing', async () => {
    const created = await c.api('/api/v1/namespaces/default/pods', {
      method: 'POST',
      body: { metadata: { name: 'twin' }, spec: { containers: [{ name: 'a', image: 'nginx' }] } },
    });
    const confirmed = ref(pods, created.json);
    await c.kubectl(['delete', 'pod', 'twin', '--grace-period=0', '--force']);
    await c.api('/api/v1/namespaces/default/pods', {
      method: 'POST',
      body: { metadata: { name: 'twin' }, spec: { containers: [{ name: 'a', image: 'nginx' }] } },
    });
    const r = await source.actions.remove(confirmed, { propagation: 'Background', force: false });
    expect(r).toMatchObject({ ok: false, code: 409 });
    expect(r.message).toContain('the UID in the precondition');
    expect((await c.kubectl(['get', 'pod', 'twin', '-o', 'name'])).stdout.trim()).toBe('pod/twin');
  });
});

describe('rollout restart', () => {
  it('replaces every pod of the deployment', async () => {
    await eventually(() => running().length === 3);
    const before = new Set(running().map((p) => p.metadata.uid));
    const r = await source.actions.restart(ref(deployments, deploy()));
    expect(r.ok).toBe(true);
    expect(
      deploy().spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'],
    ).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await eventually(
      () =>
        running().length === 3 &&
        running().every((p) => !before.has(p.metadata.uid)) &&
        c.sim.cluster.store
          .list(POD, 'default')
          .filter((p) => p.metadata.labels?.app === 'nginx-server').length === 3,
      20_000,
    );
    expect(
      (
        await c.kubectl([
          'rollout',
          'status',
          'deployment/nginx-server-deployment',
          '--timeout=10s',
        ])
      ).code,
    ).toBe(0);
  });
});

describe('rollout restart of a namesake', () => {
  it('refuses a deployment deleted and recreated under the same name since it was chosen', async () => {
    const body = {
      metadata: { name: 'twin-deploy' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'twin' } },
        template: {
          metadata: { labels: { app: 'twin' } },
          spec: { containers: [{ name: 'a', image: 'nginx' }] },
        },
      },
    };
    const created = await c.api('/apis/apps/v1/namespaces/default/deployments', {
      method: 'POST',
      body,
    });
    const chosen = ref(deployments, created.json);
    await c.kubectl(['delete', 'deployment', 'twin-deploy', '--wait=true']);
    await c.api('/apis/apps/v1/namespaces/default/deployments', { method: 'POST', body });
    const r = await source.actions.restart(chosen);
    expect(r).toEqual({
      ok: false,
      code: 422,
      reason: 'Invalid',
      message: `not restarted: deployment default/twin-deploy was deleted and recreated since it was chosen (the uid is no longer ${chosen.uid})`,
    });
    const now = c.sim.cluster.store.get(DEPLOY, 'default', 'twin-deploy')!;
    expect(now.metadata.uid).not.toBe(chosen.uid);
    expect(now.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']).toBe(
      undefined,
    );
    // The one that is there now restarts when chosen.
    expect((await source.actions.restart(ref(deployments, now))).ok).toBe(true);
    await c.kubectl(['delete', 'deployment', 'twin-deploy']);
  });
});

describe('rollout undo of a namesake', () => {
  // A StatefulSet as kdeck knows it from discovery: the apps/v1 kind beside Deployment.
  const statefulSets = { ...deployments, name: 'statefulsets', kind: 'StatefulSet' };
  const STS = kindOf('StatefulSet');
  const body = (image: string) => ({
    metadata: { name: 'twin-sts' },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'twin-sts' } },
      template: {
        metadata: { labels: { app: 'twin-sts' } },
        spec: { containers: [{ name: 'a', image }] },
      },
    },
  });
  const history = async () =>
    (await c.kubectl(['rollout', 'history', 'statefulset/twin-sts'])).stdout;

  it('refuses a statefulset deleted and recreated under the same name since it was chosen', async () => {
    const STSS = '/apis/apps/v1/namespaces/default/statefulsets';
    const created = await c.api(STSS, { method: 'POST', body: body('nginx:1.27') });
    const chosen = ref(statefulSets, created.json);
    await c.kubectl(['set', 'image', 'statefulset/twin-sts', 'a=nginx:1.28']);
    await eventually(async () => /^2\s/m.test(await history()), 15_000, {
      what: 'revision 2 of the chosen statefulset',
    });
    await c.kubectl(['delete', 'statefulset', 'twin-sts', '--wait=true']);
    await c.api(STSS, { method: 'POST', body: body('nginx:1.28') });
    const r = await source.actions.rollback(chosen, 1);
    expect(r).toEqual({
      ok: false,
      code: 409,
      reason: 'Conflict',
      message: `not rolled back: statefulset default/twin-sts was deleted and recreated since it was chosen (the uid is no longer ${chosen.uid})`,
    });
    const now = c.sim.cluster.store.get(STS, 'default', 'twin-sts')!;
    expect(now.metadata.uid).not.toBe(chosen.uid);
    expect(now.spec.template.spec.containers[0].image).toBe('nginx:1.28');
    // The one that is there now has a revision 1 of its own, its template already.
    await eventually(async () => /^1\s/m.test(await history()), 15_000, {
      what: 'revision 1 of the statefulset there now',
    });
    expect(await source.actions.rollback(ref(statefulSets, now), 1)).toEqual({
      ok: true,
      message:
        'statefulset.apps/twin-sts skipped rollback (current template already matches revision 1)',
    });
    await c.kubectl(['delete', 'statefulset', 'twin-sts']);
  });
});

describe('an access review that fails', () => {
  it('is not an answer: not allowed and not checked, then asked again', async () => {
    const fresh = KubeSource.connect({ kubeconfig: c.kubeconfigPath });
    try {
      await c.sim.inject({ fault: 'fail', status: 503, ms: 60_000 });
      expect(await fresh.actions.can('delete', pods, 'default')).toEqual({
        allowed: false,
        checked: false,
        reason: 'the server is currently unable to handle the request',
      });
      await c.sim.inject({ fault: 'clear' });
      expect(await fresh.actions.can('delete', pods, 'default')).toEqual({
        allowed: true,
        checked: true,
        reason: '',
      });
    } finally {
      await c.sim.inject({ fault: 'clear' });
      fresh.close();
    }
  });

  it('a refusal is an answer, kept for the session', async () => {
    const viewer = KubeSource.connect({
      kubeconfig: c.kubeconfigPath,
      context: 'kdeck-demo-readonly',
    });
    const first = await viewer.actions.can('delete', pods, 'default');
    expect(first).toMatchObject({ allowed: false, checked: true });
    await c.sim.inject({ fault: 'fail', status: 503, ms: 60_000 });
    try {
      expect(await viewer.actions.can('delete', pods, 'default')).toEqual(first);
    } finally {
      await c.sim.inject({ fault: 'clear' });
      viewer.close();
    }
  });
});

describe('the read-only user', () => {
  it("is told by the server what it may not do, and a delete fails with the server's reason", async () => {
    const viewer = KubeSource.connect({
      kubeconfig: c.kubeconfigPath,
      context: 'kdeck-demo-readonly',
    });
    expect((await viewer.actions.can('delete', pods, 'default')).allowed).toBe(false);
    expect((await viewer.actions.can('patch', deployments, 'default', 'scale')).allowed).toBe(
      false,
    );
    expect((await viewer.actions.can('get', pods, 'default')).allowed).toBe(true);
    const victim = running()[0];
    const r = await viewer.actions.remove(ref(pods, victim), {
      propagation: 'Background',
      force: false,
    });
    expect(r).toMatchObject({ ok: false, code: 403 });
    expect(r.message).toBe(
      `pods "${victim.metadata.name}" is forbidden: User "kdeck-viewer" cannot delete resource "pods" in API group "" in the namespace "default"`,
    );
    viewer.close();
  });
});
