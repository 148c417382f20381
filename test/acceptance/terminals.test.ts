// README's "Terminals": what kdeck does for each TERM, through the built kdeck in tmux. The
// bytes kdeck writes are recorded (kdeck runs under `script`) to see which sequences it sends;
// tmux, which emulates every one of these terminals well enough, shows the screen.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTerminfo } from '../../src/ui/terminfo.js';
import { eventually, spawnCollecting } from '../helpers/sim.js';
import { BUNDLE, hasTmux, KDECK, simForFile, Terminal } from './terminal.js';

const sim = simForFile();
const ESC = '\u001B';
const CHA = new RegExp(`${ESC}\\[\\d*G`);

/** kdeck with this TERM, every byte it writes to the terminal kept in a file. */
function kdeckWith(term: string, env: Record<string, string> = {}, stderrOnTerminal = false) {
  const record = join(mkdtempSync(join(tmpdir(), 'kdeck-record-')), 'typescript');
  const t = new Terminal(['--kubeconfig', sim.kubeconfig], {
    env: { TERM: term, ...env },
    record,
    stderrOnTerminal,
  });
  return {
    t,
    /** What kdeck wrote, without the lines `script` adds before and after it. */
    bytes(): string {
      const lines = readFileSync(record, 'utf8').split('\n');
      const body = lines.slice(1);
      if (body.at(-2)?.startsWith('Script done')) body.splice(-2);
      return body.join('\n');
    },
  };
}

/** The colours of every SGR sequence sent (30–38, 40–48, 90–97, 100–107). */
function colours(bytes: string): string[] {
  const found: string[] = [];
  for (const m of bytes.matchAll(new RegExp(`${ESC}\\[([0-9;:]*)m`, 'g')))
    for (const p of m[1].split(';'))
      if (/^(3[0-8]|4[0-8]|9[0-7]|10[0-7])(:|$)/.test(p)) found.push(p);
  return found;
}

describe.skipIf(!hasTmux)('a terminal that cannot move the cursor', () => {
  it.each(['dumb', ''])(
    'TERM=%s: one line on stderr, exit 2, and nothing sent to the terminal',
    async (term) => {
      const { t, bytes } = kdeckWith(term);
      expect(await t.exitCode()).toBe(2);
      expect(readFileSync(t.stderr, 'utf8')).toBe(
        `kdeck: needs a terminal that can move the cursor, and this one (TERM=${term}) cannot; set TERM to your terminal's (e.g. TERM=xterm-256color), or use kubectl get\n`,
      );
      expect(bytes()).toBe('');
      expect(t.modes()).toMatchObject({ alternate: false, cooked: true });
    },
  );

  it('TERM unset, unknown or emacs, or an entry without cursor addressing: the same line, exit 2', async () => {
    // The dumb entry under another name, where kdeck knows it only by its terminfo.
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-terminfo-'));
    mkdirSync(join(dir, 'k'));
    const dumb = ['/etc/terminfo', '/lib/terminfo', '/usr/share/terminfo']
      .map((d) => join(d, 'd', 'dumb'))
      .find(existsSync);
    if (dumb) copyFileSync(dumb, join(dir, 'k', 'kdeck-dumb'));
    // In a terminal (a tmux pane), so that it is the TERM that is refused, not a missing TTY.
    const cases: { command: readonly string[]; env: Record<string, string>; shown: string }[] = [
      { command: ['env', '-u', 'TERM', ...KDECK], env: {}, shown: 'TERM is not set' },
      // Dumb by name, whether this machine has an entry for them or not.
      { command: KDECK, env: { TERM: 'unknown' }, shown: 'TERM=unknown' },
      { command: KDECK, env: { TERM: 'emacs' }, shown: 'TERM=emacs' },
      ...(dumb
        ? [
            {
              command: KDECK,
              env: { TERM: 'kdeck-dumb', TERMINFO: dir },
              shown: 'TERM=kdeck-dumb',
            },
          ]
        : []),
    ];
    for (const { command, env, shown } of cases) {
      const t = new Terminal(['--kubeconfig', sim.kubeconfig], { command, env });
      expect(await t.exitCode()).toBe(2);
      expect(readFileSync(t.stderr, 'utf8')).toBe(
        `kdeck: needs a terminal that can move the cursor, and this one (${shown}) cannot; set TERM to your terminal's (e.g. TERM=xterm-256color), or use kubectl get\n`,
      );
    }
  });

  it('--help, --version and kdeck sim work with TERM=dumb (they draw no screen)', async () => {
    const env = { ...process.env, TERM: 'dumb' };
    const help = spawnSync(process.execPath, [BUNDLE, '--help'], { env, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('kdeck --demo');
    const version = spawnSync(process.execPath, [BUNDLE, '--version'], { env, encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^kdeck \d+\.\d+\.\d+\n$/);
    const s = spawnCollecting(process.execPath, [BUNDLE, 'sim', '--fast'], env);
    try {
      await eventually(() => s.output().startsWith('ready https://'), 20_000, {
        what: 'kdeck sim ready with TERM=dumb',
      });
    } finally {
      await s.stop();
    }
  });
});

describe.skipIf(!hasTmux)('vt100', () => {
  it('draws the table in place, keys work, q exits 0; no CHA, no synchronized updates, no alternate screen, no colour, no cursor hiding', async () => {
    const { t, bytes } = kdeckWith('vt100');
    await t.waitFor('pods(default)[5] live');
    // Drawn over the screen the terminal has: a VT100 has no alternate one.
    expect(t.modes().alternate).toBe(false);
    const first = t.selected();
    t.keys('j');
    await t.waitFor((lines) => {
      const now = lines.find((l) => l.startsWith('›'));
      return now !== undefined && now !== first;
    });
    // The help page is a big update: one that a terminal with them gets synchronized.
    t.keys('?');
    await t.waitFor('Keys (Esc or ? to close)');
    t.keys('Escape');
    await t.waitGone('Keys (Esc or ? to close)');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    // Cleared on the way out, where a terminal with an alternate screen would leave it.
    expect(t.screen()).not.toContain('pods(default)');
    const sent = bytes();
    expect(sent).toContain('pods(default)');
    expect(sent).not.toMatch(CHA);
    expect(sent).not.toContain('?2026');
    expect(sent).not.toContain('?1049');
    // Its entry has no civis or cnorm: the cursor is neither hidden nor shown.
    expect(sent).not.toContain('?25');
    expect(colours(sent)).toEqual([]);
    expect(readFileSync(t.stderr, 'utf8')).toBe('');
  });

  it('with stderr on the terminal too, nothing on the way out shows the cursor either', async () => {
    const { t, bytes } = kdeckWith('vt100', {}, true);
    await t.waitFor('pods(default)[5] live');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    expect(bytes()).toContain('pods(default)');
    expect(bytes()).not.toContain('?25');
  });
});

describe.skipIf(!hasTmux)('vt100, lending the terminal', () => {
  it('e: the editor gets a cleared screen, the table comes back whole after it, with nothing a VT100 lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-editor-'));
    const editor = join(dir, 'editor.sh');
    // An editor that shows itself and waits for Enter, changing nothing.
    writeFileSync(editor, '#!/bin/sh\necho "in the editor: $(basename "$1")"\nread line\n', {
      mode: 0o755,
    });
    const { t, bytes } = kdeckWith('vt100', { EDITOR: editor, KUBE_EDITOR: '' });
    await t.waitFor('pods(default)[5] live');
    t.keys('e');
    const editing = await t.waitFor('in the editor: ');
    expect(editing).not.toContain('pods(default)');
    t.keys('Enter');
    await t.waitFor('Edit cancelled, no changes made.');
    await t.waitFor('pods(default)[5] live');
    await t.waitGone('in the editor: ');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    const sent = bytes();
    expect(sent).not.toMatch(CHA);
    expect(sent).not.toContain('?2026');
    expect(sent).not.toContain('?1049');
  });
});

