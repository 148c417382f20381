// The real kubectl against the simulated cluster, each result checked against the
// simulator's own state: the proof that the simulator behaves like a real API server.
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { k8sProtoFile } from '../../scripts/k8s-proto.ts';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, spawnCollecting, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const rows = (out: string) =>
  out
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s{2,}/));

let c: TestCluster;
const nginxPods = () =>
  c.sim.cluster.store
    .list(POD, 'default')
    .filter((p) => p.metadata.labels?.app === 'nginx-server' && !p.metadata.deletionTimestamp);
// Pods that run to completion (the demo CronJob's) count as settled once they have.
const allRunning = () =>
  c.sim.cluster.store
    .list(POD)
    .every((p) => p.status?.phase === 'Running' || p.status?.phase === 'Succeeded') &&
  nginxPods().length === 5 &&
  nginxPods().every((p) => p.status.containerStatuses?.[0]?.ready);

beforeAll(async () => {
  // kubectl's typed commands (create, run, expose, auth can-i) send protobuf; the bundle
  // carries the schema, an unbundled simulator reads it from the build's cache. Without it
  // (no Go), only those tests fail, on the simulator's 415 that says why.
  try {
    process.env.KDECK_K8S_PROTO_FILE ??= k8sProtoFile();
  } catch (e) {
    console.warn(`kubectl suite: no protobuf schema: ${(e as Error).message}`);
  }
  c = await startTestCluster();
  await eventually(allRunning);
});
afterAll(() => c.stop());

describe('kubectl get', () => {
  it('lists the pods the cluster holds, with READY, STATUS, RESTARTS and AGE', async () => {
    const { code, stdout } = await c.kubectl(['get', 'pods']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0].split(/\s+/)).toEqual([
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
    ]);
    const got = rows(stdout);
    expect(got.map((r) => r[0]).sort()).toEqual(
      nginxPods()
        .map((p) => p.metadata.name)
        .sort(),
    );
    for (const r of got) expect(r.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
  });

  it('with -A puts NAMESPACE first and shows every namespace, with -o wide IP and NODE', async () => {
    const { stdout } = await c.kubectl(['get', 'pods', '-A', '-o', 'wide']);
    expect(stdout.split('\n')[0]).toMatch(
      /^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/,
    );
    const got = rows(stdout);
    expect(got.length).toBe(c.sim.cluster.store.list(POD).length);
    for (const p of c.sim.cluster.store.list(POD)) {
      const row = got.find((r) => r[1] === p.metadata.name)!;
      expect(row[0]).toBe(p.metadata.namespace);
      expect(row[6]).toBe(p.status.podIP);
      expect(row[7]).toBe(p.spec.nodeName);
    }
    expect(got.filter((r) => r[0] === 'kube-system' && r[1].startsWith('coredns-'))).toHaveLength(
      2,
    );
  });

  it('shows deployments, replicasets, services, namespaces and nodes with kubectl columns', async () => {
    const deploy = await c.kubectl(['get', 'deploy']);
    expect(rows(deploy.stdout)[0].slice(0, 4)).toEqual([
      'nginx-server-deployment',
      '5/5',
      '5',
      '5',
    ]);
    const rs = await c.kubectl(['get', 'rs']);
    expect(rows(rs.stdout)[0][0]).toMatch(/^nginx-server-deployment-[a-z0-9]+$/);
    expect(rows(rs.stdout)[0].slice(1, 4)).toEqual(['5', '5', '5']);
    const svc = await c.kubectl(['get', 'svc', 'nginx-server-service']);
    const s = rows(svc.stdout)[0];
    expect(s[1]).toBe('LoadBalancer');
    expect(s[3]).toMatch(/^172\.18\.255\.\d+$/);
    expect(s[4]).toBe('8080:30001/TCP');
    const ns = await c.kubectl(['get', 'ns']);
    expect(rows(ns.stdout).map((r) => r[0])).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'shop']),
    );
    const nodes = await c.kubectl(['get', 'nodes']);
    expect(rows(nodes.stdout).map((r) => r.slice(0, 3))).toEqual([
      ['kdeck-control-plane', 'Ready', 'control-plane'],
      ['kdeck-worker', 'Ready', '<none>'],
      ['kdeck-worker2', 'Ready', '<none>'],
    ]);
  });

  it('-o yaml gives the object as the server holds it', async () => {
    const pod = nginxPods()[0];
    const { stdout } = await c.kubectl(['get', 'pod', pod.metadata.name, '-o', 'yaml']);
    // biome-ignore lint/suspicious/noExplicitAny: parsed YAML
    const got = load(stdout) as any;
    expect(got.metadata.uid).toBe(pod.metadata.uid);
    expect(got.metadata.ownerReferences[0].kind).toBe('ReplicaSet');
    expect(got.status.podIP).toBe(
      c.sim.cluster.store.get(POD, 'default', pod.metadata.name)!.status.podIP,
    );
  });

  it('-l selects by label', async () => {
    const { stdout } = await c.kubectl([
      'get',
      'pods',
      '-A',
      '-l',
      'k8s-app=kube-dns',
      '-o',
      'name',
    ]);
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(stdout).toMatch(/pod\/coredns-/);
  });
});

