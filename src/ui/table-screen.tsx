// A live table and its keys: moving, drilling down, sorting, filtering, and the row actions.
// Selection and window come from the navigation state (place()), so the selection is an
// object from the first frame and follows it wherever it sorts to.
import { useEffect } from 'react';
import type { ResourceDef, Row, WatchState } from '../resources/index.js';
import { nextSortColumn, sortMark, sortOn } from '../store/select.js';
import { inertLine } from '../util/inert.js';
import type { ClusterSource } from './cluster-source.js';
import { useKeys, useKeyWake } from './key-router.js';
import { type Binding, bindingFor, isTableKey, keyWord } from './keymap.js';
import { type NavAction, place, type View } from './navigation.js';
import { ResourceTable } from './resource-table.js';
import { UNCHECKED } from './use-denied-actions.js';
import { type Overlay, ROW_ACTIONS, useRowActions } from './use-row-actions.js';
import type { Status } from './use-status.js';

const cut = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

/** What an empty table says: the whole reason when the watch has one (the title line cuts it). */
function emptyText(state: WatchState, filter: string | undefined): string {
  if (state.phase === 'forbidden' || state.phase === 'unauthorized' || state.phase === 'gone')
    return `no rows: ${inertLine(state.reason)}`;
  if (state.phase === 'stale') return `no rows yet: ${inertLine(state.reason)}`;
  if (state.phase !== 'live') return 'loading…';
  return filter ? `no rows match /${cut(inertLine(filter), 60)}` : 'no rows';
}

/** Table keys that do not need rows to act on. */
const WITHOUT_ROWS = new Set<string>([
  'back',
  'filter',
  'allNamespaces',
  'sortNext',
  'sortReverse',
  'wide',
]);

interface Props {
  source: ClusterSource;
  def: ResourceDef;
  view: View;
  /** The rows as shown: filtered and sorted. */
  rows: Row[];
  /** The watch's state (an empty table says why it is empty). */
  state: WatchState;
  /** Whether the watch has brought a row of this uid (shown or not). */
  listed(uid: string): boolean;
  bindings: Binding[];
  denied: ReadonlyMap<string, string>;
  readonly: boolean;
  /** Why: the flag, or the context's configuration. */
  readonlyWhy: string;
  /** Rows on screen (the table's header line not counted). */
  height: number;
  width: number;
  now: number;
  /** Keys go to the dialog over the table while one is open. */
  active: boolean;
  status: Status;
  navigate(a: NavAction<Overlay>): void;
  openPrompt(kind: 'filter'): void;
  openScale(row: Row): void;
  openImage(row: Row): Promise<void>;
  openForward(row: Row): Promise<void>;
  switchContext(name: string): void;
  defaultNamespace: string;
}

