// `:apply -f`, `:create -f` and `:delete -f`: each manifest mapped to the resource the server
// serves for its apiVersion and kind (discovery, as kubectl's REST mapper), then a dry run on
// the server for the preview (server-side apply with field manager `kdeck`, a create, or a
// delete of the object read), then the real requests. Every outcome is a line in kubectl's
// words, one per object; nothing throws.
import type { KubeObject, Propagation } from '../resources/index.js';
import type {
  FieldConflict,
  Manifest,
  ManifestActionsApi,
  ManifestsRead,
  ManifestVerb,
  PlanItem,
  Progress,
  ResultLine,
} from '../resources/manifest-plan.js';
import type { ApiResource } from '../resources/registry.js';
import { type KubeClient, type RequestInit, readAll } from './client.js';
import { fromResourceList } from './discovery.js';
import { type KubeError, networkError, statusError } from './errors.js';
import { FIELD_MANAGER } from './field-managers.js';
import { readManifests } from './manifests.js';
import { diffObjects } from './object-diff.js';
import { removedApiHint } from './removed-apis.js';

/** Reads of an object a controller keeps writing, before the preview takes what it saw. */
const READS = 3;

/** What the dry run accepted: these are sent. */
const SENDABLE: PlanItem['outcome'][] = ['created', 'configured', 'unchanged', 'present'];

/** `deployment.apps`, `service`: how kubectl names a kind in its result lines. */
const kindName = (r: ApiResource) => `${r.kind.toLowerCase()}${r.group ? `.${r.group}` : ''}`;
/** `deployments.apps "x"`: how the server names an object in its messages. */
const resourceName = (r: ApiResource, name: string) =>
  `${r.name}${r.group ? `.${r.group}` : ''} "${name}"`;

/** An answer, whatever its code. */
interface Answer {
  code: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON as the server sent it
  body: any;
  text: string;
}

export class ManifestActions implements ManifestActionsApi {
  constructor(private readonly client: KubeClient) {}

  read(path: string, opts: { recursive?: boolean } = {}): ManifestsRead {
    return readManifests(path, opts);
  }

  private async send(path: string, init: RequestInit = {}): Promise<Answer> {
    const res = await this.client.open(path, { timeoutSeconds: 30, ...init });
    const text = await readAll(res);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {}
    return { code: res.statusCode ?? 0, body, text };
  }

  /** Each groupVersion's resources, asked once per preview or commit (404: not served). */
  private mapper() {
    const lists = new Map<string, Promise<ApiResource[] | undefined>>();
    return (apiVersion: string, kind: string): Promise<ApiResource | undefined> => {
      let list = lists.get(apiVersion);
      if (!list) {
        const [group, version] = apiVersion.includes('/')
          ? apiVersion.split('/', 2)
          : ['', apiVersion];
        const [g, v] = [encodeURIComponent(group), encodeURIComponent(version)];
        const path = group ? `/apis/${g}/${v}` : `/api/${v}`;
        list = this.send(path).then((a) => {
          if (a.code === 404) return undefined;
          if (a.code < 200 || a.code >= 300) throw statusError(a.code, a.text);
          return fromResourceList(group, version, a.body);
        });
        lists.set(apiVersion, list);
      }
      return list.then((l) => l?.find((r) => r.kind === kind));
    };
  }

  async preview(
    verb: ManifestVerb,
    manifests: Manifest[],
    namespace: string,
    opts: { force?: boolean; namespaceGiven?: boolean; progress?: Progress } = {},
  ): Promise<PlanItem[]> {
    const resolve = this.mapper();
    const items: PlanItem[] = [];
    /** Namespaces the files create before what goes in them (a dry run cannot see those). */
    const creating = new Set<string>();
    // One after the other, in the files' order, as kubectl sends them.
    for (const m of manifests) {
      const item = await this.previewOne(verb, m, namespace, resolve, opts);
      items.push(inNamespaceMadeFirst(item, creating) ?? item);
      if (item.resource?.kind === 'Namespace' && !item.resource.group && item.outcome === 'created')
        creating.add(item.name);
      opts.progress?.(items.length, manifests.length);
    }
    return items;
  }

