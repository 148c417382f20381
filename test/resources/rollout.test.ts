// A deployment's rollout as kubectl reads it: rollout status's words at each stage, the
// revisions `u` lists, and what rollout undo sends (or why it sends nothing); a StatefulSet's
// and a DaemonSet's revisions, kept in ControllerRevisions, and their undo.
import { describe, expect, it } from 'vitest';
import { deployments } from '../../src/resources/deployments.js';
import type { KubeObject } from '../../src/resources/index.js';
import { containerImages, imagePatch, kubectlName } from '../../src/resources/pod-template.js';
import {
  controllerRevisionsOf,
  controllerRollbackPlan,
  previousRevision,
  revisionsOf,
  rollbackPlan,
  rolloutStatus,
} from '../../src/resources/rollout.js';

const deployment = (
  status: KubeObject,
  { replicas = 5, generation = 2, paused = false } = {},
): KubeObject => ({
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: 'uid-web',
    generation,
    annotations: { 'deployment.kubernetes.io/revision': '3', team: 'shop' },
  },
  spec: {
    replicas,
    paused,
    selector: { matchLabels: { app: 'web' } },
    template: template('nginx:1.27'),
  },
  status: { observedGeneration: 2, ...status },
});

function template(image: string, hash?: string): KubeObject {
  return {
    metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
    spec: {
      initContainers: [{ name: 'migrate', image: 'migrate:1' }],
      containers: [{ name: 'nginx', image }],
    },
  };
}

const replicaSet = (
  revision: number,
  image: string,
  extra: { cause?: string; owner?: string; created?: string } = {},
): KubeObject => ({
  metadata: {
    name: `web-h${revision}`,
    uid: `uid-rs-${revision}`,
    creationTimestamp: extra.created ?? `2026-11-29T1${revision}:00:00Z`,
    annotations: {
      'deployment.kubernetes.io/revision': String(revision),
      'deployment.kubernetes.io/desired-replicas': '5',
      ...(extra.cause ? { 'kubernetes.io/change-cause': extra.cause } : {}),
    },
    ownerReferences: [{ controller: true, uid: extra.owner ?? 'uid-web', kind: 'Deployment' }],
  },
  spec: { template: template(image, `h${revision}`) },
});

describe("a deployment's rollout, in kubectl rollout status's words", () => {
  it('says how many replicas are new while they are being replaced', () => {
    const s = rolloutStatus(deployment({ replicas: 6, updatedReplicas: 2, availableReplicas: 4 }));
    expect(s.words).toBe(
      'Waiting for deployment "web" rollout to finish: 2 out of 5 new replicas have been updated...',
    );
    expect(s.cell).toBe('rolling 2/5 new');
    expect(s.done).toBe(false);
  });

  it('then how many old replicas are still to end', () => {
    const s = rolloutStatus(deployment({ replicas: 7, updatedReplicas: 5, availableReplicas: 5 }));
    expect(s.words).toBe(
      'Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination...',
    );
    expect(s.cell).toBe('rolling 2 old left');
  });

  it('then how many new replicas are available', () => {
    const s = rolloutStatus(deployment({ replicas: 5, updatedReplicas: 5, availableReplicas: 3 }));
    expect(s.words).toBe(
      'Waiting for deployment "web" rollout to finish: 3 of 5 updated replicas are available...',
    );
    expect(s.cell).toBe('rolling 3/5 available');
  });

  it('is rolled out once every replica is new and available', () => {
    const s = rolloutStatus(deployment({ replicas: 5, updatedReplicas: 5, availableReplicas: 5 }));
    expect(s).toEqual({
      cell: 'rolled out',
      words: 'deployment "web" successfully rolled out',
      done: true,
      stalled: false,
    });
  });

  it('waits for the controller to see a spec it has not observed yet', () => {
    const d = deployment(
      { replicas: 5, updatedReplicas: 5, availableReplicas: 5 },
      { generation: 3 },
    );
    expect(rolloutStatus(d).words).toBe('Waiting for deployment spec update to be observed...');
    expect(rolloutStatus(d).cell).toBe('observing');
  });

  it('has stalled when Progressing says ProgressDeadlineExceeded', () => {
    const s = rolloutStatus(
      deployment({
        replicas: 6,
        updatedReplicas: 2,
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
          { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' },
        ],
      }),
    );
    expect(s.words).toBe('deployment "web" exceeded its progress deadline');
    expect(s.cell).toBe('deadline exceeded');
    expect(s.stalled).toBe(true);
  });
});

