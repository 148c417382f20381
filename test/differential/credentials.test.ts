// Credentials against both targets, the simulator and (when `npm run cluster:up` has started
// one) the real control plane: a client certificate, a token, a token in a file and an exec
// plugin are each the user the server says they are; a refused token is said in kubectl's
// words; a plugin runs once for many requests at once, and again after a 401.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/connect/kubeconfig.js';
import { KubeError } from '../../src/kube/errors.js';
import { realTarget, simulatorTarget, type Target } from './targets.js';

const real = await realTarget();
// kubectl runs asynchronously: the simulator answers it from this very process.
const run = promisify(execFile);
async function kubectl(
  kubeconfig: string,
  ...args: string[]
): Promise<{ code: number; stderr: string }> {
  try {
    await run('kubectl', ['--kubeconfig', kubeconfig, ...args], {
      env: { ...process.env, KUBECACHEDIR: join(dir, `cache-${Math.random()}`) },
    });
    return { code: 0, stderr: '' };
  } catch (e) {
    const err = e as { code?: number; stderr?: string };
    return { code: err.code ?? 1, stderr: String(err.stderr ?? '') };
  }
}
const dir = mkdtempSync(join(tmpdir(), 'kdeck-credentials-'));

// biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
type Kubeconfig = any;

function suite(name: Target['name'], start: () => Promise<Target>) {
  let t: Target;
  let kc: Kubeconfig;
  const clients: KubeClient[] = [];
  beforeAll(async () => {
    t = await start();
    kc = load(readFileSync(t.kubeconfig, 'utf8'));
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await t?.stop();
  });

  const contextOf = (context: string) => kc.contexts.find((c: Kubeconfig) => c.name === context);
  const userOf = (name: string) => kc.users.find((u: Kubeconfig) => u.name === name).user;
  /** A kubeconfig whose viewer context uses `user` instead. */
  function withViewerAs(user: object): string {
    const copy = structuredClone(kc);
    copy.users.push({ name: 'under-test', user });
    copy.contexts.find((c: Kubeconfig) => c.name === t.viewerContext).context.user = 'under-test';
    copy['current-context'] = t.viewerContext;
    const file = join(dir, `${name}-${Math.random().toString(36).slice(2)}.kubeconfig`);
    writeFileSync(file, dump(copy));
    return file;
  }
  const client = (kubeconfig: string) => {
    const c = new KubeClient(loadKubeConfig({ kubeconfig }));
    clients.push(c);
    return c;
  };
  /** Who the server takes this client for: its 403 names the user. */
  async function whoAmI(c: KubeClient): Promise<string> {
    const e = await c
      .json('/api/v1/namespaces/default/pods/no-such-pod', { method: 'DELETE' })
      .catch((e: KubeError) => e);
    return /User "([^"]+)"/.exec((e as KubeError).message)?.[1] ?? String(e);
  }
  const viewerToken = () => userOf(contextOf(t.viewerContext).context.user).token as string;

  describe(`${name}: who kdeck is`, () => {
    it('a token in the kubeconfig, and the same token in a file', async () => {
      expect(await whoAmI(client(withViewerAs({ token: viewerToken() })))).toBe(t.viewerUser);
      writeFileSync(join(dir, `${name}-token`), `${viewerToken()}\n`);
      expect(await whoAmI(client(withViewerAs({ tokenFile: `${name}-token` })))).toBe(t.viewerUser);
    });

    it('the admin context (client certificates on the real cluster) may read what the viewer may not', async () => {
      const admin = client(t.kubeconfig);
      const nodes = await admin.json<{ items: unknown[] }>('/api/v1/nodes');
      expect(nodes.items.length).toBeGreaterThan(0);
    });

    it('impersonation: the admin acting as the viewer is the viewer, to kdeck as to kubectl', async () => {
      const copy = structuredClone(kc);
      const admin = contextOf(t.adminContext).context.user;
      copy.users.find((u: Kubeconfig) => u.name === admin).user.as = t.viewerUser;
      copy['current-context'] = t.adminContext;
      const file = join(dir, `${name}-impersonating.kubeconfig`);
      writeFileSync(file, dump(copy));
      expect(await whoAmI(client(file))).toBe(t.viewerUser);
      const said = await kubectl(file, 'delete', 'pod', 'no-such-pod');
      expect(said.stderr).toContain(`User "${t.viewerUser}" cannot delete resource "pods"`);
    });

    it('a refused token is said in kubectl words', async () => {
      const file = withViewerAs({ token: 'not-a-token' });
      const e = await client(file)
        .json('/api/v1/namespaces/default/pods')
        .catch((e: KubeError) => e);
      // The same request (kubectl's discovery, which words a 401 otherwise, is not involved).
      const said = await kubectl(file, 'get', '--raw', '/api/v1/namespaces/default/pods');
      expect(e).toBeInstanceOf(KubeError);
      expect((e as KubeError).code).toBe(401);
      // Its last line (discovery logs its own complaints before it).
      expect(said.stderr.trim().split('\n').at(-1)).toBe(`error: ${(e as KubeError).message}`);
    });

    it('an exec plugin: one run for parallel requests, one more after a 401', async () => {
      // The first run answers a token the server refuses, later runs the viewer's.
      const runs = join(dir, `${name}-runs`);
      const plugin = join(dir, `${name}-plugin`);
      const answer = (token: string) =>
        JSON.stringify({
          apiVersion: 'client.authentication.k8s.io/v1',
          kind: 'ExecCredential',
          status: { token },
        });
      writeFileSync(join(dir, `${name}-bad`), answer('not-a-token'));
      writeFileSync(join(dir, `${name}-good`), answer(viewerToken()));
      writeFileSync(
        plugin,
        `#!/bin/sh\necho run >> ${runs}\nif [ "$(wc -l < ${runs})" -eq 1 ]; then cat ${dir}/${name}-bad; else cat ${dir}/${name}-good; fi\n`,
      );
      chmodSync(plugin, 0o755);
      writeFileSync(runs, '');
      const c = client(
        withViewerAs({
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: plugin,
            interactiveMode: 'Never',
          },
        }),
      );
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          c.json<{ kind: string }>('/api/v1/namespaces/default/pods'),
        ),
      );
      expect(answers.map((a) => a.kind)).toEqual(Array(8).fill('PodList'));
      expect(readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(2);
      expect(await whoAmI(c)).toBe(t.viewerUser);
      expect(readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(2);
    });

    it('kubectl gives the plugin the same KUBERNETES_EXEC_INFO as kdeck does', async () => {
      const seen = join(dir, `${name}-exec-info`);
      const plugin = join(dir, `${name}-info-plugin`);
      writeFileSync(
        plugin,
        `#!/bin/sh\nprintf '%s' "$KUBERNETES_EXEC_INFO" >> ${seen}\necho >> ${seen}\ncat <<EOF\n{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${viewerToken()}"}}\nEOF\n`,
      );
      chmodSync(plugin, 0o755);
      writeFileSync(seen, '');
      const file = withViewerAs({
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: plugin,
          interactiveMode: 'Never',
          provideClusterInfo: true,
        },
      });
      expect(await kubectl(file, 'get', 'pods', '-o', 'name')).toEqual({ code: 0, stderr: '' });
      await client(file).json('/api/v1/namespaces/default/pods');
      // The variable ends with a newline of its own, as client-go writes it.
      const [fromKubectl, fromKdeck] = readFileSync(seen, 'utf8').split('\n').filter(Boolean);
      expect(JSON.parse(fromKdeck)).toEqual(JSON.parse(fromKubectl));
    });
  });
}

suite('simulator', simulatorTarget);
if (typeof real === 'string') describe.skip(`real: ${real}`, () => {});
else suite('real', async () => real);
