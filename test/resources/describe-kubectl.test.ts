// kdeck's describe beside the real `kubectl describe`, for the same live objects of the
// simulated cluster: the same fields, in the same order, aligned in the same columns.
//
// kdeck follows the newest kubectl; the kubectl on the PATH may be older. Differences of
// version are therefore set aside: kubectl 1.34 added port names to `Port:` lines and sorted
// a ConfigMap's keys, 1.35 added the container's field path to event messages, and 1.36
// words keys with a run of capitals otherwise (none is used here). Events are compared as a
// set (kubectl sorts them by lastTimestamp with an unstable sort) and without their ages
// (they tick); the ConfigMaps and custom resources compared whole have none.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeLines } from '../../src/resources/describe/index.js';
import type { KubeObject } from '../../src/resources/types.js';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

let c: TestCluster;
const POD = kindOf('Pod');

beforeAll(async () => {
  c = await startTestCluster();
  // A settled cluster: the deployment has rolled out and the shop's pod is running.
  await eventually(() => {
    const store = c.sim.cluster.store;
    const dep = store.get(kindOf('Deployment'), 'default', 'nginx-server-deployment');
    const progressing = dep?.status?.conditions?.find((x: KubeObject) => x.type === 'Progressing');
    return (
      dep?.status?.availableReplicas === 5 &&
      progressing?.reason === 'NewReplicaSetAvailable' &&
      store.list(POD, 'shop').some((p) => p.status?.phase === 'Running')
    );
  }, 15_000);
});
afterAll(() => c.stop());

const portNames = (l: string) => (/^\s*(Host )?Ports?:/.test(l) ? l.replace(/ \([^)]*\)/g, '') : l);
const fieldPath = (m: string) => m.replace(/^spec\.\w+\{[^}]*\}: /, '');

/** The lines before Events exactly; the events as a sorted set of (type, reason, from, message). */
function split(lines: string[]) {
  const at = lines.findIndex((l) => l.startsWith('Events:'));
  const head = lines.slice(0, at).map((l) => portNames(l.trimEnd()));
  const rows = lines
    .slice(at + 3)
    .map((l) => l.trim().split(/\s{2,}/))
    .map(([type, reason, , from, ...message]) =>
      [type, reason, from, fieldPath(message.join('  '))].join(' | '),
    )
    .sort();
  return { head, events: at < 0 ? [] : [lines[at].trimEnd(), ...rows] };
}

async function compare(resource: string, kind: string, namespace: string, name: string) {
  const path = `${kind === 'Deployment' ? '/apis/apps/v1' : '/api/v1'}/namespaces/${namespace}/${resource}/${name}`;
  const obj: KubeObject = (await c.api(path)).json;
  const events: KubeObject[] = (
    await c.api(
      `/api/v1/namespaces/${namespace}/events?fieldSelector=involvedObject.uid%3D${obj.metadata.uid}`,
    )
  ).json.items;
  const replicaSets =
    kind === 'Deployment'
      ? (await c.api(`/apis/apps/v1/namespaces/${namespace}/replicasets`)).json.items
      : undefined;
  // The simulator serves no EndpointSlices, so kubectl finds none: the same empty list.
  const extra = kind === 'Service' ? { endpointSlices: [] } : { replicaSets };
  const ours = describeLines(kind, obj, events, Date.now(), extra);
  const { code, stdout, stderr } = await c.kubectl(['describe', resource, name, '-n', namespace]);
  expect(code, stderr).toBe(0);
  const theirs = split(stdout.trimEnd().split('\n'));
  const mine = split(ours);
  expect(mine.head.join('\n')).toBe(theirs.head.join('\n'));
  expect(mine.events).toEqual(theirs.events);
}

it('describes a running pod as kubectl does', async () => {
  const pod = c.sim.cluster.store
    .list(POD, 'default')
    .find((p) => p.metadata.labels?.app === 'nginx-server')!;
  await compare('pods', 'Pod', 'default', pod.metadata.name);
});

it('describes a pod with init containers, a sidecar and several ports as kubectl does', async () => {
  const pod = c.sim.cluster.store.list(POD, 'shop')[0];
  await compare('pods', 'Pod', 'shop', pod.metadata.name);
});

it('describes a deployment as kubectl does, its ReplicaSets included', async () => {
  await compare('deployments', 'Deployment', 'default', 'nginx-server-deployment');
});

it('describes a LoadBalancer service as kubectl does', async () => {
  await compare('services', 'Service', 'default', 'nginx-server-service');
});

it('describes a Secret as kubectl does: sizes, never values', async () => {
  const created = await c.api('/api/v1/namespaces/default/secrets', {
    method: 'POST',
    body: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db-creds' },
      stringData: { password: 's3cr3t-pa55', username: 'admin', 'tls.crt': '-----BEGIN-----\n' },
    },
  });
  expect(created.status).toBe(201);
  const obj: KubeObject = (await c.api('/api/v1/namespaces/default/secrets/db-creds')).json;
  const ours = describeLines('Secret', obj, [], Date.now());
  const { code, stdout, stderr } = await c.kubectl([
    'describe',
    'secrets',
    'db-creds',
    '-n',
    'default',
  ]);
  expect(code, stderr).toBe(0);
  const theirs = stdout.trimEnd().split('\n');
  // kubectl 1.36 sorts the keys under Data; older ones print them in Go's map order.
  const at = theirs.indexOf('====') + 1;
  expect(ours.slice(0, at)).toEqual(theirs.slice(0, at));
  expect(ours.slice(at)).toEqual(theirs.slice(at).sort());
  expect(ours.join('\n')).not.toMatch(/s3cr3t|admin|BEGIN/);
});

