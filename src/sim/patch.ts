// The three patch formats of PATCH requests: JSON merge patch (RFC 7386), JSON patch
// (RFC 6902) and strategic merge patch (k8s.io/apimachinery pkg/util/strategicpatch) for the
// fields of Deployments, Pods and Services that kubectl apply touches.
import { badRequest } from './status.js';
import type { Obj } from './types.js';

const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return structuredClone(patch);
  const out: Obj = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function jsonPatch(target: Obj, ops: unknown): Obj {
  if (!Array.isArray(ops)) {
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  const doc = structuredClone(target);
  for (const op of ops) applyOp(doc, op);
  return doc;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(doc: Obj, path: string, op: string): [Obj | unknown[], string] {
  const parts = pointer(path);
  const last = parts.pop();
  if (last === undefined)
    throw badRequest(`${op} operation does not apply: doc is missing path: "${path}"`);
  let cur: unknown = doc;
  for (const p of parts) {
    cur = (cur as Obj)?.[p];
    if (cur === undefined)
      throw badRequest(
        `${op} operation does not apply: doc is missing path: "${path}": missing value`,
      );
  }
  return [cur as Obj, last];
}

function getAt(doc: Obj, path: string): unknown {
  let cur: unknown = doc;
  for (const p of pointer(path)) cur = (cur as Obj)?.[p];
  return cur;
}

function applyOp(doc: Obj, op: Obj): void {
  const { op: name, path, value, from } = op;
  switch (name) {
    case 'add':
    case 'replace': {
      const [parent, key] = parentOf(doc, path, name);
      if (Array.isArray(parent)) {
        const i = key === '-' ? parent.length : Number(key);
        if (name === 'add') parent.splice(i, 0, structuredClone(value));
        else parent[i] = structuredClone(value);
      } else {
        if (name === 'replace' && !(key in parent)) {
          throw badRequest(
            `replace operation does not apply: doc is missing key: ${path}: missing value`,
          );
        }
        parent[key] = structuredClone(value);
      }
      return;
    }
    case 'remove': {
      const [parent, key] = parentOf(doc, path, name);
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else {
        if (!(key in parent))
          throw badRequest(
            `remove operation does not apply: doc is missing path: "${path}": missing value`,
          );
        delete parent[key];
      }
      return;
    }
    case 'move':
    case 'copy': {
      const v = structuredClone(getAt(doc, from));
      if (name === 'move') applyOp(doc, { op: 'remove', path: from });
      applyOp(doc, { op: 'add', path, value: v });
      return;
    }
    case 'test':
      if (JSON.stringify(getAt(doc, path)) !== JSON.stringify(value)) {
        throw badRequest(`testing value ${path} failed: test failed`);
      }
      return;
    default:
      throw badRequest(`Unexpected kind: ${name}`);
  }
}

/** patchMergeKey of the lists kdeck and kubectl apply touch (from k8s.io/api's struct tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  hostAliases: 'ip',
};
/** Lists of scalars whose strategy is merge (a set union). */
const MERGED_SCALAR_LISTS = new Set(['finalizers']);

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  if (field === 'ports') {
    // Container ports merge on containerPort, Service ports on port.
    return items.some((i) => isMap(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  }
  return MERGE_KEYS[field];
}

export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return strip(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Obj = isMap(target) ? { ...target } : {};
  const retain: string[] | undefined = patch.$retainKeys;
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/')) continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]))
        out[field] = out[field].filter((x: unknown) => !(v as unknown[]).includes(x));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v)) out[k] = mergeList(k, out[k], v);
    else {
      const merged = strategicMergePatch(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  if (retain) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

function mergeList(field: string, current: unknown, patch: unknown[]): unknown[] {
  const cur = Array.isArray(current) ? current : [];
  if (patch.some((p) => isMap(p) && p.$patch === 'replace')) {
    return patch.filter((p) => !(isMap(p) && p.$patch === 'replace')).map(strip);
  }
  if (MERGED_SCALAR_LISTS.has(field)) return [...new Set([...cur, ...patch])];
  const key = mergeKeyFor(field, [...cur, ...patch]);
  if (!key) return patch.map(strip);
  const out = cur.map((x) => structuredClone(x));
  for (const item of patch) {
    if (!isMap(item)) continue;
    const i = out.findIndex((x) => isMap(x) && x[key] === item[key]);
    if (item.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) out[i] = strategicMergePatch(out[i], item);
    else out.push(strip(item));
  }
  return out;
}

/** Removes patch directives from a value that is inserted whole. */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (!isMap(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = strip(x);
  return out;
}
