// The real kubectl against the simulator's other kinds: each is created, listed with the
// columns kube-apiserver 1.36 prints, read back whole and deleted; a StatefulSet scales in
// order; a CRD's kinds are served with their printer columns until the CRD goes; pods that
// fit no node and images that do not exist fail as on a real cluster.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { k8sProtoFile } from '../../scripts/k8s-proto.ts';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const MANIFESTS = join(import.meta.dirname, 'manifests');
const POD = kindOf('Pod');
const header = (out: string) =>
  out
    .split('\n')[0]
    .trim()
    .split(/\s{2,}/);
const rows = (out: string) =>
  out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s{2,}/));

let c: TestCluster;
const ok = async (args: string[]) => {
  const r = await c.kubectl(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
};

beforeAll(async () => {
  // kubectl run sends protobuf: the simulator reads it with the build's schema (kubectl.test.ts).
  try {
    process.env.KDECK_K8S_PROTO_FILE ??= k8sProtoFile();
  } catch (e) {
    console.warn(`kubectl suite: no protobuf schema: ${(e as Error).message}`);
  }
  c = await startTestCluster();
  await ok(['apply', '-f', join(MANIFESTS, 'kinds.yaml')]);
});
afterAll(() => c.stop());

/** What `kubectl get <kind> -o wide` shows as its header on kube-apiserver 1.36. */
const WIDE_HEADERS: Record<string, string[]> = {
  statefulsets: ['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES'],
  daemonsets: [
    'NAME',
    'DESIRED',
    'CURRENT',
    'READY',
    'UP-TO-DATE',
    'AVAILABLE',
    'NODE SELECTOR',
    'AGE',
    'CONTAINERS',
    'IMAGES',
    'SELECTOR',
  ],
  jobs: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR'],
  cronjobs: [
    'NAME',
    'SCHEDULE',
    'TIMEZONE',
    'SUSPEND',
    'ACTIVE',
    'LAST SCHEDULE',
    'AGE',
    'CONTAINERS',
    'IMAGES',
    'SELECTOR',
  ],
  configmaps: ['NAME', 'DATA', 'AGE'],
  secrets: ['NAME', 'TYPE', 'DATA', 'AGE'],
  ingresses: ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'],
  persistentvolumeclaims: [
    'NAME',
    'STATUS',
    'VOLUME',
    'CAPACITY',
    'ACCESS MODES',
    'STORAGECLASS',
    'VOLUMEATTRIBUTESCLASS',
    'AGE',
    'VOLUMEMODE',
  ],
  horizontalpodautoscalers: [
    'NAME',
    'REFERENCE',
    'TARGETS',
    'MINPODS',
    'MAXPODS',
    'REPLICAS',
    'AGE',
  ],
  serviceaccounts: ['NAME', 'AGE'],
  roles: ['NAME', 'CREATED AT'],
  rolebindings: ['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS'],
};

describe('kubectl and every kind', () => {
  it.each(Object.entries(WIDE_HEADERS))(
    '%s: get with its columns, -o yaml, delete',
    async (kind, want) => {
      const wide = await ok(['get', kind, '-n', 'kinds', '-o', 'wide']);
      expect(header(wide)).toEqual(want);
      const [name] = rows(wide)
        .map((r) => r[0])
        .filter((n) => n !== 'default' && n !== 'kube-root-ca.crt');
      expect(name).toBeDefined();
      const yaml = await ok(['get', kind, name, '-n', 'kinds', '-o', 'yaml']);
      expect(yaml).toMatch(/^apiVersion: /);
      expect(yaml).toContain(`name: ${name}`);
    },
  );

  it('shows the cells kube-apiserver prints, once the controllers have done their part', async () => {
    const cells = async (kind: string, name: string) =>
      rows(await ok(['get', kind, name, '-n', 'kinds', '-o', 'wide']))[0];
    await eventually(async () => (await cells('statefulset', 'web'))[1] === '2/2', 15_000);
    expect((await cells('daemonset', 'agent')).slice(1, 7)).toEqual([
      '2',
      '2',
      '2',
      '2',
      '2',
      'kubernetes.io/os=linux',
    ]);
    await eventually(async () => (await cells('job', 'once'))[1] === 'Complete', 15_000);
    expect((await cells('job', 'once'))[2]).toBe('1/1');
    expect((await cells('cronjob', 'tick')).slice(1, 4)).toEqual([
      '*/1 * * * *',
      '<none>',
      'False',
    ]);
    expect(await cells('configmap', 'settings')).toEqual(['settings', '2', expect.any(String)]);
    expect((await cells('secret', 'creds')).slice(0, 3)).toEqual(['creds', 'Opaque', '1']);
    expect((await cells('ingress', 'front')).slice(0, 5)).toEqual([
      'front',
      'nginx',
      'shop.example.com,api.example.com',
      '80, 443',
      expect.any(String),
    ]);
    await eventually(async () => (await cells('pvc', 'data'))[1] === 'Bound', 15_000);
    expect((await cells('pvc', 'data')).slice(0, 5)).toEqual([
      'data',
      'Bound',
      'kinds-pv',
      '1Gi',
      'RWO',
    ]);
    await eventually(async () => (await cells('hpa', 'web'))[5] === '2', 15_000);
    expect((await cells('hpa', 'web')).slice(0, 5)).toEqual([
      'web',
      'StatefulSet/web',
      expect.stringMatching(/^cpu: \d+%\/80%$/),
      '1',
      '4',
    ]);
    expect((await cells('rolebinding', 'robot-reads')).slice(1)).toEqual([
      'Role/reader',
      expect.any(String),
      'jane',
      'devs',
      'kinds/robot',
    ]);
    const pv = rows(await ok(['get', 'pv', 'kinds-pv']))[0];
    expect(pv.slice(0, 6)).toEqual(['kinds-pv', '1Gi', 'RWO', 'Retain', 'Bound', 'kinds/data']);
  });

  it('deletes what it created, and a namespace gets its default ServiceAccount back', async () => {
    expect(await ok(['delete', 'role', 'reader', '-n', 'kinds'])).toContain('deleted');
    expect((await c.kubectl(['get', 'role', 'reader', '-n', 'kinds'])).code).toBe(1);
    await ok(['delete', 'serviceaccount', 'default', '-n', 'kinds']);
    await eventually(
      async () => (await c.kubectl(['get', 'sa', 'default', '-n', 'kinds'])).code === 0,
    );
  });

  it('scales a StatefulSet: its pods are made in ordinal order, and go from the highest', async () => {
    await ok(['scale', 'statefulset', 'web', '-n', 'kinds', '--replicas=4']);
    const made = () =>
      c.sim.cluster.store
        .list(POD, 'kinds')
        .filter((p) => p.metadata.labels?.app === 'web' && !p.metadata.deletionTimestamp)
        .sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1));
    await eventually(
      () => made().length === 4 && made().every((p) => p.status.phase === 'Running'),
      15_000,
    );
    expect(made().map((p) => p.metadata.labels['apps.kubernetes.io/pod-index'])).toEqual([
      '0',
      '1',
      '2',
      '3',
    ]);
    await ok(['scale', 'sts', 'web', '-n', 'kinds', '--replicas=1']);
    await eventually(
      async () => rows(await ok(['get', 'pods', '-n', 'kinds', '-l', 'app=web'])).length === 1,
      15_000,
    );
    expect(rows(await ok(['get', 'pods', '-n', 'kinds', '-l', 'app=web']))[0][0]).toBe('web-0');
  });

  it('a CronJob makes Jobs on its schedule, and a failing Job backs off until its limit', async () => {
    await eventually(
      async () =>
        rows(await ok(['get', 'jobs', '-n', 'kinds', '-l', 'app!=x'])).some((r) =>
          r[0].startsWith('tick-'),
        ),
      15_000,
    );
    await ok(['apply', '-f', join(MANIFESTS, 'failing-job.yaml')]);
    await eventually(
      async () => rows(await ok(['get', 'job', 'flaky', '-n', 'failing']))[0][1] === 'Failed',
      15_000,
    );
    const job = JSON.parse(await ok(['get', 'job', 'flaky', '-n', 'failing', '-o', 'json']));
    expect(job.status.failed).toBe(2);
    expect(
      job.status.conditions.map((x: { type: string; reason: string }) => `${x.type}/${x.reason}`),
    ).toEqual(['FailureTarget/BackoffLimitExceeded', 'Failed/BackoffLimitExceeded']);
  });
});

