// What the action keys do with the rows they act on: the object references (uid and
// resourceVersion as the row showed them), the confirmation texts, the result lines.
import type { ActionResult, ObjectRef, ResourceDef, Row } from '../resources/index.js';

export const refOf = (resource: ResourceDef, row: Row): ObjectRef => ({
  resource,
  namespace: row.namespace,
  name: row.name,
  uid: row.uid,
  resourceVersion: row.resourceVersion,
});

const qualified = (r: Row) => (r.namespace ? `${r.namespace}/${r.name}` : r.name);

/** "Delete pod default/web-1?" or "Delete 3 pods?" with the names listed. */
export function deleteQuestion(
  resource: ResourceDef,
  rows: Row[],
): { title: string; lines: string[] } {
  const kind = resource.kind.toLowerCase();
  if (rows.length === 1) return { title: `Delete ${kind} ${qualified(rows[0])}?`, lines: [] };
  const names = rows.slice(0, 6).map(qualified);
  if (rows.length > 6) names.push(`… and ${rows.length - 6} more`);
  return { title: `Delete ${rows.length} ${resource.name}?`, lines: names };
}

/** One line for many results: "deleted 3 pods", or what failed and why. */
export function summarize(results: ActionResult[]): { text: string; error: boolean } {
  const failed = results.filter((r) => !r.ok);
  if (!failed.length)
    return {
      text:
        results.length === 1 ? results[0].message : `done: ${results.length} of ${results.length}`,
      error: false,
    };
  const first = failed[0].message;
  return {
    text:
      results.length === 1
        ? first
        : `${results.length - failed.length} done, ${failed.length} failed: ${first}${failed.length > 1 ? ` (+${failed.length - 1} more)` : ''}`,
    error: true,
  };
}

/** Typed replica counts above this ask to be confirmed with a second Enter. */
export const SCALE_CEILING = 100;
