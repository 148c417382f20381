// ConfigMap (core/v1): pkg/registry/core/configmap.
import { type KindInfo, RW } from '../kind-info.js';
import { age, ageColumn, col, nameColumn } from './columns.js';

export const configmaps: KindInfo = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  kind: 'ConfigMap',
  singular: 'configmap',
  namespaced: true,
  shortNames: ['cm'],
  verbs: RW,
  subresources: [],
  printer: {
    columns: [
      nameColumn,
      col(
        'Data',
        "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
      ),
      ageColumn,
    ],
    cells: (c, now) => [
      c.metadata.name,
      Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length,
      age(c, now),
    ],
  },
};
