// Starts the screen and gives the terminal back on every way out: q (0), Ctrl-C (130),
// SIGTERM (143), SIGHUP or a terminal that went away under us (129: a dropped SSH session),
// an error (1, printed after the terminal is restored). While the screen is up, the terminal
// can be lent to a child process (terminal-lender.ts); Ctrl-C during a loan is the child's.
// No terminal, or one that cannot move the cursor, is refused before (cli.ts).
import { render, type SuspendTerminal, useApp } from 'ink';
import { useLayoutEffect } from 'react';
import { App, type View } from './app.js';
import type { ClusterSource } from './cluster-source.js';
import { ScreenWriter, type Terminal, writerStream } from './screen-writer.js';
import type { Settings } from './settings.js';
import { createTerminalLender, type LocalTerminalLender } from './terminal-lender.js';
import { type Capabilities, capabilities } from './terminfo.js';
import { setTerminalColors } from './theme.js';
import { TerminalContext } from './use-edit.js';

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: the sequences start with ESC
const ALTERNATE_SCREEN = /\u001B\[\?(?:1049|1047|47)[hl]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the sequences start with ESC
const CURSOR_VISIBILITY = /\u001B\[\?25[hl]/g;

/**
 * The terminal as its entry describes it: what Ink and the writer send that it lacks is
 * left out. With no alternate screen (a VT100, the Linux console) the screen is drawn over
 * what the terminal shows, and cleared (cursor home) where the alternate screen would be
 * entered or left; with no way to hide the cursor (a VT100), it stays shown.
 */
function asTheEntrySays(out: NodeJS.WriteStream, caps: Capabilities): Terminal {
  if (caps.smcup && caps.civis) return out;
  return {
    get columns() {
      return out.columns;
    },
    get rows() {
      return out.rows;
    },
    write: (data, cb) => {
      let text = data;
      if (!caps.smcup) text = text.replace(ALTERNATE_SCREEN, '\u001B[H\u001B[2J');
      if (!caps.civis) text = text.replace(CURSOR_VISIBILITY, '');
      return out.write(text, cb);
    },
  };
}

/** Ink's suspendTerminal, which only a component can reach. */
function Suspender({ into }: { into: { current?: SuspendTerminal } }) {
  const { suspendTerminal } = useApp();
  useLayoutEffect(() => {
    into.current = suspendTerminal;
  }, [into, suspendTerminal]);
  return null;
}

export async function runUi(
  source: ClusterSource,
  initial: View,
  opts: {
    readonly?: boolean;
    /** The config file's and the flags' settings (read-only per context, start views). */
    settings?: Settings;
    logLines?: number;
    /** Lends the terminal to child processes (made before the screen, shared with kube). */
    terminal?: LocalTerminalLender;
  } = {},
): Promise<number> {
  const terminal = opts.terminal ?? createTerminalLender();
  // What this terminal knows (its terminfo entry): cli.ts has refused no TTY and a terminal
  // without cursor addressing already.
  const caps = capabilities();
  setTerminalColors(caps.colors);
  let code: number | undefined;
  let gone = false;
  // A terminal that went away (EIO, EPIPE on a closed pty) is a hang-up, not a crash: leave
  // quietly, and write nothing more to it.
  const onTerminalError = () => {
    gone = true;
    code ??= 129;
    ink.unmount();
  };
  process.stdout.on('error', onTerminalError);
  process.stdin.on('error', onTerminalError);
  // A terminal that hangs up also ends our input: on a page that redraws nothing (describe),
  // no write would ever fail to tell us.
  process.stdin.on('end', onTerminalError);
  // Ink's cursor restorer writes "show the cursor" to stderr as the process exits, whatever
  // the terminal: to one that cannot hide it (a VT100), it is not sent either.
  if (!caps.civis) {
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: unknown, ...rest: unknown[]) =>
      (write as (...a: unknown[]) => boolean)(
        typeof chunk === 'string' ? chunk.replace(CURSOR_VISIBILITY, '') : chunk,
        ...rest,
      )) as typeof process.stderr.write;
  }
  const writer = new ScreenWriter(asTheEntrySays(process.stdout, caps), {
    cha: caps.hpa,
    sync: caps.sync,
    scrollRegions: caps.csr,
  });
  const stdout = writerStream(process.stdout, writer);
  const inkSuspend: { current?: SuspendTerminal } = {};
  // Raw before the first frame. Ink turns raw mode on in an effect of its input hook, and the
  // outermost component's effects run after every one below it (the screen's, which start
  // watches and read files): a key typed at the first frame met the cooked terminal, which
  // took Ctrl-D as end-of-file and dropped it, and echoes other keys over the frame. Ink
  // turns it off on its ways out, and the end below once more (a first render that failed
  // never had Ink's input hook turn it on, so Ink would leave it).
  process.stdin.setRawMode?.(true);
  const ink = render(
    <>
      <TerminalContext value={terminal}>
        <App
          source={source}
          initial={initial}
          readonly={opts.readonly}
          settings={opts.settings}
          logLines={opts.logLines}
        />
      </TerminalContext>
      <Suspender into={inkSuspend} />
    </>,
    {
      // Only the cells that changed go to the terminal (see screen-writer.ts).
      stdout,
      // A terminal is interactive even where CI is set in the environment (Ink would go quiet).
      interactive: true,
      alternateScreen: true,
      incrementalRendering: true,
      maxFps: 60,
      patchConsole: false,
      exitOnCtrlC: false,
    },
  );
  // A loan: the writer stops sending first, so that nothing Ink does to give the terminal up
  // (erase its frame, leave the alternate screen) reaches it; Ink leaves raw mode and stops
  // listening to stdin; after the loan Ink takes input back and redraws, then the writer
  // paints the alternate screen whole.
  const detach = terminal.attach(async <T,>(run: () => Promise<T>): Promise<T> => {
    const suspend = inkSuspend.current;
    if (!suspend) throw new Error('the screen cannot lend the terminal yet');
    writer.suspend();
    try {
      let result: { value: T } | undefined;
      await suspend(async () => {
        result = { value: await run() };
      });
      return (result as { value: T }).value;
    } finally {
      writer.resume();
    }
  });
  const onSignal = (signal: NodeJS.Signals) => {
    // Ctrl-C typed while a child has the terminal is the child's (it cancels a login prompt).
    if (signal === 'SIGINT' && terminal.lending) return;
    code ??= SIGNAL_CODES[signal] ?? 1;
    ink.unmount();
  };
  const signals = Object.keys(SIGNAL_CODES) as NodeJS.Signals[];
  for (const s of signals) process.on(s, onSignal);
  // A bug anywhere (a stray rejection in a stream handler) must not leave the terminal raw.
  let failure: unknown;
  const onFatal = (e: unknown) => {
    failure ??= e;
    code = 1;
    ink.unmount();
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  try {
    const result = await ink.waitUntilExit();
    code ??= typeof result === 'number' ? result : 0;
  } catch (e) {
    ink.unmount();
    code = 1;
    failure ??= e;
  } finally {
    // The signal handlers stay: a hang-up that arrives with the end of input (a dropped SSH
    // session delivers both) must not kill the process during the cleanup after the screen.
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
    detach();
    source.close();
    try {
      process.stdin.setRawMode?.(false);
    } catch {
      // The terminal is gone (a hang-up): nothing to give back.
    }
  }
  // Printed once the terminal is back; the stack only when asked for (KDECK_DEBUG=1).
  if (failure !== undefined && !gone) {
    const e = failure as Error;
    const detail = process.env.KDECK_DEBUG ? (e?.stack ?? String(e)) : (e?.message ?? String(e));
    process.stderr.write(`kdeck: internal error: ${detail}\n`);
  }
  return code;
}
