// The simulator compresses as kube-apiserver does: an answer over 128 KB, for a client
// that accepts gzip (kubectl's Go client asks, and so does kdeck), is sent gzipped; smaller
// answers, and clients that do not ask, get plain JSON. kdeck's client reads both.
import { request } from 'node:https';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/connect/kubeconfig.js';
import { caOf, startTestCluster, type TestCluster } from '../helpers/sim.js';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ tutorial: false, load: { pods: 400, namespaces: 2, churn: 0 } });
});
afterAll(() => c?.stop());

/** A GET as it comes over the wire: its Content-Encoding and its bytes, undecoded. */
function get(path: string, headers: Record<string, string>) {
  return new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
    request(
      `${c.sim.url}${path}`,
      {
        ca: caOf(c.sim.kubeconfig),
        headers: { authorization: `Bearer ${c.sim.users.admin.token}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () =>
          resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
        );
      },
    )
      .on('error', reject)
      .end();
  });
}

describe('gzip', () => {
  it('a list over 128 KB is gzipped for a client that asks, and the same JSON once unzipped', async () => {
    const plain = await get('/api/v1/namespaces/load-0000/pods', {});
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(128 * 1024);
    const zipped = await get('/api/v1/namespaces/load-0000/pods', { 'accept-encoding': 'gzip' });
    expect(zipped.encoding).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 4);
    const items = (b: Buffer) =>
      JSON.parse(b.toString()).items.map((p: { metadata: { uid: string } }) => p.metadata.uid);
    expect(items(gunzipSync(zipped.body))).toEqual(items(plain.body));
  });

  it('an answer under 128 KB goes as it is, even to a client that asks', async () => {
    const small = await get('/api/v1/namespaces/load-0000/pods?limit=5', {
      'accept-encoding': 'gzip',
    });
    expect(small.encoding).toBeUndefined();
    expect(JSON.parse(small.body.toString()).items).toHaveLength(5);
  });

  it("kdeck's client asks for gzip and reads the answer", async () => {
    const client = new KubeClient(loadKubeConfig({ kubeconfig: c.kubeconfigPath }));
    try {
      const list = await client.json<{ items: unknown[] }>('/api/v1/namespaces/load-0000/pods');
      expect(list.items).toHaveLength(200);
    } finally {
      client.close();
    }
  });
});
