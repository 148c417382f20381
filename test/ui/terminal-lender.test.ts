// The terminal lender's rules, with the process faked: kdeck stops reading before the child
// runs, Ctrl-C and Ctrl-\ are held during a loan (a Ctrl-C then quits kdeck, unless the child
// keeps it), one loan at a time, the screen comes back even when the child fails, and without
// a screen a loan is a plain call. Then Node's own signal handling, in a process of its own.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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
      return (passOn = []) => {
        log.push(
          `heed ${signals.join(' ')}${passOn.length ? `, ${passOn.join(' ')} passed on` : ''}`,
        );
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
      'heed SIGINT SIGQUIT, SIGINT passed on',
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
      'heed SIGINT SIGQUIT, SIGINT passed on',
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
      'heed SIGINT SIGQUIT, SIGINT passed on',
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
    expect(log.slice(-2)).toEqual(['heed SIGINT SIGQUIT, SIGINT passed on', 'raise SIGINT']);
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
    // Its Ctrl-C stays the child's even when Node tells of it late: nothing listens on.
    expect(second.log).toContain('heed SIGINT SIGQUIT');
    const third = fakeIo();
    await createTerminalLender(third.io).lend(async () => {
      third.typed.push('SIGQUIT');
    });
    expect(third.log).not.toContain('raise SIGQUIT');
  });

  it('a child killed by Ctrl-C quits kdeck when the loan ends, before Node tells kdeck of its own', async () => {
    // The order Node may tell them in: the plugin's exit (killed by SIGINT) first, kdeck's own
    // SIGINT from the same keypress not yet heard when the loan ends.
    const killed = () => Object.assign(new Error('exit code -1'), { signal: 'SIGINT' });
    const { io, log } = fakeIo();
    let settled = false;
    void createTerminalLender(io)
      .lend(async () => {
        throw killed();
      })
      .finally(() => {
        settled = true;
      });
    await vi.waitFor(() => expect(log).toContain('raise SIGINT'));
    expect(log.slice(-2)).toEqual(['heed SIGINT SIGQUIT, SIGINT passed on', 'raise SIGINT']);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    // A child that keeps Ctrl-C (a shell) ends as it ended; and SIGQUIT does not quit kdeck.
    const keeps = fakeIo();
    await expect(
      createTerminalLender(keeps.io).lend(
        async () => {
          throw killed();
        },
        { interruptQuits: false },
      ),
    ).rejects.toThrow('exit code -1');
    expect(keeps.log).not.toContain('raise SIGINT');
    const quit = fakeIo();
    await expect(
      createTerminalLender(quit.io).lend(async () => {
        throw Object.assign(new Error('core dumped'), { signal: 'SIGQUIT' });
      }),
    ).rejects.toThrow('core dumped');
    expect(quit.log.filter((l) => l.startsWith('raise'))).toEqual([]);
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
    expect(log.slice(-2)).toEqual(['screen back', 'heed SIGINT SIGQUIT, SIGINT passed on']);
    expect(lender.lending).toBe(false);
    await expect(lender.lend(async () => 'next')).resolves.toBe('next');
  });
});

