// A pod's containers as kubectl describes them (image, ports, state, probes, env, mounts):
// shared by a pod, whose statuses it has, and a deployment's pod template, which has none.
import type { KubeObject } from '../types.js';
import {
  bool,
  type Doc,
  joinHostPort,
  multiline,
  orNone,
  quantity,
  rfc1123z,
  sortedKeys,
} from './doc.js';

export type Resolve = (fieldPath: string) => string;

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

export function resources(d: Doc, r: KubeObject | undefined, level: number): void {
  for (const [title, m] of [
    ['Limits:', r?.limits],
    ['Requests:', r?.requests],
  ] as const) {
    const keys = sortedKeys(m);
    if (keys.length) d.line(level, title);
    for (const k of keys) d.line(level + 1, `${k}:`, (m as Record<string, unknown>)[k]);
  }
}

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

export function containers(
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
