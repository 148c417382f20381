import { serviceExternalIP, servicePorts } from '../util/printers.js';
import {
  AGE,
  baseRow,
  created,
  defineResource,
  NAME,
  type ObjectKind,
  podsOfSelector,
} from './types.js';

export const services: ObjectKind = defineResource({
  name: 'services',
  kind: 'Service',
  group: '',
  version: 'v1',
  namespaced: true,
  aliases: ['svc', 'service'],
  columns: [
    NAME,
    { name: 'TYPE', priority: 1 },
    { name: 'CLUSTER-IP', priority: 2 },
    { name: 'EXTERNAL-IP', priority: 2 },
    { name: 'PORT(S)', priority: 0 },
    AGE,
  ],
  toRow(o) {
    const external = serviceExternalIP(o);
    const selector = Object.entries(o.spec?.selector ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    return {
      ...baseRow(o),
      cells: [
        o.metadata.name,
        o.spec?.type ?? 'ClusterIP',
        o.spec?.clusterIP || '<none>',
        external,
        servicePorts(o),
        created(o),
      ],
      health: external === '<pending>' ? 'pending' : 'ok',
      ...(selector ? { selector } : {}),
    };
  },
  drill: podsOfSelector,
});
