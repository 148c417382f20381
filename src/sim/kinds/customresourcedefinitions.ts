// CustomResourceDefinition (apiextensions.k8s.io/v1).
import type { KindInfo } from '../kind-info.js';

export const customresourcedefinitions: KindInfo = {
  // Served empty: kubectl apply looks here before it calls a kind unknown.
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
  kind: 'CustomResourceDefinition',
  singular: 'customresourcedefinition',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  verbs: ['get', 'list', 'watch'],
  subresources: [],
};