describe("a deployment's row", () => {
  const row = (status: KubeObject) => deployments.toRow(deployment(status));

  it('shows the rollout in its ROLLOUT column and stays pending while it runs, ready or not', () => {
    const r = row({ replicas: 6, readyReplicas: 5, updatedReplicas: 1, availableReplicas: 5 });
    expect(r.cells.at(-1)).toBe('rolling 1/5 new');
    expect(r.health).toBe('pending');
  });

  it('is ok once rolled out, and failing once the progress deadline is exceeded', () => {
    const done = { replicas: 5, readyReplicas: 5, updatedReplicas: 5, availableReplicas: 5 };
    expect(row(done).health).toBe('ok');
    const stalled = row({
      ...done,
      updatedReplicas: 2,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    });
    expect(stalled.cells.at(-1)).toBe('deadline exceeded');
    expect(stalled.health).toBe('failing');
  });
});

describe("a deployment's revisions", () => {
  const rss = [
    replicaSet(1, 'nginx:1.25', { cause: 'kubectl apply --filename=web.yaml' }),
    replicaSet(3, 'nginx:1.27'),
    replicaSet(2, 'nginx:does-not-exist'),
    // Another deployment's, though its labels match.
    replicaSet(9, 'nginx:other', { owner: 'uid-other' }),
  ];

  it('are its own ReplicaSets, newest first, with images, change-cause and which is current', () => {
    const revisions = revisionsOf(deployment({}), rss);
    expect(
      revisions.map((r) => [r.revision, r.images.join(','), r.changeCause, r.current]),
    ).toEqual([
      [3, 'migrate:1,nginx:1.27', undefined, true],
      [2, 'migrate:1,nginx:does-not-exist', undefined, false],
      [1, 'migrate:1,nginx:1.25', 'kubectl apply --filename=web.yaml', false],
    ]);
    expect(revisions[2].name).toBe('web-h1');
    expect(revisions[2].created).toBe(Date.parse('2026-11-29T11:00:00Z'));
  });

  it('leave out a ReplicaSet without a revision number', () => {
    const bare = replicaSet(4, 'nginx:1.28');
    delete bare.metadata.annotations['deployment.kubernetes.io/revision'];
    expect(revisionsOf(deployment({}), [...rss, bare]).map((r) => r.revision)).toEqual([3, 2, 1]);
  });

  it('offer the second newest first, as rollout undo goes back to it', () => {
    expect(previousRevision(revisionsOf(deployment({}), rss))).toBe(2);
    expect(previousRevision(revisionsOf(deployment({}), rss.slice(1, 2)))).toBeUndefined();
  });
});

