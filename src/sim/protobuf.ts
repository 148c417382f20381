// Just enough of Kubernetes' protobuf encoding to read the one request kubectl always sends
// that way: `kubectl auth can-i` POSTs its SelfSubjectAccessReview as protobuf
// (the "k8s\0" envelope around runtime.Unknown, generated.proto field numbers).
import { badRequest } from './status.js';
import type { Obj } from './types.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

function varint(buf: Buffer, pos: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw badRequest('invalid protobuf: truncated varint');
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, pos];
    shift += 7;
  }
}

/** The length-delimited fields of a message, by field number. */
function fields(buf: Buffer): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let pos = 0;
  while (pos < buf.length) {
    const [key, p] = varint(buf, pos);
    pos = p;
    const wire = key & 7;
    if (wire === 0) [, pos] = varint(buf, pos);
    else if (wire === 2) {
      const [len, start] = varint(buf, pos);
      out.set(key >>> 3, buf.subarray(start, start + len));
      pos = start + len;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw badRequest('invalid protobuf: unsupported wire type');
  }
  return out;
}

const text = (m: Map<number, Buffer>, n: number) => m.get(n)?.toString('utf8') ?? '';

export function isProtobuf(contentType: string | undefined): boolean {
  return (contentType ?? '').startsWith('application/vnd.kubernetes.protobuf');
}

/** Decodes a SelfSubjectAccessReview sent as protobuf into its JSON form. */
export function decodeAccessReview(body: Buffer): Obj {
  if (!body.subarray(0, 4).equals(MAGIC))
    throw badRequest('invalid protobuf: missing the k8s envelope');
  const raw = fields(body.subarray(4)).get(2) ?? Buffer.alloc(0);
  const spec = fields(fields(raw).get(2) ?? Buffer.alloc(0));
  const ra = spec.get(1);
  const nra = spec.get(2);
  if (ra) {
    const f = fields(ra);
    const attrs = {
      namespace: text(f, 1),
      verb: text(f, 2),
      group: text(f, 3),
      version: text(f, 4),
      resource: text(f, 5),
      subresource: text(f, 6),
      name: text(f, 7),
    };
    return {
      spec: { resourceAttributes: Object.fromEntries(Object.entries(attrs).filter(([, v]) => v)) },
    };
  }
  if (nra) {
    const f = fields(nra);
    return { spec: { nonResourceAttributes: { path: text(f, 1), verb: text(f, 2) } } };
  }
  return { spec: {} };
}
