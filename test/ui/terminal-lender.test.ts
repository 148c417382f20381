// The terminal lender's rules, with the process faked: kdeck stops reading before the child
// runs, Ctrl-C and Ctrl-\ are held during a loan (a Ctrl-C then quits kdeck, unless the child
// keeps it), one loan at a time, the screen comes back even when the child fails, and without
// a screen a loan is a plain call.
import { describe, expect, it, vi } from 'vitest';
import { createTerminalLender, type LenderIo } from '../../src/ui/terminal-lender.js';

function fakeIo() {
  const log: string[] = [];
  const stdin = {
    readableLength: 0,
    pause() {
      log.push('stdin paused');
      return stdin;
    },
    read() {
      log.push(`stdin drained ${stdin.readableLength}`);
      stdin.readableLength = 0;
      return null;
    },
  };
  /** What the user types during a loan (the signals that come meanwhile). */
  const typed: NodeJS.Signals[] = [];
  const io: LenderIo = {
    isTerminal: () => true,
    stdin: () => stdin as unknown as ReturnType<LenderIo['stdin']>,
    hold(signals) {
      log.push(`ignore ${signals.join(' ')}`);
      return () => {
        log.push(`heed ${signals.join(' ')}`);
        return typed.splice(0);
      };
    },
    raise(signal) {
      log.push(`raise ${signal}`);
    },
  };
  return { io, log, stdin, typed };
}

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('terminal lender', () => {
  it('without a screen: stops reading stdin, ignores Ctrl-C and Ctrl-\\ while the child runs', async () => {
    const { io, log } = fakeIo();
    const lender = createTerminalLender(io);
    expect(lender.available).toBe(true);
    const result = await lender.lend(async () => {
      log.push(`child runs, lending=${lender.lending}`);
      return 'token';
    });
    expect(result).toBe('token');
    expect(lender.lending).toBe(false);
    expect(log).toEqual([
      'ignore SIGINT SIGQUIT',
      'stdin paused',
      'child runs, lending=true',
      'heed SIGINT SIGQUIT',
    ]);
  });

  it('with a screen: the loan goes through it, and what was read before the pause is dropped', async () => {
    const { io, log, stdin } = fakeIo();
    const lender = createTerminalLender(io);
    const detach = lender.attach(async (run) => {
      log.push('screen suspended');
      try {
        return await run();
      } finally {
        log.push('screen back');
      }
    });
    await lender.lend(async () => {
      stdin.readableLength = 3;
      log.push('child runs');
    });
    expect(log).toEqual([
      'ignore SIGINT SIGQUIT',
      'screen suspended',
      'stdin paused',
      'child runs',
      'stdin drained 3',
      'screen back',
      'heed SIGINT SIGQUIT',
    ]);
    // After the screen ends, a plain call again.
    detach();
    log.length = 0;
    await lender.lend(async () => {
      log.push('child runs');
    });
    expect(log).toEqual([
      'ignore SIGINT SIGQUIT',
      'stdin paused',
      'child runs',
      'heed SIGINT SIGQUIT',
    ]);
  });

  it('a Ctrl-C typed during the loan quits kdeck after it, unless the child keeps it (a shell)', async () => {
    const { io, log, typed } = fakeIo();
    const lender = createTerminalLender(io);
    let settled = false;
    void lender
      .lend(async () => {
        typed.push('SIGINT');
      })
      .finally(() => {
        settled = true;
      });
    await vi.waitFor(() => expect(log).toContain('raise SIGINT'));
    expect(log.slice(-2)).toEqual(['heed SIGINT SIGQUIT', 'raise SIGINT']);
    // Nothing that waits on the loan goes on: kdeck is quitting.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    const second = fakeIo();
    const keeps = createTerminalLender(second.io);
    await keeps.lend(
      async () => {
        second.typed.push('SIGINT');
        return 'done';
      },
      { interruptQuits: false },
    );
    expect(second.log).not.toContain('raise SIGINT');
    const third = fakeIo();
    await createTerminalLender(third.io).lend(async () => {
      third.typed.push('SIGQUIT');
    });
    expect(third.log).not.toContain('raise SIGQUIT');
  });

  it('lends one at a time: a second loan waits until the first is over', async () => {
    const { io, log } = fakeIo();
    const lender = createTerminalLender(io);
    const first = deferred();
    const a = lender.lend(async () => {
      log.push('first starts');
      await first.promise;
      log.push('first ends');
    });
    const b = lender.lend(async () => {
      log.push('second starts');
    });
    await vi.waitFor(() => expect(log).toContain('first starts'));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(log.filter((l) => l.includes('starts'))).toEqual(['first starts']);
    first.resolve();
    await Promise.all([a, b]);
    expect(log.filter((l) => /starts|ends/.test(l))).toEqual([
      'first starts',
      'first ends',
      'second starts',
    ]);
  });

  it('a child that fails still gets the screen back, and the next loan goes ahead', async () => {
    const { io, log } = fakeIo();
    const lender = createTerminalLender(io);
    lender.attach(async (run) => {
      try {
        return await run();
      } finally {
        log.push('screen back');
      }
    });
    await expect(
      lender.lend(async () => {
        throw new Error('plugin exited 1');
      }),
    ).rejects.toThrow('plugin exited 1');
    expect(log.slice(-2)).toEqual(['screen back', 'heed SIGINT SIGQUIT']);
    expect(lender.lending).toBe(false);
    await expect(lender.lend(async () => 'next')).resolves.toBe('next');
  });
});
