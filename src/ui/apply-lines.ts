// The text of the `:apply -f` page: its title, the preview of each object (what the dry run
// says, the changes, conflicts and errors), and then kubectl's result lines. Pure.
import type { PlanItem } from '../resources/manifest-plan.js';
import type { Binding } from './keymap.js';
import type { ManifestPage } from './use-manifests.js';

export interface PageLine {
  text: string;
  error?: boolean;
  /** Continuation rows of a wrapped line are indented this much more. */
  indent?: number;
}

/** Where the namespace of an object that names none came from (one that names its own says
 * only the namespace). */
const FROM = { view: "the view's", context: "the context's", flag: 'from -n' } as const;

const VERB_DONE = { apply: 'applies', create: 'creates', delete: 'deletes' } as const;

export function pageTitle(p: ManifestPage): string {
  const what = `${p.verb} -f ${p.path}`;
  switch (p.phase) {
    case 'asking':
      return `${what}: asking the server for a dry run…${count(p)}`;
    case 'preview':
    case 'confirm': {
      if (p.verb === 'delete')
        return sendable(p).length ? `${what}: would delete` : `${what}: nothing to delete`;
      const forced = p.forced ? ' (conflicts forced)' : '';
      if (sendable(p).length)
        return `${what}: dry run${forced} — Enter ${VERB_DONE[p.verb]}, Esc cancels`;
      return p.items.some((i) => i.outcome === 'conflict')
        ? `${what}: dry run — only conflicts: f forces them, Esc cancels`
        : `${what}: dry run — nothing the server would accept`;
    }
    case 'sending':
      return `${what}: sending…${count(p)}`;
    case 'done':
      return `${what}: done`;
  }
}

const count = (p: ManifestPage) => (p.progress ? ` ${p.progress.done} of ${p.progress.total}` : '');

/** The items the dry run accepted (what Enter sends). */
export const sendable = (p: ManifestPage) =>
  p.items.filter(
    (i) =>
      ['created', 'configured', 'unchanged', 'present'].includes(i.outcome) ||
      (i.outcome === 'conflict' && p.forced),
  );

export function pageLines(p: ManifestPage): PageLine[] {
  const lines =
    p.phase === 'done'
      ? p.results.map((r) => ({ text: r.text, error: r.error, indent: 4 }))
      : p.phase === 'asking'
        ? []
        : p.items.flatMap((i) => itemLines(i, p));
  // The server's messages may have lines of their own (a conflict on several fields lists
  // one `- .path` a line, as kubectl prints it): each its own row, indented under the first.
  return lines.flatMap((l) => {
    const [first, ...more] = l.text.split('\n');
    return [
      { ...l, text: first },
      ...more.map((text) => ({ ...l, text: `${' '.repeat(l.indent ?? 0)}${text}` })),
    ];
  });
}

function itemLines(i: PlanItem, p: ManifestPage): PageLine[] {
  const where = i.namespace
    ? ` (namespace ${i.namespace}${i.defaulted ? `, ${FROM[p.namespaceFrom]}` : ''})`
    : '';
  switch (i.outcome) {
    case 'created':
    case 'configured':
    case 'unchanged':
      return [
        { text: `${i.label} ${i.outcome}${where}` },
        ...(i.note ? [{ text: `    ${i.note}`, indent: 6 }] : []),
        ...(i.changes ?? []).map((c) => ({ text: `    ${c}`, indent: 6 })),
      ];
    case 'present':
      return [{ text: `${i.label}${where}` }];
    case 'absent':
      return [{ text: `${i.label} already absent${where}` }];
    case 'conflict':
      return [
        { text: `${i.label} conflict${where}: fields another manager owns`, error: true },
        ...(i.conflicts ?? []).map((c) => ({
          text: `    ${c.field}: ${c.message}`,
          error: true,
          indent: 6,
        })),
        { text: '    f takes them for kdeck, as kubectl apply --force-conflicts does', indent: 6 },
      ];
    case 'error':
      return [
        { text: i.error ?? `${i.label}: error`, error: true, indent: 4 },
        ...(i.hint ? [{ text: `    ${i.hint}`, indent: 6 }] : []),
      ];
  }
}

/** The page's keys for the hint bar: `f` only where there are conflicts to force. */
export function pageBindings(p: ManifestPage, bindings: Binding[]): Binding[] {
  const conflicts = p.phase === 'preview' && p.items.some((i) => i.outcome === 'conflict');
  // Waiting for the server: Esc cancels a dry run; nothing takes back what is being sent.
  if (p.phase === 'asking') return bindings.filter((b) => b.action === 'cancel');
  if (p.phase === 'sending') return [];
  return bindings
    .filter((b) => b.action !== 'force' || conflicts)
    .map((b) =>
      closesOnly(p) && (b.action === 'confirm' || b.action === 'cancel')
        ? { ...b, short: 'close' }
        : b.action === 'confirm'
          ? { ...b, short: p.verb }
          : b,
    );
}

/** Enter and Esc only close the page: its results, or a preview with nothing to send. */
export const closesOnly = (p: ManifestPage) =>
  p.phase === 'done' || (p.phase === 'preview' && !sendable(p).length);
