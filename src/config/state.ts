// What kdeck remembers between runs: the last view of each context, in
// $XDG_STATE_HOME/kdeck/state.yaml (by default ~/.local/state/kdeck). It is kdeck's own memory,
// not something the user writes: a file that is missing, unreadable or not what kdeck wrote
// is taken as remembering nothing, silently, and a write that fails is dropped (a view not
// remembered costs nothing; a line about it on every view change would).
// Written whole to a temporary file and renamed over the old one, so that a crash, or a second
// kdeck writing at the same time, never leaves half a file; private to the user (0600 in a
// 0700 directory): the names of namespaces and selectors say something about the cluster.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { dump, load } from 'js-yaml';

export interface RememberedView {
  /** The view's kind, as views name it (`pods`, `deployments.apps`). */
  kind: string;
  /** Absent: all namespaces. */
  namespace?: string;
  labelSelector?: string;
}

export class StateFile {
  constructor(readonly file: string) {}

  /** The last view remembered for each context. */
  views(): Record<string, RememberedView> {
    const views: Record<string, RememberedView> = {};
    let doc: unknown;
    try {
      doc = load(readFileSync(this.file, 'utf8'));
    } catch {
      return views;
    }
    const contexts = (doc as { contexts?: unknown } | null)?.contexts;
    if (typeof contexts !== 'object' || contexts === null) return views;
    for (const [name, v] of Object.entries(contexts)) {
      const view = remembered(v);
      if (view) views[name] = view;
    }
    return views;
  }

  /** Remembers `view` for `context`, keeping the other contexts' (as the file has them now). */
  remember(context: string, view: RememberedView): void {
    const contexts = { ...this.views(), [context]: view };
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      writeFileSync(tmp, dump({ contexts }), { mode: 0o600 });
      renameSync(tmp, this.file);
    } catch {
      try {
        rmSync(tmp, { force: true });
      } catch {}
    }
  }
}

function remembered(v: unknown): RememberedView | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { kind, namespace, labelSelector } = v as Record<string, unknown>;
  if (typeof kind !== 'string' || !kind) return undefined;
  if (namespace !== undefined && typeof namespace !== 'string') return undefined;
  if (labelSelector !== undefined && typeof labelSelector !== 'string') return undefined;
  return {
    kind,
    ...(namespace ? { namespace } : {}),
    ...(labelSelector ? { labelSelector } : {}),
  };
}
