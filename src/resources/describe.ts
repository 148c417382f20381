// `kubectl describe` as text lines, laid out as kubectl 1.36 lays them out: its describers
// (k8s.io/kubectl pkg/describe) write tab-separated lines that a tabwriter aligns, each
// section in its own column; here the same lines go through the same alignment
// (util/tabwriter.ts). Pods, deployments and services have kubectl's fields in kubectl's
// order; other kinds show their metadata and the rest as YAML. The object's events end it.
//
// Every value taken from the object is made inert (one-line form) as it is placed, so the
// alignment is measured on what is drawn and nothing in a name, annotation or event message
// reaches the terminal as a command. Ages are computed for `now`: the view re-renders them
// as time passes by calling again with a new `now` (one object: cheap).
import { dump } from 'js-yaml';
import { humanDuration } from '../util/duration.js';
import { inert, inertLine } from '../util/inert.js';
import { tabwrite } from '../util/tabwriter.js';
import type { KubeObject } from './types.js';

/** What describe shows beyond the object and its events, when the caller has fetched it. */
export interface DescribeExtra {
  /**
   * Deployments: the ReplicaSets of the deployment's namespace (those its selector picks
   * will do; the ones it controls are kept). Gives OldReplicaSets / NewReplicaSet.
   */
  replicaSets?: KubeObject[];
  /**
   * Services: the EndpointSlices labelled `kubernetes.io/service-name=<service name>` in its
   * namespace, as kubectl reads them. Gives the Endpoints line of each port.
   */
  endpointSlices?: KubeObject[];
  /** Services, on a server without EndpointSlices: the Endpoints object of the same name. */
  endpoints?: KubeObject;
}

/** Lines of text with cells separated by tabs, as kubectl's describers write them. */
class Doc {
  readonly lines: string[] = [];
  constructor(readonly now: number) {}

  /** One line at `level` (two spaces each); each cell is made inert, tabs join them. */
  line(level: number, ...cells: unknown[]): void {
    this.lines.push('  '.repeat(level) + cells.map(text).join('\t'));
  }

  /** A line that is not part of any column (already inert, no tabs). */
  raw(line: string): void {
    this.lines.push(line);
  }

  /** How long ago `iso` was, as kubectl prints ages; `<unknown>` when there is no time. */
  since(iso: unknown): string {
    const t = typeof iso === 'string' && iso ? Date.parse(iso) : Number.NaN;
    return Number.isNaN(t) ? '<unknown>' : humanDuration(this.now - t);
  }
}

const text = (v: unknown) => inertLine(v === undefined || v === null ? '' : String(v));
const entries = (m: unknown): [string, unknown][] =>
  m && typeof m === 'object' ? Object.entries(m as Record<string, unknown>) : [];
const sortedKeys = (m: unknown) =>
  entries(m)
    .map(([k]) => k)
    .sort();
const orNone = (s: string) => s || '<none>';
const bool = (b: unknown) => (b ? 'True' : 'False');

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Go's time.RFC1123Z in local time, as kubectl prints timestamps: `Sun, 29 Nov 2026 03:19:45 +0000`. */
export function rfc1123z(iso: unknown): string {
  const d = new Date(typeof iso === 'string' ? iso : Number.NaN);
  if (Number.isNaN(d.getTime())) return '<unset>';
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${two(Math.floor(Math.abs(off) / 60))}${two(Math.abs(off) % 60)}`;
  return `${DAYS[d.getDay()]}, ${two(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())} ${zone}`;
}

// ---- metadata ----------------------------------------------------------------------------

function labels(d: Doc, title: string, m: unknown): void {
  const keys = sortedKeys(m);
  if (!keys.length) {
    d.line(0, `${title}:`, '<none>');
    return;
  }
  const map = m as Record<string, unknown>;
  keys.forEach((k, i) => {
    d.line(0, i === 0 ? `${title}:` : '', `${k}=${map[k]}`);
  });
}

const MAX_ANNOTATION = 140;
const shorten = (s: string, max: number) => {
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, max).join('')}...` : s;
};

function annotations(d: Doc, title: string, m: unknown): void {
  const keys = sortedKeys(m).filter(
    (k) => k !== 'kubectl.kubernetes.io/last-applied-configuration',
  );
  if (!keys.length) {
    d.line(0, `${title}:`, '<none>');
    return;
  }
  const map = m as Record<string, unknown>;
  keys.forEach((k, i) => {
    const first = i === 0 ? `${title}:` : '';
    const value = String(map[k] ?? '').replace(/\r?\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION || value.includes('\n')) {
      d.line(0, first, `${k}:`);
      for (const s of value.split(/\r?\n/)) d.line(0, '', `  ${shorten(s, MAX_ANNOTATION - 2)}`);
    } else {
      d.line(0, first, `${k}: ${value}`);
    }
  });
}

