// Who may do what on the simulated cluster: an admin, and a viewer whose writes are refused
// with 403 exactly as RBAC refuses them. The same rule answers SelfSubjectAccessReviews.
import { randomBytes } from 'node:crypto';
import type { KindInfo } from './kind-info.js';
import { forbidden } from './status.js';

export interface User {
  name: string;
  token: string;
  readOnly: boolean;
  /** Bound to no role at all (a name only impersonated): may ask what it may do, nothing more. */
  noRights?: boolean;
}

const READ_VERBS = new Set(['get', 'list', 'watch']);

export function makeUsers(): { admin: User; viewer: User } {
  const token = () => randomBytes(24).toString('hex');
  return {
    admin: { name: 'kdeck-admin', token: token(), readOnly: false },
    viewer: { name: 'kdeck-viewer', token: token(), readOnly: true },
  };
}

export interface Attributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** A pod's subresources that run something in it, which the "view" role does not grant. */
const STREAMS = new Set(['exec', 'attach', 'portforward', 'proxy']);

export function allowed(user: User, a: Attributes): boolean {
  if (a.group === 'authorization.k8s.io' && a.verb === 'create') return true;
  if (user.noRights) return false;
  if (!user.readOnly) return true;
  // The viewer holds the built-in "view" ClusterRole, which reads namespaced objects but
  // not nodes (kdeck's nodes screen meets a real 403 with this user) and not Secrets (a
  // viewer of a namespace must not read its credentials).
  if (a.resource === 'nodes' || a.resource === 'secrets') return false;
  // Nor a pod's streams, whatever the verb: the role names pods/log, not pods/exec.
  if (a.subresource && STREAMS.has(a.subresource)) return false;
  return READ_VERBS.has(a.verb);
}

/** The 403 RBAC gives: `pods "x" is forbidden: User "u" cannot delete resource "pods" ...`. */
export function forbiddenFor(user: User, k: KindInfo, a: Attributes) {
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return forbidden(
    k,
    a.name,
    `User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`,
  );
}
