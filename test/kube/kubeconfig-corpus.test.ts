// A corpus of kubeconfigs shaped like those gcloud, aws, az, Rancher, kind, minikube and hands
// write: for each, what kdeck resolves (context, cluster, server, user, namespace, CA, auth
// kind and its material) equals what `kubectl config view --minify --flatten` resolves; and
// where kubectl refuses a kubeconfig before sending anything, kdeck refuses it too.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/kube/client.js';
import {
  ConfigError,
  type LoadedConfig,
  loadKubeConfig,
} from '../../src/kube/connect/kubeconfig.js';

const dir = mkdtempSync(join(tmpdir(), 'kdeck-corpus-'));
mkdirSync(join(dir, 'certs'), { recursive: true });
const PEM = (what: string) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(`not a real ${what}`).toString('base64')}\n-----END CERTIFICATE-----\n`;
writeFileSync(join(dir, 'certs', 'ca.crt'), PEM('ca'));
writeFileSync(join(dir, 'certs', 'client.crt'), PEM('client certificate'));
writeFileSync(join(dir, 'certs', 'client.key'), PEM('client key'));
writeFileSync(join(dir, 'certs', 'token'), 'token-in-a-file\n');
const b64 = (s: string) => Buffer.from(s).toString('base64');

let n = 0;
function file(doc: object, name = `k${++n}`): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, dump({ apiVersion: 'v1', kind: 'Config', ...doc }));
  return path;
}

const cluster = (name: string, fields: object) => ({
  name,
  cluster: { server: `https://${name}.example:6443`, ...fields },
});
const ctx = (name: string, cluster: string, user: string, namespace?: string) => ({
  name,
  context: { cluster, user, ...(namespace ? { namespace } : {}) },
});
const EXEC = {
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  command: 'gke-gcloud-auth-plugin',
  provideClusterInfo: true,
  installHint: 'Install gke-gcloud-auth-plugin for use with kubectl',
};

