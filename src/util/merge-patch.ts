// JSON merge patch (RFC 7386) both ways: the patch that turns one object into another (what an
// edit sends), and a patch applied to an object (an edit made again on a newer version of it).
// Lists are replaced whole, as merge patch has them; `null` removes a key.

type Json = unknown;
type JsonMap = Record<string, Json>;

const isMap = (v: Json): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The same JSON value, key order aside. */
export function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameJson(x, b[i]));
  }
  if (!isMap(a) || !isMap(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}

/** The merge patch from `from` to `to` (both maps): `{}` when they are the same. */
export function createMergePatch(from: JsonMap, to: JsonMap): JsonMap {
  const patch: JsonMap = {};
  for (const k of Object.keys(from)) if (!Object.hasOwn(to, k)) patch[k] = null;
  for (const [k, v] of Object.entries(to)) {
    if (!Object.hasOwn(from, k)) patch[k] = structuredClone(v);
    else if (!sameJson(from[k], v))
      patch[k] = isMap(from[k]) && isMap(v) ? createMergePatch(from[k], v) : structuredClone(v);
  }
  return patch;
}

/** `target` with `patch` applied (RFC 7386 MergePatch); `target` is left as it was. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return structuredClone(patch);
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}
