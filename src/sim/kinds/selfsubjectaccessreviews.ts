// SelfSubjectAccessReview (authorization.k8s.io/v1): create only; answered by request.ts.
import type { KindInfo } from '../kind-info.js';

export const selfsubjectaccessreviews: KindInfo = {
  group: 'authorization.k8s.io',
  version: 'v1',
  resource: 'selfsubjectaccessreviews',
  kind: 'SelfSubjectAccessReview',
  singular: 'selfsubjectaccessreview',
  namespaced: false,
  shortNames: [],
  verbs: ['create'],
  subresources: [],
};