/** Each case: the KUBECONFIG list and the --context to ask for (undefined: current). */
const CORPUS: { name: string; files: string[]; context?: string }[] = [
  {
    name: 'gcloud: CA data, an exec plugin with provideClusterInfo',
    files: [
      file({
        clusters: [cluster('gke', { 'certificate-authority-data': b64(PEM('gke ca')) })],
        users: [{ name: 'gke-user', user: { exec: EXEC } }],
        contexts: [ctx('gke_proj_zone_c', 'gke', 'gke-user')],
        'current-context': 'gke_proj_zone_c',
      }),
    ],
  },
  {
    name: 'aws eks: exec with args and env, a context namespace',
    files: [
      file({
        clusters: [cluster('eks', { 'certificate-authority-data': b64(PEM('eks ca')) })],
        users: [
          {
            name: 'eks-user',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1beta1',
                command: 'aws',
                args: ['--region', 'eu-west-1', 'eks', 'get-token', '--cluster-name', 'prod'],
                env: [{ name: 'AWS_PROFILE', value: 'prod' }],
              },
            },
          },
        ],
        contexts: [ctx('arn:aws:eks:eu-west-1:1:cluster/prod', 'eks', 'eks-user', 'payments')],
        'current-context': 'arn:aws:eks:eu-west-1:1:cluster/prod',
      }),
    ],
  },
  {
    name: 'az / kubelogin: exec v1 with interactiveMode',
    files: [
      file({
        clusters: [cluster('aks', { 'certificate-authority-data': b64(PEM('aks ca')) })],
        users: [
          {
            name: 'aks-user',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: 'kubelogin',
                args: ['get-token', '--login', 'devicecode'],
                interactiveMode: 'IfAvailable',
              },
            },
          },
        ],
        contexts: [ctx('aks', 'aks', 'aks-user')],
        'current-context': 'aks',
      }),
    ],
  },
  {
    name: 'Rancher: a token, a server path, tls-server-name',
    files: [
      file({
        clusters: [
          {
            name: 'rancher',
            cluster: {
              server: 'https://rancher.example/k8s/clusters/c-m-abc',
              'tls-server-name': 'rancher.internal',
              'certificate-authority-data': b64(PEM('rancher ca')),
            },
          },
        ],
        users: [{ name: 'rancher-user', user: { token: 'kubeconfig-u-abc:secret' } }],
        contexts: [ctx('rancher', 'rancher', 'rancher-user')],
        'current-context': 'rancher',
      }),
    ],
  },
  {
    name: 'kind: client certificate and key data',
    files: [
      file({
        clusters: [cluster('kind-kind', { 'certificate-authority-data': b64(PEM('kind ca')) })],
        users: [
          {
            name: 'kind-kind',
            user: {
              'client-certificate-data': b64(PEM('kind cert')),
              'client-key-data': b64(PEM('kind key')),
            },
          },
        ],
        contexts: [ctx('kind-kind', 'kind-kind', 'kind-kind')],
        'current-context': 'kind-kind',
      }),
    ],
  },
  {
    name: 'minikube: certificate files named relative to the kubeconfig',
    files: [
      file(
        {
          clusters: [cluster('minikube', { 'certificate-authority': '../certs/ca.crt' })],
          users: [
            {
              name: 'minikube',
              user: {
                'client-certificate': '../certs/client.crt',
                'client-key': '../certs/client.key',
              },
            },
          ],
          contexts: [ctx('minikube', 'minikube', 'minikube', 'default')],
          'current-context': 'minikube',
        },
        'minikube/config',
      ),
    ],
  },
  {
    name: 'by hand: a token file, insecure-skip-tls-verify, a proxy',
    files: [
      file({
        clusters: [
          cluster('lab', {
            'insecure-skip-tls-verify': true,
            'proxy-url': 'socks5://127.0.0.1:1080',
          }),
        ],
        users: [{ name: 'me', user: { tokenFile: 'certs/token' } }],
        contexts: [ctx('lab', 'lab', 'me', 'team')],
        'current-context': 'lab',
      }),
    ],
  },
  {
    name: 'by hand: username and password, oidc beside',
    files: [
      file({
        clusters: [cluster('old', {})],
        users: [
          { name: 'basic', user: { username: 'admin', password: 'secret' } },
          {
            name: 'sso',
            user: {
              'auth-provider': {
                name: 'oidc',
                config: { 'client-id': 'k', 'id-token': 'a.b.c', 'idp-issuer-url': 'https://x' },
              },
            },
          },
        ],
        contexts: [ctx('old', 'old', 'basic'), ctx('sso', 'old', 'sso')],
        'current-context': 'old',
      }),
    ],
  },
];

// Merges: the same names in several files, current-context only in a later one.
const first = file({
  clusters: [cluster('shared', { 'certificate-authority': 'certs/ca.crt' })],
  users: [{ name: 'shared-user', user: { tokenFile: 'certs/token' } }],
  contexts: [ctx('one', 'shared', 'shared-user', 'first-ns')],
});
const second = file(
  {
    clusters: [cluster('shared', { 'insecure-skip-tls-verify': true }), cluster('other', {})],
    users: [{ name: 'shared-user', user: { token: 'loses' } }],
    contexts: [ctx('one', 'other', 'shared-user'), ctx('two', 'other', 'shared-user')],
    'current-context': 'one',
  },
  'elsewhere/second',
);
CORPUS.push(
  { name: 'KUBECONFIG=a:b: namesakes from b lose, b sets current-context', files: [first, second] },
  { name: 'KUBECONFIG=a:b, a context only b defines', files: [first, second], context: 'two' },
  {
    name: 'KUBECONFIG=b:a: the order decides',
    files: [second, first],
  },
  {
    name: 'a missing file in the list is skipped',
    files: [join(dir, 'missing'), first, second],
  },
);

// biome-ignore lint/suspicious/noExplicitAny: kubeconfig JSON
type Json = any;

