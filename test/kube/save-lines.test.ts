// Saved logs go to a private per-user directory, never to a shared one someone else made.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveDir, saveLines } from '../../src/util/save-lines.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'kdeck-save-'));

describe('where saved logs go', () => {
  it('$XDG_STATE_HOME/kdeck/logs, else ~/.local/state/kdeck/logs; KDECK_SAVE_DIR wins', () => {
    expect(saveDir({ XDG_STATE_HOME: '/srv/me/state' })).toBe('/srv/me/state/kdeck/logs');
    expect(saveDir({})).toBe(join(homedir(), '.local', 'state', 'kdeck', 'logs'));
    expect(saveDir({ XDG_STATE_HOME: 'relative/state' })).toBe(
      join(homedir(), '.local', 'state', 'kdeck', 'logs'),
    );
    expect(saveDir({ KDECK_SAVE_DIR: '/x/y', XDG_STATE_HOME: '/srv' })).toBe('/x/y');
  });
});

describe('saving', () => {
  it('makes the directory 0700 and the file 0600, and returns its path', () => {
    const dir = join(scratch(), 'state', 'kdeck', 'logs');
    const file = saveLines('default/web-1', ['one', 'two'], dir);
    expect(file.startsWith(`${dir}/default_web-1-`)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('one\ntwo\n');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A second save in the same instant gets a file of its own.
    expect(saveLines('default/web-1', ['three'], dir)).not.toBe(file);
  });

  it('refuses a directory others may write to', () => {
    const dir = scratch();
    chmodSync(dir, 0o777);
    expect(() => saveLines('web', ['x'], dir)).toThrow(
      `${dir} is writable by others (mode 777); not saving logs there`,
    );
  });

  it('refuses a directory that belongs to another user', () => {
    let dir = '/';
    if (process.getuid?.() === 0) {
      dir = scratch();
      chownSync(dir, 65534, 65534);
    }
    const owner = statSync(dir).uid;
    expect(owner).not.toBe(process.getuid?.());
    expect(() => saveLines('web', ['x'], dir)).toThrow(
      `${dir} belongs to another user (uid ${owner}); not saving logs there`,
    );
  });

  it('a directory of its own that others can only read is fine', () => {
    const dir = join(scratch(), 'logs');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    expect(readFileSync(saveLines('web', ['ok'], dir), 'utf8')).toBe('ok\n');
  });
});
