// Network and TLS failures come back as one line in kubectl's words, never as Node's or
// OpenSSL's raw strings: real handshakes against the simulated cluster and local servers,
// and the socket errors that are hard to cause on loopback as Node shapes them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import { isTooLargeResourceVersion, networkMessage, statusError } from '../../src/kube/errors.js';
import { startTestCluster, type TestCluster } from '../helpers/sim.js';

let c: TestCluster;
let plain: Server;
const dir = mkdtempSync(join(tmpdir(), 'kdeck-errors-'));

beforeAll(async () => {
  c = await startTestCluster();
  plain = createServer((_req, res) => res.writeHead(400).end('Client sent an HTTP request\n'));
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  plain.close();
  await c.stop();
});

/** The simulator's kubeconfig with its cluster entry changed. */
function kubeconfigWith(name: string, change: (cluster: Record<string, unknown>) => void): string {
  // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
  const kc = load(c.sim.kubeconfig) as any;
  change(kc.clusters[0].cluster);
  const path = join(dir, name);
  writeFileSync(path, dump(kc));
  return path;
}

async function failureOf(kubeconfig: string): Promise<string> {
  const s = KubeSource.connect({ kubeconfig });
  try {
    await s.serverVersion();
    return 'no failure';
  } catch (e) {
    return (e as Error).message;
  } finally {
    s.close();
  }
}

describe('a real handshake that fails', () => {
  it('TLS to a plain HTTP server', async () => {
    const port = (plain.address() as AddressInfo).port;
    const path = kubeconfigWith('to-http', (cl) => {
      cl.server = `https://127.0.0.1:${port}`;
    });
    expect(await failureOf(path)).toBe('http: server gave HTTP response to HTTPS client');
  });

  it('a server certificate from a CA the kubeconfig does not name', async () => {
    const path = kubeconfigWith('no-ca', (cl) => {
      delete cl['certificate-authority-data'];
    });
    expect(await failureOf(path)).toBe('x509: certificate signed by unknown authority');
  });

  it('a certificate for another name', async () => {
    const path = kubeconfigWith('wrong-name', (cl) => {
      cl['tls-server-name'] = 'api.example.test';
    });
    expect(await failureOf(path)).toBe(
      'x509: certificate is valid for 127.0.0.1, localhost, not api.example.test',
    );
  });

  it('nobody listening', async () => {
    const free = createNetServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
    const port = (free.address() as AddressInfo).port;
    await new Promise((r) => free.close(r));
    const path = kubeconfigWith('refused', (cl) => {
      cl.server = `https://127.0.0.1:${port}`;
    });
    expect(await failureOf(path)).toBe('connection refused');
  });
});

describe('errors as Node reports them', () => {
  it('OpenSSL strings become one line', () => {
    const raw = Object.assign(
      new Error(
        'write EPROTO C01CE4F1B67F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:354:\n',
      ),
      { code: 'EPROTO' },
    );
    expect(networkMessage(raw)).toBe('http: server gave HTTP response to HTTPS client');
    const other = Object.assign(
      new Error(
        'C01CE4F1B67F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 40\n',
      ),
      { code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE' },
    );
    expect(networkMessage(other)).toBe('remote error: tls: handshake failure');
  });

  it.each([
    [
      { code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' },
      'x509: certificate has expired or is not yet valid',
    ],
    [
      {
        code: 'ENOTFOUND',
        hostname: 'api.example.invalid',
        message: 'getaddrinfo ENOTFOUND api.example.invalid',
      },
      'lookup api.example.invalid: no such host',
    ],
    [{ code: 'ETIMEDOUT', message: 'connect ETIMEDOUT 10.0.0.1:6443' }, 'i/o timeout'],
    [{ code: 'ECONNRESET', message: 'read ECONNRESET' }, 'connection reset by peer'],
    [
      { message: 'fetch failed', cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } },
      'connection refused',
    ],
  ])('%o', (err, said) => {
    expect(networkMessage(Object.assign(new Error(err.message), err))).toBe(said);
  });
});

describe('a resourceVersion the server has not reached', () => {
  it('is recognised from the Status kube-apiserver sends', () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Timeout: Too large resource version: 159128021, current: 159127032',
      reason: 'Timeout',
      details: {
        causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
        retryAfterSeconds: 1,
      },
      code: 504,
    });
    expect(isTooLargeResourceVersion(statusError(504, body))).toBe(true);
    expect(isTooLargeResourceVersion(statusError(504, '{"kind":"Status","code":504}'))).toBe(false);
  });
});
