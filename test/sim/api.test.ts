// The simulated API server over HTTPS, request by request, as kdeck's client will meet it:
// discovery, lists and pages, watches (history, 410, bookmarks, initial events), writes
// with conflicts and preconditions, the read-only user, logs, and injected faults.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf } from '../../src/sim/kinds.js';
import type { Obj } from '../../src/sim/types.js';
import { caOf, eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
const DEPLOY = kindOf('Deployment');
let c: TestCluster;

beforeAll(async () => {
  c = await startTestCluster({ historySize: 200, watch: { bookmarkIntervalMs: 100 } });
  await eventually(
    () =>
      c.sim.cluster.store.list(POD, 'default').filter((p) => p.status?.phase === 'Running')
        .length === 5,
  );
});
afterAll(() => c.stop());

const nginx = () =>
  c.sim.cluster.store.list(POD, 'default').filter((p) => !p.metadata.deletionTimestamp);

/** Opens a watch and collects its events (one JSON object per line) until closed. */
function watch(path: string, token = c.sim.users.admin.token) {
  const ca = caOf(c.sim.kubeconfig);
  const events: Obj[] = [];
  let buf = '';
  let status = 0;
  let ended = false;
  const req = request(
    `${c.sim.url}${path}`,
    { ca, headers: { authorization: `Bearer ${token}` } },
    (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i = buf.indexOf('\n');
        while (i >= 0) {
          events.push(JSON.parse(buf.slice(0, i)));
          buf = buf.slice(i + 1);
          i = buf.indexOf('\n');
        }
      });
      res.on('end', () => {
        ended = true;
      });
      res.on('error', () => {
        ended = true;
      });
    },
  );
  req.on('error', () => {
    ended = true;
  });
  req.end();
  return { events, status: () => status, ended: () => ended, close: () => req.destroy() };
}

