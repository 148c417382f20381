// Label and field selectors as the API server parses them (k8s.io/apimachinery
// pkg/labels and pkg/fields). A parse error is a 400 with the server's wording.
import { selectorString } from '../util/label-selector.js';
import { badRequest } from './status.js';
import type { Obj } from './types.js';

type Requirement =
  | { key: string; op: 'exists' | '!exists' }
  | { key: string; op: '=' | '!='; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] };

export type Selector = (labels: Record<string, string> | undefined) => boolean;

const LABEL_REQ =
  /^\s*(!)?\s*([A-Za-z0-9._/-]+)\s*(?:(==|=|!=)\s*([A-Za-z0-9._-]*)|\s+(in|notin)\s*\(([^)]*)\))?\s*$/;

/** Splits on commas that are not inside `(...)`. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.filter((p) => p.trim() !== '');
}

export function parseLabelSelector(text: string | null | undefined): Selector {
  if (!text?.trim()) return () => true;
  const reqs: Requirement[] = splitTop(text).map((part) => {
    const m = LABEL_REQ.exec(part);
    if (!m)
      throw badRequest(`unable to parse requirement: found '${part.trim()}', expected: identifier`);
    const [, not, key, eq, value, setOp, list] = m;
    if (not) return { key, op: '!exists' };
    if (eq) return { key, op: eq === '!=' ? '!=' : '=', value: value ?? '' };
    if (setOp) {
      const values = list.split(',').map((v) => v.trim());
      return { key, op: setOp as 'in' | 'notin', values };
    }
    return { key, op: 'exists' };
  });
  return (labels) => reqs.every((r) => matches(r, labels ?? {}));
}

function matches(r: Requirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, r.key);
  switch (r.op) {
    case 'exists':
      return has;
    case '!exists':
      return !has;
    case '=':
      return has && labels[r.key] === r.value;
    case '!=':
      return !has || labels[r.key] !== r.value;
    case 'in':
      return has && r.values.includes(labels[r.key]);
    case 'notin':
      return !has || !r.values.includes(labels[r.key]);
  }
}

/** A LabelSelector object as controllers use it: absent selects nothing, empty selects all. */
export function labelSelectorFromObject(sel: Obj | undefined): Selector {
  return sel ? parseLabelSelector(selectorString(sel)) : () => false;
}

export type FieldSelector = (obj: Obj) => boolean;

/**
 * Field selectors: `a=b`, `a==b`, `a!=b`, joined by commas. The real server accepts only a
 * few fields per kind; the simulator accepts any dotted path (a known difference).
 */
export function parseFieldSelector(text: string | null | undefined): FieldSelector {
  if (!text?.trim()) return () => true;
  const reqs = text.split(',').map((part) => {
    const m = /^\s*([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    return { path: m[1].split('.'), negate: m[2] === '!=', value: m[3] };
  });
  return (obj) =>
    reqs.every((r) => {
      let v: unknown = obj;
      for (const p of r.path) v = v == null ? undefined : (v as Obj)[p];
      const s = v == null ? '' : String(v);
      return r.negate ? s !== r.value : s === r.value;
    });
}

export { selectorString };
