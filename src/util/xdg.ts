// The XDG Base Directory homes kdeck keeps its files in. A relative value is ignored, as the
// specification says (it would depend on the directory kdeck was started in).
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

const home = (value: string | undefined, fallback: string[]) =>
  value && isAbsolute(value) ? value : join(homedir(), ...fallback);

/** `$XDG_CONFIG_HOME`, by default ~/.config: what the user writes (config.yaml). */
export const configHome = (env: NodeJS.ProcessEnv = process.env) =>
  home(env.XDG_CONFIG_HOME, ['.config']);

/** `$XDG_STATE_HOME`, by default ~/.local/state: what kdeck keeps between runs. */
export const stateHome = (env: NodeJS.ProcessEnv = process.env) =>
  home(env.XDG_STATE_HOME, ['.local', 'state']);

/** A path as the user would type it: the home directory as `~`. */
export function shortPath(path: string): string {
  const h = homedir();
  return path === h || path.startsWith(`${h}/`) ? `~${path.slice(h.length)}` : path;
}
