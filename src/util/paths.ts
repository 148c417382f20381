// Paths the user types (`:apply -f ~/k8s/`): expanded as a shell would, and completed with Tab
// among the directories and manifest files there.
import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { resolve } from 'node:path';

/** The file names `-f` reads from a directory, as kubectl reads them. */
export const MANIFEST_EXTENSIONS = ['.json', '.yaml', '.yml'];

/** `~/x` as a shell would expand it (a path as kubectl would be given it, and name it). */
export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

/** `~/x` as a shell would expand it; other paths are read against `cwd`. */
export function expandPath(path: string, cwd = process.cwd()): string {
  return resolve(cwd, expandHome(path));
}

/**
 * What `word` may go on to: the directories (with `/` after them) and manifest files whose
 * names start with its last part, in its directory. Hidden ones only when asked for (`.`).
 */
export function pathCompletions(word: string, cwd = process.cwd()): string[] {
  const slash = word.lastIndexOf('/');
  const dir = word.slice(0, slash + 1);
  const start = word.slice(slash + 1);
  let names: string[];
  try {
    names = readdirSync(expandPath(dir || '.', cwd));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith(start) && (start.startsWith('.') || !n.startsWith('.')))
    .flatMap((n) => {
      let directory = false;
      try {
        directory = statSync(expandPath(dir + n, cwd)).isDirectory();
      } catch {
        return [];
      }
      if (directory) return [`${dir}${n}/`];
      return MANIFEST_EXTENSIONS.some((e) => n.endsWith(e)) ? [dir + n] : [];
    })
    .sort();
}
