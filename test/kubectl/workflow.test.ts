// The tutorial's workflow with the real kubectl against the simulator: create -f, apply
// (client-side and server-side, its conflicts and --force-conflicts, dry runs), edit with an
// EDITOR script, set image, rollout history and undo, delete -f, and a rollout that stalls
// past its deadline. Each is checked by what kubectl prints and by the object after; the
// words and managers are those kube-apiserver 1.36 gives (compared by hand on a real control
// plane; the conflict answer is also in the differential suite).
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { k8sProtoFile } from '../../scripts/k8s-proto.ts';
import { kindOf } from '../../src/sim/kinds.js';
import type { Obj } from '../../src/sim/types.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const DEPLOY = kindOf('Deployment');
const RS = kindOf('ReplicaSet');
const NS = 'workflow';

let c: TestCluster;
let dir: string;

/** A Deployment manifest `web` with the replicas and image asked for (and more, when given). */
function manifest(name: string, replicas: number, image: string, extra = ''): string {
  const file = join(
    dir,
    `${name}-${replicas}-${image.replace(/\W/g, '_')}${extra ? '-x' : ''}.yaml`,
  );
  writeFileSync(
    file,
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${NS}
spec:
  replicas: ${replicas}
${extra}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports:
        - containerPort: 80
`,
  );
  return file;
}

const live = (name: string) => c.sim.cluster.store.get(DEPLOY, NS, name) as Obj;
const image = (name: string) => live(name).spec.template.spec.containers[0].image;
/** Who owns what: `manager operation[/subresource]` of each managedFields entry. */
const managers = (name: string) =>
  (live(name).metadata.managedFields as Obj[]).map(
    (m) => `${m.manager} ${m.operation}${m.subresource ? `/${m.subresource}` : ''}`,
  );
const owns = (name: string, manager: string, operation = 'Update') =>
  (live(name).metadata.managedFields as Obj[]).find(
    (m) => m.manager === manager && m.operation === operation && !m.subresource,
  )?.fieldsV1;
const revisions = (name: string) =>
  c.sim.cluster.store
    .list(RS, NS)
    .filter((r) => r.metadata.ownerReferences?.[0]?.name === name)
    .map((r) => ({
      revision: r.metadata.annotations['deployment.kubernetes.io/revision'],
      history: r.metadata.annotations['deployment.kubernetes.io/revision-history'],
      image: r.spec.template.spec.containers[0].image,
      replicas: r.spec.replicas,
    }))
    .sort((a, b) => Number(a.revision) - Number(b.revision));

async function rolledOut(name: string) {
  const r = await c.kubectl(['rollout', 'status', '-n', NS, `deployment/${name}`, '--timeout=30s']);
  expect(r.stdout).toContain(`deployment "${name}" successfully rolled out`);
}

beforeAll(async () => {
  // kubectl's typed reads (rollout history, undo) may send protobuf: the simulator reads it
  // with the build's schema, as in kubectl.test.ts.
  try {
    process.env.KDECK_K8S_PROTO_FILE ??= k8sProtoFile();
  } catch (e) {
    console.warn(`kubectl suite: no protobuf schema: ${(e as Error).message}`);
  }
  dir = mkdtempSync(join(tmpdir(), 'kdeck-workflow-'));
  c = await startTestCluster({ tutorial: false });
  expect((await c.kubectl(['create', 'namespace', NS])).code).toBe(0);
});
afterAll(async () => {
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl create -f and delete -f', () => {
  it('creates, then answers AlreadyExists; deletes, then answers NotFound', async () => {
    const file = manifest('made', 2, 'nginx:1.14.2');
    const first = await c.kubectl(['create', '-f', file]);
    expect(first.stdout.trim()).toBe('deployment.apps/made created');
    expect(managers('made')).toContain('kubectl-create Update');
    const again = await c.kubectl(['create', '-f', file]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(
      `Error from server (AlreadyExists): error when creating "${file}": deployments.apps "made" already exists`,
    );
    const del = await c.kubectl(['delete', '-f', file]);
    expect(del.stdout.trim()).toBe('deployment.apps "made" deleted');
    await eventually(() => !c.sim.cluster.store.get(DEPLOY, NS, 'made'));
    const gone = await c.kubectl(['delete', '-f', file]);
    expect(gone.code).toBe(1);
    expect(gone.stderr.trim()).toBe(
      `Error from server (NotFound): error when deleting "${file}": deployments.apps "made" not found`,
    );
  });

  it('--dry-run=server creates and deletes nothing', async () => {
    const file = manifest('dry', 1, 'nginx:1.14.2');
    const created = await c.kubectl(['create', '--dry-run=server', '-f', file]);
    expect(created.stdout.trim()).toBe('deployment.apps/dry created (server dry run)');
    expect(c.sim.cluster.store.get(DEPLOY, NS, 'dry')).toBeUndefined();
    await c.kubectl(['create', '-f', file]);
    // Settled first: the controllers write its status until then.
    await rolledOut('dry');
    const rv = live('dry').metadata.resourceVersion;
    const deleted = await c.kubectl(['delete', '--dry-run=server', '-f', file]);
    expect(deleted.stdout.trim()).toBe('deployment.apps "dry" deleted (server dry run)');
    expect(live('dry').metadata.resourceVersion).toBe(rv);
  });
});

describe('kubectl apply --server-side', () => {
  it("meets kubectl create's fields: the conflict as kube-apiserver words it, and nothing changes", async () => {
    await c.kubectl(['create', '-f', manifest('web', 2, 'nginx:1.14.2')]);
    await rolledOut('web');
    const before = live('web').metadata.resourceVersion;
    const r = await c.kubectl([
      'apply',
      '--server-side',
      '--field-manager=kdeck',
      '-f',
      manifest('web', 3, 'nginx:1.16.1'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      [
        'error: Apply failed with 2 conflicts: conflicts with "kubectl-create" using apps/v1:',
        '- .spec.replicas',
        '- .spec.template.spec.containers[name="nginx"].image',
        'Please review the fields above--they currently have other managers.',
      ].join('\n'),
    );
    expect(live('web').metadata.resourceVersion).toBe(before);
    expect(live('web').spec.replicas).toBe(2);
  });

  it('with the values the object has, shares the fields: no conflict', async () => {
    const r = await c.kubectl([
      'apply',
      '--server-side',
      '--field-manager=kdeck',
      '-f',
      manifest('web', 2, 'nginx:1.14.2'),
    ]);
    expect(r.stdout.trim()).toBe('deployment.apps/web serverside-applied');
    expect(owns('web', 'kdeck', 'Apply')?.['f:spec']?.['f:replicas']).toEqual({});
    expect(owns('web', 'kubectl-create')?.['f:spec']?.['f:replicas']).toEqual({});
  });

  it('--dry-run=server answers the change and stores nothing', async () => {
    await rolledOut('web');
    const rv = live('web').metadata.resourceVersion;
    const r = await c.kubectl([
      'apply',
      '--server-side',
      '--field-manager=kdeck',
      '--force-conflicts',
      '--dry-run=server',
      '-f',
      manifest('web', 4, 'nginx:1.16.1'),
    ]);
    expect(r.stdout.trim()).toBe('deployment.apps/web serverside-applied (server dry run)');
    expect(live('web').metadata.resourceVersion).toBe(rv);
    expect(live('web').spec.replicas).toBe(2);
  });

  it('--force-conflicts takes the fields from kubectl create', async () => {
    const r = await c.kubectl([
      'apply',
      '--server-side',
      '--field-manager=kdeck',
      '--force-conflicts',
      '-f',
      manifest('web', 3, 'nginx:1.16.1'),
    ]);
    expect(r.stdout.trim()).toBe('deployment.apps/web serverside-applied');
    expect(live('web').spec.replicas).toBe(3);
    expect(image('web')).toBe('nginx:1.16.1');
    const containers = (m: Obj | undefined) =>
      m?.['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"nginx"}'];
    expect(containers(owns('web', 'kdeck', 'Apply'))).toHaveProperty('f:image');
    expect(containers(owns('web', 'kubectl-create'))).not.toHaveProperty('f:image');
    expect(owns('web', 'kubectl-create')?.['f:spec']).not.toHaveProperty('f:replicas');
    await rolledOut('web');
  });

  it('removes what the same manager applied before and leaves out now', async () => {
    const labelled = manifest('web', 3, 'nginx:1.16.1', '  minReadySeconds: 1\n');
    await c.kubectl(['apply', '--server-side', '--field-manager=kdeck', '-f', labelled]);
    expect(live('web').spec.minReadySeconds).toBe(1);
    const r = await c.kubectl([
      'apply',
      '--server-side',
      '--field-manager=kdeck',
      '-f',
      manifest('web', 3, 'nginx:1.16.1'),
    ]);
    expect(r.stdout.trim()).toBe('deployment.apps/web serverside-applied');
    expect(live('web').spec.minReadySeconds).toBeUndefined();
  });

  it('creates an object that is not there', async () => {
    const r = await c.kubectl([
      'apply',
      '--server-side',
      '-f',
      manifest('fresh', 1, 'nginx:1.14.2'),
    ]);
    expect(r.stdout.trim()).toBe('deployment.apps/fresh serverside-applied');
    expect(managers('fresh')[0]).toBe('kubectl Apply');
  });
});

describe('kubectl apply --server-side after kubectl apply', () => {
  it("takes over client-side apply's fields whose values it last applied; a field changed since is a conflict", async () => {
    expect((await c.kubectl(['apply', '-f', manifest('csa', 2, 'nginx:1.14.2')])).code).toBe(0);
    const upgraded = await c.kubectl([
      'apply',
      '--server-side',
      '-f',
      manifest('csa', 2, 'nginx:1.15'),
    ]);
    expect(upgraded.stdout.trim()).toBe('deployment.apps/csa serverside-applied');
    expect(image('csa')).toBe('nginx:1.15');
    // The annotation follows what kubectl applied server-side.
    expect(
      JSON.parse(
        live('csa').metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'],
      ).spec.template.spec.containers[0].image,
    ).toBe('nginx:1.15');
    await c.kubectl(['scale', '-n', NS, 'deployment/csa', '--replicas=3']);
    const r = await c.kubectl(['apply', '--server-side', '-f', manifest('csa', 5, 'nginx:1.15')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
    );
  });
});

describe('kubectl edit, set image, rollout history and undo', () => {
  it('edit sends what the EDITOR script wrote, as kubectl-edit', async () => {
    const editor = join(dir, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/replicas: 3/replicas: 4/" "$1"\n');
    chmodSync(editor, 0o755);
    const r = await kubectlWith({ EDITOR: editor }, ['edit', '-n', NS, 'deployment/web']);
    expect(r.stdout.trim()).toBe('deployment.apps/web edited');
    expect(live('web').spec.replicas).toBe(4);
    expect(owns('web', 'kubectl-edit')).toEqual({ 'f:spec': { 'f:replicas': {} } });
    // The replicas were kdeck's by apply: an edit is an update, and takes them.
    expect(owns('web', 'kdeck', 'Apply')?.['f:spec']).not.toHaveProperty('f:replicas');
  });

  it('an edit that changes nothing is cancelled, and nothing is sent', async () => {
    await rolledOut('web');
    const rv = live('web').metadata.resourceVersion;
    const r = await kubectlWith({ EDITOR: 'true' }, ['edit', '-n', NS, 'deployment/web']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe('Edit cancelled, no changes made.');
    expect(live('web').metadata.resourceVersion).toBe(rv);
  });

  it('set image starts a rollout: a new ReplicaSet with the next revision and the change-cause', async () => {
    await rolledOut('web');
    await c.kubectl([
      'annotate',
      '-n',
      NS,
      'deployment/web',
      'kubernetes.io/change-cause=nginx 1.25 for the demo',
    ]);
    const r = await c.kubectl(['set', 'image', '-n', NS, 'deployment/web', 'nginx=nginx:1.25']);
    expect(r.stdout.trim()).toBe('deployment.apps/web image updated');
    expect(owns('web', 'kubectl-set')).toEqual({
      'f:spec': {
        'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"nginx"}': { 'f:image': {} } } } },
      },
    });
    await rolledOut('web');
    // Revision 1 was kubectl create's nginx:1.14.2, 2 the forced apply's nginx:1.16.1.
    expect(revisions('web')).toEqual([
      { revision: '1', history: undefined, image: 'nginx:1.14.2', replicas: 0 },
      { revision: '2', history: undefined, image: 'nginx:1.16.1', replicas: 0 },
      { revision: '3', history: undefined, image: 'nginx:1.25', replicas: 4 },
    ]);
    expect(live('web').metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    const history = await c.kubectl(['rollout', 'history', '-n', NS, 'deployment/web']);
    expect(
      history.stdout
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s{2,}/)),
    ).toEqual([
      ['deployment.apps/web'],
      ['REVISION', 'CHANGE-CAUSE'],
      ['1', '<none>'],
      // Annotated while 2 was current: the controller copied it there too, as the real one does.
      ['2', 'nginx 1.25 for the demo'],
      ['3', 'nginx 1.25 for the demo'],
    ]);
  });

  it('rollout undo takes the previous ReplicaSet back under the next revision', async () => {
    const r = await c.kubectl(['rollout', 'undo', '-n', NS, 'deployment/web']);
    expect(r.stdout.trim()).toBe('deployment.apps/web rolled back');
    expect(image('web')).toBe('nginx:1.16.1');
    // kubectl sends the undo without a fieldManager: the server names it after the User-Agent.
    expect(managers('web')).toContain('kubectl Update');
    await rolledOut('web');
    expect(revisions('web')).toEqual([
      { revision: '1', history: undefined, image: 'nginx:1.14.2', replicas: 0 },
      { revision: '3', history: undefined, image: 'nginx:1.25', replicas: 0 },
      { revision: '4', history: '2', image: 'nginx:1.16.1', replicas: 4 },
    ]);
    const history = await c.kubectl(['rollout', 'history', '-n', NS, 'deployment/web']);
    expect(history.stdout.match(/^\d+/gm)).toEqual(['1', '3', '4']);
  });

  it('rollout undo --to-revision: a revision taken back is gone; the first one is there', async () => {
    // Revision 2 became 4 when it was taken back.
    const gone = await c.kubectl([
      'rollout',
      'undo',
      '-n',
      NS,
      'deployment/web',
      '--to-revision=2',
    ]);
    expect(gone.code).toBe(1);
    expect(gone.stderr.trim()).toBe('error: unable to find specified revision 2 in history');
    const r = await c.kubectl(['rollout', 'undo', '-n', NS, 'deployment/web', '--to-revision=1']);
    expect(r.stdout.trim()).toBe('deployment.apps/web rolled back');
    await rolledOut('web');
    expect(image('web')).toBe('nginx:1.14.2');
    expect(revisions('web').at(-1)).toEqual({
      revision: '5',
      history: '1',
      image: 'nginx:1.14.2',
      replicas: 4,
    });
    const one = await c.kubectl(['rollout', 'history', '-n', NS, 'deployment/web', '--revision=5']);
    expect(one.stdout).toContain('deployment.apps/web with revision #5');
    expect(one.stdout).toMatch(/Image:\s+nginx:1\.14\.2/);
  });

  it('keeps revisionHistoryLimit old ReplicaSets once a rollout completes', async () => {
    await c.kubectl([
      'create',
      '-f',
      manifest('short', 1, 'nginx:1.14.2', '  revisionHistoryLimit: 1\n'),
    ]);
    await rolledOut('short');
    for (const v of ['1.15', '1.16', '1.17']) {
      await c.kubectl(['set', 'image', '-n', NS, 'deployment/short', `nginx=nginx:${v}`]);
      await rolledOut('short');
    }
    const history = await eventually(async () => {
      const out = (await c.kubectl(['rollout', 'history', '-n', NS, 'deployment/short'])).stdout;
      const revs = out.match(/^\d+/gm);
      return revs?.length === 2 && revs;
    });
    expect(history).toEqual(['3', '4']);
  });

  it('a rollout to an image that does not exist stalls, and exceeds its progress deadline', async () => {
    await c.kubectl([
      'create',
      '-f',
      manifest('stuck', 2, 'nginx:1.14.2', '  progressDeadlineSeconds: 2\n'),
    ]);
    await rolledOut('stuck');
    await c.kubectl(['set', 'image', '-n', NS, 'deployment/stuck', 'nginx=nginx:does-not-exist']);
    const r = await c.kubectl(['rollout', 'status', '-n', NS, 'deployment/stuck', '--timeout=30s']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error: deployment "stuck" exceeded its progress deadline');
    const progressing = (live('stuck').status.conditions as Obj[]).find(
      (x) => x.type === 'Progressing',
    );
    expect(progressing).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: expect.stringMatching(/^ReplicaSet "stuck-[a-z0-9]+" has timed out progressing\.$/),
    });
    // The old pods keep serving: the rollout stopped within maxUnavailable.
    expect(live('stuck').status.availableReplicas).toBe(2);
  });
});

describe('kubectl rollout history and undo of a StatefulSet and a DaemonSet', () => {
  const CR = kindOf('ControllerRevision');
  /** The owner's ControllerRevisions: revision number and the image each holds. */
  const history = (owner: string) =>
    c.sim.cluster.store
      .list(CR, NS)
      .filter((r) => r.metadata.ownerReferences?.[0]?.name === owner)
      .map((r) => [r.revision, r.data.spec.template.spec.containers[0].image])
      .sort((a, b) => a[0] - b[0]);

  it('each template change is a ControllerRevision; undo takes the previous one back as the newest', async () => {
    const file = join(dir, 'sts-ds.yaml');
    writeFileSync(
      file,
      `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ${NS}}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: pg, image: "postgres:16"}]}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: ${NS}}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: "busybox:1.36"}]}
