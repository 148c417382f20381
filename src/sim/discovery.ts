// Discovery as kubectl reads it: /version (its minor picks the kubectl binary the dispatcher
// on this machine runs), /api and /apis in aggregated (v2, exact Content-Type) and legacy
// form, per-group-version resource lists, and the minimal OpenAPI v3 that lets
// `kubectl apply` rely on server-side field validation.
import { GROUPS, groupVersion, KINDS, type KindInfo } from './kinds.js';
import type { Obj } from './types.js';

export const KUBE_VERSION = { major: '1', minor: '33', gitVersion: 'v1.33.1' };

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

const kindsOf = (group: string) => KINDS.filter((k) => k.group === group);

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

export function aggregatedDiscovery(core: boolean, version: 'v2' | 'v2beta1'): Obj {
  const groups = core ? [''] : GROUPS.filter((g) => g !== '');
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g, creationTimestamp: null },
      versions: [
        { version: 'v1', resources: kindsOf(g).map(aggregatedResource), freshness: 'Current' },
      ],
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

function apiGroup(g: string): Obj {
  const v = { groupVersion: `${g}/v1`, version: 'v1' };
  return { name: g, versions: [v], preferredVersion: v };
}

export function legacyGroupList(): Obj {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: GROUPS.filter((g) => g).map(apiGroup) };
}

export function legacyGroup(group: string): Obj | undefined {
  return GROUPS.includes(group) && group
    ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group) }
    : undefined;
}

export function resourceList(group: string, version: string): Obj | undefined {
  const kinds = kindsOf(group).filter((k) => k.version === version);
  if (!kinds.length) return undefined;
  const resources: Obj[] = [];
  for (const k of kinds) {
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
    groupVersion: groupVersion(kinds[0]),
    resources,
  };
}

const openApiPath = (g: string) => (g ? `apis/${g}/v1` : 'api/v1');

export function openApiRoot(): Obj {
  const paths: Obj = {};
  for (const g of GROUPS)
    paths[openApiPath(g)] = {
      serverRelativeURL: `/openapi/v3/${openApiPath(g)}?hash=kdeck-${KUBE_VERSION.gitVersion}`,
    };
  return { paths };
}

/**
 * A group-version document with, for each kind, the write operations and their
 * `fieldValidation` parameter: kubectl apply then sends fieldValidation=Strict and leaves
 * validation to the server. There are no schemas, so `kubectl explain` does not work.
 */
export function openApiGroupVersion(path: string): Obj | undefined {
  const group = GROUPS.find((g) => openApiPath(g) === path);
  if (group === undefined) return undefined;
  const paths: Obj = {};
  const fieldValidation = {
    name: 'fieldValidation',
    in: 'query',
    schema: { type: 'string', uniqueItems: true },
  };
  for (const k of kindsOf(group)) {
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
