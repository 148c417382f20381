// The screen: header, the body (a live table, or a page over it: describe/YAML, logs, help),
// and the bottom line (a prompt, a message, or the hints). Keys reach the parts through the
// key router; where the user is lives in the navigation reducer.
import { Box, useApp, useWindowSize } from 'ink';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ObjectRef, ResourceDef, Row } from '../resources/index.js';
import { metricColumns, withFigures } from '../resources/metrics.js';
import { BUILT_IN, type Registry } from '../resources/registry.js';
import { RowSelection } from '../store/select.js';
import { pageBindings } from './apply-lines.js';
import { ApplyView } from './apply-view.js';
import type { ClusterSource } from './cluster-source.js';
import { parseCommand } from './commands.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { openForwardPrompt } from './forward-prompt.js';
import { Header } from './header.js';
import { HelpView, HintBar, reachable } from './help-view.js';
import { openImagePrompt } from './image-prompt.js';
import { KeyRouter, useKeyFlush, useKeys } from './key-router.js';
import {
  type Action,
  actionFor,
  type Binding,
  bindingsFor,
  keyWord,
  type Scope,
  shown,
} from './keymap.js';
import { navigate, startNavigation, topView, type ViewSpec } from './navigation.js';
import { PageScreen } from './page-screen.js';
import { openScalePrompt, PromptLine } from './prompt-line.js';
import type { PromptState } from './prompts.js';
import { refOf } from './row-actions.js';
import type { Settings } from './settings.js';
import { StatusLine, statusLines } from './status-line.js';
import { TableScreen } from './table-screen.js';
import { useKinds, useNamespaces, useRecoveries, useServerVersion } from './use-cluster.js';
import { useDeniedActions } from './use-denied-actions.js';
import { useManifests } from './use-manifests.js';
import { useMetrics } from './use-metrics.js';
import { useResourceView } from './use-resource-view.js';
import type { Overlay } from './use-row-actions.js';
import { useSettings } from './use-settings.js';
import { type Status, useStatus } from './use-status.js';
import { useWarnings, warningLines } from './use-warnings.js';

export type { ViewSpec as View };

export interface AppProps {
  source: ClusterSource;
  initial: ViewSpec;
  /** Snapshot batching (ms); tests shorten it. */
  flushMs?: number;
  /** No key that changes the cluster. */
  readonly?: boolean;
  /** The config file and remembered views under the flags (read-only, start views, aliases). */
  settings?: Settings;
  /** Lines a log view keeps (oldest dropped first). */
  logLines?: number;
}

export function App(props: AppProps) {
  const status = useStatus();
  return (
    <KeyRouter onKey={status.clear}>
      <Deck {...props} status={status} />
    </KeyRouter>
  );
}

/** Lines above the body; below it, the bottom line (or a longer message: status-line.tsx). */
const HEADER = 2;
const GLOBAL = bindingsFor('global');
const HELP = bindingsFor('help');
const APPLY = bindingsFor('apply');
const CONFIRM = bindingsFor('confirm');
/** A dialog's own keys for the hint bar, not the table's under it (q cancels there). */
const confirmKeys = (dialog: { cascade?: unknown; force?: unknown }) =>
  CONFIRM.filter(
    (b) => (b.action !== 'cascade' || dialog.cascade) && (b.action !== 'force' || dialog.force),
  );
const NONE: Binding[] = [];