`,
    );
    expect((await c.kubectl(['apply', '-f', file])).code).toBe(0);
    const status = (what: string) =>
      c.kubectl(['rollout', 'status', '-n', NS, what, '--timeout=30s']);
    expect((await status('sts/db')).code).toBe(0);
    await c.kubectl(['annotate', '-n', NS, 'sts/db', 'kubernetes.io/change-cause=pg 17']);
    await c.kubectl(['set', 'image', '-n', NS, 'sts/db', 'pg=postgres:17']);
    expect((await status('sts/db')).stdout).toContain('2 new pods have been updated');
    await c.kubectl(['set', 'image', '-n', NS, 'ds/agent', 'agent=busybox:1.37']);
    expect((await status('ds/agent')).stdout).toContain(
      'daemon set "agent" successfully rolled out',
    );
    expect(history('db')).toEqual([
      [1, 'postgres:16'],
      [2, 'postgres:17'],
    ]);
    const listed = await c.kubectl(['rollout', 'history', '-n', NS, 'sts/db']);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s{2,}/)),
    ).toEqual([
      ['statefulset.apps/db'],
      ['REVISION', 'CHANGE-CAUSE'],
      ['1', '<none>'],
      ['2', 'pg 17'],
    ]);

    expect((await c.kubectl(['rollout', 'undo', '-n', NS, 'sts/db'])).stdout.trim()).toBe(
      'statefulset.apps/db rolled back',
    );
    await status('sts/db');
    expect(history('db')).toEqual([
      [2, 'postgres:17'],
      [3, 'postgres:16'],
    ]);
    const pods = await eventually(() => {
      const images = c.sim.cluster.store
        .list(kindOf('Pod'), NS)
        .filter((p) => p.metadata.labels?.app === 'db' && !p.metadata.deletionTimestamp)
        .map((p) => p.spec.containers[0].image);
      return images.length === 2 && images.every((i) => i === 'postgres:16') && images;
    });
    expect(pods).toHaveLength(2);

    const back = await c.kubectl(['rollout', 'undo', '-n', NS, 'ds/agent', '--to-revision=1']);
    expect(back.stdout.trim()).toBe('daemonset.apps/agent rolled back');
    await status('ds/agent');
    expect(history('agent')).toEqual([
      [2, 'busybox:1.37'],
      [3, 'busybox:1.36'],
    ]);
    const gone = await c.kubectl(['rollout', 'undo', '-n', NS, 'ds/agent', '--to-revision=1']);
    expect(gone.stderr.trim()).toBe('error: unable to find specified revision 1 in history');
    const table = await c.kubectl(['get', 'controllerrevisions', '-n', NS]);
    expect(table.stdout.split('\n')[0].split(/\s{2,}/)).toEqual([
      'NAME',
      'CONTROLLER',
      'REVISION',
      'AGE',
    ]);
    expect(table.stdout).toMatch(/^db-[a-z0-9]+\s+statefulset\.apps\/db\s+3\s/m);
  });
});

function kubectlWith(
  extra: NodeJS.ProcessEnv,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      args,
      { env: { ...c.env, ...extra }, timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}
