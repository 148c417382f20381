// readAll: a whole answer, uncompressed when the server gzipped it; a body that cannot be
// uncompressed fails as a network error and gives its connection up.
import { createServer, get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll } from '../../src/kube/client.js';

const bodies: Record<string, Buffer> = {
  '/whole': gzipSync('{"kind":"List"}'),
  '/cut': gzipSync('{"kind":"List","items":[]}'.repeat(100)).subarray(0, 40),
};
const server = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
  // Not gzip, and more to come: the connection stays busy until the client gives it up.
  if (req.url === '/garbage') res.write('not gzip at all');
  else res.end(bodies[req.url ?? '']);
});
let url = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((r) => server.close(() => r()));
});

const answer = (path: string) =>
  new Promise<IncomingMessage>((resolve, reject) =>
    get(`${url}${path}`, resolve).on('error', reject),
  );

describe('readAll', () => {
  it('uncompresses a gzipped answer', async () => {
    expect(await readAll(await answer('/whole'))).toBe('{"kind":"List"}');
  });

  it.each(['/cut', '/garbage'])('%s: fails, and the response is destroyed', async (path) => {
    const res = await answer(path);
    await expect(readAll(res)).rejects.toThrow();
    expect(res.destroyed).toBe(true);
  });
});
