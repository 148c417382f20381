// The differential scenario for field ownership and server-side apply: a Deployment made as
// `kubectl create` makes it, then applied by kdeck: the 422 of an apply without a field
// manager, the 409 of a conflict, a dry run, shared fields, a forced apply, a scale (whose
// manager kdeck's User-Agent names) that a later apply conflicts with, and the managers and
// owned fields each write leaves.
import { expect } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { call, type Target } from './targets.js';

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects as plain JSON
type Obj = Record<string, any>;

const NS = 'kdeck-apply';
const BASE = `/apis/apps/v1/namespaces/${NS}/deployments`;
const APPLY = 'application/apply-patch+yaml';

function deployment(replicas: number, image: string): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image, ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

/** A failure's Status as a client reads it: code, reason, message and its causes. */
const failure = (a: { status: number; body: Obj }) => ({
  status: a.status,
  reason: a.body?.reason,
  message: a.body?.message,
  details: a.body?.details,
});

/**
 * Who owns what, leaving out the controllers' status writes (on a real cluster they land
 * whenever the controller gets to them): `manager operation[/subresource]`, sorted.
 */
const managers = (o: Obj) =>
  (o.metadata.managedFields as Obj[])
    .filter((m) => m.manager !== 'kube-controller-manager')
    .map((m) => `${m.manager} ${m.operation}${m.subresource ? `/${m.subresource}` : ''}`)
    .sort();
const fieldsOf = (o: Obj, manager: string, operation: string) =>
  (o.metadata.managedFields as Obj[]).find(
    (m) => m.manager === manager && m.operation === operation && !m.subresource,
  )?.fieldsV1;

export async function serverSideApply(t: Target): Promise<Observation> {
  const ns = await call(t.admin, '/api/v1/namespaces', {
    method: 'POST',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
  });
  expect([201, 409]).toContain(ns.status);
  // A run cut short may have left it.
  await call(t.admin, `${BASE}/web`, { method: 'DELETE' });
  await eventually(async () => (await call(t.admin, `${BASE}/web`)).status === 404, 20_000);

  const created = await call(t.admin, `${BASE}?fieldManager=kubectl-create`, {
    method: 'POST',
    body: deployment(2, 'nginx:1.14.2'),
  });
  expect(created.status).toBe(201);
  const apply = (query: string, body: Obj) =>
    call(t.admin, `${BASE}/web${query}`, { method: 'PATCH', body, contentType: APPLY });

  const noManager = await apply('', deployment(3, 'nginx:1.16.1'));
  const conflict = await apply('?fieldManager=kdeck', deployment(3, 'nginx:1.16.1'));
  const dry = await apply(
    '?fieldManager=kdeck&force=true&dryRun=All',
    deployment(3, 'nginx:1.16.1'),
  );
  expect(dry.status).toBe(200);
  const afterDry = (await call(t.admin, `${BASE}/web`)).body;
  const shared = await apply('?fieldManager=kdeck', deployment(2, 'nginx:1.14.2'));
  expect(shared.status).toBe(200);
  const forced = await apply('?fieldManager=kdeck&force=true', deployment(3, 'nginx:1.16.1'));
  expect(forced.status).toBe(200);
  // kdeck's client names no fieldManager: its User-Agent does.
  const scaled = await call(t.admin, `${BASE}/web/scale`, {
    method: 'PATCH',
    body: { spec: { replicas: 4 } },
    contentType: 'application/merge-patch+json',
  });
  expect(scaled.status).toBe(200);
  const afterScale = (await call(t.admin, `${BASE}/web`)).body;
  const scaleConflict = await apply('?fieldManager=kdeck', deployment(3, 'nginx:1.16.1'));
  const settled = await eventually(
    async () => {
      const o = (await call(t.admin, `${BASE}/web`)).body;
      const kcm = (o.metadata.managedFields as Obj[]).find(
        (m) => m.manager === 'kube-controller-manager',
      );
      return kcm && { o, kcm: `${kcm.manager} ${kcm.operation}/${kcm.subresource}` };
    },
    t.settleMs,
    { everyMs: 200, what: "the controller's status write" },
  );
  const gone = await call(t.admin, `${BASE}/web`, { method: 'DELETE' });
  expect(gone.status).toBe(200);

  return {
    createdBy: managers(created.body),
    createdFields: fieldsOf(created.body, 'kubectl-create', 'Update'),
    noManager: failure(noManager),
    conflict: failure(conflict),
    dryRun: {
      answered: [dry.body.spec.replicas, dry.body.spec.template.spec.containers[0].image],
      managers: managers(dry.body),
      stored: [afterDry.spec.replicas, afterDry.metadata.generation],
    },
    shared: { managers: managers(shared.body), applied: fieldsOf(shared.body, 'kdeck', 'Apply') },
    forced: {
      managers: managers(forced.body),
      applied: fieldsOf(forced.body, 'kdeck', 'Apply'),
      created: fieldsOf(forced.body, 'kubectl-create', 'Update'),
      replicas: forced.body.spec.replicas,
    },
    scaled: { managers: managers(afterScale), replicas: afterScale.spec.replicas },
    scaleConflict: failure(scaleConflict),
    controller: settled?.kcm,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: observations are plain JSON
type Observation = Record<string, any>;
