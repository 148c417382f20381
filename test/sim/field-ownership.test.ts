// Field ownership and server-side apply in the simulated API server, request by request:
// dry runs that store nothing (no watch event, no new resourceVersion), an apply that
// creates, an apply that removes what it applied before but not what others own, and the
// managers of writes to the status subresource. The answers kubectl sees are in
// test/kubectl/workflow.test.ts; the ones compared with a real control plane in the
// differential suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf } from '../../src/sim/kinds.js';
import type { Obj } from '../../src/sim/types.js';
import { startTestCluster, type TestCluster } from '../helpers/sim.js';

const CM = kindOf('ConfigMap');
const DEPLOY = kindOf('Deployment');
const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const MERGE = { 'content-type': 'application/merge-patch+json' };
const CMS = '/api/v1/namespaces/default/configmaps';
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster({ tutorial: false });
});
afterAll(() => c.stop());

const managers = (o: Obj) =>
  (o.metadata.managedFields as Obj[]).map(
    (m) => `${m.manager} ${m.operation}${m.subresource ? `/${m.subresource}` : ''}`,
  );

function deployment(containers: Obj[], labels: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', labels },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: { metadata: { labels: { app: 'app' } }, spec: { containers } },
    },
  };
}

/** The first event a watch from `rv` gets: what the store committed after `rv`. */
function firstEventSince(rv: string): Obj | undefined {
  return c.sim.cluster.store.eventsSince(CM, Number(rv))?.[0];
}

describe('dryRun=All', () => {
  it('on an update, a merge patch and an apply answers the change and commits nothing', async () => {
    const made = await c.api(CMS, {
      method: 'POST',
      headers: { 'user-agent': 'kdeck' },
      body: { metadata: { name: 'settings' }, data: { colour: 'blue' } },
    });
    expect(made.status).toBe(201);
    const rv = made.json.metadata.resourceVersion;

    const put = await c.api(`${CMS}/settings?dryRun=All`, {
      method: 'PUT',
      body: { ...made.json, data: { colour: 'red' } },
    });
    expect(put.status).toBe(200);
    expect(put.json.data).toEqual({ colour: 'red' });
    expect(put.json.metadata.resourceVersion).toBe(rv);

    const patch = await c.api(`${CMS}/settings?dryRun=All`, {
      method: 'PATCH',
      headers: MERGE,
      body: { data: { colour: 'green' } },
    });
    expect(patch.json.data).toEqual({ colour: 'green' });

    const apply = await c.api(`${CMS}/settings?dryRun=All&fieldManager=kdeck&force=true`, {
      method: 'PATCH',
      headers: APPLY,
      body: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
        data: { colour: 'pink' },
      },
    });
    expect(apply.json.data).toEqual({ colour: 'pink' });
    expect(managers(apply.json)).toEqual(['kdeck Apply', 'kdeck Update']);

    expect(c.sim.cluster.store.get(CM, 'default', 'settings')?.data).toEqual({ colour: 'blue' });
    // The next event after the dry runs is a real write, not one of them.
    const real = await c.api(`${CMS}/settings`, {
      method: 'PATCH',
      headers: MERGE,
      body: { data: { colour: 'black' } },
    });
    expect(firstEventSince(rv)).toMatchObject({
      type: 'MODIFIED',
      rv: Number(real.json.metadata.resourceVersion),
    });
  });

  it('on an apply of an absent object answers 201 and creates nothing', async () => {
    const r = await c.api(`${DEPLOYS}/app?fieldManager=kdeck&dryRun=All`, {
      method: 'PATCH',
      headers: APPLY,
      body: deployment([{ name: 'web', image: 'nginx' }]),
    });
    expect(r.status).toBe(201);
    // As kube-apiserver answers it: what would be stored, with no resourceVersion.
    expect(r.json.metadata).toMatchObject({
      name: 'app',
      uid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      generation: 1,
      creationTimestamp: expect.any(String),
    });
    expect(r.json.metadata.resourceVersion).toBeUndefined();
    expect(managers(r.json)).toEqual(['kdeck Apply']);
    expect(c.sim.cluster.store.get(DEPLOY, 'default', 'app')).toBeUndefined();
  });
});

describe('server-side apply', () => {
  it('creates an absent object (201), then updates it (200)', async () => {
    const body = deployment(
      [
        { name: 'web', image: 'nginx:1.25' },
        { name: 'sidecar', image: 'busybox' },
      ],
      { tier: 'front' },
    );
    const first = await c.api(`${DEPLOYS}/app?fieldManager=kdeck`, {
      method: 'PATCH',
      headers: APPLY,
      body,
    });
    expect(first.status).toBe(201);
    expect(managers(first.json)).toEqual(['kdeck Apply']);
    const again = await c.api(`${DEPLOYS}/app?fieldManager=kdeck`, {
      method: 'PATCH',
      headers: APPLY,
      body,
    });
    expect(again.status).toBe(200);
    // The same configuration again changes nothing of the spec.
    expect(again.json.metadata.generation).toBe(1);
  });

  it('removes the container and label it applied before and leaves out now, not a label someone else set', async () => {
    const label = await c.api(`${DEPLOYS}/app`, {
      method: 'PATCH',
      headers: { ...MERGE, 'user-agent': 'ops-script/2.0' },
      body: { metadata: { labels: { owner: 'ops' } } },
    });
    expect(managers(label.json)).toContain('ops-script Update');
    const r = await c.api(`${DEPLOYS}/app?fieldManager=kdeck`, {
      method: 'PATCH',
      headers: APPLY,
      body: deployment([{ name: 'web', image: 'nginx:1.25' }]),
    });
    expect(r.status).toBe(200);
    expect(r.json.spec.template.spec.containers.map((x: Obj) => x.name)).toEqual(['web']);
    expect(r.json.metadata.labels).toEqual({ owner: 'ops' });
  });

  it("meets another manager's label with a conflict naming it", async () => {
    const r = await c.api(`${DEPLOYS}/app?fieldManager=kdeck`, {
      method: 'PATCH',
      headers: APPLY,
      body: deployment([{ name: 'web', image: 'nginx:1.25' }], { owner: 'dev' }),
    });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Conflict',
      code: 409,
      message:
        'Apply failed with 1 conflict: conflict with "ops-script" using apps/v1: .metadata.labels.owner',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "ops-script" using apps/v1',
            field: '.metadata.labels.owner',
          },
        ],
      },
    });
  });
});

describe('the status subresource', () => {
  it('is owned as a status write, apart from the spec', async () => {
    const cur = await c.api(`${DEPLOYS}/app`);
    const r = await c.api(`${DEPLOYS}/app/status`, {
      method: 'PATCH',
      headers: { ...MERGE, 'user-agent': 'kdeck' },
      body: { status: { observedGeneration: cur.json.metadata.generation + 5 } },
    });
    expect(r.status).toBe(200);
    const entry = (r.json.metadata.managedFields as Obj[]).find(
      (m) => m.manager === 'kdeck' && m.operation === 'Update',
    );
    expect(entry).toMatchObject({
      operation: 'Update',
      subresource: 'status',
      fieldsV1: { 'f:status': { 'f:observedGeneration': {} } },
    });
  });
});
