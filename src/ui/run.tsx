// Starts the screen and gives the terminal back on every way out: q (0), Ctrl-C (130),
// SIGTERM (143), SIGHUP or a terminal that went away under us (129: a dropped SSH session),
// an error (1, printed after the terminal is restored).
import { render } from 'ink';
import { App, type View } from './app.js';
import type { ClusterSource } from './cluster-source.js';
import { writerStream } from './screen-writer.js';

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
};

export async function runUi(
  source: ClusterSource,
  initial: View,
  opts: { readonly?: boolean; logLines?: number } = {},
): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    source.close();
    process.stderr.write('kdeck: needs a terminal (stdin and stdout are not both a TTY)\n');
    return 1;
  }
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
  const stdout = writerStream(process.stdout);
  const ink = render(
    <App source={source} initial={initial} readonly={opts.readonly} logLines={opts.logLines} />,
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
  const onSignal = (signal: NodeJS.Signals) => {
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
    source.close();
  }
  // Printed once the terminal is back; the stack only when asked for (KDECK_DEBUG=1).
  if (failure !== undefined && !gone) {
    const e = failure as Error;
    const detail = process.env.KDECK_DEBUG ? (e?.stack ?? String(e)) : (e?.message ?? String(e));
    process.stderr.write(`kdeck: internal error: ${detail}\n`);
  }
  return code;
}