describe('rolling back, as kubectl rollout undo does', () => {
  const rss = [replicaSet(1, 'nginx:1.25', { cause: 'first' }), replicaSet(3, 'nginx:1.27')];

  it("sends the revision's template without its hash label, and its annotations", () => {
    const plan = rollbackPlan(deployment({}), rss, 1, 'uid-web');
    expect(plan).toEqual({
      patch: [
        { op: 'test', path: '/metadata/uid', value: 'uid-web' },
        { op: 'replace', path: '/spec/template', value: template('nginx:1.25') },
        {
          op: 'replace',
          path: '/metadata/annotations',
          // The deployment keeps its own revision and leaves the revision's desired-replicas
          // (kubectl's annotationsToSkip); `team`, which the revision does not carry, goes, as
          // kubectl replaces the annotations whole.
          value: {
            'deployment.kubernetes.io/revision': '3',
            'kubernetes.io/change-cause': 'first',
          },
        },
      ],
    });
  });

  it('skips the revision that is already current, in kubectl words', () => {
    expect(rollbackPlan(deployment({}), rss, 3, 'uid-web')).toEqual({
      skipped: 'skipped rollback (current template already matches revision 3)',
    });
  });

  it('refuses a revision not in the history, and a paused deployment', () => {
    expect(rollbackPlan(deployment({}), rss, 2, 'uid-web')).toEqual({
      refused: 'unable to find specified revision 2 in history',
    });
    expect(rollbackPlan(deployment({}, { paused: true }), rss, 1, 'uid-web')).toEqual({
      refused:
        "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    });
  });
});

describe('set image', () => {
  it("reads the containers of a kind's pod spec, init containers first", () => {
    const cronJob = { spec: { jobTemplate: { spec: { template: template('busybox:1') } } } };
    expect(containerImages('CronJob', cronJob)).toEqual([
      { name: 'migrate', image: 'migrate:1', init: true },
      { name: 'nginx', image: 'busybox:1', init: false },
    ]);
    expect(containerImages('Pod', { spec: template('a:1').spec }).map((c) => c.image)).toEqual([
      'migrate:1',
      'a:1',
    ]);
    expect(containerImages('Deployment', deployment({})).map((c) => c.image)).toEqual([
      'migrate:1',
      'nginx:1.27',
    ]);
  });

  it('patches the changed containers by name, with the uid that was chosen', () => {
    expect(
      imagePatch('Deployment', 'uid-web', [{ name: 'nginx', image: 'nginx:1.28', init: false }]),
    ).toEqual({
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
      metadata: { uid: 'uid-web' },
    });
    expect(
      imagePatch('Pod', 'uid-p', [
        { name: 'migrate', image: 'migrate:2', init: true },
        { name: 'nginx', image: 'nginx:1.28', init: false },
      ]),
    ).toEqual({
      spec: {
        initContainers: [{ name: 'migrate', image: 'migrate:2' }],
        containers: [{ name: 'nginx', image: 'nginx:1.28' }],
      },
      metadata: { uid: 'uid-p' },
    });
  });

  it('names the object as kubectl does in its result', () => {
    expect(kubectlName({ kind: 'Deployment', group: 'apps' }, 'web')).toBe('deployment.apps/web');
    expect(kubectlName({ kind: 'Pod', group: '' }, 'web-1')).toBe('pod/web-1');
  });
});

// A StatefulSet's template, as its ControllerRevisions store it.
const podTemplate = (image: string): KubeObject => ({
  metadata: { labels: { app: 'db' } },
  spec: { containers: [{ name: 'postgres', image }] },
});

const statefulSet = (image: string): KubeObject => ({
  metadata: { name: 'db', namespace: 'data', uid: 'uid-db' },
  spec: { selector: { matchLabels: { app: 'db' } }, template: podTemplate(image) },
});

const controllerRevision = (
  revision: number,
  image: string,
  extra: { cause?: string; owner?: string; controller?: boolean } = {},
): KubeObject => ({
  metadata: {
    name: `db-c${revision}`,
    uid: `uid-cr-${revision}`,
    creationTimestamp: `2026-11-29T1${revision}:00:00Z`,
    labels: { app: 'db', 'controller.kubernetes.io/hash': `c${revision}` },
    ...(extra.cause ? { annotations: { 'kubernetes.io/change-cause': extra.cause } } : {}),
    ownerReferences: [
      { controller: extra.controller ?? true, uid: extra.owner ?? 'uid-db', kind: 'StatefulSet' },
    ],
  },
  // The key order differs from the StatefulSet's template: a match is by value.
  data: { spec: { template: { $patch: 'replace', ...podTemplate(image) } } },
  revision,
});

describe("a statefulset's or daemonset's revisions: the ControllerRevisions it controls", () => {
  const crs = [
    controllerRevision(1, 'postgres:16', { cause: 'kubectl apply --filename=db.yaml' }),
    controllerRevision(3, 'postgres:17.1'),
    controllerRevision(2, 'postgres:17'),
    // Another object's, and one this one owns without controlling it.
    controllerRevision(9, 'postgres:other', { owner: 'uid-other' }),
    controllerRevision(8, 'postgres:adopted', { controller: false }),
  ];

  it('newest first, with the images in their data, change-cause and which is current', () => {
    const revisions = controllerRevisionsOf(statefulSet('postgres:17'), crs);
    expect(
      revisions.map((r) => [r.revision, r.name, r.images.join(','), r.changeCause, r.current]),
    ).toEqual([
      [3, 'db-c3', 'postgres:17.1', undefined, false],
      // The one whose template is the statefulset's now, whatever its number.
      [2, 'db-c2', 'postgres:17', undefined, true],
      [1, 'db-c1', 'postgres:16', 'kubectl apply --filename=db.yaml', false],
    ]);
    expect(revisions[2].uid).toBe('uid-cr-1');
    expect(revisions[2].created).toBe(Date.parse('2026-11-29T11:00:00Z'));
    expect(previousRevision(revisions)).toBe(2);
  });

  it("rolling back sends the revision's data as it is, with the uid chosen", () => {
    expect(controllerRollbackPlan(statefulSet('postgres:17.1'), crs, 1, 'uid-db')).toEqual({
      patch: {
        spec: { template: { $patch: 'replace', ...podTemplate('postgres:16') } },
        metadata: { uid: 'uid-db' },
      },
    });
  });

  it('skips the revision that is the template already, and refuses one not in the history', () => {
    const db = statefulSet('postgres:17.1');
    expect(controllerRollbackPlan(db, crs, 3, 'uid-db')).toEqual({
      skipped: 'skipped rollback (current template already matches revision 3)',
    });
    // Another object's revision 9 is not this one's.
    expect(controllerRollbackPlan(db, crs, 9, 'uid-db')).toEqual({
      refused: 'unable to find specified revision 9 in history',
    });
  });

  it('a template changed in any field is not the revision: the rollback is sent', () => {
    const db = statefulSet('postgres:17.1');
    db.spec.template.metadata.annotations = { note: 'x' };
    expect(controllerRollbackPlan(db, crs, 3, 'uid-db')).toHaveProperty('patch');
    expect(controllerRevisionsOf(db, crs).some((r) => r.current)).toBe(false);
  });
});
