// The one keypress router (DESIGN.md): the only `useInput` in kdeck. Input is split into keys
// first; each key walks the registered handlers from the highest layer down (modal > prompt >
// screen > global) and stops at the first that returns true. Keys that arrived together are
// dispatched one at a time with a render in between, so each key meets the screen the key
// before it left (`:` opens the prompt, then `d` types into it). A screen that cannot act on
// a key yet (a table whose first rows are still on their way: `G` typed with `:deploy⏎`) holds
// it, and the keys after it, until it says it is ready or the user types again. An action that
// opens a page once the server has answered (`i`'s prompt, `u`'s list, describe, the editor)
// holds the keys after it until that page is open, so `i` typed with the image goes to the
// prompt rather than to the table still under it. An error said drops the keys typed ahead of
// it, as curses programs flush type-ahead on an error: a refused `i` (read-only, RBAC, the
// server away) must not leave its image to be typed into the table as keys. Ctrl-C never
// waits, but for a shell being connected: typed after `s`, it is the shell's.
import { useInput } from 'ink';
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { splitKeys } from './keys.js';

const CTRL_C = 'ctrl-c';

export type Layer = 'modal' | 'prompt' | 'screen' | 'global';
const RANK: Record<Layer, number> = { modal: 3, prompt: 2, screen: 1, global: 0 };

/**
 * Returns true when it used the key (the key goes no further); 'wait' when it will use it but
 * cannot yet: the key and those after it wait until the screen calls its wake function.
 */
export type KeyHandler = (key: string) => boolean | 'wait';

interface Entry {
  layer: Layer;
  order: number;
  handler: { current: KeyHandler };
}

interface Router {
  add(entry: Entry): () => void;
  nextOrder(): number;
  /** A screen that held keys is ready: dispatch them. */
  wake(): void;
  /**
   * Holds every key from now until the returned function is called; then they are dispatched
   * in order, or dropped (`drop`: they were typed for a program that had the terminal since;
   * the function returns them, for one that takes them: a shell).
   */
  hold(o?: HoldOptions): Release;
  /** Drops the keys not yet dispatched (after the one being dispatched now). */
  flush(): void;
}

export type Release = (o?: { drop?: boolean }) => string[];

export interface HoldOptions {
  /**
   * Ctrl-C waits with the other keys instead of quitting at once: the held keys are for a
   * program that takes Ctrl-C as its own (a shell being connected: `s` then Ctrl-C typed
   * together interrupts in the shell, not kdeck). The hold must end by itself (its request
   * has a timeout).
   */
  keepsInterrupt?: boolean;
}

const RouterContext = createContext<Router | undefined>(undefined);

/** Keys received and not yet dispatched, over every router (screen tests wait for 0). */
let undispatched = 0;
export const pendingKeys = () => undispatched;

