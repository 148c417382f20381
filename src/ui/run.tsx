// Starts the screen and gives the terminal back on every way out: q, Ctrl-C, SIGTERM,
// SIGHUP (a dropped SSH session), or an error (printed after the terminal is restored).
import { render } from 'ink';
import { App, type View } from './app.js';
import type { ClusterSource } from './cluster-source.js';
import { writerStream } from './screen-writer.js';

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
  const ink = render(
    <App source={source} initial={initial} readonly={opts.readonly} logLines={opts.logLines} />,
    {
      // Only the cells that changed go to the terminal (see screen-writer.ts).
      stdout: writerStream(process.stdout),
      // A terminal is interactive even where CI is set in the environment (Ink would go quiet).
      interactive: true,
      alternateScreen: true,
      incrementalRendering: true,
      maxFps: 60,
      patchConsole: false,
      exitOnCtrlC: false,
    },
  );
  let code = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    code = signal === 'SIGINT' ? 130 : 0;
    ink.unmount();
  };
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
  for (const s of signals) process.on(s, onSignal);
  try {
    await ink.waitUntilExit();
  } catch (e) {
    ink.unmount();
    process.stderr.write(`kdeck: ${(e as Error)?.stack ?? e}\n`);
    code = 1;
  } finally {
    for (const s of signals) process.off(s, onSignal);
    source.close();
  }
  return code;
}
