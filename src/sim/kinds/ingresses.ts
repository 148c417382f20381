// Ingress (networking.k8s.io/v1): pkg/registry/networking/ingress.
import { type KindInfo, RW, statusSubresource } from '../kind-info.js';
import type { Obj } from '../types.js';
import { age, ageColumn, col, nameColumn } from './columns.js';

/** printers.go formatHosts: up to three hosts, `*` for none. */
function hosts(rules: Obj[]): string {
  const list = rules
    .slice(0, 3)
    .map((r) => r.host)
    .filter(Boolean);
  if (!list.length) return '*';
  return rules.length > 3 ? `${list.join(',')} + ${rules.length - 3} more...` : list.join(',');
}

function address(i: Obj): string {
  const all = [
    ...new Set(
      ((i.status?.loadBalancer?.ingress ?? []) as Obj[])
        .map((x) => x.ip || x.hostname)
        .filter(Boolean),
    ),
  ].sort();
  return all.join(',');
}

export const ingresses: KindInfo = {
  group: 'networking.k8s.io',
  version: 'v1',
  resource: 'ingresses',
  kind: 'Ingress',
  singular: 'ingress',
  namespaced: true,
  shortNames: ['ing'],
  verbs: RW,
  subresources: [statusSubresource('networking.k8s.io', 'v1', 'Ingress')],
  defaults(o) {
    o.spec ??= {};
    for (const r of o.spec.rules ?? [])
      for (const p of r.http?.paths ?? []) p.pathType ??= 'ImplementationSpecific';
    o.status ??= { loadBalancer: {} };
  },
  validate: (o) => {
    const s = o.spec ?? {};
    if (!s.defaultBackend && !(s.rules ?? []).length)
      return [
        {
          field: 'spec',
          type: 'FieldValueInvalid',
          message:
            'Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified',
        },
      ];
    return [];
  },
  printer: {
    columns: [
      nameColumn,
      col(
        'Class',
        'The name of the IngressClass resource that should be used for additional configuration',
      ),
      col('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
      col('Address', 'Address is a list containing ingress points for the load-balancer'),
      col('Ports', 'Ports of TLS configurations that open'),
      ageColumn,
    ],
    cells: (i, now) => [
      i.metadata.name,
      i.spec?.ingressClassName ?? '<none>',
      hosts(i.spec?.rules ?? []),
      address(i),
      (i.spec?.tls ?? []).length ? '80, 443' : '80',
      age(i, now),
    ],
  },
};
