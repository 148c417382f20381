// :apply -f against a server that answers as kube-apiserver does where the simulator does not
// yet: a field-manager conflict on the server-side apply's dry run (409, the real body), and
// `f` forcing it. Every request is recorded, so the test sees what was sent and what was not.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import { removedApiHint } from '../../src/kube/removed-apis.js';
import { pageLines } from '../../src/ui/apply-lines.js';
import type { ManifestPage } from '../../src/ui/use-manifests.js';

/**
 * kube-apiserver 1.36's answer to an apply that takes .spec.replicas from kubectl's manager (a
 * StatusCause's type is sent as `reason`: its Go field is CauseType `json:"reason"`).
 */
const CONFLICT = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  reason: 'Conflict',
  code: 409,
  message:
    'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
  details: {
    causes: [
      {
        reason: 'FieldManagerConflict',
        message: 'conflict with "kubectl-client-side-apply" using apps/v1',
        field: '.spec.replicas',
      },
    ],
  },
};

const live = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'hello', namespace: 'default', uid: 'u1', resourceVersion: '7', generation: 1 },
  spec: { replicas: 5, template: { spec: { containers: [{ name: 'web', image: 'nginx:1' }] } } },
  status: { replicas: 5 },
};

const notFound = (name: string) => ({
  kind: 'Status',
  status: 'Failure',
  reason: 'NotFound',
  code: 404,
  message: `deployments.apps "${name}" not found`,
});

const appsV1 = {
  kind: 'APIResourceList',
  groupVersion: 'apps/v1',
  resources: [
    {
      name: 'deployments',
      singularName: 'deployment',
      namespaced: true,
      kind: 'Deployment',
      verbs: ['get', 'list', 'watch', 'patch'],
    },
    { name: 'deployments/scale', namespaced: true, kind: 'Scale', verbs: ['get', 'patch'] },
  ],
};

const busy = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'busy', namespace: 'default', uid: 'u3', resourceVersion: '20' },
  spec: { replicas: 1 },
};
let busyReads = 0;