/** A value that may hold line breaks: the first line beside its label, the rest under it. */
function multiline(d: Doc, level: number, label: string, value: unknown): void {
  String(value ?? '')
    .split(/\r?\n/)
    .forEach((s, i) => {
      d.line(level, i === 0 ? label : '', s);
    });
}

/** metav1.FormatLabelSelector / LabelSelectorAsSelector(...).String(): requirements by key. */
function selectorText(sel: KubeObject | undefined): string {
  if (!sel) return '';
  const reqs: [string, string][] = entries(sel.matchLabels).map(([k, v]) => [k, `${k}=${v}`]);
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const op = String(e.operator);
    if (op === 'Exists') reqs.push([e.key, e.key]);
    else if (op === 'DoesNotExist') reqs.push([e.key, `!${e.key}`]);
    else reqs.push([e.key, `${e.key} ${op.toLowerCase()} (${values})`]);
  }
  return reqs
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, t]) => t)
    .join(',');
}

/** labels.FormatLabels: `k=v,k2=v2` by key, or `<none>`. */
const formatLabels = (m: unknown) =>
  orNone(
    sortedKeys(m)
      .map((k) => `${k}=${(m as Record<string, unknown>)[k]}`)
      .join(','),
  );

// ---- containers --------------------------------------------------------------------------

type Resolve = (fieldPath: string) => string;

function ports(list: KubeObject[] | undefined, port: (p: KubeObject) => unknown): string {
  return (list ?? [])
    .map((p) => `${port(p)}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}`)
    .join(', ');
}

function state(d: Doc, name: string, s: KubeObject | undefined): void {
  if (s?.running) {
    d.line(2, `${name}:`, 'Running');
    d.line(3, 'Started:', rfc1123z(s.running.startedAt));
  } else if (s?.terminated) {
    const t = s.terminated;
    d.line(2, `${name}:`, 'Terminated');
    if (t.reason) d.line(3, 'Reason:', t.reason);
    if (t.message) multiline(d, 3, 'Message:', t.message);
    d.line(3, 'Exit Code:', t.exitCode ?? 0);
    if (t.signal > 0) d.line(3, 'Signal:', t.signal);
    d.line(3, 'Started:', rfc1123z(t.startedAt));
    d.line(3, 'Finished:', rfc1123z(t.finishedAt));
  } else {
    d.line(2, `${name}:`, 'Waiting');
    if (s?.waiting?.reason) d.line(3, 'Reason:', s.waiting.reason);
  }
}

function resources(d: Doc, r: KubeObject | undefined, level: number): void {
  for (const [title, m] of [
    ['Limits:', r?.limits],
    ['Requests:', r?.requests],
  ] as const) {
    const keys = sortedKeys(m);
    if (keys.length) d.line(level, title);
    for (const k of keys) d.line(level + 1, `${k}:`, (m as Record<string, unknown>)[k]);
  }
}

const joinHostPort = (host: string, port: string) =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

