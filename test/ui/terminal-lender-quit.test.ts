// A Ctrl-\ typed at a child's prompt reaches kdeck too (one process group), and Node can tell
// of it after the child's exit, once the loan is over. signal-exit (which Ink and the cursor
// restorer load) re-raises a signal it finds itself the only listener of, so such a late
// SIGQUIT killed kdeck (131). In a file of its own: if it still did, only this worker dies.
import { createRequire } from 'node:module';
import { afterAll, expect, it } from 'vitest';
import { createTerminalLender } from '../../src/ui/terminal-lender.js';

// signal-exit 3, as Ink loads it (it has no types of its own).
const onExit = createRequire(import.meta.url)('signal-exit') as (cb: () => void) => () => void;
const off = onExit(() => {});
afterAll(() => off());

it('a SIGQUIT told of after a loan is ignored, not re-raised by signal-exit', async () => {
  const lender = createTerminalLender();
  expect(await lender.lend(async () => 'child exited', { interruptQuits: false })).toBe(
    'child exited',
  );
  // Told of now, as Node tells its listeners of a signal it caught: signal-exit's listener
  // finds kdeck's beside it and lets it be (alone, it would kill this process with SIGQUIT).
  process.emit('SIGQUIT', 'SIGQUIT');
  expect(process.listenerCount('SIGQUIT')).toBeGreaterThan(1);
});
