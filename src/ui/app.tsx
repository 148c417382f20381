// The screen: header, the live table of the view on top of the navigation stack, and the
// command/filter prompt. One input handler routes keys by mode (prompt > help > table).
import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import { findResource } from '../resources/index.js';
import { selectRows } from '../store/select.js';
import type { ClusterSource } from './cluster-source.js';
import { complete, parseCommand } from './commands.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { Header } from './header.js';
import { HelpView, HintBar } from './help-view.js';
import { actionFor, bindingsFor, keyName } from './keymap.js';
import { LogView } from './log-view.js';
import { lineEdit, Prompt } from './prompt.js';
import { ResourceTable } from './resource-table.js';
import { TextView } from './text-view.js';
import { useDeniedActions } from './use-denied-actions.js';
import { useResourceView } from './use-resource-view.js';
import { type Mode, useRowActions } from './use-row-actions.js';

export interface View {
  resource: string;
  /** Undefined: all namespaces. */
  namespace?: string;
  labelSelector?: string;
  filter?: string;
  sortColumn?: number;
  descending?: boolean;
  selectedUid?: string;
}

export interface AppProps {
  source: ClusterSource;
  initial: View;
  /** Snapshot batching (ms); tests shorten it. */
  flushMs?: number;
  /** No key that changes the cluster. */
  readonly?: boolean;
  /** Lines a log view keeps (oldest dropped first). */
  logLines?: number;
}

