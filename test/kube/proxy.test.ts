// Proxies as kubectl uses them: the rules of proxyFor (a cluster's proxy-url, else the
// environment as Go reads it), then kdeck's client through real proxies in front of the
// simulated cluster (HTTP CONNECT, CONNECT over TLS, SOCKS5, forwarding to an http:// server),
// each judged against the real kubectl through the same proxies.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/kube/client.js';
import { ConfigError, loadKubeConfig } from '../../src/kube/connect/kubeconfig.js';
import { proxyFor } from '../../src/kube/connect/proxy.js';
import { KubeError } from '../../src/kube/errors.js';
import { closedPort, startHttpProxy, startSocksProxy, type TestProxy } from '../helpers/proxies.js';
import { eventually, spawnCollecting, startTestCluster, type TestCluster } from '../helpers/sim.js';

const NONE: NodeJS.ProcessEnv = {};
const https = new URL('https://api.example.com:6443');
const http = new URL('http://api.example.com:8080');
const viaEnv = (server: URL, env: NodeJS.ProcessEnv) => proxyFor(server, undefined, env)?.href;

describe('proxyFor', () => {
  it("a cluster's proxy-url wins over the environment, for any server, loopback included", () => {
    const env = { HTTPS_PROXY: 'http://env:3128', NO_PROXY: '*' };
    expect(proxyFor(https, 'socks5://corp:1080', env)?.href).toBe('socks5://corp:1080');
    expect(proxyFor(new URL('https://127.0.0.1:6443'), 'http://p:3128', NONE)?.href).toBe(
      'http://p:3128/',
    );
    expect(proxyFor(new URL('https://localhost'), 'https://u:pw@p', NONE)?.href).toBe(
      'https://u:pw@p/',
    );
  });

  it('refuses a proxy-url kubectl refuses, in its words', () => {
    const refused = (url: string) => {
      try {
        proxyFor(https, url, NONE);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error(`${url} was accepted`);
    };
    expect(refused('ftp://p:21')).toBe(
      `invalid 'proxy-url' "ftp://p:21": unsupported scheme "ftp", must be http, https, or socks5`,
    );
    expect(refused('socks5h://p:1080')).toMatch(/unsupported scheme "socks5h"/);
    expect(refused('socks4://p:1080')).toMatch(/unsupported scheme "socks4"/);
    expect(refused('proxy.corp:3128')).toMatch(/unsupported scheme "proxy.corp"/);
    expect(refused('127.0.0.1:3128')).toBe(
      `invalid 'proxy-url' "127.0.0.1:3128": could not parse: 127.0.0.1:3128`,
    );
    expect(refused('http://[bad')).toMatch(/could not parse: http:\/\/\[bad$/);
    expect(() => proxyFor(https, 'ftp://p', NONE, 'prod')).toThrow(
      `invalid 'proxy-url' "ftp://p" for cluster "prod": unsupported scheme "ftp"`,
    );
  });

  it('HTTPS_PROXY for an https server, HTTP_PROXY for an http one; upper case first', () => {
    const env = { HTTPS_PROXY: 'http://s:1', HTTP_PROXY: 'http://h:2' };
    expect(viaEnv(https, env)).toBe('http://s:1/');
    expect(viaEnv(http, env)).toBe('http://h:2/');
    expect(viaEnv(https, { HTTP_PROXY: 'http://h:2' })).toBeUndefined();
    expect(viaEnv(http, { HTTPS_PROXY: 'http://s:1' })).toBeUndefined();
    expect(viaEnv(https, { https_proxy: 'http://low:1' })).toBe('http://low:1/');
    expect(viaEnv(https, { HTTPS_PROXY: 'http://up:1', https_proxy: 'http://low:1' })).toBe(
      'http://up:1/',
    );
    // An empty upper-case variable does not hide the lower-case one.
    expect(viaEnv(https, { HTTPS_PROXY: '', https_proxy: 'http://low:1' })).toBe('http://low:1/');
    expect(viaEnv(https, NONE)).toBeUndefined();
  });

  it('an environment value without a scheme is http://; socks5 and https are kept', () => {
    expect(viaEnv(https, { HTTPS_PROXY: '10.0.0.1:3128' })).toBe('http://10.0.0.1:3128/');
    expect(viaEnv(https, { HTTPS_PROXY: 'proxy.corp:3128' })).toBe('http://proxy.corp:3128/');
    expect(viaEnv(https, { HTTPS_PROXY: 'socks5://s:1080' })).toBe('socks5://s:1080');
    expect(viaEnv(https, { HTTPS_PROXY: 'https://p' })).toBe('https://p/');
  });

  it('never proxies localhost or a loopback address (but a name under localhost is a name)', () => {
    const env = { HTTPS_PROXY: 'http://p:1' };
    for (const s of ['https://localhost:6443', 'https://127.0.0.1', 'https://127.3.2.1:6443'])
      expect(viaEnv(new URL(s), env), s).toBeUndefined();
    expect(viaEnv(new URL('https://[::1]:6443'), env)).toBeUndefined();
    expect(viaEnv(new URL('https://[::ffff:127.0.0.1]:6443'), env)).toBeUndefined();
    expect(viaEnv(new URL('https://api.localhost:6443'), env)).toBe('http://p:1/');
    expect(viaEnv(new URL('https://10.0.0.1:6443'), env)).toBe('http://p:1/');
  });

  it('NO_PROXY: names with their subdomains, .name for subdomains only, *, IPs, CIDRs, ports', () => {
    const skips = (server: string, noProxy: string) =>
      viaEnv(new URL(server), { HTTPS_PROXY: 'http://p:1', NO_PROXY: noProxy }) === undefined;
    expect(skips('https://example.com', 'example.com')).toBe(true);
    expect(skips('https://api.example.com', 'example.com')).toBe(true);
    expect(skips('https://notexample.com', 'example.com')).toBe(false);
    expect(skips('https://example.com', '.example.com')).toBe(false);
    expect(skips('https://api.example.com', '.example.com')).toBe(true);
    expect(skips('https://api.example.com', '*.example.com')).toBe(true);
    expect(skips('https://example.com', '*.example.com')).toBe(false);
    expect(skips('https://API.Example.COM', 'api.example.com')).toBe(true);
    expect(skips('https://api.example.com', ' other.org , EXAMPLE.com ')).toBe(true);
    expect(skips('https://anything.org', '*')).toBe(true);
    expect(skips('https://anything.org', 'a.org,*')).toBe(true);
    // Ports: an entry's port must be the server's (443 when the URL has none).
    expect(skips('https://api.example.com:6443', 'api.example.com:6443')).toBe(true);
    expect(skips('https://api.example.com:6443', 'api.example.com:443')).toBe(false);
    expect(skips('https://api.example.com', 'api.example.com:443')).toBe(true);
    // IPs, with or without a port, and CIDRs; a name is not matched by an IP entry.
    expect(skips('https://10.1.2.3:6443', '10.1.2.3')).toBe(true);
    expect(skips('https://10.1.2.3:6443', '10.1.2.3:6443')).toBe(true);
    expect(skips('https://10.1.2.3:6443', '10.1.2.3:443')).toBe(false);
    expect(skips('https://10.1.2.3:6443', '10.0.0.0/8')).toBe(true);
    expect(skips('https://11.1.2.3:6443', '10.0.0.0/8')).toBe(false);
    expect(skips('https://10.1.2.3:6443', '10.1.2.0/24,192.168.0.0/16')).toBe(true);
    expect(skips('https://[2001:db8::5]:6443', '2001:db8::/32')).toBe(true);
    expect(skips('https://[2001:db8::5]:6443', '[2001:db8::5]:6443')).toBe(true);
    expect(skips('https://[2001:db8::5]:6443', '2001:db8::5')).toBe(true);
    expect(skips('https://[2001:db9::5]:6443', '2001:db8::/32')).toBe(false);
    expect(skips('https://api.example.com', '10.0.0.0/8')).toBe(false);
    // no_proxy when NO_PROXY is unset; nonsense entries are skipped.
    expect(
      viaEnv(new URL('https://example.com'), {
        HTTPS_PROXY: 'http://p:1',
        no_proxy: 'example.com',
      }),
    ).toBeUndefined();
    expect(skips('https://example.com', ':443,,  ,')).toBe(false);
  });

  it("refuses HTTP_PROXY in a CGI environment, as Go's net/http does", () => {
    expect(() => proxyFor(http, undefined, { HTTP_PROXY: 'p:1', REQUEST_METHOD: 'GET' })).toThrow(
      /refusing to use HTTP_PROXY value in CGI environment/,
    );
    expect(viaEnv(https, { HTTPS_PROXY: 'p:1', REQUEST_METHOD: 'GET' })).toBe('http://p:1/');
  });
});

// --- Through real proxies, against the real kubectl -------------------------------------

let c: TestCluster;
let dir: string;
const proxies: TestProxy[] = [];
const SIM_NAME = 'kdeck-sim.test';

beforeAll(async () => {
  c = await startTestCluster();
  dir = mkdtempSync(join(tmpdir(), 'kdeck-proxy-'));
}, 30_000);
afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await c?.stop();
});