describe('a CustomResourceDefinition, end to end', () => {
  it('serves its kinds with their printer columns, short names and scale, until it is deleted', async () => {
    await ok(['apply', '-f', join(MANIFESTS, 'crd.yaml')]);
    await ok(['apply', '-f', join(MANIFESTS, 'crs.yaml')]);
    await ok([
      'patch',
      'snapshot',
      'nightly',
      '-n',
      'kinds',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"phase":"Done","ready":true,"sizeGb":1.5,"lastRun":"2026-11-29T03:00:00Z","replicas":2,"selector":"app=pg"}}',
    ]);
    const wide = await ok(['get', 'snap', '-n', 'kinds', '-o', 'wide']);
    expect(header(wide)).toEqual([
      'NAME',
      'TARGET',
      'SCHEDULE',
      'REPLICAS',
      'PHASE',
      'READY',
      'SIZE',
      'LAST',
      'AGE',
      'PORTS',
    ]);
    const nightly = rows(wide).find((r) => r[0] === 'nightly');
    expect(nightly?.slice(0, 7)).toEqual([
      'nightly',
      'postgres',
      '0 3 * * *',
      '2',
      'Done',
      'true',
      '1.5',
    ]);
    expect(nightly?.at(-1)).toBe('80');
    expect(header(await ok(['get', 'snapshots', '-n', 'kinds']))).not.toContain('SIZE');
    expect(header(await ok(['get', 'widgets']))).toEqual(['NAME', 'AGE']);
    expect(await ok(['api-resources', '--api-group=test.kdeck.dev'])).toMatch(
      /snapshots\s+snap\s+test\.kdeck\.dev\/v1\s+true\s+Snapshot/,
    );
    expect(await ok(['scale', 'snapshot', 'nightly', '-n', 'kinds', '--replicas=3'])).toContain(
      'scaled',
    );
    expect(
      JSON.parse(await ok(['get', 'snapshot', 'nightly', '-n', 'kinds', '-o', 'json'])).spec
        .replicas,
    ).toBe(3);
    await ok(['delete', 'crd', 'snapshots.test.kdeck.dev']);
    const gone = await c.kubectl([
      'get',
      '--raw',
      '/apis/test.kdeck.dev/v1/namespaces/kinds/snapshots',
    ]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('NotFound');
  });
});