/** kubectl's DescribeProbe (1.36 wording; 1.37 spells out successThreshold/failureThreshold). */
export function probeText(p: KubeObject): string {
  // The object's own values, as Go prints a struct: a field the server did not default is 0.
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    // Go's url.URL.String() of {scheme, host:port, path}.
    const g = p.httpGet;
    const port = g.port === undefined || g.port === null ? '' : String(g.port);
    const host = port ? joinHostPort(g.host ?? '', port) : (g.host ?? '');
    const path = g.path ? (String(g.path).startsWith('/') || !host ? g.path : `/${g.path}`) : '';
    const scheme = String(g.scheme ?? '').toLowerCase();
    return `http-get ${scheme ? `${scheme}:` : ''}//${host}${path} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port ?? ''} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A resource quantity (`500m`, `128Mi`, `1e3`) as a number; 0 when absent or unreadable. */
export function quantity(q: unknown): number {
  const m = /^([+-]?[\d.]+)(?:([eE][+-]?\d+)|([a-zA-Z]*))$/.exec(String(q ?? '').trim());
  if (!m) return 0;
  const n = Number(m[1]);
  if (m[2]) return n * 10 ** Number(m[2].slice(1));
  return n * (SUFFIX[m[3]] ?? Number.NaN) || 0;
}

/** The value of an env var from resourceFieldRef, as the kubelet would give it. */
function resourceValue(c: KubeObject, ref: KubeObject): string {
  const [kind, name] = String(ref.resource ?? '').split('.', 2);
  const own = (kind === 'limits' ? c.resources?.limits : c.resources?.requests)?.[name];
  const divisor = quantity(ref.divisor ?? '1') || 1;
  return String(Math.ceil(quantity(own) / divisor));
}

function env(d: Doc, c: KubeObject, resolve: Resolve | undefined): void {
  const list: KubeObject[] = c.env ?? [];
  if (!list.length) d.line(2, 'Environment:', '<none>');
  else d.line(2, 'Environment:');
  for (const e of list) {
    const from = e.valueFrom;
    if (!from) {
      multiline(d, 3, `${e.name}:`, e.value ?? '');
    } else if (from.fieldRef) {
      const value = resolve ? resolve(from.fieldRef.fieldPath) : '';
      d.line(
        3,
        `${e.name}:`,
        `${value} (${from.fieldRef.apiVersion ?? ''}:${from.fieldRef.fieldPath})`,
      );
    } else if (from.resourceFieldRef) {
      const r = from.resourceFieldRef.resource;
      let value = resourceValue(c, from.resourceFieldRef);
      if (value === '0' && (r === 'limits.cpu' || r === 'limits.memory'))
        value = 'node allocatable';
      d.line(3, `${e.name}:`, `${value} (${r})`);
    } else if (from.secretKeyRef) {
      const s = from.secretKeyRef;
      d.line(
        3,
        `${e.name}:`,
        `<set to the key '${s.key}' in secret '${s.name}'>`,
        `Optional: ${!!s.optional}`,
      );
    } else if (from.configMapKeyRef) {
      const s = from.configMapKeyRef;
      d.line(
        3,
        `${e.name}:`,
        `<set to the key '${s.key}' of config map '${s.name}'>`,
        `Optional: ${!!s.optional}`,
      );
    }
  }
}

function envFrom(d: Doc, c: KubeObject): void {
  const list: KubeObject[] = c.envFrom ?? [];
  if (!list.length) return;
  d.line(2, 'Environment Variables from:');
  for (const e of list) {
    const ref = e.configMapRef ?? e.secretRef ?? {};
    const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
    const what = e.prefix ? `${from} with prefix '${e.prefix}'` : from;
    d.line(3, ref.name ?? '', what, `Optional: ${!!ref.optional}`);
  }
}

function mounts(d: Doc, c: KubeObject): void {
  const list = [...(c.volumeMounts ?? [])].sort((a: KubeObject, b: KubeObject) =>
    a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0,
  );
  if (!list.length) d.line(2, 'Mounts:', '<none>');
  else d.line(2, 'Mounts:');
  for (const m of list) {
    const flags = [
      m.readOnly ? 'ro' : 'rw',
      ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : []),
    ];
    d.line(3, `${m.mountPath} from ${m.name} (${flags.join(',')})`);
  }
  const devices = [...(c.volumeDevices ?? [])].sort((a: KubeObject, b: KubeObject) =>
    a.devicePath < b.devicePath ? -1 : a.devicePath > b.devicePath ? 1 : 0,
  );
  if (devices.length) d.line(2, 'Devices:');
  for (const v of devices) d.line(3, `${v.devicePath} from ${v.name}`);
}

function containers(
  d: Doc,
  label: string,
  specs: KubeObject[],
  statuses: KubeObject[],
  resolve: Resolve | undefined,
  space: string,
): void {
  const byName = new Map(statuses.map((s) => [s.name, s]));
  d.line(0, `${space}${label}:${specs.length ? '' : ' <none>'}`);
  for (const c of specs) {
    const s = byName.get(c.name);
    d.line(1, `${space ? ' ' : ''}${c.name}:`);
    if (s) d.line(2, 'Container ID:', s.containerID ?? '');
    d.line(2, 'Image:', c.image ?? '');
    if (s) d.line(2, 'Image ID:', s.imageID ?? '');
    const p = ports(c.ports, (x) => x.containerPort);
    if (p.includes(',')) d.line(2, 'Ports:', p);
    else d.line(2, 'Port:', orNone(p));
    const h = ports(c.ports, (x) => x.hostPort ?? 0);
    if (h.includes(',')) d.line(2, 'Host Ports:', h);
    else d.line(2, 'Host Port:', orNone(h));
    const seccomp = c.securityContext?.seccompProfile;
    if (seccomp) {
      d.line(2, 'SeccompProfile:', seccomp.type);
      if (seccomp.type === 'Localhost') d.line(3, 'LocalhostProfile:', seccomp.localhostProfile);
    }
    for (const [title, list] of [
      ['Command:', c.command],
      ['Args:', c.args],
    ] as const) {
      if (!list?.length) continue;
      d.line(2, title);
      for (const arg of list) for (const s of String(arg).split(/\r?\n/)) d.line(3, s);
    }
    if (s) {
      state(d, 'State', s.state);
      if (s.lastState?.terminated) state(d, 'Last State', s.lastState);
      d.line(2, 'Ready:', bool(s.ready));
      d.line(2, 'Restart Count:', s.restartCount ?? 0);
    }
    resources(d, c.resources, 2);
    if (c.livenessProbe) d.line(2, 'Liveness:', probeText(c.livenessProbe));
    if (c.readinessProbe) d.line(2, 'Readiness:', probeText(c.readinessProbe));
    if (c.startupProbe) d.line(2, 'Startup:', probeText(c.startupProbe));
    envFrom(d, c);
    env(d, c, resolve);
    mounts(d, c);
  }
}

// ---- volumes, scheduling -----------------------------------------------------------------

/** Lines of one volume source: `Type:` and its fields, all at level 2. */
function volumeSource(d: Doc, v: KubeObject): void {
  const field = (name: string, value: unknown) => d.line(2, `${name}:`, value);
  const optional = (o: KubeObject) => String(!!o.optional);
  if (v.hostPath) {
    field('Type', 'HostPath (bare host directory volume)');
    field('Path', v.hostPath.path);
    field('HostPathType', v.hostPath.type || '<none>');
  } else if (v.emptyDir) {
    field('Type', "EmptyDir (a temporary directory that shares a pod's lifetime)");
    field('Medium', v.emptyDir.medium ?? '');
    field('SizeLimit', quantity(v.emptyDir.sizeLimit) > 0 ? v.emptyDir.sizeLimit : '<unset>');
  } else if (v.secret) {
    field('Type', 'Secret (a volume populated by a Secret)');
    field('SecretName', v.secret.secretName);
    field('Optional', optional(v.secret));
  } else if (v.configMap) {
    field('Type', 'ConfigMap (a volume populated by a ConfigMap)');
    field('Name', v.configMap.name);
    field('Optional', optional(v.configMap));
  } else if (v.projected) {
    field('Type', 'Projected (a volume that contains injected data from multiple sources)');
    for (const s of v.projected.sources ?? []) {
      if (s.secret) {
        field('SecretName', s.secret.name);
        field('Optional', optional(s.secret));
      } else if (s.downwardAPI) {
        field('DownwardAPI', 'true');
      } else if (s.configMap) {
        field('ConfigMapName', s.configMap.name);
        field('Optional', optional(s.configMap));
      } else if (s.serviceAccountToken) {
        field('TokenExpirationSeconds', s.serviceAccountToken.expirationSeconds ?? 3600);
      }
    }
  } else if (v.persistentVolumeClaim) {
    field(
      'Type',
      'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)',
    );
    field('ClaimName', v.persistentVolumeClaim.claimName);
    field('ReadOnly', String(!!v.persistentVolumeClaim.readOnly));
  } else if (v.downwardAPI) {
    field('Type', 'DownwardAPI (a volume populated by information about the pod)');
    d.line(2, 'Items:');
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef) d.line(3, `${item.fieldRef.fieldPath} -> ${item.path}`);
      if (item.resourceFieldRef) d.line(3, `${item.resourceFieldRef.resource} -> ${item.path}`);
    }
  } else if (v.nfs) {
    field('Type', 'NFS (an NFS mount that lasts the lifetime of a pod)');
    field('Server', v.nfs.server);
    field('Path', v.nfs.path);
    field('ReadOnly', String(!!v.nfs.readOnly));
  } else if (v.csi) {
    field('Type', 'CSI (a Container Storage Interface (CSI) volume source)');
    field('Driver', v.csi.driver);
    field('FSType', v.csi.fsType ?? '');
    field('ReadOnly', String(!!v.csi.readOnly));
    const keys = sortedKeys(v.csi.volumeAttributes);
    if (!keys.length) field('VolumeAttributes', '<none>');
    keys.forEach((k, i) => {
      const attr = shorten(`${k}=${v.csi.volumeAttributes[k]}`, MAX_ANNOTATION);
      d.line(i === 0 ? 2 : 4, i === 0 ? 'VolumeAttributes:' : '', `    ${attr}`);
    });
  } else if (v.ephemeral) {
    field(
      'Type',
      'EphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)',
    );
  } else if (v.image) {
    field('Type', 'Image (a container image or OCI artifact)');
    field('Reference', v.image.reference);
    field('PullPolicy', v.image.pullPolicy ?? '');
  } else {
    // A source kdeck does not spell out: its name and its plain fields.
    const [kind, source] = entries(v).find(([k]) => k !== 'name') ?? ['', {}];
    field('Type', kind ? kind[0].toUpperCase() + kind.slice(1) : '<unknown>');
    for (const [k, value] of entries(source)) {
      if (typeof value !== 'object') field(k[0].toUpperCase() + k.slice(1), value);
    }
  }
}

function volumes(d: Doc, list: KubeObject[] | undefined, space: string): void {
  if (!list?.length) {
    d.line(0, `${space}Volumes:`, '<none>');
    return;
  }
  d.line(0, `${space}Volumes:`);
  for (const v of list) {
    d.line(1, `${space ? ' ' : ''}${v.name}:`);
    volumeSource(d, v);
  }
}

function tolerations(d: Doc, title: string, list: KubeObject[] | undefined): void {
  if (!list?.length) {
    d.line(0, `${title}:`, '<none>');
    return;
  }
  const sorted = [...list].sort((a, b) => {
    const x = a.key ?? '';
    const y = b.key ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  sorted.forEach((t, i) => {
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
      s += ` for ${t.tolerationSeconds}s`;
    d.line(0, i === 0 ? `${title}:` : '', s);
  });
}

function topologySpread(d: Doc, list: KubeObject[] | undefined, space: string): void {
  if (!list?.length) return;
  const sorted = [...list].sort((a, b) =>
    a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0,
  );
  sorted.forEach((t, i) => {
    const sel = t.labelSelector ? ` for selector ${selectorText(t.labelSelector) || '<none>'}` : '';
    d.line(
      0,
      i === 0 ? `${space}Topology Spread Constraints:` : space,
      `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded${sel}`,
    );
  });
}

function schedulingGroup(d: Doc, spec: KubeObject, space: string): void {
  if (!spec.schedulingGroup) return;
  d.line(0, `${space}SchedulingGroup:`);
  d.line(1, 'PodGroupName:', spec.schedulingGroup.podGroupName);
}

// ---- pods --------------------------------------------------------------------------------

const COMPUTE = ['cpu', 'memory'];

/** status.qosClass, or the class computed as the kubelet does when the status lacks it. */
function qosClass(p: KubeObject): string {
  if (p.status?.qosClass) return p.status.qosClass;
  const all: KubeObject[] = [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])];
  let any = false;
  let guaranteed = all.length > 0;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of COMPUTE) {
      if (quantity(req[r]) || quantity(lim[r])) any = true;
      if (!quantity(lim[r])) guaranteed = false;
      else if (req[r] !== undefined && quantity(req[r]) !== quantity(lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The value of a downward-API field of the pod, for env vars that read one. */
function podField(p: KubeObject): Resolve {
  return (path) => {
    const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
    if (m) return String(p.metadata?.[m[1]]?.[m[2]] ?? '');
    const fields: Record<string, unknown> = {
      'metadata.name': p.metadata?.name,
      'metadata.namespace': p.metadata?.namespace,
      'metadata.uid': p.metadata?.uid,
      'spec.nodeName': p.spec?.nodeName,
      'spec.serviceAccountName': p.spec?.serviceAccountName,
      'status.hostIP': p.status?.hostIP,
      'status.hostIPs': (p.status?.hostIPs ?? []).map((i: KubeObject) => i.ip).join(','),
      'status.podIP': p.status?.podIP,
      'status.podIPs': (p.status?.podIPs ?? []).map((i: KubeObject) => i.ip).join(','),
    };
    return String(fields[path] ?? '');
  };
}

function describePod(d: Doc, p: KubeObject): void {
  const m = p.metadata ?? {};
  const spec = p.spec ?? {};
  const st = p.status ?? {};
  d.line(0, 'Name:', m.name);
  d.line(0, 'Namespace:', m.namespace);
  if (spec.priority !== undefined && spec.priority !== null) d.line(0, 'Priority:', spec.priority);
  if (spec.priorityClassName) d.line(0, 'Priority Class Name:', spec.priorityClassName);
  if (spec.runtimeClassName) d.line(0, 'Runtime Class Name:', spec.runtimeClassName);
  if (spec.serviceAccountName) d.line(0, 'Service Account:', spec.serviceAccountName);
  d.line(0, 'Node:', spec.nodeName ? `${spec.nodeName}/${st.hostIP ?? ''}` : '<none>');
  if (st.startTime) d.line(0, 'Start Time:', rfc1123z(st.startTime));
  labels(d, 'Labels', m.labels);
  annotations(d, 'Annotations', m.annotations);
  if (m.deletionTimestamp && st.phase !== 'Failed' && st.phase !== 'Succeeded') {
    d.line(0, 'Status:', `Terminating (lasts ${d.since(m.deletionTimestamp)})`);
    d.line(0, 'Termination Grace Period:', `${m.deletionGracePeriodSeconds ?? 0}s`);
  } else {
    d.line(0, 'Status:', st.phase ?? '');
  }
  if (st.reason) d.line(0, 'Reason:', st.reason);
  if (st.message) multiline(d, 0, 'Message:', st.message);
  const seccomp = spec.securityContext?.seccompProfile;
  if (seccomp) {
    d.line(0, 'SeccompProfile:', seccomp.type);
    if (seccomp.type === 'Localhost') d.line(0, 'LocalhostProfile:', seccomp.localhostProfile);
  }
  d.line(0, 'IP:', st.podIP ?? '');
  if (!st.podIPs?.length) d.line(0, 'IPs:', '<none>');
  else {
    d.line(0, 'IPs:');
    for (const ip of st.podIPs) d.line(1, 'IP:', ip.ip);
  }
  const owner = (m.ownerReferences ?? []).find((r: KubeObject) => r.controller);
  if (owner) d.line(0, 'Controlled By:', `${owner.kind}/${owner.name}`);
  if (st.nominatedNodeName) d.line(0, 'NominatedNodeName:', st.nominatedNodeName);
  if (spec.resources) {
    d.line(0, 'Resources:');
    resources(d, spec.resources, 1);
  }
  const resolve = podField(p);
  if (spec.initContainers?.length) {
    containers(
      d,
      'Init Containers',
      spec.initContainers,
      st.initContainerStatuses ?? [],
      resolve,
      '',
    );
  }
  containers(d, 'Containers', spec.containers ?? [], st.containerStatuses ?? [], resolve, '');
  if (spec.ephemeralContainers?.length) {
    containers(
      d,
      'Ephemeral Containers',
      spec.ephemeralContainers,
      st.ephemeralContainerStatuses ?? [],
      resolve,
      '',
    );
  }
  const conditions: KubeObject[] = st.conditions ?? [];
  if (spec.readinessGates?.length) {
    d.line(0, 'Readiness Gates:');
    d.line(1, 'Type', 'Status');
    for (const g of spec.readinessGates) {
      const c = conditions.find((x) => x.type === g.conditionType);
      d.line(1, `${g.conditionType} `, `${c ? c.status : '<none>'} `);
    }
  }
  if (conditions.length) {
    d.line(0, 'Conditions:');
    d.line(1, 'Type', 'Status');
    for (const c of conditions) d.line(1, `${c.type} `, `${c.status} `);
  }
  volumes(d, spec.volumes, '');
  d.line(0, 'QoS Class:', qosClass(p));
  labels(d, 'Node-Selectors', spec.nodeSelector);
  tolerations(d, 'Tolerations', spec.tolerations);
  topologySpread(d, spec.topologySpreadConstraints, '');
  schedulingGroup(d, spec, '');
}

// ---- deployments -------------------------------------------------------------------------

function podTemplate(d: Doc, t: KubeObject | undefined): void {
  d.line(0, 'Pod Template:');
  if (!t) {
    d.line(1, '<unset>');
    return;
  }
  const spec = t.spec ?? {};
  labels(d, '  Labels', t.metadata?.labels);
  if (entries(t.metadata?.annotations).length)
    annotations(d, '  Annotations', t.metadata.annotations);
  if (spec.serviceAccountName) d.line(1, 'Service Account:', spec.serviceAccountName);
  if (spec.initContainers?.length) {
    containers(d, 'Init Containers', spec.initContainers, [], undefined, '  ');
  }
  containers(d, 'Containers', spec.containers ?? [], [], undefined, '  ');
  volumes(d, spec.volumes, '  ');
  topologySpread(d, spec.topologySpreadConstraints, '  ');
  if (spec.priorityClassName) d.line(1, 'Priority Class Name:', spec.priorityClassName);
  labels(d, '  Node-Selectors', spec.nodeSelector);
  tolerations(d, '  Tolerations', spec.tolerations);
  schedulingGroup(d, spec, '  ');
}

/** JSON with sorted keys and without empty values, for comparing pod templates. */
function canonical(v: unknown): string {
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) {
      const a = x.map(strip).filter((y) => y !== undefined);
      return a.length ? a : undefined;
    }
    if (x && typeof x === 'object') {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(x).sort()) {
        const y = strip((x as Record<string, unknown>)[k]);
        if (y !== undefined) o[k] = y;
      }
      return Object.keys(o).length ? o : undefined;
    }
    return x === null || x === '' ? undefined : x;
  };
  return JSON.stringify(strip(v) ?? null);
}

/** A pod template without the pod-template-hash label a ReplicaSet's copy carries. */
function withoutHash(t: KubeObject | undefined): string {
  const copy = structuredClone(t ?? {});
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return canonical(copy);
}

const created = (o: KubeObject) => Date.parse(o.metadata?.creationTimestamp ?? '') || 0;

/**
 * The deployment's ReplicaSets as kubectl finds them (deploymentutil): those it controls,
 * oldest first; the new one is the oldest whose pod template is the deployment's.
 */
export function deploymentReplicaSets(
  dep: KubeObject,
  all: KubeObject[],
): { newRS?: KubeObject; oldRSs: KubeObject[] } {
  const uid = dep.metadata?.uid;
  const owned = all
    .filter((rs) =>
      (rs.metadata?.ownerReferences ?? []).some((r: KubeObject) => r.controller && r.uid === uid),
    )
    .sort(
      (a, b) =>
        created(a) - created(b) || String(a.metadata.name).localeCompare(String(b.metadata.name)),
    );
  const template = withoutHash(dep.spec?.template);
  const newRS = owned.find((rs) => withoutHash(rs.spec?.template) === template);
  return { newRS, oldRSs: owned.filter((rs) => rs !== newRS) };
}

const replicaSetList = (list: KubeObject[]) =>
  orNone(
    list
      .map(
        (rs) =>
          `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`,
      )
      .join(', '),
  );

function describeDeployment(d: Doc, o: KubeObject, extra: DescribeExtra): void {
  const m = o.metadata ?? {};
  const spec = o.spec ?? {};
  const st = o.status ?? {};
  d.line(0, 'Name:', m.name);
  d.line(0, 'Namespace:', m.namespace);
  d.line(0, 'CreationTimestamp:', rfc1123z(m.creationTimestamp));
  labels(d, 'Labels', m.labels);
  annotations(d, 'Annotations', m.annotations);
  d.line(0, 'Selector:', selectorText(spec.selector));
  d.line(
    0,
    'Replicas:',
    `${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`,
  );
  d.line(0, 'StrategyType:', spec.strategy?.type ?? '');
  d.line(0, 'MinReadySeconds:', spec.minReadySeconds ?? 0);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) {
    d.line(
      0,
      'RollingUpdateStrategy:',
      `${ru.maxUnavailable ?? '<nil>'} max unavailable, ${ru.maxSurge ?? '<nil>'} max surge`,
    );
  }
  podTemplate(d, spec.template);
  if (st.conditions?.length) {
    d.line(0, 'Conditions:');
    d.line(1, 'Type', 'Status', 'Reason');
    d.line(1, '----', '------', '------');
    for (const c of st.conditions) d.line(1, `${c.type} `, c.status, c.reason ?? '');
  }
  if (extra.replicaSets) {
    const { newRS, oldRSs } = deploymentReplicaSets(o, extra.replicaSets);
    if (newRS || oldRSs.length) {
      d.line(0, 'OldReplicaSets:', replicaSetList(oldRSs));
      d.line(0, 'NewReplicaSet:', replicaSetList(newRS ? [newRS] : []));
    }
  }
}

// ---- services ----------------------------------------------------------------------------

const MAX_ENDPOINTS = 3;

/** The Endpoints line of one service port from EndpointSlices, as kubectl writes it. */
export function endpointSlicesText(slices: KubeObject[], portName: string): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  const add = (ep: KubeObject, port?: number) => {
    if (list.length === MAX_ENDPOINTS) more = true;
    if (ep.conditions?.ready === false) return;
    const addr = String(ep.addresses?.[0] ?? '');
    if (!more) list.push(port === undefined ? addr : joinHostPort(addr, String(port)));
    count++;
  };
  for (const s of slices) {
    const endpoints: KubeObject[] = s.endpoints ?? [];
    if (!s.ports?.length) for (const ep of endpoints) add(ep);
    else {
      for (const p of s.ports) {
        if ((p.name ?? '') !== portName) continue;
        for (const ep of endpoints) add(ep, p.port);
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - MAX_ENDPOINTS} more...` : text;
}

/** The same from a core/v1 Endpoints object (servers without EndpointSlices). */
export function endpointsText(ep: KubeObject, portName: string): string {
  const subsets: KubeObject[] = ep.subsets ?? [];
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  const add = (ip: string, port?: number) => {
    if (list.length === MAX_ENDPOINTS) more = true;
    if (!more) list.push(port === undefined ? ip : joinHostPort(ip, String(port)));
    count++;
  };
  for (const ss of subsets) {
    const addresses: KubeObject[] = ss.addresses ?? [];
    if (!ss.ports?.length) for (const a of addresses) add(a.ip);
    else {
      for (const p of ss.ports) {
        if ((p.name ?? '') !== portName) continue;
        for (const a of addresses) add(a.ip, p.port);
      }
    }
  }
  const text = list.join(',');
  return more ? `${text} + ${count - MAX_ENDPOINTS} more...` : text;
}

function describeService(d: Doc, s: KubeObject, extra: DescribeExtra): void {
  const m = s.metadata ?? {};
  const spec = s.spec ?? {};
  d.line(0, 'Name:', m.name);
  d.line(0, 'Namespace:', m.namespace);
  labels(d, 'Labels', m.labels);
  annotations(d, 'Annotations', m.annotations);
  d.line(0, 'Selector:', formatLabels(spec.selector));
  d.line(0, 'Type:', spec.type ?? '');
  if (spec.ipFamilyPolicy) d.line(0, 'IP Family Policy:', spec.ipFamilyPolicy);
  d.line(0, 'IP Families:', orNone((spec.ipFamilies ?? []).join(',')));
  d.line(0, 'IP:', spec.clusterIP ?? '');
  d.line(0, 'IPs:', orNone((spec.clusterIPs ?? []).join(',')));
  if (spec.externalIPs?.length) d.line(0, 'External IPs:', spec.externalIPs.join(','));
  if (spec.loadBalancerIP) d.line(0, 'Desired LoadBalancer IP:', spec.loadBalancerIP);
  if (spec.externalName) d.line(0, 'External Name:', spec.externalName);
  const ingress: KubeObject[] = s.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) {
    const list = ingress.map((i) =>
      i.ip ? `${i.ip}${i.ipMode ? ` (${i.ipMode})` : ''}` : i.hostname,
    );
    d.line(0, 'LoadBalancer Ingress:', list.join(', '));
  }
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    const protocol = p.protocol ?? 'TCP';
    d.line(0, 'Port:', name, `${p.port}/${protocol}`);
    d.line(0, 'TargetPort:', `${p.targetPort ?? p.port}/${protocol}`);
    if (p.appProtocol) d.line(0, 'AppProtocol:', p.appProtocol);
    if (p.nodePort) d.line(0, 'NodePort:', name, `${p.nodePort}/${protocol}`);
    // Shown when the caller fetched them: "<none>" would be a claim kdeck cannot make.
    if (extra.endpointSlices) {
      d.line(0, 'Endpoints:', endpointSlicesText(extra.endpointSlices, p.name ?? ''));
    } else if (extra.endpoints) {
      d.line(0, 'Endpoints:', endpointsText(extra.endpoints, p.name ?? ''));
    }
  }
  d.line(0, 'Session Affinity:', spec.sessionAffinity ?? '');
  if (spec.externalTrafficPolicy) d.line(0, 'External Traffic Policy:', spec.externalTrafficPolicy);
  if (spec.internalTrafficPolicy) d.line(0, 'Internal Traffic Policy:', spec.internalTrafficPolicy);
  if (spec.healthCheckNodePort) d.line(0, 'HealthCheck NodePort:', spec.healthCheckNodePort);
  if (spec.loadBalancerSourceRanges?.length) {
    d.line(0, 'LoadBalancer Source Ranges:', spec.loadBalancerSourceRanges.join(','));
  }
  if (spec.trafficDistribution) d.line(0, 'Traffic Distribution:', spec.trafficDistribution);
}

