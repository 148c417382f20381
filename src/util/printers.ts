// Cells of kubectl's printers that need more than a field read (pkg/printers/internalversion):
// service ports and external IPs, node status and roles. Shared by the simulator's Table
// output and kdeck's rows, so both read as `kubectl get` does.

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects as plain JSON
type Obj = Record<string, any>;

export function servicePorts(s: Obj): string {
  const ports = (s.spec?.ports ?? []) as Obj[];
  if (!ports.length) return '<none>';
  return ports
    .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
    .join(',');
}

export function serviceExternalIP(s: Obj): string {
  const external = (s.spec?.externalIPs ?? []) as string[];
  switch (s.spec?.type) {
    case 'LoadBalancer': {
      const lb = ((s.status?.loadBalancer?.ingress ?? []) as Obj[]).map((i) => i.ip ?? i.hostname);
      const all = [...lb, ...external];
      if (!all.length) return '<pending>';
      const text = all.join(',');
      return text.length > 16 ? `${text.slice(0, 13)}...` : text;
    }
    case 'ExternalName':
      return s.spec.externalName;
    default:
      return external.length ? external.join(',') : '<none>';
  }
}

export function formatLabels(labels: Record<string, string> | undefined): string {
  const parts = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : '<none>';
}

export function nodeStatus(n: Obj): string {
  const ready = ((n.status?.conditions ?? []) as Obj[]).find((c) => c.type === 'Ready');
  const status = ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown';
  return n.spec?.unschedulable ? `${status},SchedulingDisabled` : status;
}

export function nodeRoles(n: Obj): string {
  const roles = Object.keys(n.metadata.labels ?? {})
    .filter((l) => l.startsWith('node-role.kubernetes.io/'))
    .map((l) => l.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.sort().join(',') : '<none>';
}

export const nodeAddress = (n: Obj, type: string) =>
  ((n.status?.addresses ?? []) as Obj[]).find((a) => a.type === type)?.address ?? '<none>';
