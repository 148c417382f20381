// ServiceAccount (core/v1): pkg/registry/core/serviceaccount.
import { type KindInfo, RW } from '../kind-info.js';
import { age, ageColumn, nameColumn } from './columns.js';

export const serviceaccounts: KindInfo = {
  group: '',
  version: 'v1',
  resource: 'serviceaccounts',
  kind: 'ServiceAccount',
  singular: 'serviceaccount',
  namespaced: true,
  shortNames: ['sa'],
  verbs: RW,
  subresources: [
    {
      name: 'token',
      kind: 'TokenRequest',
      group: 'authentication.k8s.io',
      version: 'v1',
      verbs: ['create'],
    },
  ],
  printer: {
    columns: [nameColumn, ageColumn],
    cells: (s, now) => [s.metadata.name, age(s, now)],
  },
};