  private async previewOne(
    verb: ManifestVerb,
    manifest: Manifest,
    namespace: string,
    resolve: ReturnType<ManifestActions['mapper']>,
    opts: { force?: boolean; namespaceGiven?: boolean },
  ): Promise<PlanItem> {
    const o = manifest.object;
    const name = String(o.metadata.name);
    const base = { manifest, name, label: `${o.kind.toLowerCase()}/${name}` };
    let resource: ApiResource | undefined;
    try {
      resource = await resolve(o.apiVersion, o.kind);
    } catch (e) {
      return { ...base, outcome: 'error', error: `error: ${networkError(e).message}` };
    }
    if (!resource) {
      const hint = removedApiHint(o.apiVersion, o.kind);
      return {
        ...base,
        outcome: 'error',
        error: `error: resource mapping not found for name: "${name}" namespace: "${o.metadata.namespace ?? ''}" from "${manifest.file}": no matches for kind "${o.kind}" in version "${o.apiVersion}"`,
        hint: hint ?? 'ensure CRDs are installed first',
      };
    }
    const own = typeof o.metadata.namespace === 'string' && o.metadata.namespace !== '';
    if (own && opts.namespaceGiven && resource.namespaced && o.metadata.namespace !== namespace)
      return {
        ...base,
        label: `${kindName(resource)}/${name}`,
        outcome: 'error',
        error: `error: the namespace from the provided object "${o.metadata.namespace}" does not match the namespace "${namespace}". You must pass '--namespace=${o.metadata.namespace}' to perform this operation.`,
      };
    const item: PlanItem = {
      ...base,
      label: `${kindName(resource)}/${name}`,
      resource,
      ...(resource.namespaced
        ? { namespace: own ? o.metadata.namespace : namespace, defaulted: !own }
        : {}),
      outcome: 'error',
    };
    try {
      if (verb === 'create') return await this.dryCreate(item);
      // The object read and the dry run must see the same object: one a controller wrote in
      // between (a Deployment's revision annotation) is read again, a few times at most.
      for (let attempt = 1; ; attempt++) {
        const now = await this.send(objectPath(item));
        if (now.code === 404) {
          // Not there: delete has nothing to do; apply creates it, as its dry run will say.
          if (verb === 'delete') return { ...item, outcome: 'absent' };
        } else if (now.code < 200 || now.code >= 300)
          return failed(item, verb, statusError(now.code, now.text));
        const current: KubeObject | undefined = now.code === 404 ? undefined : now.body;
        if (verb === 'delete') return await this.dryDelete({ ...item, current });
        const dry = await this.dryApply({ ...item, current }, opts.force === true);
        const seen = current?.metadata?.resourceVersion;
        if (!seen || !dry.rv || dry.rv === seen || attempt === READS) return dry.item;
      }
    } catch (e) {
      return failed(item, verb, networkError(e));
    }
  }

  /**
   * A dry-run DELETE of exactly the object read (its uid as the precondition): what RBAC or an
   * admission check would refuse shows in the listing, and is not sent.
   */
  private async dryDelete(item: PlanItem): Promise<PlanItem> {
    const a = await this.send(`${objectPath(item)}?dryRun=All`, {
      method: 'DELETE',
      body: deleteOptions(item, { dryRun: true }),
    });
    if (a.code >= 200 && a.code < 300) return { ...item, outcome: 'present' };
    // Gone between the read and the dry run: nothing to delete.
    if (a.code === 404) return { ...item, current: undefined, outcome: 'absent' };
    return failed(item, 'delete', statusError(a.code, a.text));
  }

  private async dryCreate(item: PlanItem): Promise<PlanItem> {
    const a = await this.send(createPath(item, true), { method: 'POST', body: bodyOf(item) });
    if (a.code >= 200 && a.code < 300) return { ...item, outcome: 'created' };
    return failed(item, 'create', statusError(a.code, a.text));
  }