export function TableScreen(p: Props) {
  const { def, view, rows, height, status, navigate } = p;
  // Wide (Ctrl-W): `-o wide`'s columns are shown too, and dropped first when the width is short.
  const columns = view.wide ? def.columns.map((c) => ({ ...c, hidden: false })) : def.columns;
  const spansNamespaces = def.namespaced && !view.namespace;
  const sorted = sortMark(columns, view, spansNamespaces);
  const { state } = p;
  // A first list shown as it comes: more rows are on their way.
  const listing =
    (state.phase === 'syncing' || state.phase === 'stale') && state.progress !== undefined;
  // The selected object may come with them: it has not been listed (not merely filtered out).
  const coming = listing && view.selectedUid !== undefined && !p.listed(view.selectedUid);
  const at = place(rows, view, height, undefined, coming);
  // No row is selected while the one to select may still come.
  const selected = at.waiting ? -1 : at.index;
  // The selection is kept as an object: store where place() found it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `at` is new each render; its fields are what counts
  useEffect(() => {
    navigate({ type: 'place', id: view.id, place: at });
  }, [navigate, view.id, at.uid, at.index, at.offset]);

  const select = (to: number) =>
    navigate({ type: 'place', id: view.id, place: place(rows, view, height, to) });
  const {
    act,
    marked,
    drill: drillByGet,
  } = useRowActions({
    source: p.source,
    def,
    viewId: view.id,
    rows,
    selected,
    status,
    open: (id, overlay) => navigate({ type: 'overlay', id, overlay }),
    scale: p.openScale,
    setImage: p.openImage,
    portForward: p.openForward,
    select,
    go: (to, uid) => navigate({ type: 'open', view: to, from: view.id, select: uid }),
  });

  // N and A find their column by name: a kind's columns may come from the server (`Name`, `Age`).
  const sortBy = (name: string, descendingFirst = false) => {
    const change = sortOn(name, columns, view, spansNamespaces, descendingFirst);
    if (change) navigate({ type: 'change', change });
    else status.say(`${def.name} have no ${name.toUpperCase()} column`, true);
  };

  const drill = () => {
    const row = rows[selected];
    // As the other keys that act on a row say it (use-row-actions.ts).
    if (!row) return status.say(`no ${def.name} here to act on`, true);
    if (def.name === 'contexts') return p.switchContext(row.name);
    const target = def.drill?.(row);
    if (target) navigate({ type: 'open', view: target });
    // A pod's containers, and the pods of a row that does not carry its selector (a
    // StatefulSet's or DaemonSet's Table row), come from the object, fetched now; an object
    // that selects nothing says so. Kinds whose rows lead nowhere bind Enter to describe.
    else void drillByGet(row);
  };

  // Until the first rows are in, keys that need rows wait for them (`G` typed together with
  // `:deploy⏎` means the last deployment), and go once the table is live or says why not; so
  // do they while the selected object may still come with the rest of a first list. `G` waits
  // for the last row of the whole list.
  const loading =
    (rows.length === 0 && (state.phase === 'connecting' || state.phase === 'syncing')) ||
    at.waiting === true;
  const wake = useKeyWake();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a held `G` goes when `listing` ends, a held action key when the server has said whether it may
  useEffect(() => {
    if (!loading) wake();
  }, [loading, listing, p.denied, wake]);

  useKeys(
    'screen',
    (key) => {
      const b = bindingFor(key, p.bindings);
      // A kind shown from the server's Table learns its columns with its first rows, and with
      // them whether it has wide ones: Ctrl-W typed with `:sts⏎` waits for them.
      if (!b)
        return loading && def.table && !def.columns.length && isTableKey(key) ? 'wait' : false;
      if (loading && !WITHOUT_ROWS.has(b.action)) return 'wait';
      if (listing && b.action === 'bottom') return 'wait';
      if (b.dangerous && p.readonly) {
        // The key's own words (`set image`, `roll back`), as help and the hints name it.
        status.say(`read-only (${p.readonlyWhy}): ${keyWord(b)} is off`, true);
        return true;
      }
      // Nothing to act on says so first: whether this user may act on it is beside the point.
      if (!rows[selected] && ROW_ACTIONS.has(b.action)) return act(b.action);
      const reason = p.denied.get(b.action);
      // Typed before the server said whether this user may: it goes once the answer is in.
      if (reason === UNCHECKED) return 'wait';
      if (reason) {
        status.say(reason, true);
        return true;
      }
      if (act(b.action)) return true;
      const page = Math.max(1, height - 1);
      switch (b.action) {
        case 'up':
          select(at.index - 1);
          break;
        case 'down':
          select(at.index + 1);
          break;
        case 'top':
          select(0);
          break;
        case 'bottom':
          select(rows.length - 1);
          break;
        case 'pageUp':
          select(at.index - page);
          break;
        case 'pageDown':
          select(at.index + page);
          break;
        case 'enter':
          drill();
          break;
        case 'back':
          navigate({ type: 'back' });
          break;
        case 'filter':
          p.openPrompt('filter');
          break;
        case 'allNamespaces':
          navigate({
            type: 'change',
            change: { namespace: view.namespace ? undefined : p.defaultNamespace },
          });
          break;
        case 'sortNext': {
          // From the column marked now: the first o leaves the name order for the next column.
          const next = nextSortColumn(columns, sorted?.column ?? -1);
          if (next !== undefined)
            navigate({ type: 'change', change: { sortColumn: next, descending: false } });
          break;
        }
        case 'sortReverse':
          navigate({ type: 'change', change: { descending: !view.descending } });
          break;
        case 'wide':
          navigate({ type: 'change', change: { wide: !view.wide } });
          break;
        case 'sortName':
          sortBy('name');
          break;
        case 'sortAge':
          sortBy('age');
          break;
        case 'sortCpu':
          sortBy('cpu', true);
          break;
        case 'sortMem':
          sortBy('mem', true);
          break;
        default:
          return false;
      }
      return true;
    },
    p.active,
  );

  return (
    <ResourceTable
      columns={columns}
      rows={rows}
      offset={at.offset}
      height={height}
      selected={selected}
      width={p.width}
      now={p.now}
      namespaceColumn={spansNamespaces}
      sorted={sorted && { ...sorted, column: sorted.column + (spansNamespaces ? 1 : 0) }}
      marked={marked}
      empty={emptyText(p.state, view.filter)}
    />
  );
}