// ---- other kinds, events -----------------------------------------------------------------

function describeOther(d: Doc, o: KubeObject): void {
  const { metadata, apiVersion: _a, kind: _k, ...rest } = o;
  d.line(0, 'Name:', metadata?.name);
  if (metadata?.namespace) d.line(0, 'Namespace:', metadata.namespace);
  labels(d, 'Labels', metadata?.labels);
  annotations(d, 'Annotations', metadata?.annotations);
  d.line(0, 'CreationTimestamp:', rfc1123z(metadata?.creationTimestamp));
  if (!Object.keys(rest).length) return;
  for (const line of dump(rest, { lineWidth: -1, noRefs: true }).trimEnd().split('\n')) {
    d.raw(inert(line));
  }
}

const timeOf = (iso: unknown) => (typeof iso === 'string' && Date.parse(iso)) || 0;

/** kubectl's events table: oldest first (by lastTimestamp), ages for `now`. */
function describeEvents(d: Doc, list: KubeObject[]): void {
  if (!list.length) {
    d.line(0, 'Events:', '<none>');
    return;
  }
  const sorted = [...list].sort((a, b) => timeOf(a.lastTimestamp) - timeOf(b.lastTimestamp));
  d.line(0, 'Events:');
  d.line(1, 'Type', 'Reason', 'Age', 'From', 'Message');
  d.line(1, '----', '------', '----', '----', '-------');
  for (const e of sorted) {
    const first = e.eventTime ? d.since(e.eventTime) : d.since(e.firstTimestamp);
    let age = first;
    if (e.series) age = `${d.since(e.series.lastObservedTime)} (x${e.series.count} over ${first})`;
    else if (e.count > 1) age = `${d.since(e.lastTimestamp)} (x${e.count} over ${first})`;
    // The real server's newer events set only reportingComponent (the scheduler's do).
    const from = e.source?.component || e.reportingComponent || '';
    const message = String(e.message ?? '').trim();
    const path = e.involvedObject?.fieldPath;
    d.line(1, e.type ?? '', e.reason ?? '', age, from, path ? `${path}: ${message}` : message);
  }
}

