// The simulated cluster's verbs (create, replace, patch, delete, scale) with the real API
// server's semantics: defaults and validation, optimistic concurrency, generation, graceful
// deletion and finalizers, preconditions. The HTTP layer and the controllers both use it.

import { randomUUID } from 'node:crypto';
import { type Allocator, applyDefaults, validate } from './admission.js';
import { customKinds } from './kinds/custom-resources.js';
import { groupVersion, KINDS, type KindInfo, KindRegistry, kindOf } from './kinds.js';
import { Lister } from './list.js';
import { apply, CONTROLLER, recordUpdate, type Writer } from './managed-fields.js';
import { METRICS_KINDS } from './metrics.js';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch.js';
import { selectorString } from './selectors.js';
import {
  ApiError,
  alreadyExists,
  badRequest,
  invalid,
  notFound,
  preconditionFailed,
  staleResourceVersion,
  successStatus,
  unsupportedMediaType,
} from './status.js';
import { hasGeneration, nowIso, ObjectStore } from './store.js';
import type { Obj } from './types.js';

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export function patchTypeOf(contentType: string | undefined): PatchType {
  const t = (contentType ?? '').split(';')[0].trim();
  switch (t) {
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/json-patch+json':
      return 'json';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+json':
      return 'apply';
    default:
      throw unsupportedMediaType();
  }
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** Who writes (for managedFields) and whether the write is only a dry run. */
export interface WriteOptions {
  writer?: Writer;
  dryRun?: boolean;
  /** The body's managedFields are already what they must be (an apply computed them). */
  managedFieldsSet?: boolean;
}

/** How a PATCH is done: an apply may force other managers' fields. */
export interface PatchOptions extends WriteOptions {
  force?: boolean;
}

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)];
  return s;
}

const NS = kindOf('Namespace');
const POD = kindOf('Pod');
const CRD = kindOf('CustomResourceDefinition');

