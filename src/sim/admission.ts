// What the real API server does to an object before storing it: defaults (so that kubectl
// describe and -o yaml read as on a real cluster), validation, and the warnings a write
// draws. Each kind's own part is in its file in kinds/; names are checked here for all.
import type { Allocator, KindInfo } from './kind-info.js';
import { invalid } from './status.js';
import type { Obj } from './types.js';

export type { Allocator };

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function applyDefaults(k: KindInfo, o: Obj, alloc: Allocator): void {
  k.defaults?.(o, alloc);
}

export function validate(k: KindInfo, o: Obj, old?: Obj): void {
  const name = o.metadata?.name ?? '';
  if (!name) {
    throw invalid(k, name, [
      {
        field: 'metadata.name',
        type: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
      },
    ]);
  }
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    throw invalid(k, name, [
      {
        field: 'metadata.name',
        type: 'FieldValueInvalid',
        message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      },
    ]);
  }
  const errors = [...(k.validate?.(o) ?? []), ...(old ? (k.validateUpdate?.(o, old) ?? []) : [])];
  if (errors.length) throw invalid(k, name, errors);
}

/** What kube-apiserver warns about a write that succeeded; `old`: the object before an update. */
export function warningsOnWrite(k: KindInfo, o: Obj, old?: Obj): string[] {
  return k.warnings?.(o, old) ?? [];
}
