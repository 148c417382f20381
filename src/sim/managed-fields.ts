// Field ownership as kube-apiserver records it in metadata.managedFields (its fieldmanager,
// over structured-merge-diff): which manager set which field, by Update (create, PUT, the
// non-apply patches, controllers) or by Apply (server-side apply), and the conflicts an apply
// meets when it changes a field another manager owns.
//
// A field set is a set of paths; a path is a list of FieldsV1 tokens (`f:name`, `k:{...}` for an
// item of a list keyed by fields, `v:...` for an item of a set). An Update owns what it added or
// changed (with the parents of an added subtree, the `.` entries); an Apply owns exactly the
// fields of the configuration it sent.
import type { KindInfo } from './kind-info.js';
import { ApiError } from './status.js';
import { nowIso } from './store.js';
import type { Obj } from './types.js';

export interface Writer {
  manager: string;
  subresource?: 'status' | 'scale';
}

/** What the real controllers write as (kube-controller-manager runs them all). */
export const CONTROLLER: Writer = { manager: 'kube-controller-manager' };
export const CONTROLLER_STATUS: Writer = {
  manager: 'kube-controller-manager',
  subresource: 'status',
};

/** A request without fieldManager is attributed to its User-Agent's product (up to the `/`). */
export function managerFromUserAgent(ua: string | undefined): string {
  return (ua ?? '').split('/')[0].slice(0, 128);
}

type FieldSet = Set<string>;
const SEP = '\u0000';
const join = (p: string[]) => p.join(SEP);
const split = (s: string) => (s === '' ? [] : s.split(SEP));

const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- the schema knowledge: which lists are keyed, by what, and what is atomic

/**
 * Lists keyed by fields (listType=map, from k8s.io/api's tags) and the default a missing key
 * field takes. Other lists are atomic (replaced whole), as `args` or `tolerations` are.
 */
function listKeys(
  field: string,
  items: unknown[],
): { keys: string[]; atomicItems?: boolean } | 'set' | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
      return { keys: ['name'] };
    case 'volumeMounts':
      return { keys: ['mountPath'] };
    case 'volumeDevices':
      return { keys: ['devicePath'] };
    case 'hostAliases':
      return { keys: ['ip'] };
    case 'conditions':
      return { keys: ['type'] };
    case 'topologySpreadConstraints':
      return { keys: ['topologyKey', 'whenUnsatisfiable'] };
    case 'ownerReferences':
      // OwnerReference is an atomic struct: its item is owned whole.
      return { keys: ['uid'], atomicItems: true };
    case 'ports':
      // A container's ports are keyed by containerPort and protocol, a Service's by port and protocol.
      return items.some((i) => isMap(i) && 'containerPort' in i)
        ? { keys: ['containerPort', 'protocol'] }
        : { keys: ['port', 'protocol'] };
    case 'finalizers':
      return 'set';
    default:
      return undefined;
  }
}

/** Maps owned whole: label selectors (structType=atomic) and a Service's selector (mapType=atomic). */
const atomicMap = (field: string) => field === 'selector';

const KEY_DEFAULTS: Record<string, unknown> = { protocol: 'TCP' };

function itemToken(item: unknown, spec: ReturnType<typeof listKeys>, index: number): string {
  if (spec === 'set') return `v:${JSON.stringify(item)}`;
  if (!spec || !isMap(item)) return `i:${index}`;
  const key: Obj = {};
  for (const f of [...spec.keys].sort()) key[f] = item[f] ?? KEY_DEFAULTS[f];
  return `k:${JSON.stringify(key)}`;
}

// ---- the field set of a configuration (what an Apply owns)

/** Every field a value sets: leaves, list items, empty maps; not the maps that hold them. */
export function fieldSetOf(root: Obj): FieldSet {
  const out: FieldSet = new Set();
  const walk = (v: unknown, path: string[], field: string) => {
    if (isMap(v)) {
      if (path.length && (atomicMap(field) || !Object.keys(v).length)) {
        out.add(join(path));
        return;
      }
      for (const [k, x] of Object.entries(v)) walk(x, [...path, `f:${k}`], k);
    } else if (Array.isArray(v)) {
      const spec = listKeys(field, v);
      if (!spec) {
        out.add(join(path));
        return;
      }
      v.forEach((item, i) => {
        const p = [...path, itemToken(item, spec, i)];
        out.add(join(p));
        if (spec !== 'set' && !spec.atomicItems && isMap(item))
          for (const [k, x] of Object.entries(item)) walk(x, [...p, `f:${k}`], k);
      });
    } else out.add(join(path));
  };
  walk(root, [], '');
  return out;
}