describe.skipIf(!hasTmux)('other terminals', () => {
  // As their terminfo entries on this machine say: the Linux console has no alternate screen
  // and is not sent synchronized updates; the others have both.
  const expected = {
    'xterm-256color': { alternate: true, sync: true },
    'tmux-256color': { alternate: true, sync: true },
    screen: { alternate: true, sync: true },
    linux: { alternate: false, sync: false },
  };
  it.each(Object.entries(expected).filter(([term]) => findTerminfo(term)))(
    'TERM=%s: the table, keys, help and q; colours; alternate screen and synchronized updates as its entry allows',
    async (term, want) => {
      const { t, bytes } = kdeckWith(term);
      await t.waitFor('pods(default)[5] live');
      expect(t.modes().alternate).toBe(want.alternate);
      t.keys('?');
      await t.waitFor('Keys (Esc or ? to close)');
      t.keys('Escape');
      await t.waitGone('Keys (Esc or ? to close)');
      t.keys('q');
      expect(await t.exitCode()).toBe(0);
      expect(t.screen()).not.toContain('pods(default)');
      const sent = bytes();
      expect(sent.includes('?1049h')).toBe(want.alternate);
      expect(sent.includes('?2026h')).toBe(want.sync);
      // The title's accent colour, on every frame.
      expect(colours(sent)).toContain('36');
      expect(t.modes()).toMatchObject({ alternate: false, cooked: true });
    },
  );

  it('NO_COLOR: no colour on a terminal that has them', async () => {
    const { t, bytes } = kdeckWith('xterm-256color', { NO_COLOR: '1' });
    await t.waitFor('pods(default)[5] live');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    expect(colours(bytes())).toEqual([]);
  });

  it('a TERM this machine has no terminfo entry for is taken for an ANSI terminal', async () => {
    const term = findTerminfo('xterm-kitty') ? 'kdeck-no-such-terminal' : 'xterm-kitty';
    const { t, bytes } = kdeckWith(term);
    await t.waitFor('pods(default)[5] live');
    expect(t.modes().alternate).toBe(true);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    expect(colours(bytes())).toContain('36');
  });
});