describe('scheduling and images, as a real cluster fails them', () => {
  it('a pod no node fits stays Pending with a FailedScheduling event', async () => {
    await ok([
      'run',
      'nowhere',
      '-n',
      'kinds',
      '--image=nginx:1.27',
      '--overrides={"spec":{"nodeSelector":{"disktype":"ssd"}}}',
    ]);
    await eventually(async () =>
      (
        await ok([
          'get',
          'events',
          '-n',
          'kinds',
          '--field-selector',
          'involvedObject.name=nowhere',
        ])
      ).includes('FailedScheduling'),
    );
    const events = await ok([
      'get',
      'events',
      '-n',
      'kinds',
      '--field-selector',
      'involvedObject.name=nowhere',
    ]);
    expect(events).toContain(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.",
    );
    expect(rows(await ok(['get', 'pod', 'nowhere', '-n', 'kinds']))[0].slice(1, 3)).toEqual([
      '0/1',
      'Pending',
    ]);
  });

  it('an image that does not exist goes ErrImagePull, then ImagePullBackOff', async () => {
    await ok(['run', 'missing', '-n', 'kinds', '--image=nginx:does-not-exist']);
    const seen = new Set<string>();
    await eventually(async () => {
      seen.add(rows(await ok(['get', 'pod', 'missing', '-n', 'kinds']))[0][2]);
      return seen.has('ErrImagePull') && seen.has('ImagePullBackOff');
    }, 15_000);
    const events = await ok([
      'get',
      'events',
      '-n',
      'kinds',
      '--field-selector',
      'involvedObject.name=missing',
    ]);
    expect(events).toContain('Failed to pull image "nginx:does-not-exist"');
    expect(events).toContain('Back-off pulling image "nginx:does-not-exist"');
  });
});