// ---- comparing two versions of an object (what an Update owns, and what an Apply changes)

interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

const ABSENT = Symbol('absent');
type Maybe = unknown | typeof ABSENT;

const emptyish = (v: Maybe) =>
  v === ABSENT ||
  v === null ||
  (Array.isArray(v) && !v.length) ||
  (isMap(v) && !Object.keys(v).length);

export function compare(lhs: Obj, rhs: Obj): Comparison {
  const c: Comparison = { added: new Set(), modified: new Set(), removed: new Set() };
  const leaf = (l: Maybe, r: Maybe, key: string) => {
    if (l === ABSENT) c.added.add(key);
    else if (r === ABSENT) c.removed.add(key);
    else if (JSON.stringify(l) !== JSON.stringify(r)) c.modified.add(key);
  };
  const mapChildren = (l: Maybe, r: Maybe, path: string[]) => {
    const lm = isMap(l) ? l : {};
    const rm = isMap(r) ? r : {};
    for (const k of new Set([...Object.keys(lm), ...Object.keys(rm)])) {
      walk(k in lm ? lm[k] : ABSENT, k in rm ? rm[k] : ABSENT, [...path, `f:${k}`], k);
    }
  };
  const walk = (l: Maybe, r: Maybe, path: string[], field: string) => {
    const key = join(path);
    const sample = r === ABSENT || r === null ? l : r;
    const isList = Array.isArray(sample);
    const spec = isList
      ? listKeys(field, [...(Array.isArray(l) ? l : []), ...(Array.isArray(r) ? r : [])])
      : undefined;
    const collection = (isMap(sample) && !atomicMap(field)) || (isList && spec);
    const typesAgree =
      (l === ABSENT || l === null || Array.isArray(l) === isList) &&
      (r === ABSENT || r === null || Array.isArray(r) === isList);
    if (!collection || !typesAgree || (emptyish(l) && emptyish(r))) return leaf(l, r, key);
    // A subtree that appears (or goes) is itself a member: the `.` of FieldsV1.
    if (l === ABSENT) c.added.add(key);
    if (r === ABSENT) c.removed.add(key);
    if (!isList) return mapChildren(l, r, path);
    const items = (v: Maybe) => {
      const m = new Map<string, unknown>();
      if (Array.isArray(v)) for (const [i, x] of v.entries()) m.set(itemToken(x, spec, i), x);
      return m;
    };
    const li = items(l);
    const ri = items(r);
    for (const t of new Set([...li.keys(), ...ri.keys()])) {
      const a = li.has(t) ? li.get(t) : ABSENT;
      const b = ri.has(t) ? ri.get(t) : ABSENT;
      const p = [...path, t];
      if (
        spec === 'set' ||
        (spec as { atomicItems?: boolean }).atomicItems ||
        !isMap(b === ABSENT ? a : b)
      ) {
        leaf(a, b, join(p));
        continue;
      }
      if (a === ABSENT) c.added.add(join(p));
      if (b === ABSENT) c.removed.add(join(p));
      mapChildren(a, b, p);
    }
  };
  mapChildren(lhs, rhs, []);
  return c;
}

const isSame = (c: Comparison) => !c.added.size && !c.modified.size && !c.removed.size;

// ---- what ownership ignores

const IGNORED_METADATA = [
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
];

/** The object as ownership sees it: without identity, bookkeeping, and status on the main resource. */
function tracked(k: KindInfo, o: Obj | undefined, subresource?: string): Obj {
  if (!o) return {};
  const { apiVersion: _a, kind: _k, metadata = {}, ...rest } = o;
  const meta: Obj = { ...metadata };
  for (const f of IGNORED_METADATA) delete meta[f];
  const out: Obj = { ...rest };
  if (Object.keys(meta).length) out.metadata = meta;
  // A kind with a status subresource resets status on writes to the main resource and spec
  // on writes to status; neither is owned there.
  if (k.subresources.some((s) => s.name === 'status')) {
    if (subresource === 'status') delete out.spec;
    else delete out.status;
  }
  return out;
}

