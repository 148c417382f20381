// Service (core/v1): pkg/registry/core/service, with the cluster IP and node port
// allocators' part of creation.
import { formatLabels, serviceExternalIP, servicePorts } from '../../util/printers.js';
import { type KindInfo, RW, statusSubresource } from '../kind-info.js';
import { age, ageColumn, col, nameColumn } from './columns.js';

export const services: KindInfo = {
  group: '',
  version: 'v1',
  resource: 'services',
  kind: 'Service',
  singular: 'service',
  namespaced: true,
  shortNames: ['svc'],
  verbs: RW,
  categories: ['all'],
  subresources: [statusSubresource('', 'v1', 'Service')],
  returnsDeletedObject: true,
  defaults(o, alloc) {
    o.spec ??= {};
    const s = o.spec;
    s.type ??= 'ClusterIP';
    s.sessionAffinity ??= 'None';
    if (s.type !== 'ExternalName') {
      s.clusterIP ??= alloc.clusterIP();
      s.clusterIPs ??= [s.clusterIP];
      s.ipFamilies ??= ['IPv4'];
      s.ipFamilyPolicy ??= 'SingleStack';
      s.internalTrafficPolicy ??= 'Cluster';
    }
    const external = s.type === 'NodePort' || s.type === 'LoadBalancer';
    if (external) s.externalTrafficPolicy ??= 'Cluster';
    if (s.type === 'LoadBalancer') s.allocateLoadBalancerNodePorts ??= true;
    for (const p of s.ports ?? []) {
      p.protocol ??= 'TCP';
      p.targetPort ??= p.port;
      if (external) p.nodePort ??= alloc.nodePort();
    }
    o.status ??= { loadBalancer: {} };
  },
  printer: {
    columns: [
      nameColumn,
      col('Type', 'The type of the service.'),
      col('Cluster-IP', 'The cluster IP of the service.'),
      col('External-IP', 'The external IP of the service.'),
      col('Port(s)', 'The ports of the service.'),
      ageColumn,
      col('Selector', 'The selector of the service.', 1),
    ],
    cells: (s, now) => [
      s.metadata.name,
      s.spec?.type ?? 'ClusterIP',
      s.spec?.clusterIP || '<none>',
      serviceExternalIP(s),
      servicePorts(s),
      age(s, now),
      formatLabels(s.spec?.selector),
    ],
  },
};