/** kubectl's describe of an object, its lines without the spaces kubectl leaves at their ends. */
async function kubectlDescribe(...args: string[]): Promise<string[]> {
  const { code, stdout, stderr } = await c.kubectl(['describe', ...args]);
  expect(code, stderr).toBe(0);
  return stdout
    .trimEnd()
    .split('\n')
    .map((l) => l.trimEnd());
}

/** kdeck's describe of the object at `path`, with its events, as the app asks for them. */
async function ours(kind: string, path: string): Promise<string[]> {
  const obj: KubeObject = (await c.api(path)).json;
  const events: KubeObject[] = (
    await c.api(`/api/v1/events?fieldSelector=involvedObject.uid%3D${obj.metadata.uid}`)
  ).json.items;
  return describeLines(kind, obj, events, Date.now());
}

/** A ConfigMap's describe with its Data and BinaryData in key order: kubectl before 1.34
 * prints them in Go's map order. Each Data key starts a block: `key:`, `----`, its value. */
function keyOrder(lines: string[]): string[] {
  const data = lines.indexOf('Data') + 2;
  const binary = lines.lastIndexOf('BinaryData');
  const blocks: string[][] = [];
  for (let i = data; i < binary - 1; i++) {
    if (lines[i + 1] === '----') blocks.push([]);
    blocks.at(-1)?.push(lines[i]);
  }
  const sizes = lines.slice(binary + 2, lines.indexOf('', binary + 2));
  return [
    ...lines.slice(0, data),
    ...blocks.sort((a, b) => (a[0] < b[0] ? -1 : 1)).flat(),
    ...lines.slice(binary - 1, binary + 2),
    ...sizes.sort(),
    ...lines.slice(binary + 2 + sizes.length),
  ];
}

it('describes a ConfigMap as kubectl does: values whole, tabs aligned, binary data by size', async () => {
  const created = await c.api('/api/v1/namespaces/default/configmaps', {
    method: 'POST',
    body: {
      metadata: { name: 'app-config', labels: { app: 'web' }, annotations: { team: 'web' } },
      data: {
        'settings.ini': '[server]\nport\t= 8080\nhost\t= 0.0.0.0\n',
        level: 'debug',
        empty: '',
        motd: 'no newline at the end',
      },
      binaryData: { 'logo.png': Buffer.from([0, 1, 2, 255]).toString('base64') },
    },
  });
  expect(created.status).toBe(201);
  const mine = await ours('ConfigMap', '/api/v1/namespaces/default/configmaps/app-config');
  const theirs = await kubectlDescribe('configmap', 'app-config', '-n', 'default');
  expect(keyOrder(mine)).toEqual(mine);
  expect(mine).toEqual(keyOrder(theirs));
});

it("describes the namespace's kube-root-ca.crt as kubectl does, its long annotation cut", async () => {
  const mine = await ours('ConfigMap', '/api/v1/namespaces/data/configmaps/kube-root-ca.crt');
  expect(mine).toEqual(await kubectlDescribe('configmap', 'kube-root-ca.crt', '-n', 'data'));
});

it("describes a CRD and its objects in kubectl's generic layout", async () => {
  const crd = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/backups.kdeck.dev';
  expect(await ours('CustomResourceDefinition', crd)).toEqual(
    await kubectlDescribe('crd', 'backups.kdeck.dev'),
  );
  const nightly = '/apis/kdeck.dev/v1/namespaces/data/backups/postgres-nightly';
  expect(await ours('Backup', nightly)).toEqual(
    await kubectlDescribe('backup', 'postgres-nightly', '-n', 'data'),
  );
});

it("lays out every shape of field as kubectl's generic describe does", async () => {
  // Lists of maps, of scalars and of lists, numbers kubectl prints as int64 and float64,
  // null, empty maps and lists, multi-line text with tabs, keys it turns into words and keys
  // it leaves alone. (kubectl 1.36 joins a run of capitals to the word after it, HTTPSProxy,
  // where older ones split it: no such key here.)
  const created = await c.api('/apis/kdeck.dev/v1/namespaces/data/backups', {
    method: 'POST',
    body: {
      apiVersion: 'kdeck.dev/v1',
      kind: 'Backup',
      metadata: {
        name: 'shapes',
        labels: { tier: 'db', app: 'postgres' },
        annotations: { note: 'line one\nline two' },
        finalizers: ['kdeck.dev/keep'],
      },
      spec: {
        retentionDays: 7,
        compressRatio: 0.35,
        bigRatio: 1234567.5,
        tiny: 2.5e-7,
        encrypted: true,
        lastError: null,
        targets: ['s3://a', 's3://b'],
        hooks: [
          { name: 'pre', command: ['pg_dump', '-Fc'] },
          { name: 'post', timeoutSeconds: 30 },
        ],
        matrix: [
          [1, 2],
          [3, { b: true, a: 'x' }],
        ],
        options: {},
        tolerations: [],
        script: 'set -e\n\tpg_dumpall\t--clean\n',
        'x-kubernetes-note': 'dash',
        openAPIV3Schema: 'digit',
        'ca.crt': 'dot',
        apiURL: 'u',
        userUID: 'id',
      },
    },
  });
  expect(created.status).toBe(201);
  expect(await ours('Backup', '/apis/kdeck.dev/v1/namespaces/data/backups/shapes')).toEqual(
    await kubectlDescribe('backup', 'shapes', '-n', 'data'),
  );
});