/**
 * What a new object is compared with: the fields a zero-valued Go object of the kind already
 * has (non-pointer structs, lists without omitempty). They are present, so a create does not
 * own them as subtrees (no `.` on spec, template or containers), as on the real server.
 */
function skeleton(o: Obj): Obj {
  const s: Obj = { metadata: {} };
  const spec = o.spec;
  if (!isMap(spec)) return s;
  s.spec = {};
  const podTemplate = (t: unknown) =>
    isMap(t) ? { metadata: {}, spec: { containers: null } } : undefined;
  if (isMap(spec.template)) s.spec.template = podTemplate(spec.template);
  if (isMap(spec.strategy)) s.spec.strategy = {};
  if (isMap(spec.updateStrategy)) s.spec.updateStrategy = {};
  if (isMap(spec.jobTemplate))
    s.spec.jobTemplate = {
      metadata: {},
      spec: { template: podTemplate(spec.jobTemplate.spec?.template) },
    };
  if ('containers' in spec) s.spec.containers = null;
  return s;
}

// ---- managedFields entries

interface Entry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
  set: FieldSet;
}

const entryKey = (e: Pick<Entry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>) =>
  JSON.stringify([
    e.manager,
    e.operation,
    e.operation === 'Update' ? e.apiVersion : '',
    e.subresource ?? '',
  ]);

function parseFields(v: unknown, path: string[], out: FieldSet): void {
  if (!isMap(v)) return;
  for (const [k, x] of Object.entries(v)) {
    if (k === '.') {
      out.add(join(path));
      continue;
    }
    const p = [...path, k];
    if (isMap(x) && !Object.keys(x).length) out.add(join(p));
    else parseFields(x, p, out);
  }
}

function decode(list: unknown): Entry[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isMap).map((m) => {
    const set: FieldSet = new Set();
    parseFields(m.fieldsV1, [], set);
    return {
      manager: String(m.manager ?? ''),
      operation: m.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: String(m.apiVersion ?? ''),
      time: String(m.time ?? ''),
      ...(m.subresource ? { subresource: String(m.subresource) } : {}),
      set,
    };
  });
}

/** FieldsV1: `.` first, then fields, keys, values, indices, each sorted, as the real server writes them. */
function fieldsV1(set: FieldSet): Obj {
  interface Node {
    self: boolean;
    kids: Map<string, Node>;
  }
  const root: Node = { self: false, kids: new Map() };
  for (const s of set) {
    let n = root;
    for (const t of split(s)) {
      let next = n.kids.get(t);
      if (!next) {
        next = { self: false, kids: new Map() };
        n.kids.set(t, next);
      }
      n = next;
    }
    n.self = true;
  }
  const rank = (t: string) => 'fkvi'.indexOf(t[0]);
  const render = (n: Node): Obj => {
    const out: Obj = {};
    if (n.self && n.kids.size) out['.'] = {};
    const keys = [...n.kids.keys()].sort((a, b) =>
      rank(a) !== rank(b) ? rank(a) - rank(b) : a < b ? -1 : a > b ? 1 : 0,
    );
    for (const k of keys) out[k] = render(n.kids.get(k) as Node);
    return out;
  };
  return render(root);
}

