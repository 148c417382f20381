// The terminfo reader against the compiled entries of this machine, judged by ncurses' own
// infocmp where it is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cannotDraw, capabilities, findTerminfo } from '../../src/ui/terminfo.js';

const hasInfocmp = spawnSync('infocmp', ['-V']).status === 0;
const TERMS = ['xterm-256color', 'tmux-256color', 'screen', 'linux', 'vt100', 'ansi', 'dumb'];
const present = TERMS.filter((t) => findTerminfo(t));

/** Capability name → its text in infocmp's one-per-line listing. */
function infocmp(term: string, extended: boolean): Map<string, string> {
  const out = execFileSync('infocmp', ['-1', ...(extended ? ['-x'] : []), term]).toString();
  const caps = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^\t([^=#,]+)([=#]?)(.*),$/.exec(line);
    if (m) caps.set(m[1], m[3]);
  }
  return caps;
}

describe('terminfo entries of this machine', () => {
  it('are found for the common terminals', () => {
    expect(present.length).toBeGreaterThan(3);
  });

  it.skipIf(!hasInfocmp).each(present)('%s: capabilities as infocmp lists them', (term) => {
    const caps = capabilities({ TERM: term, HOME: '/nonexistent' });
    const listed = infocmp(term, false);
    expect(caps.cup).toBe(listed.has('cup') && term !== 'dumb');
    expect(caps.hpa).toBe(listed.has('hpa'));
    expect(caps.smcup).toBe(listed.has('smcup'));
    expect(caps.csr).toBe(listed.has('csr'));
    const colors = listed.get('colors');
    expect(caps.colors).toBe(colors === undefined ? 0 : Number(colors));
  });

  it.skipIf(!hasInfocmp).each(present)(
    '%s: extended capabilities as infocmp -x names them',
    (term) => {
      const standard = infocmp(term, false);
      const names = [...infocmp(term, true).keys()].filter(
        // OT…: obsolete termcap capabilities, kept in the standard part; -x shows them too.
        (k) => !standard.has(k) && !k.startsWith('OT'),
      );
      const entry = findTerminfo(term, { HOME: '/nonexistent' });
      expect([...(entry?.extended.keys() ?? [])].sort()).toEqual(names.sort());
    },
  );

  it.skipIf(!present.includes('xterm-256color'))('reads extended strings whole', () => {
    const entry = findTerminfo('xterm-256color', { HOME: '/nonexistent' });
    // Bracketed paste on and off, as xterm's entry has them.
    expect(entry?.extended.get('BE')).toBe('\u001B[?2004h');
    expect(entry?.extended.get('BD')).toBe('\u001B[?2004l');
  });

  it('reads both formats: the legacy one (16-bit numbers) and the extended-number one', () => {
    const magics = new Set(
      present.map((t) => {
        const dir = ['/etc/terminfo', '/lib/terminfo', '/usr/share/terminfo'].find((d) => {
          try {
            readFileSync(join(d, t[0], t));
            return true;
          } catch {
            return false;
          }
        });
        return readFileSync(join(dir as string, t[0], t)).readInt16LE(0);
      }),
    );
    // This machine's entries include both; each was checked against infocmp above.
    expect(magics).toEqual(new Set([0o432, 0o1036]));
  });
});

describe('where entries are looked up', () => {
  const source = present.includes('vt100') ? 'vt100' : undefined;
  const file =
    source &&
    ['/etc/terminfo', '/lib/terminfo', '/usr/share/terminfo']
      .map((d) => join(d, 'v', 'vt100'))
      .find((f) => {
        try {
          readFileSync(f);
          return true;
        } catch {
          return false;
        }
      });

  it.skipIf(!file)(
    '$TERMINFO, with the directory named by the hex code of the first letter',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'kdeck-terminfo-'));
      mkdirSync(join(dir, '6b'));
      copyFileSync(file as string, join(dir, '6b', 'kdeck-vt'));
      expect(findTerminfo('kdeck-vt', { HOME: '/nonexistent' })).toBeUndefined();
      expect(capabilities({ TERM: 'kdeck-vt', TERMINFO: dir }).hpa).toBe(false);
    },
  );

  it.skipIf(!file)('$TERMINFO_DIRS and ~/.terminfo, by first letter', () => {
    for (const env of [{ TERMINFO_DIRS: 'DIR' }, { HOME: 'HOME' }]) {
      const dir = mkdtempSync(join(tmpdir(), 'kdeck-terminfo-'));
      const root = 'HOME' in env ? join(dir, '.terminfo') : dir;
      mkdirSync(join(root, 'k'), { recursive: true });
      copyFileSync(file as string, join(root, 'k', 'kdeck-vt'));
      const e =
        'HOME' in env ? { HOME: dir } : { TERMINFO_DIRS: `/nonexistent:${dir}`, HOME: '/x' };
      expect(capabilities({ TERM: 'kdeck-vt', ...e })).toMatchObject({ cup: true, hpa: false });
    }
  });
});

describe('capabilities', () => {
  it('dumb, empty or unset TERM cannot move the cursor, entry or not', () => {
    for (const env of [{ TERM: 'dumb' }, { TERM: '' }, {}, { TERM: 'emacs' }]) {
      expect(capabilities({ ...env, TERMINFO: '/nonexistent', HOME: '/x' }).cup).toBe(false);
      expect(cannotDraw(env)).toMatch(/^kdeck: needs a terminal that can move the cursor.*\n$/);
    }
    expect(cannotDraw({ TERM: 'dumb' })).toContain('(TERM=dumb)');
    expect(cannotDraw({})).toContain('(TERM is not set)');
  });

  it('a name with no entry anywhere is taken for a capable ANSI terminal', () => {
    const caps = capabilities({ TERM: 'kdeck-no-such-terminal', HOME: '/x' });
    expect(caps).toEqual({
      cup: true,
      hpa: true,
      smcup: true,
      civis: true,
      csr: true,
      colors: 8,
      sync: true,
    });
    expect(cannotDraw({ TERM: 'kdeck-no-such-terminal' })).toBeUndefined();
  });

  it.skipIf(!present.includes('vt100'))(
    'vt100: no CHA, no synchronized updates, no colour, no cursor hiding',
    () => {
      expect(capabilities({ TERM: 'vt100', HOME: '/x' })).toMatchObject({
        cup: true,
        hpa: false,
        civis: false,
        sync: false,
        colors: 0,
      });
    },
  );
});
