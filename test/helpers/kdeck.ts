// How the end-to-end and acceptance tests run kdeck: the bundle under the tests' own Node, or,
// with KDECK_EXE naming it, the single executable (npm run build:exe), so that one suite
// judges both ways of shipping kdeck. `npm test` runs those suites once more with it.
import { join, resolve } from 'node:path';

export const BUNDLE = join(import.meta.dirname, '..', '..', 'dist', 'kdeck.js');
export const EXE = process.env.KDECK_EXE ? resolve(process.env.KDECK_EXE) : undefined;
/** The command that runs kdeck: its program, then the arguments that go before kdeck's own. */
export const KDECK: readonly [string, ...string[]] = EXE ? [EXE] : [process.execPath, BUNDLE];
/** `KDECK` as a shell command line (for tmux panes). */
export const KDECK_SHELL = KDECK.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
