// The forwarding core against the simulated cluster: a service's forward answered with the
// nginx page, counted; a refused port with kubelet's words; a port in use refused at start;
// a forward that goes on to another ready pod once its pod is deleted; a named targetPort.
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
let c: TestCluster;
let source: KubeSource;

beforeAll(async () => {
  c = await startTestCluster();
  source = KubeSource.connect({ kubeconfig: c.kubeconfigPath });
  // The tutorial's pods, Ready.
  await eventually(
    () =>
      c.sim.cluster.store
        .list(POD, 'default')
        .filter((p) =>
          p.status?.conditions?.some(
            (x: { type: string; status: string }) => x.type === 'Ready' && x.status === 'True',
          ),
        ).length >= 2,
  );
});
afterAll(async () => {
  source.close();
  await c.stop();
});

/** One HTTP GET through the forward, on a connection of its own. */
function get(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const service = { namespace: 'default', kind: 'service' as const, name: 'nginx-server-service' };

it('forwards a service port to its target port on a ready pod, and counts', async () => {
  const f = await source.forwards.start({
    ...service,
    port: 8080,
    address: '127.0.0.1',
    localPort: 0,
  });
  expect(f.podPort).toBe(80);
  const page = await get(f.localPort);
  expect(page.status).toBe(200);
  expect(page.body).toContain('Welcome to nginx!');
  expect((await get(f.localPort, '/nope')).status).toBe(404);
  const info = (await eventually(() =>
    source.forwards.list().find((x) => x.id === f.id && x.connections === 2 && x.active === 0),
  ))!;
  expect(info.bytesIn).toBeGreaterThan(page.body.length);
  expect(info.bytesOut).toBeGreaterThan(0);
  expect(info.errors).toBe(0);
  source.forwards.stop(f.id);
  await expect(get(f.localPort)).rejects.toThrow(/ECONNREFUSED/);
  expect(source.forwards.list().some((x) => x.id === f.id)).toBe(false);
});

it('says what kubelet says for a port no container declares', async () => {
  const pod = c.sim.cluster.store.list(POD, 'default').find((p) => p.status?.phase === 'Running')!;
  const f = await source.forwards.start({
    namespace: 'default',
    kind: 'pod',
    name: pod.metadata.name,
    port: 8081,
    address: '127.0.0.1',
    localPort: 0,
  });
  await expect(get(f.localPort)).rejects.toThrow();
  const info = (await eventually(() =>
    source.forwards.list().find((x) => x.id === f.id && x.errors === 1),
  ))!;
  expect(info.lastError).toMatch(/failed to connect to localhost:8081 .*connection refused/);
  source.forwards.stop(f.id);
});

it('refuses a local port already in use, with one line, and starts nothing', async () => {
  const busy: Server = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as { port: number }).port;
  await expect(
    source.forwards.start({ ...service, port: 8080, address: '127.0.0.1', localPort: port }),
  ).rejects.toThrow(`127.0.0.1:${port} is already in use`);
  expect(source.forwards.list()).toEqual([]);
  busy.close();
});

it('goes on to another ready pod once its pod is deleted', async () => {
  const f = await source.forwards.start({
    ...service,
    port: 8080,
    address: '127.0.0.1',
    localPort: 0,
  });
  expect((await get(f.localPort)).body).toContain('Welcome to nginx!');
  const first = f.pod!;
  const deleted = await c.kubectl(['delete', 'pod', first, '--wait=true']);
  expect(deleted.code).toBe(0);
  const again = await get(f.localPort);
  expect(again.body).toContain('Welcome to nginx!');
  const info = source.forwards.list().find((x) => x.id === f.id)!;
  expect(info.pod).not.toBe(first);
  source.forwards.stop(f.id);
});

it("maps a service's named targetPort to the container port of that name", async () => {
  const manifest = JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'named-web', namespace: 'default', labels: { app: 'named-web' } },
        spec: {
          containers: [
            { name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] },
          ],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'named-web', namespace: 'default' },
        spec: { selector: { app: 'named-web' }, ports: [{ port: 9000, targetPort: 'http' }] },
      },
    ],
  });
  const file = join(c.env.HOME ?? '', 'named-web.json');
  writeFileSync(file, manifest);
  expect((await c.kubectl(['apply', '-f', file])).code).toBe(0);
  await eventually(() =>
    c.sim.cluster.store
      .get(POD, 'default', 'named-web')
      ?.status?.conditions?.some(
        (x: { type: string; status: string }) => x.type === 'Ready' && x.status === 'True',
      ),
  );
  const f = await source.forwards.start({
    namespace: 'default',
    kind: 'service',
    name: 'named-web',
    port: 9000,
    address: '127.0.0.1',
    localPort: 0,
  });
  expect([f.pod, f.podPort]).toEqual(['named-web', 80]);
  expect((await get(f.localPort)).body).toContain('Welcome to nginx!');
  source.forwards.stop(f.id);
});