export function App({
  source: initialSource,
  initial,
  flushMs,
  readonly = false,
  logLines = 10_000,
}: AppProps) {
  const { exit } = useApp();
  const { columns: width, rows: height } = useWindowSize();
  const [source, setSource] = useState(initialSource);
  const [stack, setStack] = useState<View[]>([initial]);
  const [mode, setMode] = useState<Mode>('table');
  const [input, setInput] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>();
  const [version, setVersion] = useState('…');
  const [, setTick] = useState(0);
  const now = Date.now();
  const view = stack[stack.length - 1];
  const def = findResource(view.resource)!;
  const snapshot = useResourceView(source, view, flushMs);
  // Re-sorted when rows, filter or sort change; not when only the selection moves (a
  // keypress must not sort 50,000 rows).
  const { filter, sortColumn, descending } = view;
  const rows = useMemo(
    () => selectRows(snapshot.rows, { filter, sortColumn, descending }),
    [snapshot.rows, filter, sortColumn, descending],
  );
  const bindings = useMemo(() => bindingsFor(def.name, readonly), [def, readonly]);

  const denied = useDeniedActions(source, def, view.namespace, bindings);

  useEffect(() => {
    // Ages tick: one render a second, each reading the clock afresh.
    const t = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    let live = true;
    source.serverVersion().then(
      (v) => live && setVersion(v),
      () => live && setVersion('?'),
    );
    return () => {
      live = false;
    };
  }, [source]);

  // Selection follows the object by uid; when it is gone, the cursor stays at its place (its neighbour).
  const lastIndex = useRef(0);
  const offset = useRef(0);
  let selected = rows.findIndex((r) => r.uid === view.selectedUid);
  if (selected < 0) selected = Math.min(lastIndex.current, rows.length - 1);
  lastIndex.current = Math.max(0, selected);

  const update = (change: Partial<View>) =>
    setStack((s) => [...s.slice(0, -1), { ...s[s.length - 1], ...change }]);
  const select = (i: number) => {
    const r = rows[Math.max(0, Math.min(rows.length - 1, i))];
    if (r) update({ selectedUid: r.uid });
  };
  const push = (v: View) => {
    setMarked(new Set());
    offset.current = 0;
    lastIndex.current = 0;
    setStack((s) => [...s, v]);
  };

  const runCommand = (text: string) => {
    const c = parseCommand(text);
    if (c.kind === 'quit') return exit();
    if (c.kind === 'error') return setMessage({ text: c.message, error: true });
    if (c.kind === 'context') return switchContext(c.name);
    setMessage(undefined);
    // `:pods ns` picks a namespace, `:pods all` all of them, `:pods` keeps the current scope.
    push({
      resource: c.resource,
      namespace: c.namespace === null ? undefined : (c.namespace ?? view.namespace),
    });
  };

  const switchContext = (name: string) => {
    try {
      const next = source.switchContext(name);
      source.close();
      setSource(next);
      offset.current = 0;
      setStack([{ resource: 'pods', namespace: next.info.namespace }]);
      setMessage({ text: `switched to context ${name}`, error: false });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };

  const drill = () => {
    const row = rows[selected];
    if (!row) return;
    if (view.resource === 'contexts') return switchContext(row.name);
    const target = def.drill?.(row);
    if (target)
      push({
        resource: target.resource,
        namespace: target.namespace,
        labelSelector: target.labelSelector,
      });
  };

  const { overlay, closeOverlay, marked, setMarked, scaleRow, setScaleRow, runScale, rowAction } =
    useRowActions({
      source,
      def,
      rows,
      selected,
      denied,
      setMessage,
      setMode,
      setInput,
      select,
    });

  // The table gives up the lines a confirmation needs: the frame never outgrows the terminal.
  const dialogLines =
    overlay?.kind === 'confirm'
      ? 4 + overlay.lines.length + (overlay.cascade ? 1 : 0) + (overlay.force ? 1 : 0)
      : 0;
  const tableHeight = Math.max(1, height - 5 - dialogLines);
  if (selected < offset.current) offset.current = Math.max(0, selected);
  if (selected >= offset.current + tableHeight) offset.current = selected - tableHeight + 1;
  offset.current = Math.max(0, Math.min(offset.current, Math.max(0, rows.length - tableHeight)));

  useInput((ch, key) => {
    const name = keyName(ch, key);
    if (mode === 'overlay') return; // the dialog or page on top reads its own keys
    if (mode === 'command' || mode === 'filter' || mode === 'scale') {
      if (name === 'esc') {
        setMode('table');
        if (mode === 'filter') update({ filter: undefined });
        if (mode === 'scale') {
          setScaleRow(undefined);
          setMessage(undefined);
        }
      } else if (name === 'tab' && mode === 'command') setInput((t) => complete(t));
      return;
    }
    if (mode === 'help') {
      if (name === 'esc' || name === '?' || name === 'q') setMode('table');
      return;
    }
    // Keys that arrive together (a paste, or tmux send-keys) start a prompt with the rest
    // typed, and run it at once when an Enter came with them.
    if ((ch.startsWith(':') || ch.startsWith('/')) && ch.length > 1) {
      const promptMode = ch[0] === ':' ? 'command' : 'filter';
      const [typed, ...more] = ch.slice(1).split(/\r|\n/);
      const text = lineEdit(typed);
      setMessage(undefined);
      if (more.length) return submit(text, promptMode);
      setInput(text);
      return setMode(promptMode);
    }
    const page = Math.max(1, tableHeight - 1);
    const action = actionFor(name, bindings);
    if (action && rowAction(action)) return;
    switch (action) {
      case 'quit':
        return exit();
      case 'up':
        return select(selected - 1);
      case 'down':
        return select(selected + 1);
      case 'top':
        return select(0);
      case 'bottom':
        return select(rows.length - 1);
      case 'pageUp':
        return select(selected - page);
      case 'pageDown':
        return select(selected + page);
      case 'enter':
        return drill();
      case 'back':
        if (view.filter) return update({ filter: undefined });
        if (stack.length > 1) setStack((s) => s.slice(0, -1));
        return;
      case 'command':
        setInput('');
        setMessage(undefined);
        return setMode('command');
      case 'filter':
        setInput(view.filter ?? '');
        return setMode('filter');
      case 'allNamespaces':
        if (!def.namespaced) return;
        return update({ namespace: view.namespace ? undefined : source.info.namespace });
      case 'sortNext':
        return update({
          sortColumn: ((view.sortColumn ?? -1) + 1) % def.columns.length,
          descending: false,
        });
      case 'sortReverse':
        return update({ descending: !view.descending });
      case 'help':
        return setMode('help');
    }
  });

  const submit = (text: string, from: Mode = mode) => {
    setMode('table');
    if (from === 'command') return runCommand(text);
    if (from === 'scale') return void runScale(text);
    const label = /^-l\s+(.+)$/.exec(text.trim());
    // A label selector goes to the server: a new view, so Esc comes back without it.
    if (label)
      return push({ ...view, labelSelector: label[1], filter: undefined, selectedUid: undefined });
    update({ filter: text || undefined });
  };

  const scope = def.namespaced ? (view.namespace ?? 'all') : '';
  const title = `${def.name}${scope ? `(${scope})` : ''}[${rows.length}]${view.labelSelector ? ` -l ${view.labelSelector}` : ''}${view.filter ? ` /${view.filter}` : ''}`;
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Header
        info={source.info}
        version={version}
        title={title}
        state={snapshot.state}
        now={now}
        width={width}
      />
      {overlay?.kind === 'logs' ? (
        <LogView
          source={source}
          title={overlay.title}
          target={overlay.target}
          containers={overlay.containers}
          defaultContainer={overlay.defaultContainer}
          capacity={logLines}
          height={tableHeight + 2}
          width={width}
          onClose={closeOverlay}
        />
      ) : overlay?.kind === 'text' ? (
        <TextView
          title={overlay.title}
          lines={overlay.lines}
          height={tableHeight + 2}
          onClose={closeOverlay}
        />
      ) : mode === 'help' ? (
        <Box height={tableHeight + 1}>
          <HelpView bindings={bindings} denied={denied} />
        </Box>
      ) : (
        <ResourceTable
          columns={def.columns}
          rows={rows}
          offset={offset.current}
          height={tableHeight}
          selected={selected}
          width={width}
          now={now}
          namespaceColumn={def.namespaced && !view.namespace}
          marked={marked}
        />
      )}
      {overlay?.kind === 'confirm' && (
        <ConfirmDialog
          title={overlay.title}
          lines={overlay.lines}
          confirmLabel={overlay.confirmLabel}
          cascade={overlay.cascade}
          force={overlay.force}
          onCancel={closeOverlay}
          onConfirm={(o) => {
            closeOverlay();
            void overlay.run(o);
          }}
        />
      )}
      {overlay?.kind === 'text' || overlay?.kind === 'logs' ? null : mode === 'command' ||
        mode === 'filter' ||
        mode === 'scale' ? (
        <Prompt
          label={
            mode === 'command'
              ? ':'
              : mode === 'filter'
                ? '/'
                : `scale ${scaleRow?.row.namespace}/${scaleRow?.row.name} to: `
          }
          value={input}
          onChange={setInput}
          onSubmit={submit}
          accept={mode === 'scale' ? (t) => t.replace(/\D/g, '') : undefined}
          note={mode === 'scale' ? message : undefined}
        />
      ) : message ? (
        <Text color={message.error ? 'red' : undefined} wrap="truncate-end">
          {message.text}
        </Text>
      ) : (
        <HintBar width={width} bindings={bindings} denied={denied} />
      )}
    </Box>
  );
}
