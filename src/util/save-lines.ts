// Ctrl-s in the log view: the whole buffer, full-length lines, to a file whose path is shown.
// Logs can hold secrets, so they go to a private per-user directory ($XDG_STATE_HOME/kdeck/logs,
// by default ~/.local/state/kdeck/logs; KDECK_SAVE_DIR overrides it) made 0700, as files
// readable by their owner only. A shared place such as /tmp/kdeck could have been made first
// by another user, who could then read the logs or swap the file for a link: a directory that
// belongs to someone else, or that others may write to, is refused, and a file is never
// opened if something already exists under its name.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateHome } from './xdg.js';

/** Where saved logs go (the XDG Base Directory rules: a relative XDG_STATE_HOME is ignored). */
export function saveDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KDECK_SAVE_DIR) return env.KDECK_SAVE_DIR;
  return join(stateHome(env), 'kdeck', 'logs');
}

/** Makes `dir` (0700) if it is missing; throws with a one-line reason if it is not private. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = statSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid)
    throw new Error(`${dir} belongs to another user (uid ${st.uid}); not saving logs there`);
  if (st.mode & 0o022)
    throw new Error(
      `${dir} is writable by others (mode ${(st.mode & 0o777).toString(8)}); not saving logs there`,
    );
}

/** Writes the lines to a new file of their own (mode 0600) and returns its path. */
export function saveLines(name: string, lines: string[], dir = saveDir()): string {
  privateDir(dir);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const base = `${name.replace(/[^\w.-]+/g, '_')}-${stamp}`;
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  for (let n = 0; ; n++) {
    const file = join(dir, `${base}${n ? `-${n}` : ''}.log`);
    try {
      // 'wx': create, never open what is already there (a file, or a link planted to it).
      writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
      return file;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw e;
    }
  }
}
