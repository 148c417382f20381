// The demo cluster starts with exactly the tutorial's objects; load mode seeds benchmark pods.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { expect, it } from 'vitest';
import { Cluster } from '../../src/sim/cluster.js';
import { kindOf } from '../../src/sim/kinds.js';
import { seedLoad } from '../../src/sim/load.js';
import { seedDemo, TUTORIAL_OBJECTS } from '../../src/sim/seed.js';

it('seeds the Service and Deployment of nginx-server.yaml as the file declares them', () => {
  const file = readFileSync(
    join(import.meta.dirname, '..', 'fixtures', 'nginx-server.yaml'),
    'utf8',
  );
  expect(TUTORIAL_OBJECTS).toEqual(loadAll(file));
});

it('load mode backdates its pods when asked, so that their AGE stands still', () => {
  const cluster = new Cluster();
  const [ref] = seedLoad(cluster, { pods: 1, namespaces: 1, churn: 0, ageSeconds: 3 * 86_400 });
  const pod = cluster.store.get(kindOf('Pod'), ref.namespace, ref.name);
  const age = Date.now() - Date.parse(pod?.metadata.creationTimestamp);
  expect(Math.round(age / 3_600_000)).toBe(72);
});

it('load mode keeps churn off the steady namespaces', () => {
  const cluster = new Cluster();
  const churned = seedLoad(cluster, { pods: 10, namespaces: 2, churn: 0, steadyNamespaces: 1 });
  expect(churned.map((p) => p.namespace)).toEqual(Array(5).fill('load-0001'));
  expect(cluster.store.list(kindOf('Pod'), 'load-0000').length).toBe(5);
});

it('an empty cluster has the namespaces and nodes, and no workloads', () => {
  const cluster = new Cluster();
  seedDemo(cluster, { tutorial: true, empty: true });
  expect(cluster.store.list(kindOf('Node')).length).toBe(3);
  expect(cluster.store.list(kindOf('Namespace')).length).toBeGreaterThan(0);
  expect(cluster.store.list(kindOf('Pod'))).toEqual([]);
  expect(cluster.store.list(kindOf('Deployment'))).toEqual([]);
});

it('the demo has a StatefulSet with its Secret, a CronJob and Backups of its own CRD in `data`, and an HPA on the tutorial deployment', () => {
  const cluster = new Cluster();
  seedDemo(cluster, { tutorial: true });
  const names = (kind: string, ns?: string) =>
    cluster.store.list(kindOf(kind), ns).map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  expect(names('StatefulSet')).toEqual(['data/postgres']);
  expect(names('CronJob')).toEqual(['data/pg-backup']);
  // The StatefulSet's credentials: a Secret whose keys its pods' environment names.
  expect(names('Secret')).toEqual(['data/postgres-credentials']);
  const [secret] = cluster.store.list(kindOf('Secret'), 'data');
  const env = cluster.store.get(kindOf('StatefulSet'), 'data', 'postgres')?.spec.template.spec
    .containers[0].env;
  expect(
    env.map((e: { valueFrom: { secretKeyRef: { key: string } } }) => e.valueFrom.secretKeyRef.key),
  ).toEqual(Object.keys(secret.data));
  const hpa = cluster.store.list(kindOf('HorizontalPodAutoscaler'));
  expect(hpa.map((h) => h.spec.scaleTargetRef.name)).toEqual(['nginx-server-deployment']);
  const backup = cluster.kinds.byKind('kdeck.dev/v1', 'Backup');
  expect(backup && cluster.store.list(backup, 'data').length).toBe(3);
  // What the tutorial and the tests count stays as it was.
  expect(names('Deployment', 'default')).toEqual(['default/nginx-server-deployment']);
});
