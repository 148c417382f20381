// describeLines on kinds kdeck has no describer of its own for (custom resources, CRDs,
// ServiceAccounts...): kubectl's generic layout, never a YAML dump. The expectations are
// what kubectl prints for the same objects (its 1.36 words for a run of capitals:
// `HTTPSProxy`, `Pod CIDRs`).
import { describe, expect, it } from 'vitest';
import { smartLabel } from '../../src/resources/describe/generic.js';
import { describeLines } from '../../src/resources/describe/index.js';

const T0 = Date.parse('2026-11-29T03:26:25Z');
// biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for control characters
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/;
const HOSTILE = '\u001B[8mhidden\u001B]52;c;aGk=\u0007\u009B31m\u202Eevil';

describe('a kind without a describer of its own', () => {
  const backup = {
    apiVersion: 'kdeck.dev/v1',
    kind: 'Backup',
    metadata: {
      name: 'weekly',
      namespace: 'data',
      uid: 'b-1',
      resourceVersion: '1587',
      generation: 1,
      creationTimestamp: '2026-11-29T03:26:25Z',
      labels: { tier: 'db', app: 'postgres' },
      annotations: { note: 'kept 7 days' },
      finalizers: ['kdeck.dev/keep'],
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          name: 'pg-backup',
          uid: 'cj-1',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: [{ manager: 'kubectl-create', operation: 'Update', fieldsType: 'FieldsV1' }],
    },
    spec: {
      database: 'postgres',
      retentionDays: 7,
      compressRatio: 0.35,
      bigRatio: 1234567.5,
      tiny: 2.5e-7,
      encrypted: true,
      lastError: null,
      targets: ['s3://a', 's3://b'],
      hooks: [
        { name: 'pre', command: ['pg_dump', '-Fc'] },
        { name: 'post', timeoutSeconds: 30 },
      ],
      matrix: [
        [1, 2],
        [3, { b: true, a: 'x' }],
      ],
      options: {},
      tolerations: [],
      script: 'set -e\npg_dumpall\n',
      'x-kubernetes-note': 'dash',
      openAPIV3Schema: 'digit',
      'ca.crt': 'dot',
      HTTPSProxy: 'h',
      apiURL: 'u',
      userUID: 'id',
    },
  };

  it("reads as kubectl's generic describe: every field by key, nested, its key in words", () => {
    expect(describeLines('Backup', backup, [], T0)).toEqual([
      'Name:         weekly',
      'Namespace:    data',
      'Labels:       app=postgres',
      '              tier=db',
      'Annotations:  note: kept 7 days',
      'API Version:  kdeck.dev/v1',
      'Kind:         Backup',
      'Metadata:',
      '  Creation Timestamp:  2026-11-29T03:26:25Z',
      '  Finalizers:',
      '    kdeck.dev/keep',
      '  Generation:  1',
      '  Owner References:',
      '    API Version:           batch/v1',
      '    Block Owner Deletion:  true',
      '    Controller:            true',
      '    Kind:                  CronJob',
      '    Name:                  pg-backup',
      '    UID:                   cj-1',
      '  Resource Version:        1587',
      '  UID:                     b-1',
      'Spec:',
      '  HTTPSProxy:      h',
      '  API URL:         u',
      '  Big Ratio:       1.2345675e+06',
      '  ca.crt:          dot',
      '  Compress Ratio:  0.35',
      '  Database:        postgres',
      '  Encrypted:       true',
      '  Hooks:',
      '    Command:',
      '      pg_dump',
      '      -Fc',
      // One item after another, nothing between them: kubectl's layout.
      '    Name:             pre',
      '    Name:             post',
      '    Timeout Seconds:  30',
      '  Last Error:         <nil>',
      '  Matrix:',
      '    [1 2]',
      '    [3 map[a:x b:true]]',
      '  openAPIV3Schema:  digit',
      '  Options:',
      '  Retention Days:  7',
      // The lines after the first start at the margin, as kubectl writes them.
      '  Script:          set -e',
      'pg_dumpall',
      '',
      '  Targets:',
      '    s3://a',
      '    s3://b',
      '  Tiny:  2.5e-07',
      '  Tolerations:',
      '  User UID:               id',
      '  X - Kubernetes - Note:  dash',
      'Events:                   <none>',
    ]);
  });

  it('has an empty Namespace when the kind has none, and the events table at the end', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'reader' },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }],
    };
    const event = {
      type: 'Normal',
      reason: 'Updated',
      message: 'rules changed',
      source: { component: 'tester' },
      lastTimestamp: '2026-11-29T03:26:20Z',
      firstTimestamp: '2026-11-29T03:26:20Z',
      count: 1,
    };
    expect(describeLines('ClusterRole', role, [event], T0)).toEqual([
      'Name:         reader',
      'Namespace:',
      'Labels:       <none>',
      'Annotations:  <none>',
      'API Version:  rbac.authorization.k8s.io/v1',
      'Kind:         ClusterRole',
      'Metadata:',
      'Rules:',
      '  API Groups:',
      '',
      '  Resources:',
      '    pods',
      '  Verbs:',
      '    get',
      '    list',
      'Events:',
      '  Type    Reason   Age   From    Message',
      '  ----    ------   ----  ----    -------',
      '  Normal  Updated  5s    tester  rules changed',
    ]);
  });

  it('keeps hostile keys and values inert, and adds no line of its own', () => {
    const lines = describeLines(
      'Widget',
      { metadata: { name: 'w' }, spec: { [`k${HOSTILE}`]: `v${HOSTILE}`, note: `a\tb${HOSTILE}` } },
      [],
      T0,
    );
    for (const l of lines) expect(l).not.toMatch(UNSAFE);
    // Name, Namespace, Labels, Annotations, Metadata, Spec, its two fields, Events.
    expect(lines).toHaveLength(9);
    expect(lines.filter((l) => l.includes('hidden'))).toHaveLength(2);
    expect(lines.find((l) => l.startsWith('  Note:'))).toMatch(/ a {2}b\^\[\[8mhidden\^\[\]52;/);
  });
});

it("turns keys into kubectl's words", () => {
  const words = Object.fromEntries(
    [
      'apiVersion',
      'creationTimestamp',
      'uid',
      'simpleField',
      'respectPDBs',
      'respectPDB',
      'apiURL',
      'kubeAPI',
      'userUID',
      'HTTPSProxy',
      'customCRDs',
      'podCIDRs',
      'PDFLoader',
      'x-kubernetes-preserve-unknown-fields',
      'openAPIV3Schema',
      'ca.crt',
      'some_key',
      'Größe',
    ].map((k) => [k, smartLabel(k)]),
  );
  expect(words).toEqual({
    apiVersion: 'API Version',
    creationTimestamp: 'Creation Timestamp',
    uid: 'UID',
    simpleField: 'Simple Field',
    respectPDBs: 'Respect PDBs',
    respectPDB: 'Respect PDB',
    apiURL: 'API URL',
    kubeAPI: 'Kube API',
    userUID: 'User UID',
    HTTPSProxy: 'HTTPSProxy',
    customCRDs: 'Custom CRDs',
    podCIDRs: 'Pod CIDRs',
    PDFLoader: 'PDFLoader',
    'x-kubernetes-preserve-unknown-fields': 'X - Kubernetes - Preserve - Unknown - Fields',
    openAPIV3Schema: 'openAPIV3Schema',
    'ca.crt': 'ca.crt',
    some_key: 'some_key',
    Größe: 'Größe',
  });
});
