// Where the user is, as a pure reducer: the stack of views (k9s's model/stack.go), each with
// its selection (an object, by uid) and the window of rows on screen, and the page or dialog
// open over the top view. Async results (a describe, a log target) name the view that asked
// for them and are dropped when it is no longer on top (gh-dash's request ids).

export interface ViewSpec {
  resource: string;
  /** Undefined: all namespaces. */
  namespace?: string;
  labelSelector?: string;
  filter?: string;
  sortColumn?: number;
  descending?: boolean;
  /** `-o wide`'s columns shown too (Ctrl-W). */
  wide?: boolean;
  /** Only the objects this controller owns (a CronJob's Jobs). */
  owner?: { uid: string; kind: string; name: string };
}

export interface View extends ViewSpec {
  /** This view's generation: results asked for by another view are dropped. */
  id: number;
  /** The selected object; undefined until the first rows arrive. */
  selectedUid?: string;
  /** Where the selection last was: its neighbour is selected when the object goes away. */
  selectedIndex: number;
  /** The first row on screen. */
  offset: number;
}

export interface Navigation<O> {
  stack: View[];
  /** A page or dialog over the top view (describe, logs, a confirmation). */
  overlay?: O;
  nextId: number;
}

export type NavAction<O> =
  /** `from`: the view that asked (dropped once another is on top); `select`: a uid to select. */
  | { type: 'open'; view: ViewSpec; from?: number; select?: string }
  | { type: 'back' }
  | { type: 'change'; change: Partial<ViewSpec> }
  | { type: 'reset'; view: ViewSpec }
  | { type: 'place'; id: number; place: Place }
  | { type: 'overlay'; id: number; overlay: O }
  | { type: 'closeOverlay' };

export function startNavigation<O>(view: ViewSpec): Navigation<O> {
  return { stack: [fresh(view, 1)], nextId: 2 };
}

const fresh = (spec: ViewSpec, id: number): View => ({ ...spec, id, selectedIndex: 0, offset: 0 });

export const topView = <O>(n: Navigation<O>) => n.stack[n.stack.length - 1];

export function navigate<O>(n: Navigation<O>, a: NavAction<O>): Navigation<O> {
  const top = topView(n);
  switch (a.type) {
    case 'open':
      if (a.from !== undefined && (a.from !== top.id || n.overlay)) return n;
      return {
        stack: [...n.stack, { ...fresh(a.view, n.nextId), selectedUid: a.select }],
        nextId: n.nextId + 1,
      };
    case 'back':
      // Esc clears the filter first, then goes back; the first view stays.
      if (top.filter) return replaceTop(n, { ...top, filter: undefined });
      return n.stack.length > 1 ? { ...n, stack: n.stack.slice(0, -1), overlay: undefined } : n;
    case 'change':
      // Another scope or order is another result: a new generation, the selection kept.
      return {
        ...replaceTop(n, { ...top, ...a.change, id: n.nextId }),
        nextId: n.nextId + 1,
      };
    case 'reset':
      return { stack: [fresh(a.view, n.nextId)], nextId: n.nextId + 1 };
    case 'place': {
      if (a.id !== top.id) return n;
      const { uid, index, offset } = a.place;
      if (uid === top.selectedUid && index === top.selectedIndex && offset === top.offset) return n;
      // The window moving (a dialog takes lines from the table) keeps what is open over it.
      return {
        ...n,
        stack: [
          ...n.stack.slice(0, -1),
          { ...top, selectedUid: uid, selectedIndex: index, offset },
        ],
      };
    }
    case 'overlay':
      return a.id === top.id ? { ...n, overlay: a.overlay } : n;
    case 'closeOverlay':
      return n.overlay ? { ...n, overlay: undefined } : n;
  }
}

function replaceTop<O>(n: Navigation<O>, view: View): Navigation<O> {
  return { ...n, stack: [...n.stack.slice(0, -1), view], overlay: undefined };
}

export interface Place {
  /** The selected row's uid; undefined when there are no rows. */
  uid?: string;
  /** Its index in the rows as shown (-1: no rows). */
  index: number;
  offset: number;
  /**
   * The selected object is not among the rows yet and may come with a first list's next
   * pages (back to a long table, a jump to an owner): nothing is selected meanwhile, and
   * `index` is where it was, as before.
   */
  waiting?: true;
}

/**
 * Where the selection and the window are, given the rows now: the selected object wherever it
 * sorted to; when it is gone, the row at its old place; from the first frame, the first row.
 * The window moves only as far as it must to keep the selection in view and the screen full.
 * `coming`: the selected object has not been listed yet, and a first list has more to come.
 */
export function place(
  rows: readonly { uid: string }[],
  view: Pick<View, 'selectedUid' | 'selectedIndex' | 'offset'>,
  height: number,
  to?: number,
  coming = false,
): Place {
  // No rows yet: the object asked for (a jump to an owner) stays the one to select.
  if (!rows.length) return { uid: view.selectedUid, index: -1, offset: 0 };
  // The selected row is mostly where it was: looked for there before among 100,000 rows.
  const where = view.selectedUid === undefined ? -1 : view.selectedIndex;
  let index =
    to ??
    (view.selectedUid === undefined
      ? -1
      : rows[where]?.uid === view.selectedUid
        ? where
        : rows.findIndex((r) => r.uid === view.selectedUid));
  if (index < 0 && to === undefined) {
    if (coming && view.selectedUid !== undefined)
      return {
        uid: view.selectedUid,
        index: view.selectedIndex,
        offset: Math.max(0, Math.min(view.offset, rows.length - height)),
        waiting: true,
      };
    index = view.selectedIndex;
  }
  index = Math.max(0, Math.min(rows.length - 1, index));
  let offset = view.offset;
  if (index < offset) offset = index;
  if (index >= offset + height) offset = index - height + 1;
  offset = Math.max(0, Math.min(offset, rows.length - height));
  return { uid: rows[index].uid, index, offset };
}
