// The kinds the simulated API server serves: one registry drives routing, discovery, Table
// output and error messages, as the real server's does. Each kind is one file in kinds/.
import type { KindInfo } from './kind-info.js';
import { configmaps } from './kinds/configmaps.js';
import { customresourcedefinitions } from './kinds/customresourcedefinitions.js';
import { deployments } from './kinds/deployments.js';
import { endpoints } from './kinds/endpoints.js';
import { events } from './kinds/events.js';
import { namespaces } from './kinds/namespaces.js';
import { nodes } from './kinds/nodes.js';
import { pods } from './kinds/pods.js';
import { replicasets } from './kinds/replicasets.js';
import { secrets } from './kinds/secrets.js';
import { selfsubjectaccessreviews } from './kinds/selfsubjectaccessreviews.js';
import { services } from './kinds/services.js';

export { groupVersion, type KindInfo, qualifiedResource } from './kind-info.js';

export const KINDS: KindInfo[] = [
  namespaces,
  nodes,
  pods,
  services,
  endpoints,
  events,
  configmaps,
  secrets,
  deployments,
  replicasets,
  customresourcedefinitions,
  selfsubjectaccessreviews,
];

export const GROUPS = [...new Set(KINDS.map((k) => k.group))];

export function findKind(group: string, version: string, resource: string): KindInfo | undefined {
  return KINDS.find((k) => k.group === group && k.version === version && k.resource === resource);
}

export function kindOf(kind: string): KindInfo {
  const k = KINDS.find((x) => x.kind === kind);
  if (!k) throw new Error(`simulator has no kind ${kind}`);
  return k;
}
