// Endpoints (core/v1): pkg/registry/core/endpoint.
import { type KindInfo, RW } from '../kind-info.js';
import type { Obj } from '../types.js';
import { age, ageColumn, col, nameColumn } from './columns.js';

/** printers.go formatEndpoints: the first three ip:port pairs, then how many more. */
function endpointsText(ep: Obj): string {
  const all: string[] = [];
  for (const s of (ep.subsets ?? []) as Obj[]) {
    for (const a of (s.addresses ?? []) as Obj[]) {
      for (const p of (s.ports ?? [{}]) as Obj[]) all.push(p.port ? `${a.ip}:${p.port}` : a.ip);
    }
  }
  if (!all.length) return '<none>';
  return all.length > 3
    ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more...`
    : all.join(',');
}

export const endpoints: KindInfo = {
  group: '',
  version: 'v1',
  resource: 'endpoints',
  kind: 'Endpoints',
  singular: 'endpoints',
  namespaced: true,
  shortNames: ['ep'],
  verbs: RW,
  subresources: [],
  returnsDeletedObject: true,
  printer: {
    columns: [nameColumn, col('Endpoints', 'Endpoints of the service.'), ageColumn],
    cells: (e, now) => [e.metadata.name, endpointsText(e), age(e, now)],
  },
};
