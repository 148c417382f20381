// kdeck's describe beside the real `kubectl describe`, for the same live objects of the
// simulated cluster: the same fields, in the same order, aligned in the same columns.
//
// kdeck follows the newest kubectl; the kubectl on the PATH may be older. Two differences
// of version are therefore set aside: kubectl 1.34 added port names to `Port:` lines, and
// 1.35 the container's field path to event messages. Events are compared as a set (kubectl
// sorts them by lastTimestamp with an unstable sort) and without their ages (they tick).
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