async function proxy(start: () => Promise<TestProxy>): Promise<TestProxy> {
  const p = await start();
  proxies.push(p);
  return p;
}

let files = 0;
/** The simulator's kubeconfig with these fields set on its cluster (undefined removes one). */
function kubeconfigWith(fields: Record<string, string | undefined>): string {
  // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
  const kc = load(readFileSync(c.kubeconfigPath, 'utf8')) as any;
  for (const cl of kc.clusters) {
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) delete cl.cluster[k];
      else cl.cluster[k] = v;
    }
  }
  const file = join(dir, `kubeconfig-${++files}`);
  writeFileSync(file, dump(kc));
  return file;
}

/** The simulator's server under a name only a proxy can resolve (the name is verified as localhost). */
const byName = () => `https://${SIM_NAME}:${c.sim.port}`;

/** An environment without any proxy variable of the machine, plus `extra`. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...c.env };
  for (const k of Object.keys(env)) if (/^(https?|no|all)_proxy$/i.test(k)) delete env[k];
  return { ...env, ...extra };
}

function kubectl(
  kubeconfig: string,
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--request-timeout=20s', ...args],
      { env, timeout: 40_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) || 1 : 0, stdout, stderr }),
    );
  });
}

function kdeck(kubeconfig: string, env: NodeJS.ProcessEnv = cleanEnv()): KubeClient {
  return new KubeClient(loadKubeConfig({ kubeconfig }, env), { env });
}

async function podNames(client: KubeClient): Promise<string[]> {
  const list = await client.json<{ items: { metadata: { name: string } }[] }>(
    '/api/v1/namespaces/default/pods',
  );
  return list.items.map((p) => p.metadata.name).sort();
}

/** What kubectl get pods lists, for comparison with podNames. */
const kubectlPods = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((n) => n.replace(/^pod\//, ''))
    .sort();

async function kdeckError(client: KubeClient): Promise<KubeError> {
  try {
    await client.json('/version');
  } catch (e) {
    return e as KubeError;
  }
  throw new Error('the request went through');
}

describe('through an HTTP proxy (CONNECT)', () => {
  it('reaches the cluster with proxy-url, one tunnel for many requests, to the target kubectl asks for', async () => {
    const p = await proxy(() => startHttpProxy());
    const kubeconfig = kubeconfigWith({ 'proxy-url': p.url });
    const client = kdeck(kubeconfig);
    try {
      const names = await podNames(client);
      expect(names.length).toBeGreaterThan(0);
      for (let i = 0; i < 5; i++) await client.json('/version');
      // Keep-alive: one tunnel carried every request.
      expect(p.connects).toEqual([`127.0.0.1:${c.sim.port}`]);
      expect(p.connectAuthorizations).toEqual([undefined]);
      const ours = new Set(p.connects);
      p.connects.length = 0;
      const k = await kubectl(kubeconfig, cleanEnv(), 'get', 'pods', '-o', 'name');
      expect(k.stderr).toBe('');
      expect(kubectlPods(k.stdout)).toEqual(names);
      expect(new Set(p.connects)).toEqual(ours);
    } finally {
      client.close();
    }
  });

  it('sends Basic credentials of the proxy URL as kubectl does', async () => {
    const p = await proxy(() => startHttpProxy());
    const withUser = p.url.replace('://', '://alice:s%40cret@');
    const kubeconfig = kubeconfigWith({ 'proxy-url': withUser });
    const client = kdeck(kubeconfig);
    try {
      await client.json('/version');
    } finally {
      client.close();
    }
    const basic = `Basic ${Buffer.from('alice:s@cret').toString('base64')}`;
    expect(p.connectAuthorizations).toEqual([basic]);
    await kubectl(kubeconfig, cleanEnv(), 'get', 'pods', '-o', 'name');
    expect(new Set(p.connectAuthorizations)).toEqual(new Set([basic]));
  });

  it('HTTPS_PROXY: the same CONNECT as kubectl for a server by name; none for 127.0.0.1', async () => {
    const p = await proxy(() => startHttpProxy());
    const named = kubeconfigWith({ server: byName(), 'tls-server-name': 'localhost' });
    const env = cleanEnv({ HTTPS_PROXY: p.url });
    const client = kdeck(named, env);
    try {
      expect((await podNames(client)).length).toBeGreaterThan(0);
    } finally {
      client.close();
    }
    expect(p.connects).toEqual([`${SIM_NAME}:${c.sim.port}`]);
    p.connects.length = 0;
    const k = await kubectl(named, env, 'get', 'pods', '-o', 'name');
    expect(k.stderr).toBe('');
    expect(new Set(p.connects)).toEqual(new Set([`${SIM_NAME}:${c.sim.port}`]));

    // The simulator's own address is loopback: Go connects directly, and so does kdeck.
    p.connects.length = 0;
    const loopback = kubeconfigWith({});
    const direct = kdeck(loopback, env);
    try {
      expect((await podNames(direct)).length).toBeGreaterThan(0);
    } finally {
      direct.close();
    }
    expect((await kubectl(loopback, env, 'get', 'pods', '-o', 'name')).code).toBe(0);
    expect(p.connects).toEqual([]);
  });

  it('NO_PROXY decides as it does for kubectl (names, ports, IPs, CIDRs, *)', async () => {
    const p = await proxy(() => startHttpProxy());
    // 0.0.0.0 is not loopback to Go, yet reaches the simulator when dialled directly.
    const cases: [server: string, noProxy: string][] = [
      [SIM_NAME, ''],
      [SIM_NAME, 'kdeck-sim.test'],
      [SIM_NAME, '.test'],
      [SIM_NAME, 'sim.test'],
      [SIM_NAME, `kdeck-sim.test:${c.sim.port}`],
      [SIM_NAME, 'kdeck-sim.test:1'],
      [SIM_NAME, '*'],
      ['0.0.0.0', ''],
      ['0.0.0.0', '0.0.0.0'],
      ['0.0.0.0', '0.0.0.0/8'],
      ['0.0.0.0', '10.0.0.0/8'],
      ['0.0.0.0', `0.0.0.0:${c.sim.port}`],
      ['0.0.0.0', '0.0.0.0:1'],
    ];
    for (const [host, noProxy] of cases) {
      const server = `https://${host}:${c.sim.port}`;
      const kubeconfig = kubeconfigWith({ server, 'tls-server-name': 'localhost' });
      const env = cleanEnv({ HTTPS_PROXY: p.url, NO_PROXY: noProxy });
      p.connects.length = 0;
      await kubectl(kubeconfig, env, 'get', 'namespaces', '-o', 'name');
      const kubectlProxied = p.connects.length > 0;
      const kdeckProxied = proxyFor(new URL(server), undefined, env) !== undefined;
      expect({ host, noProxy, proxied: kdeckProxied }).toEqual({
        host,
        noProxy,
        proxied: kubectlProxied,
      });
    }
  }, 60_000);

  it('a proxy that refuses: one line naming the proxy, with the status kubectl shows', async () => {
    const p = await proxy(() => startHttpProxy({ refuse: '407 Proxy Authentication Required' }));
    const kubeconfig = kubeconfigWith({ 'proxy-url': p.url });
    const client = kdeck(kubeconfig);
    const err = await kdeckError(client).finally(() => client.close());
    expect(err).toBeInstanceOf(KubeError);
    expect(err.code).toBe(0);
    expect(err.message).toBe(
      `proxy 127.0.0.1:${p.port}: CONNECT 127.0.0.1:${c.sim.port}: 407 Proxy Authentication Required`,
    );
    const k = await kubectl(kubeconfig, cleanEnv(), 'get', 'pods');
    expect(k.code).not.toBe(0);
    expect(k.stderr).toMatch(/Unable to connect to the server: Proxy Authentication Required/);
  });

  it('a proxy that is not listening: kubectl\'s "proxyconnect tcp: dial tcp …"', async () => {
    const port = await closedPort();
    const kubeconfig = kubeconfigWith({ 'proxy-url': `http://127.0.0.1:${port}` });
    const client = kdeck(kubeconfig);
    const err = await kdeckError(client).finally(() => client.close());
    expect(err.message).toBe(
      `proxyconnect tcp: dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
    // kubectl says it in full at -v=6 (its one-line summary names only the server).
    const k = await kubectl(kubeconfig, cleanEnv(), 'get', 'pods', '-v=6');
    expect(k.stderr).toContain(err.message);
  });
});

describe('through an HTTPS proxy (TLS to the proxy, then CONNECT)', () => {
  it("trusts the proxy by the cluster's CA, as kubectl does, and tunnels to the same target", async () => {
    // The proxy serves the simulator's own certificate (valid for 127.0.0.1, from the
    // cluster's CA): kubectl's TLS settings for the cluster apply to the proxy too.
    const { certPem: cert, keyPem: key } = c.sim.identity.tls;
    const p = await proxy(() => startHttpProxy({ tls: { cert, key } }));
    const kubeconfig = kubeconfigWith({ 'proxy-url': p.url });
    const client = kdeck(kubeconfig);
    try {
      expect((await podNames(client)).length).toBeGreaterThan(0);
    } finally {
      client.close();
    }
    expect(p.connects).toEqual([`127.0.0.1:${c.sim.port}`]);
    p.connects.length = 0;
    const k = await kubectl(kubeconfig, cleanEnv(), 'get', 'pods', '-o', 'name');
    expect(k.stderr).toBe('');
    expect(new Set(p.connects)).toEqual(new Set([`127.0.0.1:${c.sim.port}`]));
  });

  it('an http proxy named https:// fails on TLS, naming the proxy step', async () => {
    const p = await proxy(() => startHttpProxy());
    const kubeconfig = kubeconfigWith({ 'proxy-url': p.url.replace('http:', 'https:') });
    const client = kdeck(kubeconfig);
    const err = await kdeckError(client).finally(() => client.close());
    expect(err.message).toBe(
      'proxyconnect tcp: tls: first record does not look like a TLS handshake',
    );
    const k = await kubectl(kubeconfig, cleanEnv(), 'get', 'pods');
    expect(k.stderr).toContain(err.message);
    expect(p.connects).toEqual([]);
  });
});

describe('through a SOCKS5 proxy', () => {
  it('reaches the cluster, one connection for many requests; the proxy gets the name unresolved', async () => {
    const p = await proxy(() => startSocksProxy());
    for (const server of [c.sim.url, byName()]) {
      const kubeconfig = kubeconfigWith({
        server,
        'tls-server-name': 'localhost',
        'proxy-url': p.url,
      });
      const target = `${new URL(server).hostname}:${c.sim.port}`;
      p.connects.length = 0;
      const client = kdeck(kubeconfig);
      try {
        expect((await podNames(client)).length).toBeGreaterThan(0);
        for (let i = 0; i < 3; i++) await client.json('/version');
      } finally {
        client.close();
      }
      expect(p.connects).toEqual([target]);
      p.connects.length = 0;
      const k = await kubectl(kubeconfig, cleanEnv(), 'get', 'pods', '-o', 'name');
      expect(k.stderr).toBe('');
      expect(new Set(p.connects)).toEqual(new Set([target]));
    }
  });

  it('a refusing SOCKS proxy: the words of Go', async () => {
    const p = await proxy(() => startSocksProxy({ reply: 5 }));
    const kubeconfig = kubeconfigWith({ 'proxy-url': p.url });
    const client = kdeck(kubeconfig);
    const err = await kdeckError(client).finally(() => client.close());
    expect(err.message).toBe(
      `socks connect tcp 127.0.0.1:${p.port}->127.0.0.1:${c.sim.port}: unknown error connection refused`,
    );
    // kubectl says it in full at -v=6 (its one-line summary names only the server).
    const k = await kubectl(kubeconfig, cleanEnv(), 'get', 'pods', '-v=6');
    expect(k.stderr).toContain(err.message);
  });
});

describe('an http:// server behind an HTTP proxy', () => {
  it('sends requests whole to the proxy (absolute form, Proxy-Authorization), as kubectl does', async () => {
    const kproxy = spawnCollecting('kubectl', ['proxy', '--port=0', '--address=127.0.0.1'], c.env);
    try {
      const addr = await eventually(
        () => /Starting to serve on (127\.0\.0\.1:\d+)/.exec(kproxy.output())?.[1],
        15_000,
        { what: 'kubectl proxy to start' },
      );
      const p = await proxy(() => startHttpProxy());
      const kubeconfig = join(dir, 'http-server.kubeconfig');
      writeFileSync(
        kubeconfig,
        dump({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [
            {
              name: 'plain',
              cluster: {
                server: `http://${addr}`,
                'proxy-url': `http://bob:pw@127.0.0.1:${p.port}`,
              },
            },
          ],
          users: [{ name: 'nobody', user: {} }],
          contexts: [{ name: 'plain', context: { cluster: 'plain', user: 'nobody' } }],
          'current-context': 'plain',
        }),
      );
      const client = kdeck(kubeconfig);
      try {
        expect((await podNames(client)).length).toBeGreaterThan(0);
      } finally {
        client.close();
      }
      const basic = `Basic ${Buffer.from('bob:pw').toString('base64')}`;
      expect(p.connects).toEqual([]);
      expect(p.forwarded.map((f) => f.url)).toEqual([
        `http://${addr}/api/v1/namespaces/default/pods`,
      ]);
      expect(p.forwarded.map((f) => [f.host, f.proxyAuthorization])).toEqual([[addr, basic]]);
      p.forwarded.length = 0;
      const k = await kubectl(kubeconfig, cleanEnv(), 'get', 'pods', '-o', 'name');
      expect(k.stderr).toBe('');
      expect(p.forwarded.length).toBeGreaterThan(0);
      for (const f of p.forwarded) {
        expect(f.url.startsWith(`http://${addr}/`)).toBe(true);
        expect([f.host, f.proxyAuthorization]).toEqual([addr, basic]);
      }
    } finally {
      await kproxy.stop();
    }
  });
});
