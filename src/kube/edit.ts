// An edit (`e`) as it goes to the server: a JSON merge patch of what the user changed, carrying
// the resourceVersion that was read, so that a change made meanwhile is answered 409 Conflict
// instead of being overwritten (kubectl edit's own patch names no resourceVersion and would
// merge over it). Merge patch rather than strategic merge: it needs no schema, works for every
// kind (custom resources too), and the resourceVersion makes replacing a whole list safe.
// The answer is a value: the stored object, or the Status with the fields an invalid object names.
import type { EditResult, KubeObject, ObjectRef } from '../resources/types.js';
import { apiPath } from '../resources/types.js';
import { type KubeClient, readAll } from './client.js';
import { networkError, statusError } from './errors.js';
import { FIELD_MANAGER } from './field-managers.js';

export async function sendEdit(
  client: KubeClient,
  ref: ObjectRef,
  patch: Record<string, unknown>,
): Promise<EditResult> {
  // Unknown fields are refused rather than dropped, as kubectl edit asks (--validate=strict).
  const q = new URLSearchParams({ fieldManager: FIELD_MANAGER.edit, fieldValidation: 'Strict' });
  const path = `${apiPath(ref.resource, ref.namespace)}/${encodeURIComponent(ref.name)}?${q}`;
  try {
    const res = await client.open(path, {
      method: 'PATCH',
      contentType: 'application/merge-patch+json',
      body: patch,
      timeoutSeconds: 30,
    });
    const text = await readAll(res);
    const code = res.statusCode ?? 0;
    if (code >= 200 && code < 300) return { ok: true, object: JSON.parse(text) as KubeObject };
    const err = statusError(code, text);
    return { ok: false, message: err.message, code, reason: err.reason, causes: causesOf(text) };
  } catch (e) {
    const err = networkError(e);
    return { ok: false, message: err.message, code: err.code, reason: err.reason, causes: [] };
  }
}

/** A Status's details.causes: the field and what is wrong with it. */
function causesOf(body: string): { field?: string; message: string }[] {
  try {
    const causes = JSON.parse(body)?.details?.causes;
    if (!Array.isArray(causes)) return [];
    return causes
      .filter((c) => c && typeof c.message === 'string')
      .map((c) => ({
        ...(typeof c.field === 'string' && c.field ? { field: c.field } : {}),
        message: c.message,
      }));
  } catch {
    return [];
  }
}
