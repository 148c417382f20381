// KUBECONFIG lists merge as kubectl merges them: kdeck resolves the same context, cluster,
// server, user and namespace as `kubectl config view --minify --flatten`; relative paths are
// read against the file that names them, and a user's tokenFile is used.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import { loadKubeConfig } from '../../src/kube/connect/kubeconfig.js';
import { deployments } from '../../src/resources/deployments.js';
import { startTestCluster, type TestCluster } from '../helpers/sim.js';

const dir = mkdtempSync(join(tmpdir(), 'kdeck-merge-'));
const file = (name: string, doc: object) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, dump({ apiVersion: 'v1', kind: 'Config', ...doc }));
  return path;
};
writeFileSync(join(dir, 'ca.pem'), 'not really a certificate\n');
mkdirSync(join(dir, 'sub'), { recursive: true });
writeFileSync(join(dir, 'sub', 'token'), 'token-from-a-file\n');

// a: the cluster and user, no current-context; b: a namesake cluster and user (they lose),
// another context, and the current-context.
const a = file('a', {
  clusters: [
    {
      name: 'one',
      cluster: { server: 'https://one.example:6443', 'certificate-authority': 'ca.pem' },
    },
  ],
  users: [{ name: 'me', user: { tokenFile: 'sub/token' } }],
  contexts: [{ name: 'ctx-a', context: { cluster: 'one', user: 'me', namespace: 'team-a' } }],
});
const b = file('b/b', {
  clusters: [
    { name: 'one', cluster: { server: 'https://impostor.example:6443' } },
    { name: 'two', cluster: { server: 'https://two.example:6443' } },
  ],
  users: [{ name: 'me', user: { token: 'from-b' } }],
  contexts: [{ name: 'ctx-b', context: { cluster: 'two', user: 'me' } }],
  'current-context': 'ctx-a',
});

function kubectlView(kubeconfig: string, context?: string) {
  const out = execFileSync(
    'kubectl',
    [
      'config',
      'view',
      '--minify',
      '--flatten',
      '-o',
      'json',
      ...(context ? ['--context', context] : []),
    ],
    { env: { ...process.env, KUBECONFIG: kubeconfig } },
  ).toString();
  const v = JSON.parse(out);
  const ctx = v.contexts[0];
  return {
    context: context ?? v['current-context'],
    cluster: ctx.context.cluster,
    user: ctx.context.user,
    server: v.clusters[0].cluster.server,
    namespace: ctx.context.namespace ?? 'default',
  };
}

describe('KUBECONFIG=a:b, as kubectl reads it', () => {
  for (const context of [undefined, 'ctx-b']) {
    it(`resolves ${context ?? 'the current context'} as kubectl does`, () => {
      const kdeck = loadKubeConfig({ context }, { KUBECONFIG: `${a}:${b}` });
      const { context: c, cluster, user, server, namespace } = kdeck;
      expect({ context: c, cluster, user, server, namespace }).toEqual(
        kubectlView(`${a}:${b}`, context),
      );
    });
  }

  it('resolves the CA and the token file named relative to the file that names them', () => {
    const { clusterFields, userFields } = loadKubeConfig({}, { KUBECONFIG: `${a}:${b}` });
    expect(readFileSync(clusterFields['certificate-authority']!, 'utf8')).toBe(
      'not really a certificate\n',
    );
    expect(readFileSync(userFields.tokenFile!, 'utf8')).toBe('token-from-a-file\n');
  });
});

describe('a user whose token is in a file', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startTestCluster();
  });
  afterAll(() => c?.stop());

  it('is who kdeck connects as (not system:anonymous)', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
    const kc = load(readFileSync(c.kubeconfigPath, 'utf8')) as any;
    const admin = kc.users[0];
    writeFileSync(join(dir, 'admin-token'), `${admin.user.token}\n`);
    admin.user = { tokenFile: 'admin-token' };
    const path = join(dir, 'token-file.kubeconfig');
    writeFileSync(path, dump(kc));
    const source = KubeSource.connect({ kubeconfig: path });
    try {
      const d = await source.actions.get({
        resource: deployments,
        namespace: 'default',
        name: 'nginx-server-deployment',
        uid: '',
        resourceVersion: '',
      });
      expect(d.metadata.name).toBe('nginx-server-deployment');
    } finally {
      source.close();
    }
  });
});