/**
 * `kubectl describe` of `o` (its kind: `Pod`, `Deployment`, `Service`, or any other) with
 * its events, as lines for a text view; ages are computed for `now`. `extra` carries what a
 * describe needs beyond the object (ReplicaSets of a deployment, endpoints of a service);
 * without it those lines are left out, as kubectl leaves them out when it cannot list them.
 */
export function describeLines(
  kind: string,
  o: KubeObject,
  objectEvents: KubeObject[],
  now: number = Date.now(),
  extra: DescribeExtra = {},
): string[] {
  const d = new Doc(now);
  if (kind === 'Pod') describePod(d, o);
  else if (kind === 'Deployment') describeDeployment(d, o, extra);
  else if (kind === 'Service') describeService(d, o, extra);
  else describeOther(d, o);
  describeEvents(d, objectEvents);
  return tabwrite(d.lines);
}

/** The object as YAML, each line inert; managedFields are noise for people and hidden unless asked for. */
export function yamlLines(o: KubeObject, showManagedFields = false): string[] {
  const { apiVersion, kind, ...rest } = structuredClone(o);
  if (!showManagedFields && rest.metadata) delete rest.metadata.managedFields;
  // kubectl's order: apiVersion and kind first, whatever order the server sent.
  return dump({ apiVersion, kind, ...rest }, { lineWidth: -1, noRefs: true, skipInvalid: true })
    .trimEnd()
    .split('\n')
    .map((line) => inert(line));
}