function encode(entries: Entry[]): Obj[] | undefined {
  const kept = entries.filter((e) => e.set.size);
  if (!kept.length) return undefined;
  // Sorted as the real server sorts them: operation, time, manager, subresource, apiVersion.
  kept.sort((a, b) => {
    for (const [x, y] of [
      [a.operation, b.operation],
      [a.time, b.time],
      [a.manager, b.manager],
      [a.subresource ?? '', b.subresource ?? ''],
      [a.apiVersion, b.apiVersion],
    ])
      if (x !== y) return x < y ? -1 : 1;
    return 0;
  });
  return kept.map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    time: e.time,
    fieldsType: 'FieldsV1',
    fieldsV1: fieldsV1(e.set),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

const minus = (a: FieldSet, b: Iterable<string>) => {
  const out = new Set(a);
  for (const x of b) out.delete(x);
  return out;
};

/**
 * The entries a write starts from: the stored ones, unless the request brought different
 * managedFields of its own (a client may reset or rewrite them, as kubectl's migration does).
 */
function startingEntries(prev: Obj | undefined, next: Obj): Entry[] {
  const sent = next.metadata?.managedFields;
  const had = prev?.metadata?.managedFields;
  if (!prev) return [];
  if (sent === undefined || JSON.stringify(sent) === JSON.stringify(had)) return decode(had);
  return decode(sent);
}

function setManagedFields(o: Obj, entries: Entry[]): void {
  const mf = encode(entries);
  if (mf) o.metadata.managedFields = mf;
  else delete o.metadata.managedFields;
}

/**
 * An Update by `w` from `prev` (absent on create) to `next`: `w` owns what it added or
 * changed, and no one else owns it any more; what it removed is no one's. Sets
 * next.metadata.managedFields.
 */
export function recordUpdate(
  k: KindInfo,
  prev: Obj | undefined,
  next: Obj,
  w: Writer,
  apiVersion: string,
): void {
  const entries = startingEntries(prev, next);
  const before = prev ? tracked(k, prev, w.subresource) : skeleton(next);
  const c = compare(before, tracked(k, next, w.subresource));
  if (isSame(c)) {
    setManagedFields(next, entries);
    return;
  }
  const taken = [...c.added, ...c.modified, ...c.removed];
  const id = entryKey({ ...w, operation: 'Update', apiVersion });
  let mine = entries.find((e) => entryKey(e) === id);
  for (const e of entries) if (e !== mine) e.set = minus(e.set, taken);
  if (!mine) {
    mine = {
      manager: w.manager,
      operation: 'Update',
      apiVersion,
      time: '',
      subresource: w.subresource,
      set: new Set(),
    };
    entries.push(mine);
  }
  mine.set = new Set([...minus(mine.set, c.removed), ...c.modified, ...c.added]);
  mine.time = nowIso();
  setManagedFields(next, entries);
}

// ---- server-side apply

/** A field path as the real server prints it in a conflict: `.spec.containers[name="nginx"].image`. */
function printPath(s: string): string {
  return split(s)
    .map((t) => {
      const body = t.slice(2);
      switch (t[0]) {
        case 'f':
          return `.${body}`;
        case 'k':
          return `[${Object.entries(JSON.parse(body) as Obj)
            .map(([f, v]) => `${f}=${JSON.stringify(v)}`)
            .join(',')}]`;
        case 'v':
          return `[=${body}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}

function printManager(e: Entry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`;
  return s;
}

/** The 409 of an apply that meets other managers' fields, worded as apiserver's fieldmanager words it. */
function conflictError(conflicts: Conflict[]): ApiError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.entry)}`,
    field: printPath(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: ${causes[0].message}: ${causes[0].field}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const m = printManager(c.entry);
      byManager.set(m, [...(byManager.get(m) ?? []), printPath(c.path)]);
    }
    const lines: string[] = [];
    for (const m of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${m}:`);
      for (const p of byManager.get(m) as string[]) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}

