// `:apply -f`, `:create -f`, `:delete -f` as a page over the table: the files read (a line that
// does not parse ends it there, nothing sent), the server's dry run as a preview, then, on
// Enter (delete: on the confirmation), the requests and kubectl's result lines. A preview
// that comes back after the page was closed or opened again is dropped.
import { useRef, useState } from 'react';
import type { Propagation } from '../resources/index.js';
import type { Manifest, ManifestVerb, PlanItem, ResultLine } from '../resources/manifest-plan.js';
import { expandHome } from '../util/paths.js';
import { closesOnly } from './apply-lines.js';
import type { ClusterSource } from './cluster-source.js';
import type { ManifestCommand } from './commands.js';
import type { Status } from './use-status.js';

export interface ManifestPage {
  verb: ManifestVerb;
  path: string;
  /** Where objects without a namespace go, and why there. */
  namespace: string;
  namespaceFrom: 'view' | 'context' | 'flag';
  /** asking: the dry run is on its way; confirm: delete's dialog is open; sending: the real
   * requests are. */
  phase: 'asking' | 'preview' | 'confirm' | 'sending' | 'done';
  manifests: Manifest[];
  items: PlanItem[];
  /** Conflicting fields are taken (`f`, as --force-conflicts). */
  forced: boolean;
  results: ResultLine[];
  /** Objects done of all, while the server is asked (asking, sending). */
  progress?: { done: number; total: number };
}

interface Options {
  source: ClusterSource;
  status: Status;
  /** No command that changes the cluster; `why` says which setting made it so. */
  readonly: boolean;
  readonlyWhy: string;
}

export function useManifests({ source, status, readonly, readonlyWhy }: Options) {
  const [page, setPage] = useState<ManifestPage | undefined>();
  /** The page's generation: an answer for an earlier one is dropped. */
  const generation = useRef(0);

  /** Counts objects done on the page, while it is still the page that asked. */
  const progressOf = (gen: number) => (done: number, total: number) => {
    if (gen === generation.current) setPage((p) => p && { ...p, progress: { done, total } });
  };

  const ask = (next: ManifestPage, force: boolean) => {
    const gen = ++generation.current;
    setPage({ ...next, progress: undefined });
    const opts = {
      force,
      namespaceGiven: next.namespaceFrom === 'flag',
      progress: progressOf(gen),
    };
    source.manifests.preview(next.verb, next.manifests, next.namespace, opts).then(
      (items) => {
        if (gen !== generation.current) return;
        // delete -f: the confirmation at once, under the list, when there is anything to delete.
        const confirm = next.verb === 'delete' && items.some((i) => i.outcome === 'present');
        setPage({ ...next, items, phase: confirm ? 'confirm' : 'preview', progress: undefined });
      },
      (e) => {
        if (gen !== generation.current) return;
        setPage(undefined);
        status.say((e as Error).message, true);
      },
    );
  };

  /**
   * Objects without a namespace go to -n's, else to `viewNamespace`, or the context's when the
   * view shows all namespaces (undefined).
   */
  const open = (c: ManifestCommand, viewNamespace: string | undefined) => {
    const { verb, path } = c;
    const namespace = c.namespace ?? viewNamespace;
    if (readonly) return status.say(`read-only (${readonlyWhy}): :${verb} -f is off`, true);
    let read: ReturnType<ClusterSource['manifests']['read']>;
    try {
      read = source.manifests.read(path, { recursive: c.recursive });
    } catch (e) {
      // Nothing a file holds may end the session: an unforeseen failure is one line too.
      read = { ok: false, error: `error reading ${expandHome(path)}: ${(e as Error).message}` };
    }
    if (!read.ok) return status.say(read.error, true);
    ask(
      {
        verb,
        path,
        namespace: namespace ?? source.info.namespace,
        namespaceFrom: c.namespace ? 'flag' : namespace ? 'view' : 'context',
        phase: 'asking',
        manifests: read.manifests,
        items: [],
        forced: false,
        results: [],
      },
      false,
    );
  };

  const close = () => {
    generation.current++;
    if (page && closesOnly(page) && page.phase !== 'done')
      status.say(`:${page.verb} -f ${page.path}: nothing sent`);
    else if (page && page.phase !== 'done' && page.phase !== 'sending')
      status.say(`:${page.verb} -f ${page.path} cancelled: nothing changed`);
    setPage(undefined);
  };

  /** `f`: the dry run again, taking the conflicting fields. */
  const force = () => {
    if (page?.phase !== 'preview' || !page.items.some((i) => i.outcome === 'conflict')) return;
    ask({ ...page, phase: 'asking', forced: true }, true);
  };

  /** Enter on the preview (delete: the dialog's Delete): the real requests. */
  const send = (propagation?: Propagation) => {
    if (!page || (page.phase !== 'preview' && page.phase !== 'confirm') || closesOnly(page)) return;
    const gen = ++generation.current;
    const sending = { ...page, phase: 'sending' as const, progress: undefined };
    setPage(sending);
    source.manifests
      .commit(page.verb, page.items, { force: page.forced, propagation, progress: progressOf(gen) })
      .then(
        (results) => results,
        (e): ResultLine[] => [{ text: (e as Error).message, error: true }],
      )
      .then((results) => {
        if (gen === generation.current) setPage({ ...sending, phase: 'done', results });
      });
  };

  return { page, open, close, force, send };
}
