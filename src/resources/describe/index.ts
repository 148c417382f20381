// `kubectl describe` as text lines, laid out as kubectl 1.36 lays them out: its describers
// (k8s.io/kubectl pkg/describe) write tab-separated lines that a tabwriter aligns, each
// section in its own column; here the same lines go through the same alignment
// (util/tabwriter.ts). Pods, deployments, services, secrets and ConfigMaps have kubectl's
// fields in kubectl's order (one file per kind, as in the other layers); every other kind
// gets kubectl's generic layout, the one kubectl gives custom resources and CRDs
// (generic.ts). The object's events end it (a Secret's has none, as kubectl's).
//
// Ages are computed for `now`: the view re-renders them as time passes by calling again with
// a new `now` (one object: cheap).
import { tabwrite } from '../../util/tabwriter.js';
import type { KubeObject } from '../types.js';
import { describeConfigMap } from './configmaps.js';
import { describeDeployment } from './deployments.js';
import { type DescribeExtra, Doc } from './doc.js';
import { describeEvents } from './events.js';
import { describeGeneric } from './generic.js';
import { describePod } from './pods.js';
import { describeSecret, isSecret } from './secrets.js';
import { describeService } from './services.js';

export { probeText } from './containers.js';
export { deploymentReplicaSets } from './deployments.js';
export { type DescribeExtra, quantity, rfc1123z } from './doc.js';
export { isSecret } from './secrets.js';
export { endpointSlicesText, endpointsText } from './services.js';
export { type YamlOptions, yamlLines } from './yaml.js';

export interface DescribeOptions {
  /** A Secret's values decoded rather than given as sizes. Default: false. */
  reveal?: boolean;
}

/**
 * `kubectl describe` of `o` (its kind: `Pod`, `Deployment`, `Service`, `Secret`, `ConfigMap`,
 * or any other) with its events, as lines for a text view; ages are computed for `now`.
 * `extra` carries what a describe needs beyond the object (ReplicaSets of a deployment,
 * endpoints of a service); without it those lines are left out, as kubectl leaves them out
 * when it cannot list them. A Secret's values are hidden unless `opts.reveal`.
 */
export function describeLines(
  kind: string,
  o: KubeObject,
  objectEvents: KubeObject[],
  now: number = Date.now(),
  extra: DescribeExtra = {},
  opts: DescribeOptions = {},
): string[] {
  const d = new Doc(now);
  if (isSecret(kind, o)) {
    describeSecret(d, o, opts.reveal === true);
    return tabwrite(d.lines);
  }
  if (kind === 'Pod') describePod(d, o);
  else if (kind === 'Deployment') describeDeployment(d, o, extra);
  else if (kind === 'Service') describeService(d, o, extra);
  else if (kind === 'ConfigMap') describeConfigMap(d, o);
  else describeGeneric(d, o);
  describeEvents(d, objectEvents);
  return tabwrite(d.lines);
}
