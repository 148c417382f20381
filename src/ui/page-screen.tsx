// A page over the table: logs, a pod's containers, a workload's revisions, the port-forwards
// (:pf), or text (describe, YAML, warnings). Which one is the navigation's overlay; Esc on
// each goes back where it came from.
import type { ObjectRef, Row } from '../resources/index.js';
import type { ClusterSource } from './cluster-source.js';
import { ContainersView } from './containers-view.js';
import { ForwardsView } from './forwards-view.js';
import type { Action } from './keymap.js';
import { LogView } from './log-view.js';
import type { NavAction } from './navigation.js';
import { loadRevisions, RevisionsView } from './revisions-view.js';
import { TextView } from './text-view.js';
import type { Overlay } from './use-row-actions.js';
import { useShell } from './use-shell.js';
import type { Status } from './use-status.js';

export type Page = Extract<
  Overlay,
  { kind: 'logs' | 'containers' | 'revisions' | 'forwards' | 'text' }
>;

interface Props {
  page: Page;
  source: ClusterSource;
  /** The view the page is over, and its rows (a pod's containers follow its row). */
  viewId: number;
  rows: readonly Row[];
  dispatch(a: NavAction<Overlay>): void;
  status: Status;
  /** Why a key that changes the cluster may not be used here (read-only, RBAC); else undefined. */
  refusal(action: Action): string | undefined;
  /** Why F is off (read-only, RBAC); undefined when it is not. */
  forwardOff?: string;
  logLines: number;
  /** F on a container, not refused: its port-forward prompt. */
  forwardContainer(ref: ObjectRef, container: string): void;
  now: number;
  height: number;
  width: number;
}

export function PageScreen({ page, source, viewId, rows, dispatch, status, ...p }: Props) {
  const shell = useShell(source, status);
  const close = () => dispatch({ type: 'closeOverlay' });
  const open = (overlay: Overlay) => dispatch({ type: 'overlay', id: viewId, overlay });
  switch (page.kind) {
    case 'logs':
      return (
        <LogView
          source={source}
          title={page.title}
          target={page.target}
          containers={page.containers}
          defaultContainer={page.defaultContainer}
          capacity={p.logLines}
          height={p.height}
          width={p.width}
          status={status}
          onClose={() => (page.back ? open(page.back) : close())}
        />
      );
    case 'containers':
      return (
        <ContainersView
          title={page.title}
          rows={page.rows}
          height={p.height}
          width={p.width}
          now={p.now}
          version={rows.find((r) => r.uid === page.ref.uid)?.resourceVersion}
          reload={() => source.actions.get(page.ref)}
          onClose={close}
          onForward={(container) => {
            const why = p.refusal('portForward');
            if (why) status.say(why, true);
            else p.forwardContainer(page.ref, container);
          }}
          onLogs={(container) =>
            open({
              kind: 'logs',
              title: `logs pod ${page.namespace}/${page.pod}`,
              target: { namespace: page.namespace, pod: page.pod },
              containers: [container],
              defaultContainer: container,
              back: page,
            })
          }
          onShell={(container) => {
            const why = p.refusal('shell');
            if (why) status.say(why, true);
            else shell(page.ref, container);
          }}
        />
      );
    case 'forwards':
      return (
        <ForwardsView
          title={page.title}
          forwards={source.forwards}
          status={status}
          forwardOff={p.forwardOff}
          height={p.height}
          width={p.width}
          now={p.now}
          onClose={close}
        />
      );
    case 'revisions':
      return (
        <RevisionsView
          title={page.title}
          kind={page.ref.resource.kind}
          revisions={page.revisions}
          height={p.height}
          width={p.width}
          now={p.now}
          version={rows.find((r) => r.uid === page.ref.uid)?.resourceVersion}
          reload={() => loadRevisions(source, page.ref)}
          onClose={close}
          onRollback={(revision) => {
            close();
            void source.actions
              .rollback(page.ref, revision)
              .then((r) => status.say(r.message, !r.ok));
          }}
        />
      );
    case 'text': {
      const shown = page.secretLines !== undefined && page.secretsShown === true;
      return (
        <TextView
          title={page.title}
          lines={(shown && page.secretLines) || page.lines}
          now={p.now}
          height={p.height}
          width={p.width}
          status={status}
          onClose={close}
          onReveal={page.secretLines ? () => open({ ...page, secretsShown: !shown }) : undefined}
        />
      );
    }
  }
}
