// What the scheduler checks before it binds a pod to a node: the pod's nodeSelector, its
// required node affinity, and the control-plane taint (kubeadm and kind taint that node
// NoSchedule; a pod that tolerates it may land there).
import type { Obj } from './types.js';

const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

function matchExpression(e: Obj, value: string | undefined): boolean {
  const values: string[] = e.values ?? [];
  switch (e.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/** Whether the pod's nodeSelector and required node affinity allow this node. */
export function nodeMatches(spec: Obj, node: Obj): boolean {
  const labels: Record<string, string> = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms: Obj[] =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms ?? [];
  if (!terms.length) return true;
  // Terms are ORed; the expressions and fields within a term are ANDed.
  return terms.some(
    (t) =>
      (t.matchExpressions ?? []).every((e: Obj) => matchExpression(e, labels[e.key])) &&
      (t.matchFields ?? []).every((e: Obj) =>
        matchExpression(e, e.key === 'metadata.name' ? node.metadata.name : undefined),
      ),
  );
}

export const isControlPlane = (node: Obj) => CONTROL_PLANE in (node.metadata.labels ?? {});

export function toleratesControlPlane(spec: Obj): boolean {
  return (spec.tolerations ?? []).some(
    (t: Obj) => (t.operator === 'Exists' && !t.key) || t.key === CONTROL_PLANE,
  );
}

/** Why no node fits, worded as kube-scheduler 1.36 words its FailedScheduling message. */
export function unschedulableMessage(total: number, mismatched: number): string {
  const tainted = total - mismatched;
  const reasons = [
    ...(tainted ? [`${tainted} node(s) had untolerated taint {${CONTROL_PLANE}: }`] : []),
    ...(mismatched ? [`${mismatched} node(s) didn't match Pod's node affinity/selector`] : []),
  ].sort();
  return `0/${total} nodes are available: ${reasons.join(', ')}. no new claims to deallocate, preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`;
}
