// Reading a resource request: the path (group, version, namespace, resource, name,
// subresource), content negotiation, DeleteOptions from body or query, and the
// SelfSubjectAccessReview answer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowed, type User } from './auth.js';
import type { DeleteOptions } from './cluster.js';
import { flag, readBody, sendJson } from './http.js';
import type { KindInfo, KindRegistry } from './kinds.js';
import { badRequest } from './status.js';
import type { IncludeObject } from './table.js';
import type { Obj } from './types.js';

export interface Route {
  kind: KindInfo;
  namespace?: string;
  name?: string;
  sub?: string;
  watchPath: boolean;
}

export function parseResourcePath(kinds: KindRegistry, parts: string[]): Route | undefined {
  // parts: ['api','v1',...] or ['apis',group,version,...]
  let group = '';
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    version = parts[1];
    rest = parts.slice(2);
  } else {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  }
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const nested = kinds.find(group, version, rest[2]);
    if (nested?.namespaced) {
      return { kind: nested, namespace: rest[1], name: rest[3], sub: rest[4], watchPath };
    }
  }
  const kind = kinds.find(group, version, rest[0]);
  if (!kind || rest.length > 3) return undefined;
  return { kind, name: rest[1], sub: rest[2], watchPath };
}

export function wantsTable(req: IncomingMessage): boolean {
  return /as=Table/.test(req.headers.accept ?? '');
}

export function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

export function deleteOptions(body: unknown, q: URLSearchParams): DeleteOptions {
  const b = (body ?? {}) as Obj;
  const grace = b.gracePeriodSeconds ?? q.get('gracePeriodSeconds');
  let policy = b.propagationPolicy ?? q.get('propagationPolicy') ?? undefined;
  const orphan =
    b.orphanDependents ?? (q.has('orphanDependents') ? flag(q.get('orphanDependents')) : undefined);
  if (!policy && orphan !== undefined) policy = orphan ? 'Orphan' : 'Background';
  if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
    throw badRequest(
      `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
    );
  }
  return {
    ...(grace != null && grace !== '' ? { gracePeriodSeconds: Number(grace) } : {}),
    ...(policy ? { propagationPolicy: policy } : {}),
    ...(b.preconditions ? { preconditions: b.preconditions } : {}),
    dryRun: (b.dryRun ?? q.getAll('dryRun')).includes('All'),
  };
}

export async function accessReview(
  req: IncomingMessage,
  res: ServerResponse,
  user: User,
): Promise<void> {
  const body = ((await readBody(req)) ?? {}) as Obj;
  const ra = body.spec?.resourceAttributes;
  const nra = body.spec?.nonResourceAttributes;
  let ok: boolean;
  if (ra) {
    ok = allowed(user, {
      verb: ra.verb,
      group: ra.group ?? '',
      resource: ra.resource,
      subresource: ra.subresource,
      namespace: ra.namespace,
      name: ra.name,
    });
  } else if (nra) ok = !user.readOnly || nra.verb === 'get';
  else throw badRequest('spec.resourceAttributes or spec.nonResourceAttributes is required');
  sendJson(res, 201, {
    kind: 'SelfSubjectAccessReview',
    apiVersion: 'authorization.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: body.spec,
    status: ok
      ? {
          allowed: true,
          reason: user.readOnly
            ? 'RBAC: allowed by ClusterRoleBinding "kdeck-viewer" of ClusterRole "view" to User "kdeck-viewer"'
            : 'RBAC: allowed by ClusterRoleBinding "kdeck-admin" of ClusterRole "cluster-admin" to User "kdeck-admin"',
        }
      : { allowed: false },
  });
}
