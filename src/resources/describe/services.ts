// `kubectl describe service`: its fields and each port's Endpoints line, read from the
// EndpointSlices (or, on older servers, the Endpoints) when the caller has fetched them.
import type { KubeObject } from '../types.js';
import {
  annotations,
  type DescribeExtra,
  type Doc,
  formatLabels,
  joinHostPort,
  labels,
  orNone,
} from './doc.js';

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

export function describeService(d: Doc, s: KubeObject, extra: DescribeExtra): void {
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
