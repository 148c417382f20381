// Secret (core/v1): pkg/registry/core/secret.
import { type KindInfo, RW } from '../kind-info.js';
import { age, ageColumn, col, nameColumn } from './columns.js';

export const secrets: KindInfo = {
  group: '',
  version: 'v1',
  resource: 'secrets',
  kind: 'Secret',
  singular: 'secret',
  namespaced: true,
  shortNames: [],
  verbs: RW,
  subresources: [],
  defaults(o) {
    // As the v1 → internal conversion does: stringData is written into data, then dropped.
    for (const [key, v] of Object.entries(o.stringData ?? {}))
      o.data = { ...o.data, [key]: Buffer.from(String(v)).toString('base64') };
    delete o.stringData;
    o.type ??= 'Opaque';
  },
  printer: {
    columns: [
      nameColumn,
      col(
        'Type',
        'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
      ),
      col(
        'Data',
        "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
      ),
      ageColumn,
    ],
    cells: (s, now) => [
      s.metadata.name,
      s.type ?? 'Opaque',
      Object.keys(s.data ?? {}).length,
      age(s, now),
    ],
  },
};