  /**
   * Server-side apply with dryRun=All: what the object would become, and the resourceVersion
   * it was made from (a dry run writes nothing, so it is that of the object it read).
   */
  private async dryApply(item: PlanItem, force: boolean): Promise<{ item: PlanItem; rv?: string }> {
    const a = await this.send(applyPath(item, { dryRun: true, force }), {
      method: 'PATCH',
      contentType: 'application/apply-patch+yaml',
      body: bodyOf(item),
    });
    if (a.code >= 200 && a.code < 300) {
      const rv = a.body?.metadata?.resourceVersion;
      if (!item.current) return { item: { ...item, outcome: 'created' }, rv };
      const changes = diffObjects(item.current, a.body ?? {});
      return {
        item: { ...item, outcome: changes.length ? 'configured' : 'unchanged', changes },
        rv,
      };
    }
    const conflicts = fieldConflicts(a);
    if (conflicts)
      return {
        item: {
          ...failed(item, 'apply', statusError(a.code, a.text)),
          outcome: 'conflict',
          conflicts,
        },
      };
    return { item: failed(item, 'apply', statusError(a.code, a.text)) };
  }

  async commit(
    verb: ManifestVerb,
    items: PlanItem[],
    opts: { force?: boolean; propagation?: Propagation; progress?: Progress } = {},
  ): Promise<ResultLine[]> {
    const lines: ResultLine[] = [];
    for (const item of items) {
      lines.push(await this.commitOne(verb, item, opts));
      opts.progress?.(lines.length, items.length);
    }
    return lines;
  }

  private async commitOne(
    verb: ManifestVerb,
    item: PlanItem,
    opts: { force?: boolean; propagation?: Propagation },
  ): Promise<ResultLine> {
    // What the dry run refused is not sent: its error stands (a conflict, unless forced).
    const sendable =
      SENDABLE.includes(item.outcome) || (item.outcome === 'conflict' && opts.force === true);
    // Absent when listed: no request is made for it, and its line says so (not a NotFound
    // kdeck never received).
    if (item.outcome === 'absent' && item.resource)
      return {
        text: `${resourceName(item.resource, item.name)} already absent: not sent`,
        error: false,
      };
    // A conflict the user did not force is the dry run's answer: said as not sent, since read
    // alone it looked like a request that failed. Other refusals are as kubectl words them.
    if (!item.resource || !sendable) {
      const text = item.error ?? `${item.label}: not sent`;
      return {
        text: item.outcome === 'conflict' ? `${text} (not sent; f on the preview forces it)` : text,
        error: true,
      };
    }
    try {
      if (verb === 'delete') {
        const a = await this.send(objectPath(item), {
          method: 'DELETE',
          body: deleteOptions(item, { propagation: opts.propagation }),
        });
        if (a.code >= 200 && a.code < 300)
          return { text: `${kindName(item.resource)} "${item.name}" deleted`, error: false };
        return failedLine(item, verb, statusError(a.code, a.text));
      }
      if (verb === 'create') {
        const a = await this.send(createPath(item, false), { method: 'POST', body: bodyOf(item) });
        if (a.code >= 200 && a.code < 300) return { text: `${item.label} created`, error: false };
        return failedLine(item, verb, statusError(a.code, a.text));
      }
      // Read again just before: what changed since the preview (a controller's write) is not
      // this apply's change.
      const before = item.current ? await this.send(objectPath(item)) : undefined;
      const a = await this.send(applyPath(item, { dryRun: false, force: opts.force === true }), {
        method: 'PATCH',
        contentType: 'application/apply-patch+yaml',
        body: bodyOf(item),
      });
      if (a.code < 200 || a.code >= 300) return failedLine(item, verb, statusError(a.code, a.text));
      const was = before?.code === 200 ? before.body : item.current;
      const word =
        a.code === 201 || !was
          ? 'created'
          : diffObjects(was, a.body ?? {}).length
            ? 'configured'
            : 'unchanged';
      return { text: `${item.label} ${word}`, error: false };
    } catch (e) {
      return failedLine(item, verb, networkError(e));
    }
  }
}

/**
 * An object whose dry run failed only because its namespace does not exist yet, where the
 * files create that namespace first: sent in order, it will be created (kubectl's sequence).
 */
