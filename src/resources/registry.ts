// Every kind the server serves, and how a word typed after `:` finds one. Built from
// discovery: a kind kdeck has its own file for (pods.ts, deployments.ts…) keeps it as an
// override; every other kind — StatefulSets, ConfigMaps, a CRD — is shown with the server's own
// Table columns, with no code of its own. Names resolve as kubectl resolves them (plural,
// singular, short names, kind, `plural.group`), plus k9s's aliases where they differ.
import { contexts } from './contexts.js';
import { deployments } from './deployments.js';
import { events } from './events.js';
import { namespaces } from './namespaces.js';
import { nodes } from './nodes.js';
import { pods } from './pods.js';
import { replicasets } from './replicasets.js';
import { services } from './services.js';
import { jobsOfCronJob, objectsOfCrd, podsOfSelector, type ResourceDef } from './types.js';

/** One resource as discovery lists it (kube/discovery.ts). */
export interface ApiResource {
  group: string;
  version: string;
  /** Plural, as in URLs. */
  name: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  /** `scale`, `status`, `log`… */
  subresources: string[];
}

/** The kinds with a file of their own: what the server says about them is added to them. */
const OWN: ResourceDef[] = [pods, deployments, services, replicasets, namespaces, nodes, events];

/** k9s's names that the server does not give. */
const K9S_ALIASES: Record<string, string> = {
  dp: 'deployments.apps',
  sec: 'secrets',
  secret: 'secrets',
  crd: 'customresourcedefinitions.apiextensions.k8s.io',
  crds: 'customresourcedefinitions.apiextensions.k8s.io',
  cj: 'cronjobs.batch',
  jo: 'jobs.batch',
  job: 'jobs.batch',
  ing: 'ingresses.networking.k8s.io',
  np: 'networkpolicies.networking.k8s.io',
  rb: 'rolebindings.rbac.authorization.k8s.io',
  crb: 'clusterrolebindings.rbac.authorization.k8s.io',
  ro: 'roles.rbac.authorization.k8s.io',
  cr: 'clusterroles.rbac.authorization.k8s.io',
  sc: 'storageclasses.storage.k8s.io',
};

/** `pods`, `deployments.apps`: how a view names its kind (a plural alone can be ambiguous). */
export const kindKey = (r: Pick<ResourceDef, 'name' | 'group'>) =>
  r.group ? `${r.name}.${r.group}` : r.name;

/**
 * The kinds whose objects pick pods with a label selector (`spec.selector`): Enter opens those
 * pods and `l` follows their logs, as in k9s. Discovery does not say which kinds select pods,
 * so they are named here, by `kindKey`.
 */
export const SELECTS_PODS = [
  'deployments.apps',
  'replicasets.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'jobs.batch',
  'replicationcontrollers',
  'services',
];

export class Registry {
  private readonly byName = new Map<string, ResourceDef>();

  constructor(readonly kinds: ResourceDef[]) {
    // The first to claim a name keeps it: discovery lists the core group first, as kubectl
    // prefers it (`events` is core's, `events.events.k8s.io` the other).
    const claim = (name: string, def: ResourceDef) => {
      const n = name.toLowerCase();
      if (n && !this.byName.has(n)) this.byName.set(n, def);
    };
    for (const def of kinds) {
      claim(kindKey(def), def);
      if (def.group) claim(`${def.kind}.${def.group}`, def);
    }
    for (const def of kinds) {
      claim(def.name, def);
      for (const a of def.aliases) claim(a, def);
      claim(def.kind, def);
    }
    for (const [alias, key] of Object.entries(K9S_ALIASES)) {
      const def = this.byName.get(key);
      if (def) claim(alias, def);
    }
  }

  /** Built from discovery: the kinds that can be listed and watched, ours with their own files. */
  static fromDiscovery(api: ApiResource[]): Registry {
    const kinds = api
      .filter((r) => r.verbs.includes('list') && r.verbs.includes('watch'))
      .map((r) => {
        const own = OWN.find((d) => d.name === r.name && d.group === r.group);
        const known = { verbs: r.verbs, subresources: r.subresources, categories: r.categories };
        if (own) return { ...own, ...known, version: r.version };
        return tableKind(r, known);
      });
    return new Registry([...kinds, contexts]);
  }

  find(word: string): ResourceDef | undefined {
    return this.byName.get(word.toLowerCase());
  }

  /** Every name that starts with `prefix` (Tab in command mode). */
  completions(prefix: string): string[] {
    const p = prefix.toLowerCase();
    return [...this.byName.keys()].filter((n) => n.startsWith(p)).sort();
  }

  /** The names closest to a word the server does not serve, for the one-line error. */
  closest(word: string, most = 3): string[] {
    const w = word.toLowerCase();
    return [...this.byName.keys()]
      .filter((n) => !n.includes('.'))
      .map((n) => ({ n, d: n.startsWith(w) || w.startsWith(n) ? 0 : distance(w, n) }))
      .filter((x) => x.d <= Math.max(1, Math.floor(w.length / 3)))
      .sort((a, b) => a.d - b.d || a.n.length - b.n.length || a.n.localeCompare(b.n))
      .slice(0, most)
      .map((x) => x.n);
  }
}

/** Before discovery has answered: the kinds with files of their own. */
export const BUILT_IN = new Registry([...OWN, contexts]);

/** A kind shown as the server's Table shows it: columns and cells come with the rows. */
function tableKind(r: ApiResource, known: Partial<ResourceDef>): ResourceDef {
  return {
    name: r.name,
    kind: r.kind,
    group: r.group,
    version: r.version,
    namespaced: r.namespaced,
    aliases: [r.singular, ...r.shortNames].filter(Boolean),
    columns: [],
    table: true,
    // A CronJob's Jobs carry no label of it, only its ownerReference. A kind that leads
    // nowhere has no drill: Enter describes its rows.
    drill:
      r.kind === 'CronJob' && r.group === 'batch'
        ? jobsOfCronJob
        : r.kind === 'CustomResourceDefinition' && r.group === 'apiextensions.k8s.io'
          ? objectsOfCrd
          : SELECTS_PODS.includes(kindKey(r))
            ? podsOfSelector
            : undefined,
    ...known,
  };
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
