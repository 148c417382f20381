// The screen: header, the body (a live table, or a page over it: describe/YAML, logs, help),
// and the bottom line (a prompt, a message, or the hints). Keys reach the parts through the
// key router; where the user is lives in the navigation reducer.
import { Box, useApp, useWindowSize } from 'ink';
import { useEffect, useMemo, useReducer, useState } from 'react';
import { selectRows } from '../store/select.js';
import type { ClusterSource } from './cluster-source.js';
import { complete, parseCommand } from './commands.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { ContainersView } from './containers-view.js';
import { Header } from './header.js';
import { HelpView, HintBar, reachable } from './help-view.js';
import { KeyRouter, useKeys } from './key-router.js';
import { actionFor, type Binding, bindingsFor, type Scope, shown } from './keymap.js';
import { LineInput } from './line-input.js';
import { LogView } from './log-view.js';
import { navigate, startNavigation, topView, type ViewSpec } from './navigation.js';
import { type PromptState, submitScale } from './prompts.js';
import { refOf } from './row-actions.js';
import { StatusLine, statusLines } from './status-line.js';
import { TableScreen } from './table-screen.js';
import { TextView } from './text-view.js';
import { useKinds, useNamespaces, useRecoveries, useServerVersion } from './use-cluster.js';
import { useDeniedActions } from './use-denied-actions.js';
import { useResourceView } from './use-resource-view.js';
import type { Overlay } from './use-row-actions.js';
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
const NONE: Binding[] = [];