class ClusterIPs implements Allocator {
  private nextIP = 10;
  private nextPort = 30000;
  private readonly usedPorts = new Set<number>();
  clusterIP(): string {
    const n = this.nextIP++;
    return `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  }
  nodePort(): number {
    while (this.usedPorts.has(this.nextPort)) this.nextPort++;
    this.usedPorts.add(this.nextPort);
    return this.nextPort;
  }
  reservePort(p: number): void {
    this.usedPorts.add(p);
  }
}

export class Cluster {
  readonly store: ObjectStore;
  readonly lister: Lister;
  /**
   * The kinds served: the built-ins (with the metrics API's when it is on), and those of the
   * CustomResourceDefinitions stored.
   */
  readonly kinds: KindRegistry;
  private readonly alloc = new ClusterIPs();

  constructor(opts: { historySize?: number; continueTokenTtlMs?: number; metrics?: boolean } = {}) {
    this.kinds = new KindRegistry(opts.metrics ? [...KINDS, ...METRICS_KINDS] : KINDS);
    this.store = new ObjectStore(opts.historySize);
    this.lister = new Lister(this.store, opts.continueTokenTtlMs);
    // A stored CRD's kinds are served from the moment it is (the real server answers within
    // milliseconds; kubectl apply of a CRD and then its objects must work). A deleted one's
    // stop once it is gone; the CRD finalizer controller removes its objects before that.
    this.store.watch(CRD, (e) => {
      const crd = e.object;
      this.kinds.serve(crd.metadata.name, e.type === 'DELETED' ? [] : customKinds(crd));
    });
  }

  get(k: KindInfo, ns: string | undefined, name: string): Obj {
    const o = this.store.get(k, ns, name);
    if (!o) throw notFound(k, name);
    return o;
  }

  create(k: KindInfo, ns: string | undefined, body: Obj, opts: WriteOptions = {}): Obj {
    const o = structuredClone(body);
    o.kind = k.kind;
    o.apiVersion = groupVersion(k);
    o.metadata ??= {};
    const m = o.metadata;
    if (k.namespaced) {
      if (m.namespace && ns && m.namespace !== ns) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      m.namespace = m.namespace || ns || 'default';
      const owner = this.store.get(NS, undefined, m.namespace);
      if (!owner) throw notFound(NS, m.namespace);
      if (owner.metadata.deletionTimestamp) {
        throw new ApiError(
          403,
          'Forbidden',
          `${k.resource} "${m.name ?? m.generateName}" is forbidden: unable to create new content in namespace ${m.namespace} because it is being terminated`,
          { name: m.name, kind: k.resource },
        );
      }
    } else delete m.namespace;
    if (!m.name && m.generateName) m.name = `${m.generateName}${randomSuffix()}`;
    delete m.resourceVersion;
    delete m.deletionTimestamp;
    // The uid is known before defaulting: a Job's generated selector is made from it.
    m.uid = randomUUID();
    if (m.name && this.store.get(k, m.namespace, m.name)) throw alreadyExists(k, m.name);
    for (const p of o.spec?.ports ?? []) if (p.nodePort) this.alloc.reservePort(p.nodePort);
    applyDefaults(k, o, this.alloc);
    validate(k, o);
    if (!opts.managedFieldsSet)
      recordUpdate(k, undefined, o, opts.writer ?? CONTROLLER, groupVersion(k));
    // A dry run answers what would be stored, short of a resourceVersion.
    if (opts.dryRun)
      return {
        ...o,
        metadata: {
          ...m,
          creationTimestamp: nowIso(),
          ...(hasGeneration(k) ? { generation: 1 } : {}),
        },
      };
    return this.store.create(k, o);
  }

  /**
   * A write by a controller straight to the stored object (status, annotations), attributed
   * to `writer` in managedFields. Returns the stored version, changed or not.
   */
  mutate(
    k: KindInfo,
    ns: string | undefined,
    name: string,
    change: (o: Obj) => void,
    writer: Writer,
  ): Obj | undefined {
    const cur = this.store.get(k, ns, name);
    if (!cur) return undefined;
    const next = structuredClone(cur);
    change(next);
    if (JSON.stringify(next) === JSON.stringify(cur)) return cur;
    recordUpdate(k, cur, next, writer, groupVersion(k));
    return this.store.update(k, next);
  }

  /** PUT: replaces the object; a stale metadata.resourceVersion is a 409 Conflict. */
  replace(
    k: KindInfo,
    ns: string | undefined,
    name: string,
    body: Obj,
    sub?: 'status',
    opts: WriteOptions = {},
  ): Obj {
    const cur = this.get(k, ns, name);
    if (body.metadata?.name && body.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const rv = body.metadata?.resourceVersion;
    if (rv && rv !== cur.metadata.resourceVersion) throw staleResourceVersion(k, name);
    const next = structuredClone(body);
    next.kind = k.kind;
    next.apiVersion = groupVersion(k);
    next.metadata = { ...next.metadata, name, namespace: cur.metadata.namespace };
    for (const f of [
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
    ] as const) {
      if (cur.metadata[f] !== undefined) next.metadata[f] = cur.metadata[f];
      else delete next.metadata[f];
    }
    if (k.namespaced) next.metadata.namespace = cur.metadata.namespace;
    else delete next.metadata.namespace;
    const writer = opts.writer ?? CONTROLLER;
    if (sub === 'status') {
      const whole = structuredClone(cur);
      whole.status = next.status;
      if (next.metadata.managedFields !== undefined)
        whole.metadata.managedFields = next.metadata.managedFields;
      recordUpdate(k, cur, whole, { ...writer, subresource: 'status' }, groupVersion(k));
      return this.commitUpdate(k, cur, whole, opts.dryRun);
    }
    // The main resource ignores status changes, as the real strategies do for kinds with a status subresource.
    if (k.subresources.some((s) => s.name === 'status')) next.status = cur.status;
    applyDefaults(k, next, this.alloc);
    validate(k, next, cur);
    if (next.metadata.generation && JSON.stringify(next.spec) !== JSON.stringify(cur.spec)) {
      next.metadata.generation++;
    }
    if (!opts.managedFieldsSet) recordUpdate(k, cur, next, writer, groupVersion(k));
    return this.commitUpdate(k, cur, next, opts.dryRun);
  }

  private commitUpdate(k: KindInfo, cur: Obj, next: Obj, dryRun?: boolean): Obj {
    if (
      JSON.stringify({ ...next, metadata: { ...next.metadata, resourceVersion: '' } }) ===
      JSON.stringify({ ...cur, metadata: { ...cur.metadata, resourceVersion: '' } })
    ) {
      return cur; // a no-op write keeps its resourceVersion, as the real server does
    }
    // A dry run answers what would be stored, at the resourceVersion it has now.
    if (dryRun)
      return {
        ...next,
        metadata: { ...next.metadata, resourceVersion: cur.metadata.resourceVersion },
      };
    const stored = this.store.update(k, next);
    this.finishDeletionIfDue(k, stored);
    return stored;
  }

  patch(
    k: KindInfo,
    ns: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    sub?: 'status',
    opts: PatchOptions = {},
  ): Obj {
    const cur = this.store.get(k, ns, name);
    const writer = opts.writer ?? CONTROLLER;
    if (type === 'apply') {
      if (sub) throw badRequest('server-side apply is served on the main resource only here');
      const config = applyConfiguration(k, body, name);
      const apiVersion =
        typeof config.apiVersion === 'string' ? config.apiVersion : groupVersion(k);
      const merged = apply(k, cur, config, writer.manager, Boolean(opts.force), apiVersion);
      if (!cur) return this.create(k, ns, merged, { ...opts, managedFieldsSet: true });
      const rv = config.metadata?.resourceVersion;
      if (rv && rv !== cur.metadata.resourceVersion) throw staleResourceVersion(k, name);
      merged.metadata.resourceVersion = cur.metadata.resourceVersion;
      return this.replace(k, ns, name, merged, undefined, { ...opts, managedFieldsSet: true });
    }
    if (!cur) throw notFound(k, name);
    const patched = applyPatch(cur, type, body);
    // uid is immutable: a patch naming another one (a client guarding against a namesake) is
    // refused as rest.BeforeUpdate and ValidateObjectMetaUpdate refuse it.
    const uid = patched.metadata?.uid;
    if (uid && uid !== cur.metadata.uid)
      throw invalid(k, name, [
        {
          field: 'metadata.uid',
          type: 'FieldValueInvalid',
          message: `Invalid value: "${uid}": field is immutable`,
        },
      ]);
    // A patch that names a resourceVersion is conditional on it, like an update.
    const rv = patched.metadata?.resourceVersion;
    if (rv && rv !== cur.metadata.resourceVersion) throw staleResourceVersion(k, name);
    patched.metadata = { ...patched.metadata, resourceVersion: cur.metadata.resourceVersion };
    if (sub === 'status')
      return this.replace(k, ns, name, { ...cur, status: patched.status }, 'status', opts);
    return this.replace(k, ns, name, patched, undefined, opts);
  }

  delete(
    k: KindInfo,
    ns: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): { object: Obj; body: Obj } {
    const cur = this.get(k, ns, name);
    const pre = opts.preconditions ?? {};
    if (pre.uid && pre.uid !== cur.metadata.uid) {
      throw preconditionFailed(k, name, 'UID', pre.uid, cur.metadata.uid);
    }
    if (pre.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion) {
      throw preconditionFailed(
        k,
        name,
        'ResourceVersion',
        pre.resourceVersion,
        cur.metadata.resourceVersion,
      );
    }
    const respond = (o: Obj, gone: boolean) => ({
      object: o,
      body: gone && !k.returnsDeletedObject ? successStatus(k, name, o.metadata.uid) : o,
    });
    if (opts.dryRun) return respond(cur, true);

    let grace = 0;
    if (k === POD) {
      grace = opts.gracePeriodSeconds ?? cur.spec?.terminationGracePeriodSeconds ?? 30;
      if (grace < 0) grace = 1;
      const phase = cur.status?.phase;
      if (!cur.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') grace = 0;
    }
    const finalizers = new Set<string>(cur.metadata.finalizers ?? []);
    if (opts.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
    if (opts.propagationPolicy === 'Orphan') finalizers.add('orphan');
    const namespaceFinalizing = k === NS;

    if (cur.metadata.deletionTimestamp) {
      // Already being deleted: a shorter grace period (a force delete) still applies.
      if (k === POD && grace < (cur.metadata.deletionGracePeriodSeconds ?? 0)) {
        if (grace === 0 && !finalizers.size) return respond(this.store.remove(k, cur), true);
        const next = structuredClone(cur);
        next.metadata.deletionGracePeriodSeconds = grace;
        next.metadata.deletionTimestamp = nowIso(Date.now() + grace * 1000);
        return respond(this.store.update(k, next), false);
      }
      return respond(cur, false);
    }
    if (grace > 0 || finalizers.size || namespaceFinalizing) {
      const next = structuredClone(cur);
      next.metadata.deletionTimestamp = nowIso(Date.now() + grace * 1000);
      next.metadata.deletionGracePeriodSeconds = grace;
      if (finalizers.size) next.metadata.finalizers = [...finalizers];
      if (namespaceFinalizing) next.status = { ...next.status, phase: 'Terminating' };
      return respond(this.store.update(k, next), false);
    }
    return respond(this.store.remove(k, cur), true);
  }

  /** Removes an object whose deletion has started once nothing holds it any more. */
  finishDeletionIfDue(k: KindInfo, o: Obj): void {
    if (!o.metadata.deletionTimestamp || o.metadata.finalizers?.length) return;
    if (k === POD || k === NS) return; // the kubelet and the namespace controller finish these
    this.store.remove(k, o);
  }

  /** Removes an object for good, once its controller has finished with it (kubelet, namespace controller). */
  forget(k: KindInfo, o: Obj): void {
    if (o.metadata.finalizers?.length) return;
    if (this.store.get(k, o.metadata.namespace, o.metadata.name)?.metadata.uid === o.metadata.uid)
      this.store.remove(k, o);
  }

  scaleOf(k: KindInfo, ns: string | undefined, name: string): Obj {
    return scaleFrom(k, this.get(k, ns, name));
  }

  updateScale(
    k: KindInfo,
    ns: string | undefined,
    name: string,
    scale: Obj,
    opts: WriteOptions = {},
  ): Obj {
    const cur = this.get(k, ns, name);
    const rv = scale.metadata?.resourceVersion;
    if (rv && rv !== cur.metadata.resourceVersion) throw staleResourceVersion(k, name);
    const replicas = scale.spec?.replicas;
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw invalid({ ...k, kind: 'Scale', group: 'autoscaling' }, name, [
        {
          field: 'spec.replicas',
          type: 'FieldValueInvalid',
          message: `Invalid value: ${replicas}: must be greater than or equal to 0`,
        },
      ]);
    }
    const next = structuredClone(cur);
    setValueAt(next, k.scale?.specReplicasPath ?? 'spec.replicas', replicas);
    const writer: Writer = { ...(opts.writer ?? CONTROLLER), subresource: 'scale' };
    const stored = this.replace(k, ns, name, next, undefined, { ...opts, writer });
    return opts.dryRun ? scaleFrom(k, stored) : this.scaleOf(k, ns, name);
  }

  patchScale(
    k: KindInfo,
    ns: string | undefined,
    name: string,
    type: PatchType,
    body: unknown,
    opts: WriteOptions = {},
  ): Obj {
    return this.updateScale(k, ns, name, applyPatch(this.scaleOf(k, ns, name), type, body), opts);
  }
}

/** The Scale of an object of a kind with a scale subresource. */
function scaleFrom(k: KindInfo, o: Obj): Obj {
  const m = o.metadata;
  const paths = k.scale;
  const selector = paths
    ? paths.labelSelectorPath
      ? String(valueAt(o, paths.labelSelectorPath) ?? '')
      : ''
    : selectorString(o.spec?.selector);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: m.name,
      namespace: m.namespace,
      uid: m.uid,
      resourceVersion: m.resourceVersion,
      creationTimestamp: m.creationTimestamp,
    },
    spec: {
      replicas: paths ? (valueAt(o, paths.specReplicasPath) ?? 0) : (o.spec?.replicas ?? 1),
    },
    status: {
      replicas: paths ? (valueAt(o, paths.statusReplicasPath) ?? 0) : (o.status?.replicas ?? 0),
      ...(selector ? { selector } : {}),
    },
  };
}

/**
 * The body of an apply: an object (JSON is YAML; kubectl and client-node send JSON) naming
 * the kind of the URL and the name of the URL, as the real server requires.
 */
function applyConfiguration(k: KindInfo, body: unknown, name: string): Obj {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('error decoding YAML: the body of an apply must be an object');
  const o = body as Obj;
  if (o.kind !== k.kind || (o.apiVersion && o.apiVersion !== groupVersion(k)))
    throw badRequest(
      `the apiVersion and kind of the applied object (${o.apiVersion}, ${o.kind}) do not match the URL's (${groupVersion(k)}, ${k.kind})`,
    );
  if (o.metadata?.name !== undefined && o.metadata.name !== name)
    throw badRequest(
      `the name of the object (${o.metadata.name}) does not match the name on the URL (${name})`,
    );
  return { ...o, metadata: { ...o.metadata, name } };
}

function applyPatch(cur: Obj, type: PatchType, body: unknown): Obj {
  switch (type) {
    case 'json':
      return jsonPatch(cur, body);
    case 'merge':
      return mergePatch(cur, body) as Obj;
    case 'strategic':
      return strategicMergePatch(cur, body) as Obj;
    case 'apply':
      throw new Error('an apply is merged by managed-fields.ts');
  }
}

const valueAt = (o: Obj, path: string): unknown =>
  path.split('.').reduce<unknown>((x, key) => (x as Obj | undefined)?.[key], o);

function setValueAt(o: Obj, path: string, value: unknown): void {
  const keys = path.split('.');
  let cur = o;
  for (const key of keys.slice(0, -1)) {
    cur[key] ??= {};
    cur = cur[key];
  }
  cur[keys.at(-1) as string] = value;
}