/** The auth kind and its material, as the flattened kubeconfig user says it. */
function authOf(user: Json) {
  const u = user ?? {};
  const decode = (data?: string) => (data ? Buffer.from(data, 'base64').toString() : undefined);
  return {
    kind: u.token
      ? 'token'
      : u.tokenFile
        ? 'tokenFile'
        : u.username
          ? 'basic'
          : u.exec
            ? 'exec'
            : u['auth-provider']
              ? 'auth-provider'
              : 'none',
    token: u.token,
    // kubectl shows the path as written; which file it names is checked by kubeconfig-merge.
    tokenFile: u.tokenFile?.split('/').at(-1),
    username: u.username,
    cert: decode(u['client-certificate-data']),
    key: decode(u['client-key-data']),
    exec: u.exec
      ? { command: u.exec.command, args: u.exec.args ?? null, env: u.exec.env ?? null }
      : undefined,
    authProvider: u['auth-provider']?.name,
  };
}

function kubectlResolves(files: string[], context?: string) {
  const out = execFileSync(
    'kubectl',
    [
      'config',
      'view',
      '--minify',
      '--flatten',
      '--raw',
      '-o',
      'json',
      ...(context ? ['--context', context] : []),
    ],
    { env: { ...process.env, KUBECONFIG: files.join(':') } },
  ).toString();
  const v = JSON.parse(out);
  const c = v.contexts[0];
  const cl = v.clusters[0].cluster;
  return {
    context: c.name,
    cluster: c.context.cluster,
    user: c.context.user,
    namespace: c.context.namespace ?? 'default',
    server: cl.server,
    ca: cl['certificate-authority-data']
      ? Buffer.from(cl['certificate-authority-data'], 'base64').toString()
      : undefined,
    insecure: cl['insecure-skip-tls-verify'] ?? false,
    tlsServerName: cl['tls-server-name'],
    proxyUrl: cl['proxy-url'],
    auth: authOf(v.users[0].user),
  };
}

function kdeckResolves(cfg: LoadedConfig) {
  const c = cfg.clusterFields;
  const u = { ...cfg.userFields };
  const read = (path?: string) => (path ? readFileSync(path, 'utf8') : undefined);
  // kubectl --flatten embeds files as data; kdeck reads them where it needs them.
  const flat: Json = { ...u };
  for (const [f, data] of [
    ['client-certificate', 'client-certificate-data'],
    ['client-key', 'client-key-data'],
  ] as const) {
    if (u[f]) flat[data] = Buffer.from(read(u[f])!).toString('base64');
    delete flat[f];
  }
  return {
    context: cfg.context,
    cluster: cfg.cluster,
    user: cfg.user,
    namespace: cfg.namespace,
    server: cfg.server,
    ca: c['certificate-authority-data']
      ? Buffer.from(c['certificate-authority-data'], 'base64').toString()
      : read(c['certificate-authority']),
    insecure: c['insecure-skip-tls-verify'] ?? false,
    tlsServerName: c['tls-server-name'],
    proxyUrl: c['proxy-url'],
    auth: authOf(flat),
  };
}

describe('a corpus of kubeconfigs resolves as kubectl resolves it', () => {
  for (const c of CORPUS) {
    it(c.name, () => {
      const cfg = loadKubeConfig({ context: c.context }, { KUBECONFIG: c.files.join(':') });
      expect(kdeckResolves(cfg)).toEqual(kubectlResolves(c.files, c.context));
    });
  }
  it('other contexts of a kubeconfig, too', () => {
    const files = CORPUS.find((c) => c.name.startsWith('by hand: username'))!.files;
    const cfg = loadKubeConfig({ context: 'sso' }, { KUBECONFIG: files.join(':') });
    expect(kdeckResolves(cfg)).toEqual(kubectlResolves(files, 'sso'));
  });
});

