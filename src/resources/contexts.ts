// Contexts come from the kubeconfig, not the API server: the rows are made by kube/ and
// shown with these columns; Enter switches to the context.
import { defineResource, NAME, type ObjectKind } from './types.js';

/** A kubeconfig context, as kube/ reads it and the contexts view shows it. */
export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  current: boolean;
}

export const contexts: ObjectKind = defineResource({
  name: 'contexts',
  kind: 'Context',
  group: '',
  version: '',
  namespaced: false,
  aliases: ['ctx', 'context'],
  columns: [
    NAME,
    { name: 'CLUSTER', priority: 1 },
    { name: 'AUTHINFO', priority: 2 },
    { name: 'NAMESPACE', priority: 2 },
  ],
  toRow(o) {
    return {
      uid: `context/${o.name}`,
      name: o.name,
      resourceVersion: '',
      cells: [
        o.current ? `${o.name} (current)` : o.name,
        o.cluster ?? '',
        o.user ?? '',
        o.namespace ?? '',
      ],
      health: o.current ? 'ok' : 'neutral',
    };
  },
});