function Deck({
  source: initialSource,
  initial,
  flushMs,
  readonly: readonlyFlag = false,
  settings: given,
  logLines = 10_000,
  status: statusLine,
}: AppProps & { status: Status }) {
  const { exit } = useApp();
  // An error said drops the keys typed ahead of it (key-router.tsx).
  const flushKeys = useKeyFlush();
  const status = useMemo(
    () => ({
      ...statusLine,
      say(text: string, error?: boolean) {
        if (error) flushKeys();
        statusLine.say(text, error);
      },
    }),
    [statusLine, flushKeys],
  );
  const { columns: width, rows: height } = useWindowSize();
  const [source, setSource] = useState(initialSource);
  // The source in use is closed when it is replaced (:ctx) and when the screen ends: what it
  // holds open (watches, port-forwards, connections) must not outlive it and keep kdeck running.
  useEffect(() => () => source.close(), [source]);
  const [nav, dispatch] = useReducer(navigate<Overlay>, initial, startNavigation<Overlay>);
  const [prompt, setPrompt] = useState<PromptState | undefined>();
  const [help, setHelp] = useState(false);
  const now = useClock();
  const recoveries = useRecoveries(source);
  const version = useServerVersion(source, recoveries);
  const warnings = useWarnings(source, status);
  const view = topView(nav);
  // Read-only is the context's (`:ctx` changes it); the config's problems are said as it opens.
  const mine = useSettings(given, readonlyFlag, source, view, statusLine);
  const { settings, readonly, readonlyWhy } = mine;
  const { kinds, refreshKinds } = useKinds(source, recoveries);
  useViewChecked(settings, source, kinds, statusLine);
  const namespaces = useNamespaces(source, prompt?.kind === 'command');
  const manifests = useManifests({ source, status, readonly, readonlyWhy });
  const known = useViewKind(kinds, view.resource);
  const snapshot = useResourceView(source, known, view, flushMs);
  // Pods' and nodes' CPU and MEM, joined onto their rows while the view is open.
  const metrics = useMetrics(source, known, view.namespace, view.labelSelector, snapshot.settled);
  const metricsKind = metrics?.kind;
  // A kind the server stopped serving (its CRD deleted): discovery is asked again, so that
  // `:` no longer offers it; the open view keeps its kind and says `not served`.
  const gone = snapshot.state.phase === 'gone';
  // biome-ignore lint/correctness/useExhaustiveDependencies: once each time a view finds its kind gone
  useEffect(() => {
    if (gone) void refreshKinds();
  }, [gone]);
  // A kind shown in the server's Table form takes its columns from the rows' Table (a kind
  // with a file of its own shows its declared ones until they come).
  const own = useMemo(
    () =>
      known.table && (snapshot.columns.length || !known.columns.length)
        ? { ...known, columns: [...snapshot.columns] }
        : known,
    [known, snapshot.columns],
  );
  // The metrics columns come after the kind's own, so a column's index never moves with them.
  const def = useMemo(
    () =>
      metricsKind ? { ...own, columns: [...own.columns, ...metricColumns(metricsKind)] } : own,
    [own, metricsKind],
  );
  const { filter, sortColumn, descending } = view;
  // A CronJob's Jobs: the rows its uid controls (they carry no label of it).
  const ownerUid = view.owner?.uid;
  const ownedBy = view.owner ? ` of ${view.owner.kind.toLowerCase()} ${view.owner.name}` : '';
  // What each of the store's rows becomes on screen: only the owner's, joined with the
  // figures of the reading in hand.
  const ownWidth = own.columns.length;
  const prepare = useMemo(() => {
    if (!ownerUid && !metrics) return undefined;
    return (r: Row) =>
      ownerUid && r.owner !== ownerUid
        ? undefined
        : metrics
          ? withFigures(r, ownWidth, metrics.kind, metrics.byKey)
          : r;
  }, [ownerUid, metrics, ownWidth]);
  // Sorted and filtered anew when the filter, order or figures change; between those, a
  // snapshot moves only the rows that changed, and a keypress sorts nothing (select.ts).
  const selection = useRef<RowSelection>(undefined);
  selection.current ??= new RowSelection();
  const rows = useMemo(
    () =>
      (selection.current as RowSelection).select(
        snapshot,
        { filter, sortColumn, descending },
        prepare,
      ),
    [snapshot, filter, sortColumn, descending, prepare],
  );
  const tableBindings = useMemo(() => bindingsFor('table', def), [def]);
  // Read-only: nothing to ask the server (a constant, so the effect does not run again).
  const denied = useDeniedActions(
    source,
    def,
    view.namespace,
    readonly ? NONE : tableBindings,
    recoveries,
  );
  const overlay = nav.overlay;
  // The screen under any help: its keys are what help lists.
  const scope: Scope =
    overlay?.kind === 'text' ||
    overlay?.kind === 'logs' ||
    overlay?.kind === 'containers' ||
    overlay?.kind === 'revisions' ||
    overlay?.kind === 'forwards'
      ? overlay.kind
      : 'table';
  // A Secret's page, and whether its values are on screen (`x`); leaving the page hides them.
  const secretPage = overlay?.kind === 'text' && overlay.secretLines !== undefined;
  const secretsShown = secretPage && overlay.secretsShown === true;
  const screenBindings =
    scope === 'table' ? tableBindings : bindingsFor(scope, undefined, { revealable: secretPage });
  const visible = reachable(shown(screenBindings, readonly), GLOBAL);
  /** Why a page's key that changes the cluster is refused, as the table refuses its own. */
  const refusal = (action: Action) => {
    const b = screenBindings.find((x) => x.action === action);
    if (b?.dangerous && readonly) return `read-only (${readonlyWhy}): ${keyWord(b)} is off`;
    return denied.get(action);
  };

  const switchContext = (name: string) => {
    try {
      const next = source.switchContext(name);
      // Replacing the source closes it, which stops its port-forwards: say how many.
      const forwards = source.forwards.list().length;
      setSource(next);
      dispatch({ type: 'reset', view: settings.startView(next.info) });
      const stopped = forwards
        ? ` (${forwards} port-forward${forwards === 1 ? '' : 's'} stopped)`
        : '';
      status.say(`switched to context ${name}${stopped}`);
    } catch (e) {
      status.say((e as Error).message, true);
    }
  };

  const runCommand = async (text: string) => {
    const typed = settings.expand(text);
    let c = parseCommand(typed, kinds);
    // A name not known yet may be new on the server (a CRD just created): ask it again once.
    if (c.kind === 'error' && /resource type/.test(c.message))
      c = parseCommand(typed, await refreshKinds());
    if (c.kind === 'quit') return exit(0);
    if (c.kind === 'error') return status.say(settings.aliasError(text, c.message), true);
    if (c.kind === 'context') return switchContext(c.name);
    // Objects without a namespace go to -n's, else the view's (the context's for all).
    if (c.kind === 'manifests') return manifests.open(c, view.namespace);
    if (c.kind === 'forwards')
      return dispatch({
        type: 'overlay',
        id: view.id,
        overlay: { kind: 'forwards', title: 'port-forwards' },
      });
    if (c.kind === 'warnings') {
      // Read each time the page is made (once a second): a warning arriving shows up on it.
      const lines = () => warningLines(warnings());
      return dispatch({
        type: 'overlay',
        id: view.id,
        overlay: { kind: 'text', title: 'warnings', lines },
      });
    }
    // `:pods ns` picks a namespace, `:pods all` all of them, `:pods` keeps the current scope.
    const namespace = c.namespace === null ? undefined : (c.namespace ?? view.namespace);
    dispatch({
      type: 'open',
      view: { resource: c.resource, namespace, labelSelector: c.labelSelector },
    });
  };

  /** F on a container (not refused): its port-forward prompt. */
  const forwardContainer = (ref: ObjectRef, container: string) =>
    void openForwardPrompt(source, ref, setPrompt, status, container);

  useKeys('global', (key) => {
    switch (actionFor(key, GLOBAL)) {
      case 'quit':
        exit(key === 'ctrl-c' ? 130 : 0);
        return true;
      case 'command':
        setHelp(false);
        setPrompt({ kind: 'command', value: '' });
        return true;
      case 'help':
        setHelp(true);
        return true;
    }
    return false;
  });
  // Help is modal: its own keys close it, Ctrl-C still quits, nothing else acts underneath.
  useKeys(
    'modal',
    (key) => {
      if (key === 'ctrl-c') return false;
      if (actionFor(key, HELP) === 'back') setHelp(false);
      return true;
    },
    help,
  );

  const bottom = prompt ? 1 : statusLines(status.message, width);
  const bodyHeight = Math.max(2, height - HEADER - bottom);
  const dialogLines =
    overlay?.kind === 'confirm'
      ? 4 + overlay.lines.length + (overlay.cascade ? 1 : 0) + (overlay.force ? 1 : 0)
      : 0;
  const scopeLabel = def.namespaced ? `(${view.namespace ?? 'all'})` : '';
  const { state } = snapshot;
  const progress =
    state.phase === 'syncing' || state.phase === 'stale' ? state.progress : undefined;
  // A first list shown as it comes: how many rows it has brought so far (before a filter picks
  // among them), and of how many when the server says.
  const count = !progress
    ? `${rows.length}`
    : progress.total === undefined
      ? `${snapshot.size}…`
      : `${snapshot.size} of ${progress.total}`;
  const title = `${def.name}${scopeLabel}[${count}]${view.wide ? ' wide' : ''}${view.labelSelector ? ` -l ${view.labelSelector}` : ''}${view.filter ? ` /${view.filter}` : ''}`;

  return (
    // No width: Ink lays out at the terminal's width as it is now. Ours comes from a render
    // behind a resize, and a frame one column too wide wraps and scrolls the terminal.
    <Box flexDirection="column" height={height}>
      <Header
        info={source.info}
        version={version}
        title={`${title}${ownedBy}`}
        state={snapshot.state}
        now={now}
        notice={secretsShown ? 'secret values shown — x hides' : undefined}
        readonlyWhy={readonly ? readonlyWhy : undefined}
      />
      {help ? (
        <Box height={bodyHeight} overflow="hidden">
          <HelpView bindings={visible} denied={denied} width={width} height={bodyHeight} />
        </Box>
      ) : manifests.page ? (
        <ApplyView
          page={manifests.page}
          height={bodyHeight}
          width={width}
          onSend={manifests.send}
          onForce={manifests.force}
          onClose={manifests.close}
        />
      ) : overlay && overlay.kind !== 'confirm' ? (
        <PageScreen
          page={overlay}
          source={source}
          viewId={view.id}
          rows={snapshot.rows}
          dispatch={dispatch}
          status={status}
          refusal={refusal}
          forwardOff={
            readonly ? `read-only (${readonlyWhy}): port-forward is off` : denied.get('portForward')
          }
          logLines={logLines}
          forwardContainer={forwardContainer}
          now={now}
          height={bodyHeight}
          width={width}
        />
      ) : (
        <TableScreen
          key={view.id}
          source={source}
          def={def}
          view={view}
          rows={rows}
          state={snapshot.state}
          listed={snapshot.has}
          bindings={tableBindings}
          denied={denied}
          readonly={readonly}
          readonlyWhy={readonlyWhy}
          height={Math.max(1, bodyHeight - 1 - dialogLines)}
          width={width}
          now={now}
          active={!overlay && !prompt}
          status={status}
          navigate={dispatch}
          openPrompt={() => setPrompt({ kind: 'filter', value: view.filter ?? '' })}
          openScale={(row) => openScalePrompt(source, def, row, setPrompt)}
          openImage={(row) => openImagePrompt(source, def, row, setPrompt, status)}
          openForward={(row) => openForwardPrompt(source, refOf(def, row), setPrompt, status)}
          switchContext={switchContext}
          defaultNamespace={source.info.namespace}
        />
      )}
      {overlay?.kind === 'confirm' && !help && (
        <ConfirmDialog
          title={overlay.title}
          lines={overlay.lines}
          confirmLabel={overlay.confirmLabel}
          cascade={overlay.cascade}
          force={overlay.force}
          onCancel={() => dispatch({ type: 'closeOverlay' })}
          onConfirm={(o) => {
            dispatch({ type: 'closeOverlay' });
            void overlay.run(o);
          }}
        />
      )}
      {prompt ? (
        <PromptLine
          prompt={prompt}
          setPrompt={setPrompt}
          source={source}
          kinds={kinds}
          namespaces={namespaces}
          status={status}
          runCommand={runCommand}
          filter={(filter) => dispatch({ type: 'change', change: { filter } })}
          select={(labelSelector) =>
            dispatch({
              type: 'open',
              view: { resource: view.resource, namespace: view.namespace, labelSelector },
            })
          }
        />
      ) : (
        <StatusLine message={status.message} width={width}>
          <HintBar
            width={width}
            bindings={
              help
                ? HELP
                : overlay?.kind === 'confirm'
                  ? confirmKeys(overlay)
                  : manifests.page
                    ? manifests.page.phase === 'confirm'
                      ? CONFIRM
                      : pageBindings(manifests.page, APPLY)
                    : visible
            }
            denied={denied}
          />
        </StatusLine>
      )}
    </Box>
  );
}

/**
 * The config's view of the open context, said on the status line if the server does not serve
 * its kind: only discovery can tell, so it is checked once discovery has answered, once a
 * context (the view has fallen back to pods meanwhile).
 */
function useViewChecked(
  settings: Settings,
  source: ClusterSource,
  kinds: Registry,
  status: Status,
) {
  const checked = useRef<ClusterSource>(undefined);
  useEffect(() => {
    if (kinds === BUILT_IN || checked.current === source) return;
    checked.current = source;
    const problem = settings.viewProblem(source.info.context, kinds);
    if (problem) status.say(problem, true, true);
  }, [settings, source, kinds, status]);
}

/**
 * The kind a view shows. One the server no longer lists (its CRD deleted) stays the view's
 * kind, so that the view says so rather than turning into another kind's.
 */
function useViewKind(kinds: Registry, resource: string): ResourceDef {
  const last = useRef(new Map<string, ResourceDef>());
  const found = kinds.find(resource);
  if (found) last.current.set(resource, found);
  return found ?? last.current.get(resource) ?? kinds.find('pods')!;
}

/** One render a second at least, so that ages tick; every render reads the clock afresh. */
function useClock(): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);
  return Date.now();
}
