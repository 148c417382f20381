// The JSONPath subset CustomResourceDefinitions' additionalPrinterColumns use: `.a.b`,
// `.a[0]`, `.a[*].b`, `.a['dotted.key']`. As the real server's table convertor does, a
// column shows the first value the path finds.
import type { Obj } from './types.js';

type Step = { key: string } | { index: number } | { all: true };

export function parseJsonPath(path: string): Step[] | undefined {
  const steps: Step[] = [];
  const re = /\.([A-Za-z0-9_$-]+)|\[(\d+)\]|\[\*\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  const text = path
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/^\$/, '');
  re.lastIndex = 0;
  while (re.lastIndex < text.length) {
    const m = re.exec(text);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push({ key: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else if (m[3] !== undefined || m[4] !== undefined) steps.push({ key: m[3] ?? m[4] });
    else steps.push({ all: true });
  }
  return steps;
}

/** Every value the path reaches in `o`, in document order. */
export function evaluate(steps: Step[], o: unknown): unknown[] {
  let cur: unknown[] = [o];
  for (const s of steps) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (v === null || typeof v !== 'object') continue;
      if ('key' in s) {
        if (s.key in (v as Obj)) next.push((v as Obj)[s.key]);
      } else if ('index' in s) {
        if (Array.isArray(v) && s.index < v.length) next.push(v[s.index]);
      } else next.push(...(Array.isArray(v) ? v : Object.values(v as Obj)));
    }
    cur = next;
  }
  return cur;
}
