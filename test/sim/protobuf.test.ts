// kubectl's protobuf bodies read as the JSON a real server would make of them: Kubernetes
// writes every non-pointer field, so zeros Go's JSON omits must read as unset, while a
// pointer's zero (replicas: 0) stays; times, int-or-strings and bytes take their JSON forms.
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { beforeEach, expect, it, vi } from 'vitest';
import { k8sProtoFile } from '../../scripts/k8s-proto.ts';

const MAGIC = Buffer.from('k8s\0', 'latin1');
const file = k8sProtoFile();
const root = protobuf.Root.fromJSON(JSON.parse(readFileSync(file, 'utf8')).proto);

/** What kubectl sends: the magic, then a runtime.Unknown around the object's message. */
function envelope(apiVersion: string, kind: string, message: string, object: object): Buffer {
  const raw = root.lookupType(message).encode(object).finish();
  const unknown = root
    .lookupType('k8s.io.apimachinery.pkg.runtime.Unknown')
    .encode({ typeMeta: { apiVersion, kind }, raw, contentEncoding: '', contentType: '' })
    .finish();
  return Buffer.concat([MAGIC, unknown]);
}

async function decoder(schemaFile: string | undefined) {
  vi.resetModules();
  vi.stubEnv('KDECK_K8S_PROTO_FILE', schemaFile ?? '');
  return (await import('../../src/sim/protobuf.js')).decodeObject;
}

beforeEach(() => {
  vi.unstubAllEnvs();
});

it('reads a Deployment as kubectl create deployment --replicas=0 sends it', async () => {
  const decode = await decoder(file);
  const container = { name: 'nginx', image: 'nginx', imagePullPolicy: '', tty: false };
  const body = envelope('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
    metadata: { name: 'web', namespace: '', labels: { app: 'web' }, creationTimestamp: {} },
    spec: {
      replicas: 0,
      minReadySeconds: 0,
      paused: false,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
      strategy: { rollingUpdate: { maxSurge: { type: 1, strVal: '50%' } } },
    },
    status: {},
  });
  expect(decode(body)).toEqual({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
      },
      strategy: { rollingUpdate: { maxSurge: '50%' } },
    },
  });
});

it('reads a Service port, a Secret and a timestamp in their JSON forms', async () => {
  const decode = await decoder(file);
  const svc = envelope('v1', 'Service', 'k8s.io.api.core.v1.Service', {
    metadata: { name: 'web' },
    spec: { ports: [{ port: 80, targetPort: { type: 0, intVal: 8080 }, nodePort: 0 }] },
  });
  expect(decode(svc).spec).toEqual({ ports: [{ port: 80, targetPort: 8080 }] });

  const secret = envelope('v1', 'Secret', 'k8s.io.api.core.v1.Secret', {
    metadata: { name: 'login', creationTimestamp: { seconds: 1_700_000_000 } },
    data: { password: Buffer.from('s3cr=t') },
    type: 'Opaque',
  });
  expect(decode(secret)).toEqual({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'login', creationTimestamp: '2023-11-14T22:13:20Z' },
    data: { password: Buffer.from('s3cr=t').toString('base64') },
    type: 'Opaque',
  });
});

it('names a kind the schema lacks, and a body that is not protobuf', async () => {
  const decode = await decoder(file);
  expect(() =>
    decode(envelope('v1', 'Nope', 'k8s.io.api.core.v1.ConfigMap', { metadata: {} })),
  ).toThrow('no kind "Nope" is registered for version "v1"');
  expect(() => decode(Buffer.from('{"kind":"Pod"}'))).toThrow(
    'invalid protobuf: missing the k8s envelope',
  );
});

it('without the schema, refuses protobuf with a 415 that says how to get it', async () => {
  const decode = await decoder(undefined);
  const body = envelope('v1', 'Namespace', 'k8s.io.api.core.v1.Namespace', {
    metadata: { name: 'x' },
  });
  expect(() => decode(body)).toThrow(
    expect.objectContaining({
      code: 415,
      reason: 'UnsupportedMediaType',
      message: expect.stringMatching(/built without the Kubernetes schema.*npm run build/),
    }),
  );
});