/** Path order as structured-merge-diff sorts paths (fields, then keys, values, indices). */
function comparePaths(a: string, b: string): number {
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const ra = 'fkvi'.indexOf(x[i][0]);
    const rb = 'fkvi'.indexOf(y[i][0]);
    if (ra !== rb) return ra - rb;
    return x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

/** The merge of an applied configuration into the live object: maps by key, keyed lists by item. */
function merge(live: unknown, applied: unknown, field: string): unknown {
  if (isMap(applied)) {
    if (!isMap(live) || atomicMap(field)) return structuredClone(applied);
    const out: Obj = { ...live };
    for (const [k, v] of Object.entries(applied)) out[k] = merge(live[k], v, k);
    return out;
  }
  if (Array.isArray(applied)) {
    const spec = listKeys(field, [...(Array.isArray(live) ? live : []), ...applied]);
    if (!spec || !Array.isArray(live)) return structuredClone(applied);
    const out = [...live];
    applied.forEach((item, i) => {
      const t = itemToken(item, spec, i);
      const at = out.findIndex((x, j) => itemToken(x, spec, j) === t);
      const merged =
        spec !== 'set' && !spec.atomicItems && at >= 0
          ? merge(out[at], item, '')
          : structuredClone(item);
      if (at >= 0) out[at] = merged;
      else out.push(merged);
    });
    return out;
  }
  return structuredClone(applied);
}

/** Removes one path from an object (a field, a keyed item, a set value). */
function removePath(o: Obj, path: string[]): void {
  let cur: unknown = o;
  let field = '';
  for (let i = 0; i < path.length; i++) {
    const t = path[i];
    const last = i === path.length - 1;
    if (t.startsWith('f:')) {
      if (!isMap(cur)) return;
      field = t.slice(2);
      if (last) delete cur[field];
      else cur = cur[field];
    } else {
      if (!Array.isArray(cur)) return;
      const spec = listKeys(field, cur);
      const at = cur.findIndex((x, j) => itemToken(x, spec, j) === t);
      if (at < 0) return;
      if (last) cur.splice(at, 1);
      else cur = cur[at];
    }
  }
}

function valueAt(o: Obj, path: string[]): unknown {
  let cur: unknown = o;
  let field = '';
  for (const t of path) {
    if (t.startsWith('f:')) {
      if (!isMap(cur)) return undefined;
      field = t.slice(2);
      cur = cur[field];
    } else {
      if (!Array.isArray(cur)) return undefined;
      const spec = listKeys(field, cur);
      cur = cur.find((x, j) => itemToken(x, spec, j) === t);
    }
  }
  return cur;
}

export interface Applied {
  /** The live object with the configuration merged in (not yet defaulted or validated). */
  object: Obj;
}

/**
 * Server-side apply of `config` by `manager` to `live` (absent: a create). Throws the 409 of
 * a conflict unless `force`; else returns the merged object with its managedFields set.
 */
export function apply(
  k: KindInfo,
  live: Obj | undefined,
  config: Obj,
  manager: string,
  force: boolean,
  apiVersion: string,
): Obj {
  let result = applyOnce(k, live, config, manager, force, apiVersion);
  if (manager !== KUBECTL || !live) return finish(result);
  // kubectl's own server-side apply takes over what its client-side apply set: conflicts on
  // fields whose live value is still the last-applied one are forced (apiserver's
  // lastAppliedManager); the others are the conflict.
  if (Array.isArray(result)) {
    const allowed = allowedByLastApplied(k, live);
    if (!allowed) return finish(result);
    const rest = result.filter((c) => !allowed.has(c.path));
    result = rest.length ? rest : applyOnce(k, live, config, manager, true, apiVersion);
  }
  // And the annotation follows what kubectl applies now (apiserver's lastAppliedUpdater).
  if (!Array.isArray(result) && live.metadata.annotations?.[LAST_APPLIED]) {
    const { [LAST_APPLIED]: _, ...others } = config.metadata?.annotations ?? {};
    const recorded = {
      ...config,
      metadata: {
        ...config.metadata,
        ...(config.metadata?.annotations ? { annotations: others } : {}),
      },
    };
    result.metadata.annotations = {
      ...result.metadata.annotations,
      // Encoded as apimachinery encodes it: a newline ends it.
      [LAST_APPLIED]: `${sortedJson(recorded)}\n`,
    };
  }
  return finish(result);
}

const KUBECTL = 'kubectl';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const finish = (r: Obj | Conflict[]): Obj => {
  if (Array.isArray(r)) throw conflictError(r);
  return r;
};

/** The fields of the last-applied configuration whose live values are still the ones it set. */
function allowedByLastApplied(k: KindInfo, live: Obj): FieldSet | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  let last: Obj;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isMap(last) || last.apiVersion !== live.apiVersion) return undefined;
  const lastTracked = tracked(k, last);
  const c = compare(lastTracked, tracked(k, live));
  return minus(fieldSetOf(lastTracked), [...c.modified, ...c.added, ...c.removed]);
}

