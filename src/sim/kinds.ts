// The kinds the simulated API server serves: one registry per cluster drives routing,
// discovery, Table output and error messages, as the real server's does. Each built-in kind
// is one file in kinds/; a CustomResourceDefinition adds its kinds while it exists.
import type { KindInfo } from './kind-info.js';
import { configmaps } from './kinds/configmaps.js';
import { controllerrevisions } from './kinds/controllerrevisions.js';
import { cronjobs } from './kinds/cronjobs.js';
import { customresourcedefinitions } from './kinds/customresourcedefinitions.js';
import { daemonsets } from './kinds/daemonsets.js';
import { deployments } from './kinds/deployments.js';
import { endpoints } from './kinds/endpoints.js';
import { events } from './kinds/events.js';
import { horizontalpodautoscalers } from './kinds/horizontalpodautoscalers.js';
import { ingresses } from './kinds/ingresses.js';
import { jobs } from './kinds/jobs.js';
import { namespaces } from './kinds/namespaces.js';
import { nodes } from './kinds/nodes.js';
import { persistentvolumeclaims } from './kinds/persistentvolumeclaims.js';
import { persistentvolumes } from './kinds/persistentvolumes.js';
import { pods } from './kinds/pods.js';
import { replicasets } from './kinds/replicasets.js';
import { rolebindings } from './kinds/rolebindings.js';
import { roles } from './kinds/roles.js';
import { secrets } from './kinds/secrets.js';
import { selfsubjectaccessreviews } from './kinds/selfsubjectaccessreviews.js';
import { serviceaccounts } from './kinds/serviceaccounts.js';
import { services } from './kinds/services.js';
import { statefulsets } from './kinds/statefulsets.js';

export { groupVersion, type KindInfo, qualifiedResource } from './kind-info.js';

/** The built-in kinds, every cluster's. */
export const KINDS: KindInfo[] = [
  namespaces,
  nodes,
  pods,
  services,
  endpoints,
  events,
  configmaps,
  secrets,
  serviceaccounts,
  persistentvolumeclaims,
  persistentvolumes,
  controllerrevisions,
  deployments,
  replicasets,
  statefulsets,
  daemonsets,
  jobs,
  cronjobs,
  horizontalpodautoscalers,
  ingresses,
  roles,
  rolebindings,
  customresourcedefinitions,
  selfsubjectaccessreviews,
];

/** A built-in kind by its Kind name (`Pod`); for code that names the kinds it works on. */
export function kindOf(kind: string): KindInfo {
  const k = KINDS.find((x) => x.kind === kind);
  if (!k) throw new Error(`simulator has no kind ${kind}`);
  return k;
}

/** How kube-apiserver orders versions: GA before beta before alpha, higher numbers first. */
export function versionPriority(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0, v] as const;
    return [
      m[2] === 'alpha' ? 2 : m[2] === 'beta' ? 1 : 0,
      -Number(m[1]),
      -Number(m[3] ?? 0),
      v,
    ] as const;
  };
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x[3] < y[3] ? -1 : x[3] > y[3] ? 1 : 0;
}

/** The kinds one cluster serves: the built-ins and those its CustomResourceDefinitions add. */
export class KindRegistry {
  private custom: KindInfo[] = [];
  private readonly listeners = new Set<(k: KindInfo, served: boolean) => void>();

  /** `builtIn`: the built-in kinds, and any an aggregated API adds (the metrics API). */
  constructor(private readonly builtIn: KindInfo[] = KINDS) {}

  all(): KindInfo[] {
    return this.custom.length ? [...this.builtIn, ...this.custom] : this.builtIn;
  }

  find(group: string, version: string, resource: string): KindInfo | undefined {
    return this.all().find(
      (k) => k.group === group && k.version === version && k.resource === resource,
    );
  }

  /** The kind an apiVersion and Kind name (an owner reference's, an object's) denote. */
  byKind(apiVersion: string | undefined, kind: string): KindInfo | undefined {
    const [group, version] = apiVersion?.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion ?? ''];
    return (
      this.all().find((k) => k.group === group && k.version === version && k.kind === kind) ??
      this.all().find((k) => k.group === group && k.kind === kind)
    );
  }

  /** API groups with their served versions, preferred first; the core group is ''. */
  groups(): { name: string; versions: string[] }[] {
    const out = new Map<string, Set<string>>();
    for (const k of this.all()) {
      const vs = out.get(k.group) ?? new Set<string>();
      vs.add(k.version);
      out.set(k.group, vs);
    }
    return [...out].map(([name, vs]) => ({ name, versions: [...vs].sort(versionPriority) }));
  }

  /** Serves these kinds for a CustomResourceDefinition, replacing what it served before. */
  serve(crd: string, kinds: KindInfo[]): void {
    const before = this.custom.filter((k) => k.crd === crd);
    this.custom = [...this.custom.filter((k) => k.crd !== crd), ...kinds];
    for (const k of before) this.emit(k, false);
    for (const k of kinds) this.emit(k, true);
  }

  onChange(listener: (k: KindInfo, served: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(k: KindInfo, served: boolean): void {
    for (const l of this.listeners) l(k, served);
  }
}
