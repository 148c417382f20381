// A LabelSelector object as a string, as kubectl shows it and list requests send it.
// biome-ignore lint/suspicious/noExplicitAny: a LabelSelector as plain JSON
type LabelSelector = Record<string, any>;

/** A LabelSelector object as the string a list request sends: `app=web,tier in (a,b)`. */
export function selectorString(sel: LabelSelector | undefined): string {
  if (!sel) return '';
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const op = String(e.operator).toLowerCase();
    if (op === 'exists') parts.push(e.key);
    else if (op === 'doesnotexist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${op} (${(e.values ?? []).join(',')})`);
  }
  return parts.join(',');
}