/** JSON as Go writes a map: keys sorted at every level. */
export function sortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (isMap(v))
    return `{${Object.keys(v)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sortedJson(v[key])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

interface Conflict {
  entry: Entry;
  path: string;
}

/** One apply: the merged object, or the conflicts that stop it. */
function applyOnce(
  k: KindInfo,
  live: Obj | undefined,
  config: Obj,
  manager: string,
  force: boolean,
  apiVersion: string,
): Obj | Conflict[] {
  const entries = live ? decode(live.metadata?.managedFields) : [];
  const base = live ? tracked(k, live) : skeleton(config);
  const wanted = tracked(k, config);
  const owned = fieldSetOf(wanted);
  const id = entryKey({ manager, operation: 'Apply', apiVersion });
  const previous = entries.find((e) => entryKey(e) === id);
  const others = entries.filter((e) => e !== previous);

  const merged = merge(base, wanted, '') as Obj;
  // What this manager applied before and leaves out now goes, unless someone else owns it
  // (or something under it).
  if (previous) {
    const keep = new Set<string>();
    for (const s of [...owned, ...others.flatMap((e) => [...e.set])]) {
      const p = split(s);
      for (let i = 1; i <= p.length; i++) keep.add(join(p.slice(0, i)));
    }
    // Outermost first: a list item goes whole, found by its key before its fields go.
    const gone = [...previous.set].filter((s) => !keep.has(s)).sort(comparePaths);
    for (const s of gone) removePath(merged, split(s));
    // A map left empty by that, which this manager held only as the parent of what went, goes too.
    const parents = new Set<string>();
    for (const s of gone) {
      const p = split(s);
      for (let i = 1; i < p.length; i++) parents.add(join(p.slice(0, i)));
    }
    for (const s of [...parents].sort((a, b) => comparePaths(b, a))) {
      const v = valueAt(merged, split(s));
      if (!keep.has(s) && split(s).at(-1)?.startsWith('f:') && isMap(v) && !Object.keys(v).length)
        removePath(merged, split(s));
    }
  }

  const c = compare(base, merged);
  const changed = [...c.added, ...c.modified];
  const conflicts: Conflict[] = [];
  for (const e of others.sort((a, b) =>
    a.manager < b.manager ? -1 : a.manager > b.manager ? 1 : 0,
  ))
    for (const p of [...changed].filter((p) => e.set.has(p)).sort(comparePaths))
      conflicts.push({ entry: e, path: p });
  if (conflicts.length && !force) return conflicts;

  for (const e of others)
    e.set = minus(
      minus(
        e.set,
        conflicts.filter((x) => x.entry === e).map((x) => x.path),
      ),
      c.removed,
    );
  const sameAsBefore =
    previous && previous.set.size === owned.size && [...owned].every((s) => previous.set.has(s));
  const mine: Entry = {
    manager,
    operation: 'Apply',
    apiVersion,
    time: sameAsBefore && isSame(c) ? previous.time : nowIso(),
    set: owned,
  };
  const out: Obj = { ...(live ? structuredClone(live) : {}), ...merged };
  out.metadata = { ...(live?.metadata ?? {}), ...(merged.metadata ?? {}) };
  if (live) {
    // What ownership does not track (identity, bookkeeping, status) stays as it is.
    for (const f of IGNORED_METADATA)
      if (live.metadata[f] !== undefined) out.metadata[f] = live.metadata[f];
    // Fields of the metadata that the merge removed stay removed.
    for (const f of Object.keys(live.metadata))
      if (!IGNORED_METADATA.includes(f) && !(f in (merged.metadata ?? {}))) delete out.metadata[f];
    for (const f of Object.keys(live))
      if (
        f !== 'metadata' &&
        f !== 'apiVersion' &&
        f !== 'kind' &&
        !(f in merged) &&
        f !== 'status'
      )
        delete out[f];
  } else {
    out.metadata.name = config.metadata?.name;
    if (config.metadata?.namespace) out.metadata.namespace = config.metadata.namespace;
  }
  setManagedFields(out, [mine, ...others]);
  return out;
}
