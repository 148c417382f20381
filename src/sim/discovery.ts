// Discovery as kubectl reads it: /version (its minor picks the kubectl binary the dispatcher
// on this machine runs), /api and /apis in aggregated (v2, exact Content-Type) and legacy
// form, per-group-version resource lists, and the minimal OpenAPI v3 that lets
// `kubectl apply` rely on server-side field validation.
import { groupVersion, type KindInfo, type KindRegistry } from './kinds.js';
import type { Obj } from './types.js';

export const KUBE_VERSION = { major: '1', minor: '36', gitVersion: 'v1.36.3' };

export function versionInfo(): Obj {
  return {
    ...KUBE_VERSION,
    gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828',
    gitTreeState: 'clean',
    buildDate: '2025-05-15T08:19:08Z',
    goVersion: 'go1.24.2',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

const AGGREGATED = /as=APIGroupDiscoveryList/;
export const aggregatedContentType = (v: string) =>
  `application/json;g=apidiscovery.k8s.io;v=${v};as=APIGroupDiscoveryList`;

/** Which aggregated discovery version the Accept header asks for first, if any. */
export function wantsAggregated(accept: string): 'v2' | 'v2beta1' | undefined {
  for (const part of accept.split(',')) {
    if (!AGGREGATED.test(part)) continue;
    if (/v=v2beta1/.test(part)) return 'v2beta1';
    if (/v=v2(;|$)/.test(part)) return 'v2';
  }
  return undefined;
}

function aggregatedResource(k: KindInfo): Obj {
  return {
    resource: k.resource,
    responseKind: { group: k.group, version: k.version, kind: k.kind },
    scope: k.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: k.singular,
    verbs: k.verbs,
    ...(k.shortNames.length ? { shortNames: k.shortNames } : {}),
    ...(k.categories ? { categories: k.categories } : {}),
    ...(k.subresources.length
      ? {
          subresources: k.subresources.map((s) => ({
            subresource: s.name,
            responseKind: { group: s.group, version: s.version, kind: s.kind },
            verbs: s.verbs,
          })),
        }
      : {}),
  };
}

const servedAt = (kinds: KindRegistry, group: string, version: string) =>
  kinds.all().filter((k) => k.group === group && k.version === version);

export function aggregatedDiscovery(
  kinds: KindRegistry,
  core: boolean,
  version: 'v2' | 'v2beta1',
): Obj {
  const groups = kinds.groups().filter((g) => (g.name === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.name, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v,
        resources: servedAt(kinds, g.name, v).map(aggregatedResource),
        freshness: 'Current',
      })),
    })),
  };
}

export function legacyCoreVersions(serverAddress: string): Obj {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(g: { name: string; versions: string[] }): Obj {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

export function legacyGroupList(kinds: KindRegistry): Obj {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: kinds
      .groups()
      .filter((g) => g.name)
      .map(apiGroup),
  };
}

export function legacyGroup(kinds: KindRegistry, group: string): Obj | undefined {
  const g = group ? kinds.groups().find((x) => x.name === group) : undefined;
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) } : undefined;
}

export function resourceList(kinds: KindRegistry, group: string, version: string): Obj | undefined {
  const served = servedAt(kinds, group, version);
  if (!served.length) return undefined;
  const resources: Obj[] = [];
  for (const k of served) {
    resources.push({
      name: k.resource,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: k.verbs,
      ...(k.shortNames.length ? { shortNames: k.shortNames } : {}),
      ...(k.categories ? { categories: k.categories } : {}),
    });
    for (const s of k.subresources) {
      resources.push({
        name: `${k.resource}/${s.name}`,
        singularName: '',
        namespaced: k.namespaced,
        ...(s.group !== k.group ? { group: s.group, version: s.version } : {}),
        kind: s.kind,
        verbs: s.verbs,
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(served[0]),
    resources,
  };
}

const openApiPath = (group: string, version: string) =>
  group ? `apis/${group}/${version}` : `api/${version}`;

const groupVersions = (kinds: KindRegistry) =>
  kinds.groups().flatMap((g) => g.versions.map((v) => ({ group: g.name, version: v })));

export function openApiRoot(kinds: KindRegistry): Obj {
  const paths: Obj = {};
  for (const { group, version } of groupVersions(kinds))
    paths[openApiPath(group, version)] = {
      serverRelativeURL: `/openapi/v3/${openApiPath(group, version)}?hash=kdeck-${KUBE_VERSION.gitVersion}`,
    };
  return { paths };
}

/**
 * A group-version document with, for each kind, the write operations and their
 * `fieldValidation` parameter: kubectl apply then sends fieldValidation=Strict and leaves
 * validation to the server. There are no schemas, so `kubectl explain` does not work.
 */
export function openApiGroupVersion(kinds: KindRegistry, path: string): Obj | undefined {
  const gv = groupVersions(kinds).find((x) => openApiPath(x.group, x.version) === path);
  if (!gv) return undefined;
  const paths: Obj = {};
  const fieldValidation = {
    name: 'fieldValidation',
    in: 'query',
    schema: { type: 'string', uniqueItems: true },
  };
  for (const k of servedAt(kinds, gv.group, gv.version)) {
    const gvk = { group: k.group, version: k.version, kind: k.kind };
    const base = `/${path}${k.namespaced ? '/namespaces/{namespace}' : ''}/${k.resource}`;
    const op = (action: string) => ({
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
      parameters: [fieldValidation],
    });
    paths[base] = { post: op('post') };
    paths[`${base}/{name}`] = { put: op('put'), patch: op('patch') };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: KUBE_VERSION.gitVersion },
    paths,
    components: { schemas: {} },
  };
}

/**
 * /openapi/v2 as kubectl asks for it (protobuf, gnostic's openapi_v2.Document): an empty
 * document, swagger "2.0" and info only. kubectl apply reads it for kinds that OpenAPI v3
 * does not know; finding no schema there, it goes on to report the kind as unknown, as it
 * does against a real cluster.
 */
export function openApiV2Protobuf(): Buffer {
  const field = (n: number, value: Buffer) =>
    Buffer.concat([Buffer.from([(n << 3) | 2, value.length]), value]);
  const str = (n: number, v: string) => field(n, Buffer.from(v));
  const info = Buffer.concat([str(1, 'Kubernetes'), str(2, KUBE_VERSION.gitVersion)]);
  return Buffer.concat([str(1, '2.0'), field(2, info)]);
}