describe('kubectl writes', () => {
  it('get pods -w receives the events of a scale, and scale --replicas=7 then 3 leaves 3 pods', async () => {
    const watch = spawnCollecting(
      'kubectl',
      ['get', 'pods', '-l', 'app=nginx-server', '-w'],
      c.env,
    );
    await eventually(() => watch.output().includes('nginx-server-deployment'));
    const before = new Set(nginxPods().map((p) => p.metadata.name));
    expect(
      (await c.kubectl(['scale', 'deployment/nginx-server-deployment', '--replicas=7'])).stdout,
    ).toContain('deployment.apps/nginx-server-deployment scaled');
    await eventually(() => nginxPods().length === 7);
    const added = nginxPods()
      .map((p) => p.metadata.name)
      .filter((n) => !before.has(n));
    expect(added).toHaveLength(2);
    await eventually(() => added.every((n) => watch.output().includes(n)));
    await watch.stop();

    await c.kubectl(['scale', 'deployment/nginx-server-deployment', '--replicas=3']);
    await eventually(() => c.sim.cluster.store.list(POD, 'default').length === 3, 15_000);
    await eventually(async () => rows((await c.kubectl(['get', 'pods'])).stdout).length === 3);
  });

  it('scale --current-replicas with a stale value fails and changes nothing', async () => {
    const { code, stderr } = await c.kubectl([
      'scale',
      'deployment/nginx-server-deployment',
      '--current-replicas=9',
      '--replicas=4',
    ]);
    expect(code).not.toBe(0);
    expect(stderr).toContain('Expected replicas to be 9, was 3');
    expect(
      c.sim.cluster.store.get(kindOf('Deployment'), 'default', 'nginx-server-deployment')!.spec
        .replicas,
    ).toBe(3);
  });

  it('delete pod returns once the pod is gone, and the ReplicaSet replaces it', async () => {
    await eventually(
      () => nginxPods().length === 3 && nginxPods().every((p) => p.status.phase === 'Running'),
    );
    const victim = nginxPods()[0].metadata.name;
    const { code, stdout } = await c.kubectl(['delete', 'pod', victim]);
    expect(code).toBe(0);
    expect(stdout).toContain(`pod "${victim}" deleted`);
    expect(c.sim.cluster.store.get(POD, 'default', victim)).toBeUndefined();
    await eventually(() => nginxPods().length === 3);
  });

  it('rollout status reports a finished rollout', async () => {
    const { code, stdout } = await c.kubectl([
      'rollout',
      'status',
      'deployment/nginx-server-deployment',
      '--timeout=20s',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('deployment "nginx-server-deployment" successfully rolled out');
  });

  it('apply of the tutorial manifest configures what changed since (the scaled deployment), then is unchanged', async () => {
    // The cluster starts as `kubectl apply -f nginx-server.yaml` leaves one: the Service is as
    // its last-applied configuration says; the Deployment was scaled above.
    const file = join(FIXTURES, 'nginx-server.yaml');
    const first = await c.kubectl(['apply', '-f', file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('service/nginx-server-service unchanged');
    expect(first.stdout).toContain('deployment.apps/nginx-server-deployment configured');
    expect(
      c.sim.cluster.store.get(kindOf('Deployment'), 'default', 'nginx-server-deployment')!.spec
        .replicas,
    ).toBe(5);
    const second = await c.kubectl(['apply', '-f', file]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('service/nginx-server-service unchanged');
    expect(second.stdout).toContain('deployment.apps/nginx-server-deployment unchanged');
  });
});

describe('kubectl logs and describe', () => {
  it('logs --tail gives nginx access lines', async () => {
    const pod = nginxPods()[0].metadata.name;
    const access = /^10\.244\.\d+\.\d+ - - \[.+\] "GET \/\S* HTTP\/1\.1" \d{3} \d+ /;
    // A pod that has just started shows nginx's start-up lines first; access lines follow.
    const tail = await eventually(async () => {
      const out = (await c.kubectl(['logs', pod, '--tail=2'])).stdout.trim().split('\n');
      return out.every((l) => access.test(l)) && out;
    });
    expect(tail).toHaveLength(2);
  });

  it("logs -c picks a container, and an unknown one is the server's error", async () => {
    const pod = c.sim.cluster.store.list(POD, 'shop')[0].metadata.name;
    await eventually(() => c.sim.cluster.store.get(POD, 'shop', pod)?.status.phase === 'Running');
    const ok = await c.kubectl(['logs', '-n', 'shop', pod, '-c', 'log-shipper']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('starting');
    const bad = await c.kubectl(['logs', '-n', 'shop', pod, '-c', 'nope']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(`container nope is not valid for pod ${pod}`);
  });

  it('logs -p shows the crashed instance of a crash-looping pod, and is an error for a pod that never restarted', async () => {
    const crashing = await eventually(() =>
      c.sim.cluster.store
        .list(POD, 'kube-system')
        .find((p) => p.status?.containerStatuses?.[0]?.restartCount > 0),
    );
    const prev = await c.kubectl(['logs', '-n', 'kube-system', crashing!.metadata.name, '-p']);
    expect(prev.stdout).toContain('exiting: too many failures');
    const pod = nginxPods()[0].metadata.name;
    const none = await c.kubectl(['logs', pod, '-p']);
    expect(none.stderr).toContain(
      `previous terminated container "nginx-server" in pod "${pod}" not found`,
    );
  });

  it('logs -f follows new lines', async () => {
    const pod = nginxPods()[0].metadata.name;
    const follow = spawnCollecting('kubectl', ['logs', '-f', '--tail=1', pod], c.env);
    await eventually(() => follow.output().trim().split('\n').length >= 3);
    await follow.stop();
  });

  it('describe pod shows the pod, its controller and its events', async () => {
    const pod = nginxPods()[0];
    // A pod the apply above has just made may not be scheduled yet.
    await eventually(() =>
      c.sim.cluster.store
        .list(kindOf('Event'), 'default')
        .some((e) => e.involvedObject?.uid === pod.metadata.uid && e.reason === 'Scheduled'),
    );
    const { code, stdout } = await c.kubectl(['describe', 'pod', pod.metadata.name]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`Name:\\s+${pod.metadata.name}`));
    expect(stdout).toMatch(/Controlled By:\s+ReplicaSet\/nginx-server-deployment-/);
    expect(stdout).toMatch(
      /Normal\s+Scheduled\s+.*default-scheduler\s+Successfully assigned default\//,
    );
  });
});

describe('kubectl as the read-only user', () => {
  it('may read but not delete, and auth can-i agrees', async () => {
    expect((await c.kubectl(['get', 'pods'], { readonly: true })).code).toBe(0);
    const pod = nginxPods()[0].metadata.name;
    const del = await c.kubectl(['delete', 'pod', pod], { readonly: true });
    expect(del.stderr).toContain(
      `pods "${pod}" is forbidden: User "kdeck-viewer" cannot delete resource "pods" in API group "" in the namespace "default"`,
    );
    expect(c.sim.cluster.store.get(POD, 'default', pod)).toBeDefined();
    expect(
      (await c.kubectl(['auth', 'can-i', 'delete', 'pods'], { readonly: true })).stdout.trim(),
    ).toBe('no');
    expect((await c.kubectl(['auth', 'can-i', 'delete', 'pods'])).stdout.trim()).toBe('yes');
  });
});

describe("a newcomer's first commands (kubectl sends these as protobuf)", () => {
  const NS = 'first-steps';
  const get = async (...args: string[]) => {
    const r = await c.kubectl(['get', '-n', NS, ...args]);
    expect(r.stderr).toBe('');
    return r.stdout;
  };
  const create = async (...args: string[]) => {
    const r = await c.kubectl([...args, '-n', NS]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout.trim();
  };
  const runningPods = (labels: Record<string, string>) =>
    c.sim.cluster.store
      .list(POD, NS)
      .filter(
        (p) =>
          Object.entries(labels).every(([k, v]) => p.metadata.labels?.[k] === v) &&
          p.status?.containerStatuses?.every((s: { ready: boolean }) => s.ready),
      );

  it('create namespace makes a namespace that get lists as Active', async () => {
    expect((await c.kubectl(['create', 'namespace', NS])).stdout.trim()).toBe(
      `namespace/${NS} created`,
    );
    expect(rows(await get('namespace', NS))[0].slice(0, 2)).toEqual([NS, 'Active']);
  });

  it('create deployment --image=nginx --replicas=2 brings up two running pods', async () => {
    expect(await create('create', 'deployment', 'web', '--image=nginx', '--replicas=2')).toBe(
      'deployment.apps/web created',
    );
    await eventually(
      () =>
        runningPods({ app: 'web' }).length === 2 &&
        ['readyReplicas', 'updatedReplicas', 'availableReplicas'].every(
          (f) => c.sim.cluster.store.get(kindOf('Deployment'), NS, 'web')?.status?.[f] === 2,
        ),
      15_000,
    );
    expect(rows(await get('deployment', 'web'))[0].slice(0, 4)).toEqual(['web', '2/2', '2', '2']);
    const pods = rows(await get('pods', '-l', 'app=web'));
    expect(pods.map((r) => r.slice(1, 3))).toEqual([
      ['1/1', 'Running'],
      ['1/1', 'Running'],
    ]);
    expect(pods.map((r) => r[0])).toEqual([
      expect.stringMatching(/^web-[a-z0-9]+-[a-z0-9]{5}$/),
      expect.stringMatching(/^web-[a-z0-9]+-[a-z0-9]{5}$/),
    ]);
  });

  it('run starts a single pod with the image asked for', async () => {
    expect(await create('run', 'solo', '--image=busybox')).toBe('pod/solo created');
    await eventually(() => runningPods({ run: 'solo' }).length === 1, 15_000);
    expect(rows(await get('pod', 'solo'))[0].slice(0, 3)).toEqual(['solo', '1/1', 'Running']);
    expect(await get('pod', 'solo', '-o', 'jsonpath={.spec.containers[*].image}')).toBe('busybox');
  });

  it("expose deployment --port makes a Service in front of the deployment's pods", async () => {
    expect(await create('expose', 'deployment', 'web', '--port=80')).toBe('service/web exposed');
    const svc = rows(await get('service', 'web'))[0];
    expect(svc[0]).toBe('web');
    expect(svc[1]).toBe('ClusterIP');
    expect(svc[2]).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(svc[4]).toBe('80/TCP');
    // The selector arrived: the endpoints are the two pods' IPs, on the port exposed.
    const ips = runningPods({ app: 'web' }).map((p) => `${p.status.podIP}:80`);
    await eventually(async () => {
      const ep = rows(await get('endpoints', 'web'))[0]?.[1] ?? '';
      return ips.every((ip) => ep.split(',').includes(ip));
    });
  });

  it('create configmap --from-literal stores each literal', async () => {
    expect(
      await create(
        'create',
        'configmap',
        'settings',
        '--from-literal=color=blue',
        '--from-literal=size=2',
      ),
    ).toBe('configmap/settings created');
    expect(rows(await get('configmap', 'settings'))[0].slice(0, 2)).toEqual(['settings', '2']);
    expect(await get('configmap', 'settings', '-o', 'jsonpath={.data.color},{.data.size}')).toBe(
      'blue,2',
    );
  });

  it('create secret generic --from-literal stores it base64-encoded, type Opaque', async () => {
    expect(
      await create('create', 'secret', 'generic', 'login', '--from-literal=password=s3cr=t'),
    ).toBe('secret/login created');
    expect(rows(await get('secret', 'login'))[0].slice(0, 3)).toEqual(['login', 'Opaque', '1']);
    const data = await get('secret', 'login', '-o', 'jsonpath={.data.password}');
    expect(Buffer.from(data, 'base64').toString()).toBe('s3cr=t');
  });
});

describe('kubectl apply on a cluster without the tutorial objects', () => {
  let empty: TestCluster;
  beforeAll(async () => {
    empty = await startTestCluster({ tutorial: false });
  });
  afterAll(() => empty.stop());

  it('creates them, then finds them unchanged', async () => {
    const file = join(FIXTURES, 'nginx-server.yaml');
    const first = await empty.kubectl(['apply', '-f', file]);
    expect(first.stdout).toContain('service/nginx-server-service created');
    expect(first.stdout).toContain('deployment.apps/nginx-server-deployment created');
    await eventually(
      () =>
        empty.sim.cluster.store.list(POD, 'default').filter((p) => p.status?.phase === 'Running')
          .length === 5,
    );
    const second = await empty.kubectl(['apply', '-f', file]);
    expect(second.stdout).toContain('service/nginx-server-service unchanged');
    expect(second.stdout).toContain('deployment.apps/nginx-server-deployment unchanged');
  });

  it('rejects the 2019 extensions/v1beta1 Deployment as a current cluster does, and still creates its Service', async () => {
    await empty.kubectl(['delete', 'svc', 'nginx-server-service']);
    const { code, stdout, stderr } = await empty.kubectl([
      'apply',
      '-f',
      join(FIXTURES, 'tutorial-deployment.yaml'),
    ]);
    expect(code).not.toBe(0);
    expect(stdout).toContain('service/nginx-server-service created');
    expect(stderr).toContain('no matches for kind "Deployment" in version "extensions/v1beta1"');
  });
});
