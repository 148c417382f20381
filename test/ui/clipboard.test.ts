// Where `c` copies to, decided from the environment; the OSC 52 sequence as each multiplexer
// needs it; the size cap; what the status line says.
import { describe, expect, it } from 'vitest';
import {
  COPY_MAX_BYTES,
  capLines,
  copiedMessage,
  osc52,
  routeFor,
} from '../../src/ui/clipboard.js';

/** Every native command is on PATH. */
const all = () => '/usr/bin/found';
const none = () => undefined;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('routeFor', () => {
  it('over SSH: OSC 52 only, even with a display and xclip on PATH', () => {
    for (const ssh of [{ SSH_CONNECTION: '10.0.0.1 5 10.0.0.2 22' }, { SSH_TTY: '/dev/pts/3' }])
      expect(
        routeFor({ ...ssh, DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0' }, 'linux', all),
      ).toEqual({ osc52: 'plain' });
  });

  it('without SSH, on X with xclip on PATH: OSC 52 and xclip -selection clipboard', () => {
    const found = (c: string) => (c === 'xclip' ? '/usr/bin/xclip' : undefined);
    expect(routeFor({ DISPLAY: ':0' }, 'linux', found)).toEqual({
      osc52: 'plain',
      native: { command: 'xclip', args: ['-selection', 'clipboard'] },
    });
  });

  it('xsel where xclip is missing; wl-copy first on Wayland; pbcopy on macOS', () => {
    const only = (name: string) => (c: string) => (c === name ? `/bin/${c}` : undefined);
    expect(routeFor({ DISPLAY: ':0' }, 'linux', only('xsel')).native?.command).toBe('xsel');
    expect(routeFor({ DISPLAY: ':0', WAYLAND_DISPLAY: 'w' }, 'linux', all).native?.command).toBe(
      'wl-copy',
    );
    expect(routeFor({}, 'darwin', only('pbcopy')).native?.command).toBe('pbcopy');
  });

  it('no native command without a display, nor when none is on PATH', () => {
    expect(routeFor({}, 'linux', all)).toEqual({ osc52: 'plain' });
    expect(routeFor({ DISPLAY: ':0' }, 'linux', none)).toEqual({ osc52: 'plain' });
  });

  it('empty variables count as unset (SSH_CONNECTION= turns the SSH route off)', () => {
    expect(
      routeFor({ SSH_CONNECTION: '', SSH_TTY: '', DISPLAY: ':0' }, 'linux', all).native,
    ).toBeDefined();
  });

  it('inside GNU screen (STY): wrapped for screen; inside tmux or TERM=screen alone: plain', () => {
    expect(routeFor({ STY: '123.pts-0.host' }, 'linux', none).osc52).toBe('screen');
    expect(routeFor({ STY: '123.pts-0.host', SSH_TTY: '/dev/pts/1' }, 'linux', all)).toEqual({
      osc52: 'screen',
    });
    // tmux started inside screen: tmux is the one the sequence meets first.
    expect(routeFor({ STY: '1.x', TMUX: '/tmp/tmux-0/default,1,0' }, 'linux', none).osc52).toBe(
      'plain',
    );
    expect(routeFor({ TERM: 'screen-256color' }, 'linux', none).osc52).toBe('plain');
  });
});

describe('osc52', () => {
  it('plain: ESC ] 52 ; c ; base64 BEL', () => {
    expect(osc52('nginx-1')).toBe(`\u001B]52;c;${b64('nginx-1')}\u0007`);
  });

  it('for screen: the same sequence cut into DCS strings (ESC P … ESC \\) of at most 76 bytes', () => {
    const text = 'x'.repeat(500);
    const wrapped = osc52(text, 'screen');
    // Each string: ESC P, a piece of the plain sequence, ESC \ (its only ESC \).
    const strings = wrapped.split('\u001B\\');
    expect(strings.pop()).toBe('');
    for (const m of strings) {
      expect(m.startsWith('\u001BP')).toBe(true);
      expect(m.length - 2).toBeLessThanOrEqual(76);
    }
    expect(strings.map((m) => m.slice(2)).join('')).toBe(osc52(text));
  });
});

describe('capLines', () => {
  it('keeps whole lines up to the cap and counts those cut', () => {
    const line = 'y'.repeat(999); // 1000 bytes with its newline
    const lines = Array.from({ length: 100 }, () => line);
    const r = capLines(lines);
    expect(r.kept).toBe(75);
    expect(r.cut).toBe(25);
    expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(COPY_MAX_BYTES);
    expect(r.text).toBe(lines.slice(0, 75).join('\n'));
    // 100 000 bytes of base64 at most in the sequence.
    expect(b64(r.text).length).toBeLessThanOrEqual(100_000);
  });

  it("keepLast (a log's newest lines): the last whole lines up to the cap, in their order", () => {
    const lines = Array.from(
      { length: 100 },
      (_, i) => `${String(i).padStart(3, '0')}${'y'.repeat(996)}`,
    );
    const r = capLines(lines, COPY_MAX_BYTES, true);
    expect(r).toMatchObject({ kept: 75, cut: 25 });
    expect(r.text).toBe(lines.slice(25).join('\n'));
    expect(capLines(['a', 'b'], COPY_MAX_BYTES, true)).toEqual({ text: 'a\nb', kept: 2, cut: 0 });
  });

  it('everything under the cap, joined by newlines with none after the last', () => {
    expect(capLines(['a', 'b'])).toEqual({ text: 'a\nb', kept: 2, cut: 0 });
  });

  it('a single line over the cap is cut at a character, never inside one', () => {
    const r = capLines(['é'.repeat(COPY_MAX_BYTES)]);
    expect(r.kept).toBe(1);
    expect(Buffer.byteLength(r.text)).toBe(COPY_MAX_BYTES);
    expect(r.text).toBe('é'.repeat(COPY_MAX_BYTES / 2));
  });
});

describe('copiedMessage', () => {
  const sent = (routes: string[], failed: string[] = []) => ({ routes, failed });
  it('says what and how', () => {
    expect(copiedMessage({ name: 'web-1' }, { kept: 1, cut: 0 }, sent(['OSC 52']))).toBe(
      'copied web-1 (OSC 52)',
    );
    expect(copiedMessage({}, { kept: 23, cut: 0 }, sent(['OSC 52', 'xclip']))).toBe(
      'copied 23 lines (OSC 52 + xclip)',
    );
    expect(copiedMessage({ matching: 'err' }, { kept: 1, cut: 0 }, sent(['OSC 52']))).toBe(
      'copied 1 line matching err (OSC 52)',
    );
  });

  it('says what was cut and what failed', () => {
    expect(copiedMessage({}, { kept: 23, cut: 120 }, sent(['OSC 52'], ['xclip: exit 1']))).toBe(
      'copied 23 lines (OSC 52); 120 lines cut (over 75 KB); xclip: exit 1',
    );
  });
});