describe('discovery', () => {
  it('answers aggregated discovery with its exact content type, and the legacy form otherwise', async () => {
    const agg = await c.api('/apis', {
      headers: {
        accept:
          'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      },
    });
    expect(agg.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const apps = agg.json.items.find((g: Obj) => g.metadata.name === 'apps');
    const deploy = apps.versions[0].resources.find((r: Obj) => r.resource === 'deployments');
    expect(deploy.subresources.find((s: Obj) => s.subresource === 'scale').responseKind).toEqual({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    const legacy = await c.api('/apis');
    expect(legacy.json.kind).toBe('APIGroupList');
    const core = await c.api('/api/v1');
    expect(core.json.resources.map((r: Obj) => r.name)).toEqual(
      expect.arrayContaining([
        'pods',
        'pods/log',
        'pods/status',
        'services',
        'endpoints',
        'events',
        'nodes',
        'namespaces',
      ]),
    );
    expect((await c.api('/version')).json.gitVersion).toMatch(/^v1\.36\./);
  });
});

describe('list', () => {
  it('pages with limit/continue over one resourceVersion, and an expired token gets 410 with a fresh one', async () => {
    // kube-system's pods, which nothing adds to while the test runs (other namespaces' can).
    const kubeSystemPods = () => c.sim.cluster.store.list(POD, 'kube-system').length;
    const first = await c.api('/api/v1/namespaces/kube-system/pods?limit=2');
    expect(first.json.items).toHaveLength(2);
    expect(first.json.metadata.remainingItemCount).toBe(kubeSystemPods() - 2);
    const rv = first.json.metadata.resourceVersion;
    await c.sim.cluster.store.mutate(POD, 'kube-system', 'etcd-kdeck-control-plane', (p) => {
      p.metadata.labels.touched = 'yes';
    });
    const second = await c.api(
      `/api/v1/namespaces/kube-system/pods?limit=2&continue=${first.json.metadata.continue}`,
    );
    expect(second.json.metadata.resourceVersion).toBe(rv);
    expect(second.json.items[0].metadata.name).not.toBe(first.json.items[1].metadata.name);

    c.sim.cluster.lister.expireTokens();
    const gone = await c.api(
      `/api/v1/namespaces/kube-system/pods?limit=2&continue=${second.json.metadata.continue}`,
    );
    expect(gone.status).toBe(410);
    expect(gone.json).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
    expect(gone.json.message).toMatch(/^The provided continue parameter is too old/);
    const resumed = await c.api(
      `/api/v1/namespaces/kube-system/pods?limit=100&continue=${gone.json.metadata.continue}`,
    );
    expect(resumed.status).toBe(200);
    const seen = [...first.json.items, ...second.json.items, ...resumed.json.items].map(
      (p: Obj) => p.metadata.name,
    );
    expect(new Set(seen).size).toBe(kubeSystemPods());
  });

  it('filters by label and field selectors, and refuses a bad selector with 400', async () => {
    const byLabel = await c.api(
      '/api/v1/namespaces/default/pods?labelSelector=app%20in%20(nginx-server)',
    );
    expect(byLabel.json.items).toHaveLength(5);
    const node = nginx()[0].spec.nodeName;
    const byNode = await c.api(
      `/api/v1/pods?fieldSelector=spec.nodeName%3D${node},status.phase%3DRunning`,
    );
    expect(byNode.json.items.every((p: Obj) => p.spec.nodeName === node)).toBe(true);
    const bad = await c.api('/api/v1/pods?labelSelector=app%3D%3D%3D');
    expect(bad.status).toBe(400);
    expect(bad.json.reason).toBe('BadRequest');
  });

  it('answers server-side Table with kubectl columns and PartialObjectMetadata rows', async () => {
    const t = await c.api('/apis/apps/v1/namespaces/default/deployments', {
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
    });
    expect(t.json.kind).toBe('Table');
    expect(t.json.columnDefinitions.map((d: Obj) => d.name)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(t.json.rows[0].cells.slice(0, 4)).toEqual(['nginx-server-deployment', '5/5', 5, 5]);
    expect(t.json.rows[0].object.kind).toBe('PartialObjectMetadata');
  });
});

describe('watch', () => {
  it('starts with synthetic ADDED events when resourceVersion is unset, then streams changes', async () => {
    const w = watch('/api/v1/namespaces/default/pods?watch=true');
    await eventually(() => w.events.length === 5);
    expect(w.events.every((e) => e.type === 'ADDED')).toBe(true);
    const pod = nginx()[0];
    c.sim.cluster.store.mutate(POD, 'default', pod.metadata.name, (p) => {
      p.metadata.labels.marker = 'one';
    });
    await eventually(() =>
      w.events.some((e) => e.type === 'MODIFIED' && e.object.metadata.labels.marker === 'one'),
    );
    w.close();
  });

  it('replays history after a resourceVersion, and answers an ERROR 410 Expired once it is too old', async () => {
    const rv = c.sim.cluster.store.resourceVersion;
    const pod = nginx()[1].metadata.name;
    c.sim.cluster.store.mutate(POD, 'default', pod, (p) => {
      p.metadata.labels.marker = 'two';
    });
    const w = watch(`/api/v1/namespaces/default/pods?watch=1&resourceVersion=${rv}`);
    await eventually(() => w.events.some((e) => e.object.metadata?.labels?.marker === 'two'));
    expect(w.events[0].type).toBe('MODIFIED');
    w.close();

    c.sim.cluster.store.compactAll();
    const old = watch(`/api/v1/namespaces/default/pods?watch=1&resourceVersion=${rv}`);
    await eventually(() => old.ended());
    expect(old.status()).toBe(200);
    expect(old.events).toHaveLength(1);
    expect(old.events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', reason: 'Expired', code: 410 },
    });
    expect(old.events[0].object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('sends bookmarks when allowed, the initial-events-end bookmark, and ends at timeoutSeconds', async () => {
    const w = watch(
      '/api/v1/namespaces/default/pods?watch=1&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1',
    );
    await eventually(() => w.ended(), 5000);
    const end = w.events.findIndex((e) => e.type === 'BOOKMARK');
    expect(end).toBe(5);
    expect(w.events[end].object.metadata.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
  });

  it('sends periodic bookmarks only when the kind moved on, as the real watch cache does', async () => {
    // Namespaces do not change here: a real server sends no bookmark at all (measured
    // against kube-apiserver 1.36 in test/differential).
    const rv = c.sim.cluster.store.resourceVersion;
    const quiet = watch(
      `/api/v1/namespaces?watch=1&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=${rv}`,
    );
    // Pods outside the selector change: bookmarks carry the newer resourceVersion. Waited
    // for, not left to the deadline: a slow machine may touch the pod after the last tick.
    const busy = watch(
      `/api/v1/namespaces/default/pods?watch=1&allowWatchBookmarks=true&labelSelector=app%3Dnone&resourceVersion=${rv}`,
    );
    await eventually(() => busy.status() === 200);
    const pod = nginx()[0].metadata.name;
    const changed = c.sim.cluster.store.mutate(POD, 'default', pod, (p) => {
      p.metadata.annotations = { ...p.metadata.annotations, touched: 'yes' };
    })!;
    await eventually(() =>
      busy.events.some(
        (e) =>
          e.type === 'BOOKMARK' &&
          Number(e.object.metadata.resourceVersion) >= Number(changed.metadata.resourceVersion),
      ),
    );
    busy.close();
    expect(busy.events.filter((e) => e.type !== 'BOOKMARK')).toEqual([]);
    await eventually(() => quiet.ended(), 5000);
    expect(quiet.events).toEqual([]);
  });

  it('turns a change that leaves a label selector into DELETED for that watch', async () => {
    const pod = nginx()[2].metadata.name;
    const w = watch(
      `/api/v1/namespaces/default/pods?watch=1&labelSelector=app%3Dnginx-server&resourceVersion=${c.sim.cluster.store.resourceVersion}`,
    );
    await eventually(() => w.status() === 200);
    c.sim.cluster.store.mutate(POD, 'default', pod, (p) => {
      p.metadata.labels.app = 'elsewhere';
    });
    await eventually(() =>
      w.events.some((e) => e.type === 'DELETED' && e.object.metadata.name === pod),
    );
    w.close();
    c.sim.cluster.store.mutate(POD, 'default', pod, (p) => {
      p.metadata.labels.app = 'nginx-server';
    });
  });
});

describe('writes', () => {
  it('answers a PUT with a stale resourceVersion with the real 409 Conflict', async () => {
    const d = (await c.api('/apis/apps/v1/namespaces/default/deployments/nginx-server-deployment'))
      .json;
    await c.api('/apis/apps/v1/namespaces/default/deployments/nginx-server-deployment/scale', {
      method: 'PATCH',
      body: { spec: { replicas: 5 } },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    c.sim.cluster.store.mutate(DEPLOY, 'default', 'nginx-server-deployment', (o) => {
      o.metadata.labels = { touched: 'yes' };
    });
    const res = await c.api(
      '/apis/apps/v1/namespaces/default/deployments/nginx-server-deployment/scale',
      {
        method: 'PUT',
        body: {
          apiVersion: 'autoscaling/v1',
          kind: 'Scale',
          metadata: {
            name: 'nginx-server-deployment',
            namespace: 'default',
            resourceVersion: d.metadata.resourceVersion,
          },
          spec: { replicas: 1 },
        },
      },
    );
    expect(res.status).toBe(409);
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Operation cannot be fulfilled on deployments.apps "nginx-server-deployment": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict',
      details: { name: 'nginx-server-deployment', group: 'apps', kind: 'deployments' },
      code: 409,
    });
    expect(
      c.sim.cluster.store.get(DEPLOY, 'default', 'nginx-server-deployment')!.spec.replicas,
    ).toBe(5);
  });

  it('refuses a delete whose uid precondition names another object, and deletes nothing', async () => {
    const pod = nginx()[0].metadata.name;
    const res = await c.api(`/api/v1/namespaces/default/pods/${pod}`, {
      method: 'DELETE',
      body: { preconditions: { uid: 'a-stale-uid' } },
    });
    expect(res.status).toBe(409);
    expect(res.json.message).toBe(
      `Operation cannot be fulfilled on Pod "${pod}": the UID in the precondition (a-stale-uid) does not match the UID in record (${c.sim.cluster.store.get(POD, 'default', pod)!.metadata.uid}). The object might have been deleted and then recreated`,
    );
    expect(
      c.sim.cluster.store.get(POD, 'default', pod)!.metadata.deletionTimestamp,
    ).toBeUndefined();
  });

  it('deletes a pod gracefully: the answer carries deletionTimestamp, then the pod goes', async () => {
    const pod = nginx()[0];
    const res = await c.api(
      `/api/v1/namespaces/default/pods/${pod.metadata.name}?gracePeriodSeconds=5`,
      { method: 'DELETE', body: { preconditions: { uid: pod.metadata.uid } } },
    );
    expect(res.status).toBe(200);
    expect(res.json.kind).toBe('Pod');
    expect(res.json.metadata.deletionTimestamp).toBeDefined();
    await eventually(() => !c.sim.cluster.store.get(POD, 'default', pod.metadata.name));
  });

  it('refuses unknown patch types with 415 and a JSON patch that is not a list with 400', async () => {
    const path = '/apis/apps/v1/namespaces/default/deployments/nginx-server-deployment';
    const weird = await c.api(path, {
      method: 'PATCH',
      body: {},
      headers: { 'content-type': 'text/plain' },
    });
    expect(weird.status).toBe(415);
    const notList = await c.api(path, {
      method: 'PATCH',
      body: { spec: {} },
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(notList.status).toBe(400);
    expect(notList.json.message).toBe(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  });

  it('deletes a Deployment in the foreground: its ReplicaSet and pods go before it does', async () => {
    await c.api('/apis/apps/v1/namespaces/kube-system/deployments/coredns', {
      method: 'DELETE',
      body: { propagationPolicy: 'Foreground' },
    });
    expect(c.sim.cluster.store.get(DEPLOY, 'kube-system', 'coredns')!.metadata.finalizers).toEqual([
      'foregroundDeletion',
    ]);
    await eventually(() => !c.sim.cluster.store.get(DEPLOY, 'kube-system', 'coredns'));
    expect(
      c.sim.cluster.store
        .list(POD, 'kube-system')
        .filter((p) => p.metadata.name.startsWith('coredns-')),
    ).toHaveLength(0);
    expect(
      c.sim.cluster.store
        .list(kindOf('ReplicaSet'), 'kube-system')
        .filter((r) => r.metadata.name.startsWith('coredns-')),
    ).toHaveLength(0);
  });
});

describe('the read-only user', () => {
  it('gets 403 Forbidden shaped as RBAC shapes it, and SelfSubjectAccessReview says why', async () => {
    const token = c.sim.users.viewer.token;
    const res = await c.api(
      '/apis/apps/v1/namespaces/default/deployments/nginx-server-deployment/scale',
      {
        method: 'PATCH',
        token,
        body: { spec: { replicas: 1 } },
        headers: { 'content-type': 'application/merge-patch+json' },
      },
    );
    expect(res.status).toBe(403);
    expect(res.json.message).toBe(
      'deployments.apps "nginx-server-deployment" is forbidden: User "kdeck-viewer" cannot patch resource "deployments/scale" in API group "apps" in the namespace "default"',
    );
    const review = (user: string) =>
      c.api('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        method: 'POST',
        token: user,
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { namespace: 'default', verb: 'delete', resource: 'pods' } },
        },
      });
    expect((await review(token)).json.status.allowed).toBe(false);
    expect((await review(c.sim.users.admin.token)).json.status.allowed).toBe(true);
    expect((await c.api('/api/v1/pods', { token: 'not-a-token' })).json).toMatchObject({
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it("reads what the view role reads, and not a namespace's Secrets", async () => {
    const token = c.sim.users.viewer.token;
    expect((await c.api('/api/v1/namespaces/data/configmaps', { token })).status).toBe(200);
    const secrets = await c.api('/api/v1/namespaces/data/secrets', { token });
    expect(secrets.status).toBe(403);
    expect(secrets.json.message).toBe(
      'secrets is forbidden: User "kdeck-viewer" cannot list resource "secrets" in API group "" in the namespace "data"',
    );
  });
});

describe('logs', () => {
  it("asks for a container on a multi-container pod, with the server's message", async () => {
    const pod = await eventually(() =>
      c.sim.cluster.store.list(POD, 'shop').find((p) => p.status?.phase === 'Running'),
    );
    const res = await c.api(`/api/v1/namespaces/shop/pods/${pod!.metadata.name}/log`);
    expect(res.status).toBe(400);
    expect(res.json.message).toBe(
      `a container name must be specified for pod ${pod!.metadata.name}, choose one of: [checkout log-shipper] or one of the init containers: [migrate]`,
    );
  });

  it('prefixes timestamps, honours tailLines and cuts at limitBytes', async () => {
    const pod = nginx()[0].metadata.name;
    await eventually(
      async () =>
        (await c.api(`/api/v1/namespaces/default/pods/${pod}/log?tailLines=3`)).text.split('\n')
          .length === 4,
    );
    const res = await c.api(
      `/api/v1/namespaces/default/pods/${pod}/log?tailLines=3&timestamps=true`,
    );
    const lines = res.text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /);
    const cut = await c.api(`/api/v1/namespaces/default/pods/${pod}/log?limitBytes=10`);
    expect(Buffer.byteLength(cut.text)).toBe(10);
  });

  it('says a container that has not started is waiting to start', async () => {
    const created = await c.api('/api/v1/namespaces/default/pods', {
      method: 'POST',
      body: {
        metadata: {
          name: 'broken',
          annotations: { 'sim.kdeck.dev/behaviour': 'image-pull-error' },
        },
        spec: { containers: [{ name: 'app', image: 'example.com/missing:1' }] },
      },
    });
    expect(created.status).toBe(201);
    await eventually(
      () =>
        c.sim.cluster.store.get(POD, 'default', 'broken')?.status?.containerStatuses?.[0]?.state
          ?.waiting?.reason === 'ImagePullBackOff',
    );
    const res = await c.api('/api/v1/namespaces/default/pods/broken/log');
    expect(res.json.message).toBe(
      'container "app" in pod "broken" is waiting to start: trying and failing to pull image',
    );
  });
});

describe('faults', () => {
  it('answers 503 for a while, then recovers', async () => {
    await c.sim.inject({ fault: 'fail', status: 503, ms: 300 });
    expect((await c.api('/api/v1/pods')).status).toBe(503);
    await eventually(async () => (await c.api('/api/v1/pods')).status === 200);
  });

  it('drops every watch, over the HTTP control path too', async () => {
    const w = watch('/api/v1/pods?watch=1');
    await eventually(() => w.events.length > 0);
    const res = await c.api('/_sim/faults', { method: 'POST', body: { fault: 'drop-watches' } });
    expect(res.status).toBe(200);
    await eventually(() => w.ended());
  });

  it('stamps a pod for benchmarks: its STATUS shows the marker, and an empty one sets it running', async () => {
    const pod = nginx()[0].metadata.name;
    const res = await c.api('/_sim/stamp', {
      method: 'POST',
      body: { namespace: 'default', name: pod, reason: 'MARK42' },
    });
    expect(res.status).toBe(200);
    const t = await c.api(`/api/v1/namespaces/default/pods/${pod}`, {
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
    });
    expect(t.json.rows[0].cells[2]).toBe('MARK42');
    await c.api('/_sim/stamp', {
      method: 'POST',
      body: { namespace: 'default', name: pod, reason: '' },
    });
    const back = await c.api(`/api/v1/namespaces/default/pods/${pod}`, {
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
    });
    expect(back.json.rows[0].cells.slice(1, 3)).toEqual(['1/1', 'Running']);
  });

  it('restarts on the same port with the same state', async () => {
    const before = c.sim.cluster.store.resourceVersion;
    await c.sim.inject({ fault: 'restart', ms: 100 });
    const res = await c.api('/api/v1/namespaces/default/pods');
    expect(res.status).toBe(200);
    expect(Number(res.json.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(before));
  });
});
