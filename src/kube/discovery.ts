// What the server serves: every resource of every group, as discovery says it (kubectl's
// api-resources). Aggregated discovery (one request for /api, one for /apis, kube-apiserver
// 1.30+) when the server offers it, else the legacy walk over each group-version. Only each
// group's preferred version is kept, as kubectl uses it.
import type { ApiResource } from '../resources/registry.js';
import type { KubeClient } from './client.js';

const AGGREGATED =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

// biome-ignore lint/suspicious/noExplicitAny: discovery documents as plain JSON
type Json = any;

export async function discover(client: KubeClient): Promise<ApiResource[]> {
  const [core, groups] = await Promise.all([
    client.json<Json>('/api', { accept: AGGREGATED }),
    client.json<Json>('/apis', { accept: AGGREGATED }),
  ]);
  if (core?.kind === 'APIGroupDiscoveryList' && groups?.kind === 'APIGroupDiscoveryList')
    return [...fromAggregated(core), ...fromAggregated(groups)];
  return legacy(client, core, groups);
}

/** An APIGroupDiscoveryList: each group's versions in preference order, the first kept. */
export function fromAggregated(list: Json): ApiResource[] {
  const out: ApiResource[] = [];
  for (const g of list?.items ?? []) {
    const group = String(g?.metadata?.name ?? '');
    const v = g?.versions?.[0];
    if (!v) continue;
    for (const r of v.resources ?? []) {
      out.push({
        group,
        version: String(v.version),
        name: String(r.resource),
        kind: String(r.responseKind?.kind ?? ''),
        singular: String(r.singularResource ?? ''),
        namespaced: r.scope === 'Namespaced',
        verbs: strings(r.verbs),
        shortNames: strings(r.shortNames),
        categories: strings(r.categories),
        subresources: (r.subresources ?? []).map((s: Json) => String(s.subresource)),
      });
    }
  }
  return out;
}

/** The older walk: /api/v1, then each group's preferred version. */
async function legacy(client: KubeClient, core: Json, groups: Json): Promise<ApiResource[]> {
  const paths = [
    ...strings(core?.versions)
      .slice(0, 1)
      .map((v) => ({ group: '', version: v, path: `/api/${v}` })),
    ...(groups?.groups ?? []).map((g: Json) => {
      const version = String(g.preferredVersion?.version ?? g.versions?.[0]?.version ?? '');
      return { group: String(g.name), version, path: `/apis/${g.name}/${version}` };
    }),
  ];
  const lists = await Promise.all(
    paths.map((p) =>
      client
        .json<Json>(p.path)
        .then((list) => fromResourceList(p.group, p.version, list))
        // A group whose server is down (an aggregated API) is left out, as kubectl leaves it.
        .catch(() => []),
    ),
  );
  return lists.flat();
}

/** An APIResourceList: subresources are listed as `pods/log` beside their resource. */
export function fromResourceList(group: string, version: string, list: Json): ApiResource[] {
  const all: Json[] = list?.resources ?? [];
  return all
    .filter((r) => !String(r.name).includes('/'))
    .map((r) => ({
      group,
      version,
      name: String(r.name),
      kind: String(r.kind ?? ''),
      singular: String(r.singularName || ''),
      namespaced: r.namespaced === true,
      verbs: strings(r.verbs),
      shortNames: strings(r.shortNames),
      categories: strings(r.categories),
      subresources: all
        .map((s) => String(s.name))
        .filter((n) => n.startsWith(`${r.name}/`))
        .map((n) => n.slice(String(r.name).length + 1)),
    }));
}

const strings = (a: unknown): string[] => (Array.isArray(a) ? a.map(String) : []);
