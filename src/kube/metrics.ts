// Reading the resource metrics API (metrics.k8s.io/v1beta1, served by metrics-server) for one
// view: what its pods or nodes use now, with what they may use beside it (pods' requests and
// limits, nodes' allocatable). A 404 (no metrics API: the group is not served) or a 403 (this
// user may not read it) says the API is absent; any other failure (503 while metrics-server is
// down, the network) is unavailable for now. The UI polls (ui/use-metrics.ts).
import type {
  MetricsReader,
  MetricsReading,
  MetricsTarget,
  ObjectMetrics,
  Usage,
} from '../resources/metrics.js';
import { metricsKey } from '../resources/metrics.js';
import { parseQuantity } from '../util/quantity.js';
import type { KubeClient } from './client.js';
import { KubeError } from './errors.js';

// biome-ignore lint/suspicious/noExplicitAny: API objects as plain JSON
type Json = any;

const API = '/apis/metrics.k8s.io/v1beta1';
/** Requests and limits of known pods are read again this often (they rarely change). */
const RESOURCES_TTL_MS = 5 * 60_000;
/**
 * Beyond this many pods in a view, the shares are left empty rather than every pod read whole
 * (50,000 pods are about 45 MB: a big `-A` view stays as light as its table).
 */
export const MAX_WHOLE_PODS = 5000;
const PAGE = '500';

/** The sum of what `containers` set for a resource (`requests` or `limits`); none set: undefined. */
function summed(containers: Json[], field: 'requests' | 'limits'): Partial<Usage> {
  const out: Partial<Usage> = {};
  for (const c of containers) {
    for (const r of ['cpu', 'memory'] as const) {
      const q = parseQuantity(c?.resources?.[field]?.[r]);
      if (q !== undefined) out[r] = (out[r] ?? 0) + q;
    }
  }
  return out;
}

const usageOf = (u: Json): Usage => ({
  cpu: parseQuantity(u?.cpu) ?? 0,
  memory: parseQuantity(u?.memory) ?? 0,
});

export class KubeMetricsReader implements MetricsReader {
  /** Pods' requests and limits by `namespace/name`, read from the pods themselves. */
  private bounds = new Map<string, Pick<ObjectMetrics, 'requests' | 'limits'>>();
  private boundsAt = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly target: MetricsTarget,
    private readonly maxWholePods = MAX_WHOLE_PODS,
    private readonly now = Date.now,
  ) {}

  async read(): Promise<MetricsReading> {
    const { kind, namespace } = this.target;
    const scope =
      kind === 'pods' && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    let list: Json;
    try {
      list = await this.client.json(this.path(`${API}${scope}/${kind}`), { timeoutSeconds: 10 });
    } catch (e) {
      const code = e instanceof KubeError ? e.code : 0;
      return code === 404 || code === 403 ? { phase: 'absent' } : { phase: 'unavailable' };
    }
    const items: Json[] = Array.isArray(list?.items) ? list.items : [];
    const byKey = new Map<string, ObjectMetrics>();
    if (kind === 'nodes') {
      const allocatable = await this.allocatable();
      for (const m of items) {
        const name = String(m?.metadata?.name ?? '');
        byKey.set(name, { usage: usageOf(m?.usage), allocatable: allocatable.get(name) });
      }
      return { phase: 'figures', byKey };
    }
    const keys = items.map((m) => metricsKey(m?.metadata?.namespace, String(m?.metadata?.name)));
    // The pods are read whole only when one appears that is not known yet (or after a while):
    // a table of pods is fed by their Table rows, which carry no requests or limits.
    if (keys.length > this.maxWholePods) this.bounds.clear();
    else if (keys.some((k) => !this.bounds.has(k)) || this.now() - this.boundsAt > RESOURCES_TTL_MS)
      await this.readBounds(scope);
    items.forEach((m, i) => {
      const usage: Usage = { cpu: 0, memory: 0 };
      for (const c of Array.isArray(m?.containers) ? m.containers : []) {
        const u = usageOf(c?.usage);
        usage.cpu += u.cpu;
        usage.memory += u.memory;
      }
      byKey.set(keys[i], { usage, ...this.bounds.get(keys[i]) });
    });
    return { phase: 'figures', byKey };
  }

  private path(base: string): string {
    const s = this.target.labelSelector;
    return s ? `${base}?labelSelector=${encodeURIComponent(s)}` : base;
  }

  /** The pods of the view, whole, a page at a time; on failure the shares read n/a. */
  private async readBounds(scope: string): Promise<void> {
    const bounds = new Map<string, Pick<ObjectMetrics, 'requests' | 'limits'>>();
    try {
      let cont = '';
      do {
        const q = new URLSearchParams({ limit: PAGE });
        if (cont) q.set('continue', cont);
        if (this.target.labelSelector) q.set('labelSelector', this.target.labelSelector);
        const page: Json = await this.client.json(`/api/v1${scope}/pods?${q}`, {
          timeoutSeconds: 30,
        });
        for (const p of page?.items ?? []) {
          const containers = Array.isArray(p?.spec?.containers) ? p.spec.containers : [];
          bounds.set(metricsKey(p?.metadata?.namespace, String(p?.metadata?.name)), {
            requests: summed(containers, 'requests'),
            limits: summed(containers, 'limits'),
          });
        }
        cont = String(page?.metadata?.continue ?? '');
      } while (cont);
    } catch {
      return;
    }
    this.bounds = bounds;
    this.boundsAt = this.now();
  }

  /** Each node's allocatable CPU and memory (a cluster has few nodes: read each time). */
  private async allocatable(): Promise<Map<string, Partial<Usage>>> {
    const out = new Map<string, Partial<Usage>>();
    try {
      const list: Json = await this.client.json('/api/v1/nodes', { timeoutSeconds: 10 });
      for (const n of list?.items ?? []) {
        const a = n?.status?.allocatable ?? {};
        out.set(String(n?.metadata?.name), {
          cpu: parseQuantity(a.cpu),
          memory: parseQuantity(a.memory),
        });
      }
    } catch {
      // Forbidden or failed: the shares read n/a.
    }
    return out;
  }
}
