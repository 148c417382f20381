// Errors shaped exactly as the real API server shapes them (k8s.io/apimachinery
// pkg/api/errors): kind Status, reason, code, details, and the same message text.
import { type KindInfo, qualifiedResource } from './kind-info.js';
import type { Obj } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Obj,
    readonly headers: Record<string, string> = {},
    /** ListMeta of the Status: a 410 for an expired continue token carries a fresh token here. */
    readonly listMeta: Obj = {},
  ) {
    super(message);
  }

  toStatus(): Obj {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: this.listMeta,
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

function details(k: KindInfo, name?: string): Obj {
  return { ...(name ? { name } : {}), ...(k.group ? { group: k.group } : {}), kind: k.resource };
}

export const notFound = (k: KindInfo, name: string) =>
  new ApiError(404, 'NotFound', `${qualifiedResource(k)} "${name}" not found`, details(k, name));

export const pathNotFound = () =>
  new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});

export const alreadyExists = (k: KindInfo, name: string) =>
  new ApiError(
    409,
    'AlreadyExists',
    `${qualifiedResource(k)} "${name}" already exists`,
    details(k, name),
  );

export const conflict = (k: KindInfo, name: string, why: string) =>
  new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(k)} "${name}": ${why}`,
    details(k, name),
  );

/**
 * A delete whose precondition does not hold. Kubernetes 1.36 words it in
 * apiserver/pkg/registry/rest/delete.go, naming the kind (not the resource) as the subject.
 */
export function preconditionFailed(
  k: KindInfo,
  name: string,
  field: 'UID' | 'ResourceVersion',
  want: string,
  have: string,
) {
  const subject = k.group ? `${k.kind}.${k.group}` : k.kind;
  const after =
    field === 'UID'
      ? 'The object might have been deleted and then recreated'
      : 'The object might have been modified';
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${subject} "${name}": the ${field} in the precondition (${want}) does not match the ${field} in record (${have}). ${after}`,
    { name, ...(k.group ? { group: k.group } : {}), kind: k.kind },
  );
}

/** The optimistic-lock message of registry/generic/registry/store.go. */
export const staleResourceVersion = (k: KindInfo, name: string) =>
  conflict(
    k,
    name,
    'the object has been modified; please apply your changes to the latest version and try again',
  );

export const forbidden = (k: KindInfo, name: string | undefined, why: string) =>
  new ApiError(
    403,
    'Forbidden',
    `${qualifiedResource(k)}${name ? ` "${name}"` : ''} is forbidden: ${why}`,
    details(k, name),
  );

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

export const invalid = (
  k: KindInfo,
  name: string,
  causes: { field: string; type: string; message: string }[],
) => {
  const agg = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = agg.length === 1 ? agg[0] : `[${agg.join(', ')}]`;
  return new ApiError(
    422,
    'Invalid',
    `${k.kind}${k.group ? `.${k.group}` : ''} "${name}" is invalid: ${summary}`,
    {
      name,
      ...(k.group ? { group: k.group } : {}),
      kind: k.kind,
      causes: causes.map((c) => ({ reason: c.type, message: c.message, field: c.field })),
    },
  );
};

export const methodNotAllowed = (verb: string, kind: string) =>
  new ApiError(
    405,
    'MethodNotAllowed',
    `${verb} is not supported on resources of kind "${kind}"`,
    {},
  );

export const unsupportedMediaType = () =>
  new ApiError(
    415,
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    {},
  );

export const unauthorized = () => new ApiError(401, 'Unauthorized', 'Unauthorized');

export const expired = (message: string, listMeta: Obj = {}) =>
  new ApiError(410, 'Expired', message, undefined, {}, listMeta);

/**
 * A resourceVersion newer than the server has (apiserver pkg/storage/errors.go
 * NewTooLargeResourceVersionError, after its watch cache waited 3 s to catch up).
 */
export const tooLargeResourceVersion = (requested: number, current: number) =>
  new ApiError(
    504,
    'Timeout',
    `Timeout: Too large resource version: ${requested}, current: ${current}`,
    {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    },
  );

export const tooManyRequests = () =>
  new ApiError(
    429,
    'TooManyRequests',
    'the server has received too many requests and has asked us to try again later',
    { retryAfterSeconds: 1 },
    { 'Retry-After': '1' },
  );

export const internalError = (why: string) =>
  new ApiError(500, 'InternalError', `Internal error occurred: ${why}`, {
    causes: [{ message: why }],
  });

export const serviceUnavailable = () =>
  new ApiError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');

export function successStatus(k: KindInfo, name: string, uid: string): Obj {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name, ...(k.group ? { group: k.group } : {}), kind: k.resource, uid },
  };
}
