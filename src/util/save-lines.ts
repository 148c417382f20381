// Ctrl-s in the log view: the whole buffer, full-length lines, to a file whose path is shown.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function saveLines(
  name: string,
  lines: string[],
  dir = process.env.KDECK_SAVE_DIR ?? join(tmpdir(), 'kdeck'),
): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = join(dir, `${name.replace(/[^\w.-]+/g, '_')}-${stamp}.log`);
  writeFileSync(file, lines.length ? `${lines.join('\n')}\n` : '');
  return file;
}
