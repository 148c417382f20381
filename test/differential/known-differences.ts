// Where the simulator knowingly answers otherwise than a real control plane, and why each
// stays. The differential suite leaves these paths out of its comparison; README's
// "Simulator fidelity" section explains each path listed here.
import type { Observation } from './scenarios.js';

export interface KnownDifference {
  scenario: string;
  /** A dotted path into the scenario's observation. */
  path: string;
  why: string;
}

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    scenario: 'Table views, as kubectl asks for them',
    path: 'services.rows',
    why: 'The simulator plays a cloud load-balancer controller, so a LoadBalancer Service gets an external IP; the KWOK cluster has no cloud controller and shows <pending>.',
  },
  {
    scenario: 'logs: tail, timestamps, follow, previous, a wrong container',
    path: 'previous',
    why: 'KWOK serves its previousLogsFile for any pod; a real kubelet answers 400 when the container has not restarted, which is what the simulator does.',
  },
];

export function withoutKnownDifferences(scenario: string, o: Observation): Observation {
  const copy: Observation = structuredClone(o);
  for (const d of KNOWN_DIFFERENCES) {
    if (d.scenario !== scenario) continue;
    const keys = d.path.split('.');
    const parent = keys.slice(0, -1).reduce<Observation | undefined>((x, k) => x?.[k], copy);
    if (parent) delete parent[keys.at(-1) as string];
  }
  return copy;
}
