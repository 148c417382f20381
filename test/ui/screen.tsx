// Renders the app on a fake cluster for screen tests, with keys to press and the frame to read.
import { render } from 'ink-testing-library';
import { afterEach } from 'vitest';
import { App } from '../../src/ui/app.js';
import { ClipboardContext } from '../../src/ui/clipboard.js';
import { pendingKeys } from '../../src/ui/key-router.js';
import type { FakeSource } from './fake-source.js';

export const KEY = {
  ENTER: '\r',
  ESC: '\u001B',
  TAB: '\t',
  UP: '\u001B[A',
  DOWN: '\u001B[B',
  CTRL_D: '\u0004',
  CTRL_U: '\u0015',
  CTRL_W: '\u0017',
  CTRL_S: '\u0013',
  BACKSPACE: '\u007F',
};

export const tick = (ms = 40) => new Promise((r) => setTimeout(r, ms));

let unmount: (() => void) | undefined;
afterEach(() => {
  unmount?.();
  unmount = undefined;
});

export async function startScreen(
  source: FakeSource,
  opts: { resource?: string; readonly?: boolean } = {},
) {
  // What `c` copied (the terminal's clipboard, in the app).
  const copied: string[] = [];
  const r = render(
    <ClipboardContext.Provider
      value={async (text) => {
        copied.push(text);
        return { routes: ['recorded'], failed: [] };
      }}
    >
      <App
        source={source}
        initial={{ resource: opts.resource ?? 'pods', namespace: 'default' }}
        flushMs={5}
        readonly={opts.readonly}
      />
    </ClipboardContext.Provider>,
  );
  unmount = r.unmount;
  await tick();
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      // Every key of the write dispatched (each waits for the render of the one before),
      // then time for the renders and fake-cluster answers that follow.
      while (pendingKeys() > 0) await tick(5);
      await tick();
    }
  };
  /** Writes keys without waiting for them to be dispatched (typing ahead of the screen). */
  const type = (text: string) => r.stdin.write(text);
  return { frame: () => r.lastFrame() ?? '', frames: () => r.frames.length, press, type, copied };
}
