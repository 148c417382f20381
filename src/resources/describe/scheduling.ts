// A pod spec's scheduling lines (tolerations, topology spread, scheduling group) as kubectl
// describes them: shared by a pod and a deployment's pod template.
import type { KubeObject } from '../types.js';
import { type Doc, selectorText } from './doc.js';

export function tolerations(d: Doc, title: string, list: KubeObject[] | undefined): void {
  if (!list?.length) {
    d.line(0, `${title}:`, '<none>');
    return;
  }
  const sorted = [...list].sort((a, b) => {
    const x = a.key ?? '';
    const y = b.key ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  sorted.forEach((t, i) => {
    let s = t.key ?? '';
    if (t.value) s += `=${t.value}`;
    if (t.effect) s += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null)
      s += ` for ${t.tolerationSeconds}s`;
    d.line(0, i === 0 ? `${title}:` : '', s);
  });
}

export function topologySpread(d: Doc, list: KubeObject[] | undefined, space: string): void {
  if (!list?.length) return;
  const sorted = [...list].sort((a, b) =>
    a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0,
  );
  sorted.forEach((t, i) => {
    const sel = t.labelSelector ? ` for selector ${selectorText(t.labelSelector) || '<none>'}` : '';
    d.line(
      0,
      i === 0 ? `${space}Topology Spread Constraints:` : space,
      `${t.topologyKey}:${t.whenUnsatisfiable} when max skew ${t.maxSkew} is exceeded${sel}`,
    );
  });
}

export function schedulingGroup(d: Doc, spec: KubeObject, space: string): void {
  if (!spec.schedulingGroup) return;
  d.line(0, `${space}SchedulingGroup:`);
  d.line(1, 'PodGroupName:', spec.schedulingGroup.podGroupName);
}