function inNamespaceMadeFirst(item: PlanItem, creating: Set<string>): PlanItem | undefined {
  const ns = item.namespace;
  if (item.outcome !== 'error' || !ns || !creating.has(ns)) return undefined;
  if (!item.error?.includes(`Error from server (NotFound)`)) return undefined;
  if (!item.error.endsWith(`namespaces "${ns}" not found`)) return undefined;
  return {
    ...item,
    outcome: 'created',
    error: undefined,
    note: `once namespace ${ns} is created (it comes first in the files)`,
  };
}

/** DeleteOptions for the object listed: a namesake made since is not deleted (its uid). */
function deleteOptions(item: PlanItem, o: { dryRun?: boolean; propagation?: Propagation }) {
  return {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    preconditions: { uid: item.current?.metadata?.uid },
    propagationPolicy: o.propagation ?? 'Background',
    ...(o.dryRun ? { dryRun: ['All'] } : {}),
  };
}

/** The manifest as sent: in the namespace chosen for it. */
function bodyOf(item: PlanItem): KubeObject {
  const o = item.manifest.object;
  const metadata = { ...o.metadata };
  if (item.namespace) metadata.namespace = item.namespace;
  else delete metadata.namespace;
  return { ...o, metadata };
}

function collection(item: PlanItem): string {
  const r = item.resource!;
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = item.namespace ? `/namespaces/${encodeURIComponent(item.namespace)}` : '';
  return `${base}${ns}/${r.name}`;
}

const objectPath = (item: PlanItem) => `${collection(item)}/${encodeURIComponent(item.name)}`;

function createPath(item: PlanItem, dryRun: boolean): string {
  const q = new URLSearchParams({ fieldManager: FIELD_MANAGER.create, fieldValidation: 'Strict' });
  if (dryRun) q.set('dryRun', 'All');
  return `${collection(item)}?${q}`;
}

function applyPath(item: PlanItem, o: { dryRun: boolean; force: boolean }): string {
  const q = new URLSearchParams({ fieldManager: FIELD_MANAGER.apply, fieldValidation: 'Strict' });
  if (o.dryRun) q.set('dryRun', 'All');
  if (o.force) q.set('force', 'true');
  return `${objectPath(item)}?${q}`;
}

/** The conflicting fields of a 409 from server-side apply; undefined for any other answer. */
export function fieldConflicts(a: { code: number; body?: unknown }): FieldConflict[] | undefined {
  // biome-ignore lint/suspicious/noExplicitAny: a Status as plain JSON
  const s = a.body as any;
  if (a.code !== 409 || s?.reason !== 'Conflict') return undefined;
  const causes: unknown[] = Array.isArray(s?.details?.causes) ? s.details.causes : [];
  const conflicts = causes.flatMap((c) => {
    // biome-ignore lint/suspicious/noExplicitAny: a StatusCause
    const cause = c as any;
    // StatusCause's type goes on the wire as `reason` (Go: CauseType `json:"reason"`); `type`
    // is taken too, as it is sometimes quoted.
    return (cause?.reason ?? cause?.type) === 'FieldManagerConflict'
      ? [{ field: String(cause.field ?? ''), message: String(cause.message ?? '') }]
      : [];
  });
  return conflicts.length ? conflicts : undefined;
}

const VERBING: Record<ManifestVerb, string> = {
  apply: 'applying',
  create: 'creating',
  delete: 'deleting',
};

/** kubectl's line for a failed object: `Error from server (AlreadyExists): error when creating "x.yaml": …`. */
export function errorLine(item: Pick<PlanItem, 'manifest'>, verb: ManifestVerb, e: KubeError) {
  const where = `error when ${VERBING[verb]} "${item.manifest.file}": ${e.message}`;
  return e.code ? `Error from server (${e.reason || e.code}): ${where}` : `error: ${where}`;
}

const failed = (item: PlanItem, verb: ManifestVerb, e: KubeError): PlanItem => ({
  ...item,
  outcome: 'error',
  error: errorLine(item, verb, e),
});

const failedLine = (item: PlanItem, verb: ManifestVerb, e: KubeError): ResultLine => ({
  text: errorLine(item, verb, e),
  error: true,
});