let server: Server;
let source: KubeSource;
const sent: string[] = [];
/** The DeleteOptions each DELETE carried. */
const deleteBodies: unknown[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const q = url.searchParams;
      sent.push(`${req.method} ${url.pathname}${q.size ? `?${q}` : ''}`);
      const json = (code: number, o: unknown) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      if (url.pathname === '/apis/apps/v1') return json(200, appsV1);
      // An object a controller writes between the first read and the dry run (its revision
      // annotation): the dry run answers from the newer object.
      if (url.pathname === '/apis/apps/v1/namespaces/default/deployments/busy') {
        const written = {
          ...busy,
          metadata: { ...busy.metadata, resourceVersion: '21', annotations: { revision: '2' } },
        };
        if (req.method === 'GET') return json(200, busyReads++ === 0 ? busy : written);
        return json(200, written);
      }
      // An object that is not there yet: the GET finds nothing, the apply would create it.
      if (url.pathname === '/apis/apps/v1/namespaces/default/deployments/fresh') {
        if (req.method === 'GET') return json(404, notFound('fresh'));
        const sentObject = JSON.parse(body);
        return json(201, { ...sentObject, metadata: { ...sentObject.metadata, uid: 'u2' } });
      }
      // Objects to delete: `doomed` may be deleted, `guarded` only read (RBAC).
      const deletable =
        /^\/apis\/apps\/v1\/namespaces\/default\/deployments\/(doomed|guarded)$/.exec(url.pathname);
      if (deletable) {
        const name = deletable[1];
        const object = { ...live, metadata: { ...live.metadata, name, uid: `uid-${name}` } };
        if (req.method === 'GET') return json(200, object);
        if (req.method === 'DELETE') {
          deleteBodies.push(JSON.parse(body));
          if (name === 'guarded')
            return json(403, {
              kind: 'Status',
              status: 'Failure',
              reason: 'Forbidden',
              code: 403,
              message: `deployments.apps "guarded" is forbidden: User "viewer" cannot delete resource "deployments" in API group "apps" in the namespace "default"`,
            });
          return json(200, { kind: 'Status', status: 'Success', code: 200 });
        }
      }
      // One this user may read but not write (RBAC).
      if (url.pathname === '/apis/apps/v1/namespaces/default/deployments/denied') {
        if (req.method === 'GET') return json(404, notFound('denied'));
        return json(403, {
          kind: 'Status',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message:
            'deployments.apps "denied" is forbidden: User "viewer" cannot patch resource "deployments" in API group "apps" in the namespace "default"',
        });
      }
      if (url.pathname === '/apis/apps/v1/namespaces/default/deployments/hello') {
        if (req.method === 'GET') return json(200, live);
        if (req.method === 'PATCH') {
          expect(req.headers['content-type']).toBe('application/apply-patch+yaml');
          if (q.get('force') !== 'true') return json(409, CONFLICT);
          const applied = JSON.parse(body);
          // A dry run writes nothing: the resourceVersion read stays.
          const rv = q.get('dryRun') === 'All' ? '7' : '8';
          return json(200, {
            ...live,
            metadata: { ...live.metadata, resourceVersion: rv, generation: 2 },
            spec: { ...live.spec, replicas: applied.spec.replicas },
          });
        }
      }
      json(404, {
        kind: 'Status',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
        message: 'the server could not find the requested resource',
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kdeck-apply-')), 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]
users: [{name: u, user: {}}]
contexts: [{name: c, context: {cluster: c, user: u, namespace: default}}]
current-context: c
`,
  );
  source = KubeSource.connect({ kubeconfig });
});
afterAll(() => {
  source.close();
  server.close();
});

const manifest = (object: object) => ({ file: 'hello.yaml', line: 1, object });
const hello = manifest({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'hello' },
  spec: { replicas: 2 },
});
const page = (items: ManifestPage['items'], forced = false): ManifestPage => ({
  verb: 'apply',
  path: 'hello.yaml',
  namespace: 'default',
  namespaceFrom: 'view',
  phase: 'preview',
  manifests: [],
  items,
  forced,
  results: [],
});

describe('field-manager conflicts on :apply -f', () => {
  it("shows the server's conflicting fields and managers, having sent only dry runs", async () => {
    sent.length = 0;
    const [item] = await source.manifests.preview('apply', [hello], 'default');
    expect(item.outcome).toBe('conflict');
    expect(item.conflicts).toEqual([
      {
        field: '.spec.replicas',
        message: 'conflict with "kubectl-client-side-apply" using apps/v1',
      },
    ]);
    expect(pageLines(page([item])).map((l) => l.text)).toEqual([
      "deployment.apps/hello conflict (namespace default, the view's): fields another manager owns",
      '    .spec.replicas: conflict with "kubectl-client-side-apply" using apps/v1',
      '    f takes them for kdeck, as kubectl apply --force-conflicts does',
    ]);
    expect(sent.filter((s) => s.startsWith('PATCH'))).toEqual([
      'PATCH /apis/apps/v1/namespaces/default/deployments/hello?fieldManager=kdeck&fieldValidation=Strict&dryRun=All',
    ]);
  });

  it('Enter without f sends nothing for the conflicting object and says the Conflict as kubectl does', async () => {
    const [item] = await source.manifests.preview('apply', [hello], 'default');
    sent.length = 0;
    const lines = await source.manifests.commit('apply', [item]);
    expect(lines).toEqual([
      {
        text: `Error from server (Conflict): error when applying "hello.yaml": ${CONFLICT.message} (not sent; f on the preview forces it)`,
        error: true,
      },
    ]);
    expect(sent).toEqual([]);
  });

  it('f previews with force=true (the change shown), and Enter then applies with it', async () => {
    sent.length = 0;
    const [item] = await source.manifests.preview('apply', [hello], 'default', { force: true });
    expect(item.outcome).toBe('configured');
    expect(item.changes).toEqual(['spec.replicas: 5 → 2']);
    const lines = await source.manifests.commit('apply', [item], { force: true });
    expect(lines).toEqual([{ text: 'deployment.apps/hello configured', error: false }]);
    expect(sent.filter((s) => s.startsWith('PATCH'))).toEqual([
      'PATCH /apis/apps/v1/namespaces/default/deployments/hello?fieldManager=kdeck&fieldValidation=Strict&dryRun=All&force=true',
      'PATCH /apis/apps/v1/namespaces/default/deployments/hello?fieldManager=kdeck&fieldValidation=Strict&force=true',
    ]);
  });

  it('an object not there yet is previewed by a dry-run apply too, and a 403 there is its line', async () => {
    sent.length = 0;
    const progress: string[] = [];
    const items = await source.manifests.preview(
      'apply',
      ['fresh', 'denied'].map((name) =>
        manifest({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name } }),
      ),
      'default',
      { progress: (done, total) => progress.push(`${done}/${total}`) },
    );
    expect(progress).toEqual(['1/2', '2/2']);
    expect(items.map((i) => i.outcome)).toEqual(['created', 'error']);
    expect(items[1].error).toBe(
      'Error from server (Forbidden): error when applying "hello.yaml": deployments.apps "denied" is forbidden: User "viewer" cannot patch resource "deployments" in API group "apps" in the namespace "default"',
    );
    expect(sent.filter((s) => s.startsWith('PATCH'))).toEqual([
      'PATCH /apis/apps/v1/namespaces/default/deployments/fresh?fieldManager=kdeck&fieldValidation=Strict&dryRun=All',
      'PATCH /apis/apps/v1/namespaces/default/deployments/denied?fieldManager=kdeck&fieldValidation=Strict&dryRun=All',
    ]);
    sent.length = 0;
    const lines = await source.manifests.commit('apply', items);
    expect(lines.map((l) => l.text)).toEqual(['deployment.apps/fresh created', items[1].error]);
    expect(sent).toEqual([
      'PATCH /apis/apps/v1/namespaces/default/deployments/fresh?fieldManager=kdeck&fieldValidation=Strict',
    ]);
  });

  it('an object written between its read and the dry run is read again: no change is shown that the apply does not make', async () => {
    sent.length = 0;
    const [item] = await source.manifests.preview(
      'apply',
      [
        manifest({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'busy' },
          spec: { replicas: 1 },
        }),
      ],
      'default',
    );
    expect(item.outcome).toBe('unchanged');
    expect(sent.filter((s) => s.includes('/busy')).map((s) => s.split('?')[0])).toEqual([
      'GET /apis/apps/v1/namespaces/default/deployments/busy',
      'PATCH /apis/apps/v1/namespaces/default/deployments/busy',
      'GET /apis/apps/v1/namespaces/default/deployments/busy',
      'PATCH /apis/apps/v1/namespaces/default/deployments/busy',
    ]);
  });

  it("with -n, an object that names another namespace is refused in kubectl's words", async () => {
    sent.length = 0;
    const [item] = await source.manifests.preview(
      'apply',
      [
        manifest({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'hello', namespace: 'other' },
        }),
      ],
      'default',
      { namespaceGiven: true },
    );
    expect(item.error).toBe(
      `error: the namespace from the provided object "other" does not match the namespace "default". You must pass '--namespace=other' to perform this operation.`,
    );
    // Only discovery was asked: the object itself was neither read nor sent.
    expect(sent).toEqual(['GET /apis/apps/v1']);
    expect(await source.manifests.commit('apply', [item])).toEqual([
      { text: item.error, error: true },
    ]);
  });

  it("a version the server does not serve (404 from discovery) is kubectl's no-matches line, with the hint", async () => {
    const [item] = await source.manifests.preview(
      'apply',
      [
        manifest({
          apiVersion: 'extensions/v1beta1',
          kind: 'Deployment',
          metadata: { name: 'old' },
        }),
      ],
      'default',
    );
    expect(item.error).toBe(
      'error: resource mapping not found for name: "old" namespace: "" from "hello.yaml": no matches for kind "Deployment" in version "extensions/v1beta1"',
    );
    expect(item.hint).toBe(
      'hint: Deployment in extensions/v1beta1 was removed in Kubernetes 1.16; apps/v1 replaced it (where spec.selector is required)',
    );
  });
});

describe(':delete -f', () => {
  const named = (name: string) =>
    manifest({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name } });

  it('asks the server with a dry-run DELETE of each object there (its uid the precondition); a refusal is its line, and only what the server would delete is sent', async () => {
    sent.length = 0;
    deleteBodies.length = 0;
    const items = await source.manifests.preview(
      'delete',
      ['doomed', 'guarded', 'fresh'].map(named),
      'default',
    );
    expect(items.map((i) => i.outcome)).toEqual(['present', 'error', 'absent']);
    expect(items[1].error).toBe(
      'Error from server (Forbidden): error when deleting "hello.yaml": deployments.apps "guarded" is forbidden: User "viewer" cannot delete resource "deployments" in API group "apps" in the namespace "default"',
    );
    expect(sent.filter((s) => s.startsWith('DELETE'))).toEqual([
      'DELETE /apis/apps/v1/namespaces/default/deployments/doomed?dryRun=All',
      'DELETE /apis/apps/v1/namespaces/default/deployments/guarded?dryRun=All',
    ]);
    expect(deleteBodies).toEqual([
      expect.objectContaining({ preconditions: { uid: 'uid-doomed' }, dryRun: ['All'] }),
      expect.objectContaining({ preconditions: { uid: 'uid-guarded' }, dryRun: ['All'] }),
    ]);

    sent.length = 0;
    deleteBodies.length = 0;
    const lines = await source.manifests.commit('delete', items);
    expect(lines).toEqual([
      { text: 'deployment.apps "doomed" deleted', error: false },
      { text: items[1].error, error: true },
      // Never sent: no server error is made up for it.
      { text: 'deployments.apps "fresh" already absent: not sent', error: false },
    ]);
    expect(sent).toEqual(['DELETE /apis/apps/v1/namespaces/default/deployments/doomed']);
    expect(deleteBodies).toEqual([
      {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        preconditions: { uid: 'uid-doomed' },
        propagationPolicy: 'Background',
      },
    ]);
  });
});

describe('the hint for a removed apiVersion', () => {
  it('names what replaced it, and when; nothing for a version never removed', () => {
    expect(removedApiHint('extensions/v1beta1', 'Ingress')).toBe(
      'hint: Ingress in extensions/v1beta1 was removed in Kubernetes 1.22; networking.k8s.io/v1 replaced it',
    );
    expect(removedApiHint('batch/v1beta1', 'CronJob')).toBe(
      'hint: CronJob in batch/v1beta1 was removed in Kubernetes 1.25; batch/v1 replaced it',
    );
    expect(removedApiHint('apps/v1beta2', 'StatefulSet')).toContain(
      'apps/v1 replaced it (where spec.selector is required)',
    );
    expect(removedApiHint('example.com/v1', 'Widget')).toBeUndefined();
    expect(removedApiHint('policy/v1beta1', 'PodSecurityPolicy')).toBeUndefined();
  });
});
