// A Secret's describe and YAML: no value on screen until revealed, in any form (base64, clear
// text, or the copy `kubectl apply` keeps in an annotation); revealed, decoded and inert.
process.env.TZ = 'UTC';

import { describe, expect, it } from 'vitest';
import { describeLines, yamlLines } from '../../src/resources/describe/index.js';
import type { KubeObject } from '../../src/resources/types.js';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for control characters
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/;

/** What `kubectl apply` of a manifest with data and stringData leaves on a real server. */
const applied = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { annotations: {}, name: 'db-creds', namespace: 'default' },
  data: { 'tls.crt': b64(PEM) },
  stringData: { password: 's3cr3t-pa55', username: 'admin' },
};
const secret = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db-creds',
    namespace: 'default',
    uid: 'u-1',
    resourceVersion: '7',
    creationTimestamp: '2026-11-29T03:26:25Z',
    labels: { app: 'db' },
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(applied)}\n`,
      team: 'storage',
    },
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-11-29T03:26:25Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { '.': {}, 'f:password': {}, 'f:tls.crt': {}, 'f:username': {} },
          'f:metadata': {
            'f:annotations': {
              '.': {},
              'f:kubectl.kubernetes.io/last-applied-configuration': {},
              'f:team': {},
            },
          },
          'f:type': {},
        },
      },
    ],
  },
  type: 'Opaque',
  data: { username: b64('admin'), password: b64('s3cr3t-pa55'), 'tls.crt': b64(PEM) },
});

/** Every form a value of `secret()` could take on screen. */
const VALUES = ['s3cr3t-pa55', b64('s3cr3t-pa55'), b64('admin'), b64(PEM), 'MIIBszCCAVmgAwIBAgIU'];
const expectNoValue = (lines: string[]) => {
  const text = lines.join('\n');
  for (const v of VALUES) expect(text).not.toContain(v);
  expect(text).not.toMatch(/\badmin\b/);
};

describe("a Secret's describe", () => {
  it("is kubectl's: sizes by key, never a value, and no events", () => {
    const lines = describeLines('Secret', secret(), [], Date.now());
    expect(lines).toEqual([
      'Name:         db-creds',
      'Namespace:    default',
      'Labels:       app=db',
      'Annotations:  team: storage',
      '',
      'Type:  Opaque',
      '',
      'Data',
      '====',
      'password:  11 bytes',
      'tls.crt:   75 bytes',
      'username:  5 bytes',
    ]);
  });

  it("hides a service account token, which kubectl's describe prints", () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.e30.sig';
    const o = {
      ...secret(),
      type: 'kubernetes.io/service-account-token',
      data: { token: b64(token), 'ca.crt': b64(PEM) },
    };
    const lines = describeLines('Secret', o, []);
    expect(lines).toContain('token:   28 bytes');
    expect(lines.join('\n')).not.toContain('eyJ');
  });

  it('shows the values decoded when revealed: a multi-line one under its key, controls inert', () => {
    const o = {
      ...secret(),
      data: { ...secret().data, note: b64('\u001b]0;pwned\u0007hi\tthere') },
    };
    const lines = describeLines('Secret', o, [], Date.now(), {}, { reveal: true });
    expect(lines.slice(lines.indexOf('====') + 1)).toEqual([
      'note:      ^[]0;pwned^Ghi\\tthere',
      'password:  s3cr3t-pa55',
      'tls.crt:   -----BEGIN CERTIFICATE-----',
      '           MIIBszCCAVmgAwIBAgIU',
      '           -----END CERTIFICATE-----',
      'username:  admin',
    ]);
    for (const l of lines) expect(l).not.toMatch(UNSAFE);
  });

  it('is a Secret by what the object says, whatever kind it was asked as', () => {
    expectNoValue(describeLines('', secret(), []));
  });
});

describe("a Secret's YAML", () => {
  it('masks every value of data, with its size', () => {
    const lines = yamlLines(secret());
    expect(lines).toContain('data:');
    expect(lines).toContain("  password: '<hidden: 11 bytes>'");
    expect(lines).toContain("  tls.crt: '<hidden: 75 bytes>'");
    expect(lines).toContain("  username: '<hidden: 5 bytes>'");
    expectNoValue(lines);
  });

  it('masks the values in the last-applied-configuration annotation, stringData in clear included', () => {
    const lines = yamlLines(secret());
    const annotation = lines.find((l) => l.includes('last-applied-configuration'))!;
    const json = lines[lines.indexOf(annotation) + 1].trim();
    expect(JSON.parse(json)).toEqual({
      ...applied,
      data: { 'tls.crt': '<hidden: 75 bytes>' },
      stringData: { password: '<hidden: 11 bytes>', username: '<hidden: 5 bytes>' },
    });
    expectNoValue(lines);
  });

  it('masks an annotation it cannot read whole, and a stringData sent with the object', () => {
    const o = secret();
    o.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{"stringData":';
    o.stringData = { password: 's3cr3t-pa55' };
    const lines = yamlLines(o);
    expect(lines).toContain(
      "    kubectl.kubernetes.io/last-applied-configuration: '<hidden: 14 bytes>'",
    );
    expect(lines).toContain('stringData:');
    expect(lines).toContain("  password: '<hidden: 11 bytes>'");
    expectNoValue(lines);
  });

  it('is masked when asked as a Secret, even if the object does not say its kind', () => {
    const { kind: _, ...o } = secret();
    expectNoValue(yamlLines(o, { kind: 'Secret' }));
  });

  it('has managedFields that name keys only: shown, they still carry no value', () => {
    expect(yamlLines(secret()).join('\n')).not.toContain('managedFields');
    const lines = yamlLines(secret(), { showManagedFields: true });
    expect(lines).toContain('          f:password: {}');
    expectNoValue(lines);
  });

  it('shows data decoded when revealed: text as text, a non-UTF-8 value in base64, all inert', () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x01]);
    const o = secret();
    o.data.keystore = b64(binary);
    o.data.evil = b64('\u001b[2J\u001b]52;c;aGk=\u0007gotcha');
    const lines = yamlLines(o, { reveal: true });
    expect(lines).toContain('  password: s3cr3t-pa55');
    expect(lines).toContain('  username: admin');
    expect(lines).toContain('  tls.crt: |');
    expect(lines).toContain('    MIIBszCCAVmgAwIBAgIU');
    expect(lines).toContain(`  keystore: ${b64(binary)}`);
    expect(lines.find((l) => l.includes('gotcha'))).toBe('  evil: "\\e[2J\\e]52;c;aGk=\\agotcha"');
    for (const l of lines) expect(l).not.toMatch(UNSAFE);
  });

  it('leaves other kinds as they are', () => {
    const lines = yamlLines({ kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } });
    expect(lines).toContain('  a: b');
  });
});