function Deck({
  source: initialSource,
  initial,
  flushMs,
  readonly: readonlyFlag = false,
  logLines = 10_000,
  status,
}: AppProps & { status: Status }) {
  const { exit } = useApp();
  const { columns: width, rows: height } = useWindowSize();
  const [source, setSource] = useState(initialSource);
  const readonly = readonlyFlag || source.info.readonly === true;
  const [nav, dispatch] = useReducer(navigate<Overlay>, initial, startNavigation<Overlay>);
  const [prompt, setPrompt] = useState<PromptState | undefined>();
  const [help, setHelp] = useState(false);
  const now = useClock();
  const recoveries = useRecoveries(source);
  const version = useServerVersion(source, recoveries);
  const warnings = useWarnings(source, status);
  const view = topView(nav);
  const { kinds, refreshKinds } = useKinds(source, recoveries);
  const namespaces = useNamespaces(source, prompt?.kind === 'command');
  const known = kinds.find(view.resource) ?? kinds.find('pods')!;
  const snapshot = useResourceView(source, known, view, flushMs);
  // A kind shown in the server's Table form takes its columns from the rows' Table (a kind
  // with a file of its own shows its declared ones until they come).
  const def = useMemo(
    () =>
      known.table && (snapshot.columns.length || !known.columns.length)
        ? { ...known, columns: [...snapshot.columns] }
        : known,
    [known, snapshot.columns],
  );
  const { filter, sortColumn, descending } = view;
  // Re-sorted when rows, filter or sort change; not when only the selection moves (a
  // keypress must not sort 50,000 rows).
  // A CronJob's Jobs: the rows its uid controls (they carry no label of it).
  const ownerUid = view.owner?.uid;
  const ownedBy = view.owner ? ` of ${view.owner.kind.toLowerCase()} ${view.owner.name}` : '';
  const rows = useMemo(
    () =>
      selectRows(ownerUid ? snapshot.rows.filter((r) => r.owner === ownerUid) : snapshot.rows, {
        filter,
        sortColumn,
        descending,
      }),
    [snapshot.rows, ownerUid, filter, sortColumn, descending],
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
    overlay?.kind === 'text' || overlay?.kind === 'logs' || overlay?.kind === 'containers'
      ? overlay.kind
      : 'table';
  // A Secret's page, and whether its values are on screen (`x`); leaving the page hides them.
  const secretPage = overlay?.kind === 'text' && overlay.secretLines !== undefined;
  const secretsShown = secretPage && overlay.secretsShown === true;
  const screenBindings =
    scope === 'table' ? tableBindings : bindingsFor(scope, undefined, { revealable: secretPage });
  const visible = reachable(shown(screenBindings, readonly), GLOBAL);

  const switchContext = (name: string) => {
    try {
      const next = source.switchContext(name);
      source.close();
      setSource(next);
      dispatch({ type: 'reset', view: { resource: 'pods', namespace: next.info.namespace } });
      status.say(`switched to context ${name}`);
    } catch (e) {
      status.say((e as Error).message, true);
    }
  };

  const runCommand = async (text: string) => {
    let c = parseCommand(text, kinds);
    // A name not known yet may be new on the server (a CRD just created): ask it again once.
    if (c.kind === 'error' && /resource type/.test(c.message))
      c = parseCommand(text, await refreshKinds());
    if (c.kind === 'quit') return exit(0);
    if (c.kind === 'error') return status.say(c.message, true);
    if (c.kind === 'context') return switchContext(c.name);
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
  const title = `${def.name}${scopeLabel}[${rows.length}]${view.wide ? ' wide' : ''}${view.labelSelector ? ` -l ${view.labelSelector}` : ''}${view.filter ? ` /${view.filter}` : ''}`;

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
        width={width}
        notice={secretsShown ? 'secret values shown — x hides' : undefined}
      />
      {help ? (
        <Box height={bodyHeight} overflow="hidden">
          <HelpView bindings={visible} denied={denied} />
        </Box>
      ) : overlay?.kind === 'logs' ? (
        <LogView
          source={source}
          title={overlay.title}
          target={overlay.target}
          containers={overlay.containers}
          defaultContainer={overlay.defaultContainer}
          capacity={logLines}
          height={bodyHeight}
          width={width}
          status={status}
          onClose={() =>
            overlay.back
              ? dispatch({ type: 'overlay', id: view.id, overlay: overlay.back })
              : dispatch({ type: 'closeOverlay' })
          }
        />
      ) : overlay?.kind === 'containers' ? (
        <ContainersView
          title={overlay.title}
          rows={overlay.rows}
          height={bodyHeight}
          width={width}
          now={now}
          version={snapshot.rows.find((r) => r.uid === overlay.ref.uid)?.resourceVersion}
          reload={() => source.actions.get(overlay.ref)}
          onClose={() => dispatch({ type: 'closeOverlay' })}
          onLogs={(container) =>
            dispatch({
              type: 'overlay',
              id: view.id,
              overlay: {
                kind: 'logs',
                title: `logs pod ${overlay.namespace}/${overlay.pod}`,
                target: { namespace: overlay.namespace, pod: overlay.pod },
                containers: [container],
                defaultContainer: container,
                back: overlay,
              },
            })
          }
        />
      ) : overlay?.kind === 'text' ? (
        <TextView
          title={overlay.title}
          lines={(secretsShown && overlay.secretLines) || overlay.lines}
          now={now}
          height={bodyHeight}
          width={width}
          status={status}
          onClose={() => dispatch({ type: 'closeOverlay' })}
          onReveal={
            secretPage
              ? () =>
                  dispatch({
                    type: 'overlay',
                    id: view.id,
                    overlay: { ...overlay, secretsShown: !secretsShown },
                  })
              : undefined
          }
        />
      ) : (
        <TableScreen
          key={view.id}
          source={source}
          def={def}
          view={view}
          rows={rows}
          state={snapshot.state}
          bindings={tableBindings}
          denied={denied}
          readonly={readonly}
          readonlyWhy={readonlyFlag ? '--readonly' : `context ${source.info.context}`}
          height={Math.max(1, bodyHeight - 1 - dialogLines)}
          width={width}
          now={now}
          active={!overlay && !prompt}
          status={status}
          navigate={dispatch}
          openPrompt={() => setPrompt({ kind: 'filter', value: view.filter ?? '' })}
          openScale={(row) => {
            const known = row.replicas !== undefined;
            setPrompt({
              kind: 'scale',
              value: known ? String(row.replicas) : '',
              row,
              def,
              confirmed: -1,
            });
            // A row from the server's Table does not carry its replicas: ask the scale.
            if (!known)
              source.actions.currentReplicas(refOf(def, row)).then(
                (now) =>
                  setPrompt((p) =>
                    p?.kind === 'scale' && p.row.uid === row.uid && p.value === ''
                      ? {
                          ...p,
                          value: String(now.replicas),
                          row: {
                            ...p.row,
                            replicas: now.replicas,
                            resourceVersion: now.resourceVersion,
                          },
                        }
                      : p,
                  ),
                () => {},
              );
          }}
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
        <LineInput
          label={promptLabel(prompt)}
          value={prompt.value}
          note={prompt.kind === 'scale' ? prompt.note : undefined}
          onChange={(value) => setPrompt({ ...prompt, value, note: undefined })}
          onCancel={() => {
            setPrompt(undefined);
            if (prompt.kind === 'filter')
              dispatch({ type: 'change', change: { filter: undefined } });
          }}
          onComplete={
            prompt.kind === 'command'
              ? () =>
                  setPrompt({
                    ...prompt,
                    value: complete(prompt.value, kinds, {
                      namespaces,
                      contexts: source
                        .contexts()
                        .filter((c) => c.name !== source.info.context)
                        .map((c) => c.name),
                    }),
                  })
              : undefined
          }
          refuse={
            prompt.kind === 'scale'
              ? (ch) => (/\d/.test(ch) ? undefined : 'digits only')
              : undefined
          }
          onRefuse={(reason) => setPrompt({ ...prompt, note: { text: reason, error: true } })}
          onSubmit={(text) => {
            setPrompt(undefined);
            if (prompt.kind === 'command') return runCommand(text);
            if (prompt.kind === 'scale')
              return void submitScale(source, prompt, text, setPrompt, status);
            const label = /^-l\s+(.+)$/.exec(text.trim());
            // A label selector goes to the server: a new view, so Esc comes back without it.
            if (label) {
              const { resource, namespace } = view;
              return dispatch({
                type: 'open',
                view: { resource, namespace, labelSelector: label[1] },
              });
            }
            dispatch({ type: 'change', change: { filter: text || undefined } });
          }}
        />
      ) : (
        <StatusLine message={status.message} width={width}>
          <HintBar width={width} bindings={help ? HELP : visible} denied={denied} />
        </StatusLine>
      )}
    </Box>
  );
}

function promptLabel(p: PromptState): string {
  if (p.kind === 'scale') return `scale ${p.row.namespace}/${p.row.name} to: `;
  return p.kind === 'command' ? ':' : '/';
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
