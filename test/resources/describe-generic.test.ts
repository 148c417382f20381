// describeLines on a ConfigMap and on kinds kdeck has no describer of its own for (custom
// resources, CRDs, ServiceAccounts...): kubectl's ConfigMap layout and kubectl's generic
// one, never a YAML dump. The expectations are what kubectl prints for the same objects
// (its 1.36 words for a run of capitals: `HTTPSProxy`, `Pod CIDRs`).
import { describe, expect, it } from 'vitest';
import { smartLabel } from '../../src/resources/describe/generic.js';
import { describeLines } from '../../src/resources/describe/index.js';

const T0 = Date.parse('2026-11-29T03:26:25Z');
// biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for control characters
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/;
const HOSTILE = '\u001B[8mhidden\u001B]52;c;aGk=\u0007\u009B31m\u202Eevil';

describe('a ConfigMap', () => {
  const cm = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'app-config',
      namespace: 'data',
      uid: 'cm-1',
      creationTimestamp: '2026-11-29T03:26:25Z',
      labels: { app: 'web' },
    },
    data: { settings: 'a\tb\n\tindented\n', level: 'debug', empty: '' },
    binaryData: { 'logo.png': Buffer.from([0, 1, 2, 255]).toString('base64') },
  };

  it("reads as kubectl's: each value whole under its key, binary data by size, events last", () => {
    expect(describeLines('ConfigMap', cm, [], T0)).toEqual([
      'Name:         app-config',
      'Namespace:    data',
      'Labels:       app=web',
      'Annotations:  <none>',
      '',
      'Data',
      '====',
      'empty:',
      '----',
      '',
      '',
      'level:',
      '----',
      'debug',
      '',
      'settings:',
      '----',
      // A tab is a column break to kubectl's tabwriter: the two lines align on it.
      'a  b',
      '   indented',
      '',
      '',
      '',
      'BinaryData',
      '====',
      'logo.png: 4 bytes',
      '',
      'Events:  <none>',
    ]);
  });

  it('shows no YAML of it and nothing of what has no data', () => {
    const lines = describeLines('ConfigMap', { metadata: { name: 'bare' } }, [], T0);
    expect(lines.slice(4)).toEqual([
      '',
      'Data',
      '====',
      '',
      'BinaryData',
      '====',
      '',
      'Events:  <none>',
    ]);
  });

  it('keeps hostile text in a value inert, one screen line per line of the value', () => {
    const lines = describeLines(
      'ConfigMap',
      { metadata: { name: 'c' }, data: { script: `#!/bin/sh\r\necho ${HOSTILE}\n` } },
      [],
      T0,
    );
    for (const l of lines) expect(l).not.toMatch(UNSAFE);
    const at = lines.indexOf('script:');
    expect(lines.slice(at, at + 5)).toEqual([
      'script:',
      '----',
      '#!/bin/sh',
      'echo ^[[8mhidden^[]52;c;aGk=^G\\x9b31m\\u202eevil',
      '',
    ]);
  });

  it("is told by the kind asked for, so a Secret's describe is not this one", () => {
    const secret = { kind: 'Secret', metadata: { name: 's' }, data: { k: 'dmFsdWU=' } };
    expect(describeLines('Secret', secret, [], T0)).toContain('k:  5 bytes');
  });
});

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