describe('a stream loan (a shell in a container)', () => {
  /** A terminal kdeck reads raw: the test types into it and reads what is written. */
  function rawIo() {
    const fake = fakeIo();
    let handlers: { input(d: Buffer): void; resize(s: { width: number; height: number }): void };
    const written: string[] = [];
    const io: LenderIo = {
      ...fake.io,
      raw(h) {
        handlers = h;
        fake.log.push('raw mode on');
        return {
          size: () => ({ width: 80, height: 24 }),
          write: (d) => {
            written.push(d.toString());
          },
          release: () => fake.log.push('raw mode off'),
        };
      },
    };
    return {
      ...fake,
      io,
      written,
      type: (text: string) => handlers.input(Buffer.from(text)),
      resize: (width: number, height: number) => handlers.resize({ width, height }),
    };
  }

  it('goes through the screen; bytes typed before the stream listens come first; modes reset after', async () => {
    const t = rawIo();
    const lender = createTerminalLender(t.io);
    lender.attach(async (run) => {
      t.log.push('screen suspended');
      // The terminal is cooked from here until raw mode is on: not one turn of the event loop.
      setImmediate(() => t.log.push('a turn later'));
      try {
        return await run();
      } finally {
        t.log.push('screen back');
      }
    });
    const got: string[] = [];
    const sizes: string[] = [];
    const end = await lender.lendStream(async (term) => {
      t.type('ls\r');
      term.onInput((d) => got.push(d.toString()));
      term.onResize((s) => sizes.push(`${s.width}x${s.height}`));
      t.type('\u0003exit\r');
      t.resize(100, 30);
      term.write(Buffer.from('bye'));
      await new Promise((r) => setImmediate(r));
      return 'ended';
    });
    expect(end).toBe('ended');
    expect(got).toEqual(['ls\r', '\u0003exit\r']);
    expect(sizes).toEqual(['100x30']);
    expect(t.written[0]).toBe('bye');
    // What a program in the container left on is turned off: cursor keys, mouse, its screen.
    expect(t.written[1]).toContain('\u001B[?1l');
    expect(t.written[1]).toContain('\u001B[?1000l');
    expect(t.written[1]).toContain('\u001B[?1047l');
    expect(t.log).toEqual([
      'ignore SIGINT SIGQUIT',
      'screen suspended',
      'raw mode on',
      'a turn later',
      'raw mode off',
      'screen back',
      // Ctrl-C was a byte for the stream: nothing is passed on.
      'heed SIGINT SIGQUIT',
    ]);
  });

  it('the screen ending (SIGTERM) ends the stream under way', async () => {
    const t = rawIo();
    const lender = createTerminalLender(t.io);
    const detach = lender.attach((run) => run());
    const ended = lender.lendStream(
      (term) =>
        new Promise<string>((resolve) => {
          term.onQuit(() => resolve('told to quit'));
          t.log.push('streaming');
        }),
    );
    await vi.waitFor(() => expect(t.log).toContain('streaming'));
    detach();
    expect(await ended).toBe('told to quit');
    expect(t.log).toContain('raw mode off');
  });

  it('without a raw terminal, it is refused', async () => {
    await expect(createTerminalLender(fakeIo().io).lendStream(async () => 'never')).rejects.toThrow(
      'no terminal to lend',
    );
  });
});

describe("the process's own signals", () => {
  const lender = join(import.meta.dirname, '..', '..', 'src', 'ui', 'terminal-lender.ts');

  /** A Node process that lends the terminal to `run` (the real lender, on Node's signals). */
  function lendIn(run: string, after = '') {
    const script = `
      import { createTerminalLender } from ${JSON.stringify(lender)};
      // The event loop runs on after the loan, as the screen keeps it running in kdeck.
      setTimeout(() => console.log('survived'), 15_000);
      const got = await createTerminalLender().lend(async () => { ${run} });
      console.log('went on with ' + got);
      ${after}`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 25_000,
    });
    return {
      out: r.stdout.toString(),
      err: r.stderr.toString(),
      signal: r.signal,
      status: r.status,
    };
  }

  it('a Ctrl-C Node tells of only after the loan is over still quits kdeck', () => {
    // Caught now, as the Ctrl-C that kills a plugin is, but told of in a later turn of the event
    // loop, after the loan has ended (Node told of the plugin's exit first).
    const r = lendIn(`process.kill(process.pid, 'SIGINT'); return 'token';`);
    expect(r.out).toBe('went on with token\n');
    expect(r.signal).toBe('SIGINT');
  });

  it('after a loan without one, a Ctrl-C still ends kdeck by its default action', () => {
    const r = lendIn(`return 'token';`, `process.kill(process.pid, 'SIGINT');`);
    expect(r.out).toBe('went on with token\n');
    expect(r.signal).toBe('SIGINT');
  });
});
