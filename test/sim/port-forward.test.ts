// The simulator's portforward subresource on the wire: the port's two bytes opening each
// channel, the nginx answer on a declared port, kubelet's words on another, and the refusals
// answered before the upgrade (no ports, a pod not running, no such pod, a viewer).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/connect/kubeconfig.js';
import { kindOf } from '../../src/sim/kinds.js';
import { frame, PORT_FORWARD_PROTOCOLS, portPrefix, unframe } from '../../src/util/channels.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
let c: TestCluster;
let admin: KubeClient;
let viewer: KubeClient;
let running: string;

beforeAll(async () => {
  c = await startTestCluster();
  admin = new KubeClient(loadKubeConfig({ kubeconfig: c.kubeconfigPath }));
  viewer = new KubeClient(
    loadKubeConfig({ kubeconfig: c.kubeconfigPath, context: 'kdeck-demo-readonly' }),
  );
  const pod = await eventually(() =>
    c.sim.cluster.store.list(POD, 'default').find((p) => p.status?.phase === 'Running'),
  );
  running = pod!.metadata.name;
});
afterAll(async () => {
  admin.close();
  viewer.close();
  await c.stop();
});

const path = (pod: string, query: string) =>
  `/api/v1/namespaces/default/pods/${pod}/portforward${query}`;

/** Every message until the server closes the socket, by channel. */
function collect(ws: WebSocket): Promise<Map<number, Buffer[]>> {
  const seen = new Map<number, Buffer[]>();
  ws.on('message', (raw: Buffer) => {
    const m = unframe(raw);
    if (m) seen.set(m.channel, [...(seen.get(m.channel) ?? []), m.data]);
  });
  ws.resume();
  return new Promise((resolve) => ws.on('close', () => resolve(seen)));
}

it('opens both channels with the port, and nginx answers on its declared port', async () => {
  const ws = await admin.webSocket(path(running, '?ports=80'), PORT_FORWARD_PROTOCOLS);
  expect(ws.protocol).toBe('v4.channel.k8s.io');
  const seen = collect(ws);
  ws.send(frame(0, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
  const data = await seen;
  expect(data.get(0)?.[0]).toEqual(portPrefix(80));
  expect(data.get(1)?.[0]).toEqual(portPrefix(80));
  const answer = Buffer.concat(data.get(0)!.slice(1)).toString();
  expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
  expect(answer).toContain('Welcome to nginx!');
});

it("says kubelet's words on a port no container declares, and closes", async () => {
  const ws = await admin.webSocket(path(running, '?ports=8081'), PORT_FORWARD_PROTOCOLS);
  const data = await collect(ws);
  const error = Buffer.concat(data.get(1)!.slice(1)).toString();
  expect(error).toMatch(
    /^failed to connect to localhost:8081 inside namespace .*connect: connection refused$/,
  );
});

it('refuses before the upgrade: no ports, a bad port, no such pod, a viewer', async () => {
  await expect(admin.webSocket(path(running, ''), PORT_FORWARD_PROTOCOLS)).rejects.toMatchObject({
    code: 400,
    message: expect.stringContaining('query parameter "port" is required'),
  });
  await expect(
    admin.webSocket(path(running, '?ports=http'), PORT_FORWARD_PROTOCOLS),
  ).rejects.toMatchObject({ code: 400 });
  await expect(
    admin.webSocket(path('no-such-pod', '?ports=80'), PORT_FORWARD_PROTOCOLS),
  ).rejects.toMatchObject({ code: 404, message: expect.stringContaining('not found') });
  await expect(
    viewer.webSocket(path(running, '?ports=80'), PORT_FORWARD_PROTOCOLS),
  ).rejects.toMatchObject({ code: 403 });
});
