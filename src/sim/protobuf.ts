// Kubernetes' protobuf encoding, read: kubectl's typed commands (`create namespace`,
// `create deployment`, `create configmap|secret`, `run`, `expose`, `auth can-i`) send their
// object as protobuf — the magic "k8s\0", then a runtime.Unknown whose `raw` holds the
// object's generated.proto message. Decoded here into the JSON the rest of the simulator
// reads, with the schema that scripts/k8s-proto.ts makes from k8s.io/api's .proto files.
// Answers stay JSON: kubectl accepts either.
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs/light.js';
import { ApiError, badRequest } from './status.js';
import type { Obj } from './types.js';

/** What scripts/k8s-proto.ts writes. */
export interface K8sProtoDescriptor {
  version: string;
  proto: protobuf.INamespace;
  /** Per message, the fields whose zero value Go's JSON omits (non-pointer, omitempty). */
  omitZero: Record<string, string[]>;
}

// The build bundles the descriptor into dist/kdeck.js as JSON text; unbundled (tests), a file
// names it.
declare const KDECK_K8S_PROTO: string | undefined;

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
const MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';

export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').startsWith(MEDIA_TYPE);
}

interface Schema {
  root: protobuf.Root;
  omitZero: Map<string, Set<string>>;
}

let schema: Schema | string | undefined;

function load(): Schema | string {
  const file = process.env.KDECK_K8S_PROTO_FILE;
  const d: K8sProtoDescriptor | undefined =
    typeof KDECK_K8S_PROTO === 'string'
      ? JSON.parse(KDECK_K8S_PROTO)
      : file
        ? JSON.parse(readFileSync(file, 'utf8'))
        : undefined;
  if (!d)
    return `the simulator cannot read ${MEDIA_TYPE} (kubectl create, run, expose): this kdeck was built without the Kubernetes schema; build it where Go is installed (npm run build)`;
  const root = protobuf.Root.fromJSON(d.proto);
  root.resolveAll();
  return {
    root,
    omitZero: new Map(Object.entries(d.omitZero).map(([m, f]) => [m, new Set(f)])),
  };
}

function theSchema(): Schema {
  schema ??= load();
  if (typeof schema === 'string') throw new ApiError(415, 'UnsupportedMediaType', schema, {});
  return schema;
}

/** The message of a kind: k8s.io.api.<group's first label or core>.<version>.<Kind>. */
function messageOf(root: protobuf.Root, apiVersion: string, kind: string): protobuf.Type {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  for (const pkg of [`k8s.io.api.${group.split('.')[0] || 'core'}.${version}`, META]) {
    const t = root.lookup(`${pkg}.${kind}`);
    if (t instanceof protobuf.Type) return t;
  }
  throw badRequest(`no kind "${kind}" is registered for version "${apiVersion}"`);
}

/** Decodes an object sent as protobuf into its JSON form, apiVersion and kind first. */
export function decodeObject(body: Buffer): Obj {
  if (!body.subarray(0, 4).equals(MAGIC))
    throw badRequest('invalid protobuf: missing the k8s envelope');
  const s = theSchema();
  let unknown: Obj;
  try {
    unknown = s.root
      .lookupType('k8s.io.apimachinery.pkg.runtime.Unknown')
      .decode(body.subarray(4)) as Obj;
    const { apiVersion = '', kind = '' } = unknown.typeMeta ?? {};
    if (unknown.contentEncoding) throw badRequest('invalid protobuf: encoded content');
    const type = messageOf(s.root, apiVersion, kind);
    return { apiVersion, kind, ...(toJson(s, type, type.decode(unknown.raw ?? [])) as Obj) };
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw badRequest(`invalid protobuf: ${(e as Error).message}`);
  }
}

const int = (v: unknown) => (typeof v === 'number' ? v : Number(String(v)));

function rfc3339(m: Obj, micro: boolean): string | undefined {
  const seconds = int(m.seconds ?? 0);
  const nanos = int(m.nanos ?? 0);
  if (!seconds && !nanos) return undefined; // Go's zero time: as if unset
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  return micro ? `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z` : `${iso}Z`;
}

const rawJson = (m: Obj) => (m.raw?.length ? JSON.parse(Buffer.from(m.raw).toString()) : undefined);

/** Messages whose JSON form is not an object: as their Go types marshal them. */
const SCALARS: Record<string, (m: Obj) => unknown> = {
  [`${META}.Time`]: (m) => rfc3339(m, false),
  [`${META}.MicroTime`]: (m) => rfc3339(m, true),
  [`${META}.FieldsV1`]: rawJson,
  'k8s.io.apimachinery.pkg.runtime.RawExtension': rawJson,
  'k8s.io.apimachinery.pkg.api.resource.Quantity': (m) => m.string ?? '',
  'k8s.io.apimachinery.pkg.util.intstr.IntOrString': (m) =>
    int(m.type ?? 0) === 1 ? (m.strVal ?? '') : int(m.intVal ?? 0),
};

const isZero = (v: unknown) =>
  v === undefined ||
  v === '' ||
  v === 0 ||
  v === false ||
  (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

function value(s: Schema, field: protobuf.Field, v: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Type) return toJson(s, field.resolvedType, v as Obj);
  if (field.type === 'bytes') return Buffer.from(v as Uint8Array).toString('base64');
  if (/^u?int64$|^s?fixed64$|^sint64$/.test(field.type)) return int(v);
  return v;
}

function toJson(s: Schema, type: protobuf.Type, m: Obj): unknown {
  const scalar = SCALARS[type.fullName.slice(1)];
  if (scalar) return scalar(m);
  const omit = s.omitZero.get(type.fullName.slice(1));
  const out: Obj = {};
  for (const f of type.fieldsArray) {
    if (!Object.hasOwn(m, f.name)) continue;
    const raw = m[f.name];
    let v: unknown;
    if (f.map) {
      const entries = Object.entries(raw as Obj);
      if (!entries.length) continue;
      v = Object.fromEntries(entries.map(([k, x]) => [k, value(s, f, x)]));
    } else if (f.repeated) {
      if (!(raw as unknown[]).length) continue;
      v = (raw as unknown[]).map((x) => value(s, f, x));
    } else v = value(s, f, raw);
    // Kubernetes writes every non-pointer field; Go's JSON leaves out the zero omitempty ones,
    // and the server's defaulting treats them as unset.
    if (v === undefined || (omit?.has(f.name) && isZero(v))) continue;
    out[f.name] = v;
  }
  return out;
}