export function KeyRouter({
  children,
  onKey,
}: {
  children: ReactNode;
  /** Every key, before dispatch (the status line forgets its message on the next key). */
  onKey?: (key: string) => void;
}) {
  const entries = useRef<Entry[]>([]);
  const queue = useRef<string[]>([]);
  const [turn, setTurn] = useState(0);
  const order = useRef(0);
  /** A screen holds the queue (see KeyHandler). */
  const held = useRef(false);
  /** Actions holding the queue until their page is open (Router.hold). */
  const holds = useRef(0);
  /** Of those, the ones that keep Ctrl-C with the other keys (HoldOptions.keepsInterrupt). */
  const interruptHolds = useRef(0);
  /** A key is being dispatched: it is still first in the queue. */
  const dispatching = useRef(false);
  const [router] = useState<Router>(() => ({
    add(entry) {
      entries.current = [...entries.current, entry];
      return () => {
        entries.current = entries.current.filter((e) => e !== entry);
        // A screen that goes away lets go of what it held.
        router.wake();
      };
    },
    nextOrder: () => ++order.current,
    wake() {
      if (!held.current) return;
      held.current = false;
      setTurn((t) => t + 1);
    },
    hold(h) {
      holds.current++;
      if (h?.keepsInterrupt) interruptHolds.current++;
      let released = false;
      return (o) => {
        if (released) return [];
        released = true;
        holds.current--;
        if (h?.keepsInterrupt) interruptHolds.current--;
        let dropped: string[] = [];
        if (o?.drop) {
          undispatched -= queue.current.length;
          dropped = queue.current;
          queue.current = [];
        }
        setTurn((t) => t + 1);
        return dropped;
      };
    },
    flush() {
      const keep = dispatching.current ? 1 : 0;
      undispatched -= Math.max(0, queue.current.length - keep);
      queue.current.splice(keep);
      if (!queue.current.length) held.current = false;
    },
  }));

  /** False when a screen held the key (it stays first in the queue). */
  const dispatch = (key: string): boolean => {
    // Same layer: the handler mounted last (the deeper, newer screen) goes first.
    const ordered = [...entries.current].sort(
      (a, b) => RANK[b.layer] - RANK[a.layer] || b.order - a.order,
    );
    for (const e of ordered) {
      const used = e.handler.current(key);
      if (used === 'wait') return false;
      if (used) break;
    }
    return true;
  };
  // A key is dispatched only once the render the previous key caused has happened (keys that
  // Ink hands over one by one in the same tick too: three arrows in one read).
  const busy = useRef(false);
  const next = () => {
    if (held.current || holds.current) return;
    const key = queue.current[0];
    if (key === undefined) return;
    onKey?.(key);
    dispatching.current = true;
    const done = dispatch(key);
    dispatching.current = false;
    if (!done) {
      held.current = true;
      return;
    }
    queue.current.shift();
    undispatched--;
    busy.current = true;
    setTurn((t) => t + 1);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each render a dispatched key asked for
  useEffect(() => {
    busy.current = false;
    next();
  }, [turn]);
  useEffect(
    () => () => {
      undispatched -= queue.current.length;
      queue.current = [];
    },
    [],
  );

  useInput((input, key) => {
    const keys = splitKeys(input, key);
    // Ctrl-C goes ahead of anything held (it quits), unless it is held for a shell.
    if ((held.current || holds.current) && keys.includes(CTRL_C) && !interruptHolds.current) {
      dispatch(CTRL_C);
      return;
    }
    // A key typed later, on its own, means the user has moved on: the key a screen held (and
    // those that came with it) give way, so a slow first list never freezes the keyboard. An
    // action's hold ends with its request (which has a timeout): its keys all wait for its page.
    if (held.current && !holds.current) {
      undispatched -= queue.current.length;
      queue.current = [];
      held.current = false;
    }
    undispatched += keys.length;
    queue.current.push(...keys);
    if (!busy.current) next();
  });

  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

/** Router.hold: for an action that opens its page once the server has answered. */
export function useKeyHold(): (o?: HoldOptions) => Release {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useKeyHold outside <KeyRouter>');
  return router.hold;
}

/** Router.flush, for the status line: an error drops the keys typed ahead of it. */
export function useKeyFlush(): () => void {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useKeyFlush outside <KeyRouter>');
  return router.flush;
}

/** The function a screen calls when it can take the keys it held. */
export function useKeyWake(): () => void {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useKeyWake outside <KeyRouter>');
  return router.wake;
}

/** Registers `handler` on `layer` while the component is mounted (and `active`). */
export function useKeys(layer: Layer, handler: KeyHandler, active = true): void {
  const router = useContext(RouterContext);
  if (!router) throw new Error('useKeys outside <KeyRouter>');
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  // Registered before the screen is painted (a layout effect, not a passive one): a key typed
  // the moment a page shows must reach that page, not the table under it.
  useLayoutEffect(() => {
    if (!active) return;
    return router.add({ layer, order: router.nextOrder(), handler: ref });
  }, [router, layer, active]);
}