/** Whether kubectl refuses the kubeconfig before it sends anything (the server is unreachable). */
function kubectlRefuses(path: string): string | undefined {
  const r = spawnSync('kubectl', ['get', 'ns', '--request-timeout=2s'], {
    env: { ...process.env, KUBECONFIG: path },
  });
  const err = r.stderr.toString();
  return /refused|Unable to connect|dial tcp|timeout/i.test(err) ? undefined : err.trim();
}

function kdeckRefuses(path: string): string | undefined {
  try {
    new KubeClient(loadKubeConfig({}, { KUBECONFIG: path })).close();
    return undefined;
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
}

describe('kubeconfigs kubectl refuses before sending anything', () => {
  const unreachable = { server: 'https://127.0.0.1:1' };
  const refused: [string, object, object?][] = [
    ['a token and a password', { token: 'a', username: 'u', password: 'p' }],
    ['a token file and a password', { tokenFile: join(dir, 'certs', 'token'), username: 'u' }],
    ['a certificate without its key', { 'client-certificate-data': b64(PEM('c')) }],
    [
      'an exec plugin and an auth provider',
      {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: 'x',
          interactiveMode: 'Never',
        },
        'auth-provider': { name: 'oidc' },
      },
    ],
    [
      'exec v1 without interactiveMode',
      { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'x' } },
    ],
    ['a token file that is not there', { tokenFile: join(dir, 'no-such-token') }],
    [
      'a CA beside insecure-skip-tls-verify',
      { token: 'a' },
      { 'insecure-skip-tls-verify': true, 'certificate-authority-data': b64(PEM('ca')) },
    ],
    [
      'a certificate given twice, as a file and as data',
      {
        'client-certificate': join(dir, 'certs', 'client.crt'),
        'client-certificate-data': b64(PEM('c')),
        'client-key': join(dir, 'certs', 'client.key'),
      },
    ],
    [
      'a key given twice',
      {
        'client-certificate-data': b64(PEM('c')),
        'client-key': join(dir, 'certs', 'client.key'),
        'client-key-data': b64(PEM('k')),
      },
    ],
    [
      'a CA given twice',
      { token: 'a' },
      {
        'certificate-authority': join(dir, 'certs', 'ca.crt'),
        'certificate-authority-data': b64(PEM('ca')),
      },
    ],
    ['a CA that is not PEM', { token: 'a' }, { 'certificate-authority-data': b64('hello') }],
    [
      'a CA file that is not there',
      { token: 'a' },
      { 'certificate-authority': join(dir, 'no-such-ca.crt') },
    ],
    [
      'certificate data that is not PEM',
      { 'client-certificate-data': b64('x'), 'client-key-data': b64(PEM('k')) },
    ],
    [
      'key data that is not PEM',
      { 'client-certificate-data': b64(PEM('c')), 'client-key-data': b64('x') },
    ],
  ];
  for (const [name, user, clusterFields] of refused) {
    it(name, () => {
      const path = file({
        clusters: [{ name: 'c', cluster: { ...unreachable, ...clusterFields } }],
        users: [{ name: 'u', user }],
        contexts: [ctx('x', 'c', 'u')],
        'current-context': 'x',
      });
      const kubectl = kubectlRefuses(path);
      expect(kubectl, 'kubectl refuses it').toBeTruthy();
      // In kubectl's words: its last line, without its "error: ".
      const words = kubectl!
        .split('\n')
        .at(-1)!
        .replace(/^error: /, '');
      expect(kdeckRefuses(path)).toBe(words);
    });
  }
  it('and accepts what kubectl accepts: a token beside an exec plugin (the token is used)', () => {
    const path = file({
      clusters: [{ name: 'c', cluster: unreachable }],
      users: [
        {
          name: 'u',
          user: {
            token: 'a',
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              command: 'x',
              interactiveMode: 'Never',
            },
          },
        },
      ],
      contexts: [ctx('x', 'c', 'u')],
      'current-context': 'x',
    });
    expect(kubectlRefuses(path)).toBeUndefined();
    expect(kdeckRefuses(path)).toBeUndefined();
  });
});
