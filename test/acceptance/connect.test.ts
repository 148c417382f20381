// Connecting wherever kubectl connects, through the built binary: a cluster's proxy-url and
// HTTPS_PROXY carry kdeck to the cluster through a proxy (which records the CONNECT), and a
// proxy that refuses or is not there says so in one line, naming the proxy.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dump, load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { closedPort, startHttpProxy, type TestProxy } from '../helpers/proxies.js';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();
const proxies: TestProxy[] = [];
afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
});

async function httpProxy(o: Parameters<typeof startHttpProxy>[0] = {}): Promise<TestProxy> {
  const p = await startHttpProxy(o);
  proxies.push(p);
  return p;
}

let files = 0;
/** The simulator's kubeconfig with these fields set on its cluster. */
function kubeconfigWith(fields: Record<string, string>): string {
  // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
  const kc = load(readFileSync(sim.kubeconfig, 'utf8')) as any;
  for (const c of kc.clusters) Object.assign(c.cluster, fields);
  const file = `${sim.dir}/connect-${++files}.kubeconfig`;
  writeFileSync(file, dump(kc));
  return file;
}

const simPort = () => new URL(sim.url).port;
/** No proxy variable of the machine leaks into kdeck's environment. */
const NO_PROXY_ENV = {
  HTTPS_PROXY: '',
  https_proxy: '',
  HTTP_PROXY: '',
  http_proxy: '',
  NO_PROXY: '',
  no_proxy: '',
};

describe.skipIf(!hasTmux)('through a proxy', () => {
  it("a cluster's proxy-url: the pods live, the proxy saw the CONNECT to the server", async () => {
    const p = await httpProxy();
    const t = new Terminal(['--kubeconfig', kubeconfigWith({ 'proxy-url': p.url })], {
      env: NO_PROXY_ENV,
    });
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    expect(new Set(p.connects)).toEqual(new Set([`127.0.0.1:${simPort()}`]));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('HTTPS_PROXY in the environment, for a server by name: the proxy resolves it', async () => {
    const p = await httpProxy();
    // Go never proxies a loopback address, so the server goes by a name only the proxy knows.
    const kubeconfig = kubeconfigWith({
      server: `https://kdeck-sim.test:${simPort()}`,
      'tls-server-name': 'localhost',
    });
    const t = new Terminal(['--kubeconfig', kubeconfig], {
      env: { ...NO_PROXY_ENV, HTTPS_PROXY: p.url },
    });
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    expect(new Set(p.connects)).toEqual(new Set([`kdeck-sim.test:${simPort()}`]));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a proxy that refuses (407): one line naming the proxy; q still leaves with 0', async () => {
    const p = await httpProxy({ refuse: '407 Proxy Authentication Required' });
    const t = new Terminal(['--kubeconfig', kubeconfigWith({ 'proxy-url': p.url })], {
      width: 140,
      env: NO_PROXY_ENV,
    });
    await t.waitFor(
      new RegExp(
        `^no rows yet: proxy 127\\.0\\.0\\.1:${p.port}: CONNECT 127\\.0\\.0\\.1:${simPort()}: 407 Proxy Authentication Required$`,
        'm',
      ),
    );
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a proxy that is not listening: kubectl\'s "proxyconnect tcp" line; q still leaves with 0', async () => {
    const port = await closedPort();
    const kubeconfig = kubeconfigWith({ 'proxy-url': `http://127.0.0.1:${port}` });
    const t = new Terminal(['--kubeconfig', kubeconfig], { width: 140, env: NO_PROXY_ENV });
    await t.waitFor(
      `no rows yet: proxyconnect tcp: dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('a proxy-url kubectl refuses: kdeck refuses it too, in the same words', async () => {
    const kubeconfig = kubeconfigWith({ 'proxy-url': 'socks5h://127.0.0.1:1080' });
    const t = new Terminal(['--kubeconfig', kubeconfig], { width: 160, env: NO_PROXY_ENV });
    const code = await t.exitCode();
    const said = readFileSync(t.stderr, 'utf8').trim();
    expect(code).not.toBe(0);
    expect(said).toBe(
      `kdeck: invalid 'proxy-url' "socks5h://127.0.0.1:1080" for cluster "kdeck-demo": unsupported scheme "socks5h", must be http, https, or socks5`,
    );
    const kubectl = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'pods'], {
      env: { ...process.env, KUBECACHEDIR: `${sim.dir}/cache` },
    });
    expect(kubectl.status).not.toBe(0);
    expect(kubectl.stderr.toString().trim()).toBe(said.replace(/^kdeck: /, 'error: '));
  });
});

/**
 * The simulator's kubeconfig without its CA, and the CA alone in a PEM file: the case of a
 * private CA installed in the host's store rather than named by the kubeconfig.
 */
function withoutCa(): { kubeconfig: string; caPem: string } {
  // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
  const kc = load(readFileSync(sim.kubeconfig, 'utf8')) as any;
  const c = kc.clusters[0].cluster;
  const caPem = `${sim.dir}/connect-${++files}-ca.pem`;
  writeFileSync(caPem, Buffer.from(c['certificate-authority-data'], 'base64'));
  delete c['certificate-authority-data'];
  const kubeconfig = `${sim.dir}/connect-${++files}.kubeconfig`;
  writeFileSync(kubeconfig, dump(kc));
  return { kubeconfig, caPem };
}

/** kubectl's verdict in the same environment: the stderr of `get pods`, or '' when it worked. */
function kubectlSays(kubeconfig: string, env: Record<string, string>): string {
  const r = spawnSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'pods'], {
    env: { ...process.env, ...NO_PROXY_ENV, ...env, KUBECACHEDIR: `${sim.dir}/cache` },
  });
  return r.status === 0 ? '' : r.stderr.toString();
}

// With no CA in the kubeconfig, kubectl trusts the host's roots: SSL_CERT_FILE for the bundle
// file, SSL_CERT_DIR for the directories, the system's otherwise. An empty value is unset.
describe.skipIf(!hasTmux)('the host’s roots, when the kubeconfig names no CA', () => {
  it('SSL_CERT_FILE names the CA: the pods live, as kubectl gets them', async () => {
    const { kubeconfig, caPem } = withoutCa();
    const env = { ...NO_PROXY_ENV, SSL_CERT_FILE: caPem, SSL_CERT_DIR: '' };
    expect(kubectlSays(kubeconfig, env)).toBe('');
    const t = new Terminal(['--kubeconfig', kubeconfig], { env });
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('SSL_CERT_DIR holds the CA as a .pem file: the pods live, as kubectl gets them', async () => {
    const { kubeconfig, caPem } = withoutCa();
    const dir = mkdtempSync(`${sim.dir}/certs-`);
    copyFileSync(caPem, `${dir}/sim-ca.pem`);
    // A directory that does not exist before it, as Go goes on past one.
    const env = { ...NO_PROXY_ENV, SSL_CERT_FILE: '', SSL_CERT_DIR: `${sim.dir}/none:${dir}` };
    expect(kubectlSays(kubeconfig, env)).toBe('');
    const t = new Terminal(['--kubeconfig', kubeconfig], { env });
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('the CA in neither variable nor the system store: unknown authority, as kubectl says', async () => {
    const { kubeconfig } = withoutCa();
    const env = { ...NO_PROXY_ENV, SSL_CERT_FILE: '', SSL_CERT_DIR: '' };
    expect(kubectlSays(kubeconfig, env)).toContain('x509: certificate signed by unknown authority');
    const t = new Terminal(['--kubeconfig', kubeconfig], { width: 140, env });
    await t.waitFor('x509: certificate signed by unknown authority');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
