// The demo's `data` namespace: a PostgreSQL StatefulSet behind a headless Service, with its
// credentials in a Secret, a nightly CronJob that backs it up (with last night's Job), and a
// CustomResourceDefinition (backups.kdeck.dev) with a few Backups, so that every kind kdeck
// browses has something to show (a Secret's hidden values too). Kept out of `default`,
// `kube-system` and `shop`, whose contents the tutorial and the tests count. The tutorial's
// deployment gets its HorizontalPodAutoscaler in `default`.
import type { Cluster } from './cluster.js';
import { ownerReference } from './controllers/owners.js';
import { kindOf } from './kinds.js';
import type { Obj } from './types.js';

const NS = 'data';
const labels = { app: 'postgres' };
const CREDENTIALS = 'postgres-credentials';
/** The server's environment: user and password from the Secret, as the postgres image reads them. */
const credentialsEnv = [
  ['POSTGRES_USER', 'username'],
  ['POSTGRES_PASSWORD', 'password'],
].map(([name, key]) => ({ name, valueFrom: { secretKeyRef: { name: CREDENTIALS, key } } }));

export const BACKUP_CRD: Obj = {
  metadata: { name: 'backups.kdeck.dev' },
  spec: {
    group: 'kdeck.dev',
    scope: 'Namespaced',
    names: { plural: 'backups', singular: 'backup', kind: 'Backup', shortNames: ['bk'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
        subresources: { status: {} },
        additionalPrinterColumns: [
          { name: 'Database', type: 'string', jsonPath: '.spec.database' },
          { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
          { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
          { name: 'Size', type: 'string', jsonPath: '.status.size' },
          { name: 'Last Run', type: 'date', jsonPath: '.status.lastRun' },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
      },
    ],
  },
};

const ago = (hours: number) =>
  new Date(Math.floor(Date.now() / 1000 - hours * 3600) * 1000).toISOString().replace('.000Z', 'Z');

export function seedData(cluster: Cluster, opts: { tutorial: boolean }): void {
  cluster.create(kindOf('Namespace'), undefined, { metadata: { name: NS } });
  cluster.create(kindOf('Service'), NS, {
    metadata: { name: 'postgres', namespace: NS, labels },
    spec: { clusterIP: 'None', selector: labels, ports: [{ name: 'postgres', port: 5432 }] },
  });
  // A demo's password, not a secret: it is there to be hidden, and shown with `x`.
  cluster.create(kindOf('Secret'), NS, {
    metadata: { name: CREDENTIALS, namespace: NS, labels },
    stringData: { username: 'postgres', password: 'demo-only-pw' },
  });
  cluster.create(kindOf('StatefulSet'), NS, {
    metadata: { name: 'postgres', namespace: NS, labels },
    spec: {
      serviceName: 'postgres',
      replicas: 3,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'postgres',
              image: 'docker.io/library/postgres:17.2',
              ports: [{ name: 'postgres', containerPort: 5432 }],
              env: credentialsEnv,
            },
          ],
        },
      },
    },
  });
  const backupJob = {
    spec: {
      template: {
        spec: {
          restartPolicy: 'OnFailure',
          containers: [
            {
              name: 'pg-dump',
              image: 'docker.io/library/postgres:17.2',
              command: ['pg_dumpall', '-h', 'postgres-0.postgres'],
            },
          ],
        },
      },
    },
  };
  const cronJob = cluster.create(kindOf('CronJob'), NS, {
    metadata: { name: 'pg-backup', namespace: NS },
    spec: { schedule: '0 3 * * *', jobTemplate: backupJob },
  });
  // Last night's run, as the CronJob controller would have made it (its pod runs to
  // completion as the cluster starts).
  const lastNight = Math.floor((Date.now() - 3 * 3_600_000) / 86_400_000) * 1440 + 180;
  const scheduled = new Date(lastNight * 60_000).toISOString().replace('.000Z', 'Z');
  cluster.create(kindOf('Job'), NS, {
    metadata: {
      name: `pg-backup-${lastNight}`,
      namespace: NS,
      annotations: {
        'batch.kubernetes.io/cronjob-scheduled-timestamp': scheduled,
      },
      ownerReferences: [ownerReference(cronJob)],
    },
    spec: structuredClone(backupJob.spec),
  });
  cluster.store.mutate(kindOf('Job'), NS, `pg-backup-${lastNight}`, (o) => {
    // Made last night: its AGE says so (its pod, run as the cluster starts, is young).
    o.metadata.creationTimestamp = scheduled;
  });
  cluster.store.mutate(kindOf('CronJob'), NS, 'pg-backup', (o) => {
    o.status = { lastScheduleTime: scheduled };
  });
  const crd = cluster.create(kindOf('CustomResourceDefinition'), undefined, BACKUP_CRD);
  const backup = cluster.kinds.byKind('kdeck.dev/v1', 'Backup');
  if (!backup) throw new Error(`the simulator did not serve ${crd.metadata.name}`);
  for (const [name, schedule, phase, size, hours] of [
    ['postgres-nightly', '0 3 * * *', 'Completed', '1.2Gi', 9],
    ['postgres-weekly', '0 4 * * 0', 'Completed', '1.1Gi', 52],
    ['postgres-before-upgrade', '', 'Failed', '', 30],
  ] as const) {
    const o = cluster.create(backup, NS, {
      apiVersion: 'kdeck.dev/v1',
      kind: 'Backup',
      metadata: { name, namespace: NS },
      spec: { database: 'postgres', ...(schedule ? { schedule } : {}) },
    });
    cluster.store.mutate(backup, NS, o.metadata.name, (b) => {
      b.status = { phase, ...(size ? { size } : {}), lastRun: ago(hours) };
    });
  }
  if (opts.tutorial)
    cluster.create(kindOf('HorizontalPodAutoscaler'), 'default', {
      metadata: { name: 'nginx-server-deployment', namespace: 'default' },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'nginx-server-deployment',
        },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          {
            type: 'Resource',
            resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
          },
        ],
      },
    });
}
