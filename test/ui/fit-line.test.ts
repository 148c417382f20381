// The bottom line's fitting (the typed text first, the label giving way) and the wrapping of
// help's descriptions and :pf's last error.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../src/ui/layout.js';
import { fitLine } from '../../src/ui/line-input.js';

const width = ({ label, shown }: { label: string; shown: string }) =>
  stringWidth(label) + stringWidth(shown) + 1;

describe('fitLine', () => {
  const label = 'port-forward pod/pg-backup-29932020-zq8xq (no declared port: LOCAL:REMOTE) from: ';

  it('leaves a line that fits as it is', () => {
    expect(fitLine(':', 'pods', 80)).toEqual({ label: ':', shown: 'pods' });
  });

  it('cuts the label in its middle, never the typed text, and fills the line with the cursor', () => {
    const fit = fitLine(label, '127.0.0.1:9999:80', 80);
    expect(fit.shown).toBe('127.0.0.1:9999:80');
    expect(fit.label.startsWith('port-forward pod/pg-')).toBe(true);
    expect(fit.label.endsWith('REMOTE) from: ')).toBe(true);
    expect(fit.label).toContain('…');
    expect(width(fit)).toBe(80);
  });

  it('keeps a quarter of the line for the label; a longer text shows its end', () => {
    const typed = `${'x'.repeat(100)}-end`;
    const fit = fitLine(label, typed, 80);
    expect(stringWidth(fit.label)).toBe(20);
    expect(fit.shown.startsWith('…')).toBe(true);
    expect(typed.endsWith(fit.shown.slice(1))).toBe(true);
    expect(width(fit)).toBe(80);
  });

  it('measures wide characters as the terminal draws them', () => {
    const fit = fitLine(label, '日本語'.repeat(20), 40);
    expect(width(fit)).toBeLessThanOrEqual(40);
    expect(fit.shown.endsWith('日本語')).toBe(true);
  });
});

describe('wrapWords', () => {
  it('breaks at spaces and drops them there, so no line starts with one', () => {
    expect(wrapWords('port-forward (:pf lists them)', 23)).toEqual([
      'port-forward (:pf lists',
      'them)',
    ]);
  });

  it('cuts a word longer than the line', () => {
    expect(wrapWords('abcdefghij klm', 4)).toEqual(['abcd', 'efgh', 'ij', 'klm']);
  });
});
