// Small shared helpers: the sanitizer every string from the cluster goes through.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { humanDuration, parseHumanDuration } from '../src/util/duration.js';
import { inert, inertLine } from '../src/util/inert.js';
import { tabwrite } from '../src/util/tabwriter.js';

// Hostile strings a server (or a pod writing events and annotations) can send.
const CONCEAL = 'shown\u001B[8mhidden';
const CLIPBOARD = '\u001B]52;c;ZWNobyBwd25lZA==\u0007';
const C1_CSI = '\u009B31mred';
const TITLE = '\u001B]0;owned\u001B\\';
const BIDI = 'abc\u202Edcba\u202C \u2066x\u2069 \u200E\u200F\u061C';

/** No byte that a terminal would take as the start of a command survives. */
const harmless = (s: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the check is for control characters
  !/[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]/.test(s);

describe('inertLine (cells, names, titles)', () => {
  it('shows escape sequences in caret notation instead of sending them', () => {
    expect(inertLine(CONCEAL)).toBe('shown^[[8mhidden');
    expect(inertLine(CLIPBOARD)).toBe('^[]52;c;ZWNobyBwd25lZA==^G');
    expect(inertLine(TITLE)).toBe('^[]0;owned^[\\');
    expect(inertLine('\u0000\u007F')).toBe('^@^?');
  });

  it('shows C1 controls, which a UTF-8 terminal would obey (U+009B is CSI)', () => {
    expect(inertLine(C1_CSI)).toBe('\\x9b31mred');
    expect(inertLine('\u0085\u009D')).toBe('\\x85\\x9d');
  });

  it('never lets a value split a row: line breaks, carriage returns and tabs are shown', () => {
    expect(inertLine('one\ntwo')).toBe('one\\ntwo');
    expect(inertLine('one\r\ntwo')).toBe('one\\ntwo');
    expect(inertLine('over\rwrite')).toBe('over^Mwrite');
    expect(inertLine('a\tb')).toBe('a\\tb');
    expect(inertLine('para\u2028graph\u2029')).toBe('para\\u2028graph\\u2029');
  });

  it('shows bidi controls instead of letting them reorder the text', () => {
    const out = inertLine(BIDI);
    expect(out).toBe('abc\\u202edcba\\u202c \\u2066x\\u2069 \\u200e\\u200f\\u061c');
    expect(harmless(out)).toBe(true);
  });

  it('leaves ordinary text alone, wide characters and emoji included, as the same string', () => {
    for (const s of ['nginx-7c9d', '日本語のポッド', 'crème brûlée', 'ok 👍', 'ﾊﾟ', '']) {
      expect(inertLine(s)).toBe(s);
    }
    expect(stringWidth(inertLine('日本\t語'))).toBe(stringWidth('日本\\t語'));
  });

  it('is idempotent: sanitising twice changes nothing more', () => {
    for (const s of [CONCEAL, CLIPBOARD, C1_CSI, BIDI, 'a\nb\tc']) {
      expect(inertLine(inertLine(s))).toBe(inertLine(s));
    }
  });
});

describe('inert (logs, describe and YAML bodies)', () => {
  it('makes every control character visible and harmless', () => {
    expect(inert('\u001B[2J\u0007\r\u007F\u009B')).toBe('^[[2J^G^M^?\\x9b');
    for (const s of [CONCEAL, CLIPBOARD, C1_CSI, TITLE, BIDI])
      expect(harmless(inert(s))).toBe(true);
  });

  it('keeps line breaks (CRLF as one) but nothing else that moves the cursor', () => {
    expect(inert('one\ntwo\r\nthree\rfour')).toBe('one\ntwo\nthree^Mfour');
  });

  it('expands tabs to 8-column stops, measured on the screen (wide characters are 2)', () => {
    expect(inert('ok\tstill ok')).toBe('ok      still ok');
    expect(inert('\tx')).toBe('        x');
    expect(inert('12345678\tx')).toBe('12345678        x');
    expect(inert('日本\tx')).toBe('日本    x');
    expect(inert('a\nbc\td')).toBe('a\nbc      d');
    // A shown control character takes its shown width.
    expect(inert('\u001B\tx')).toBe('^[      x');
  });

  it('leaves ordinary text alone', () => {
    const s =
      '127.0.0.1 - - [29/Nov/2026:03:19:45 +0000] "GET / HTTP/1.1" 200 612 "-" "curl/8" 日本';
    expect(inert(s)).toBe(s);
  });
});

describe("tabwrite (kubectl describe's column alignment)", () => {
  it('aligns each run of lines that share a column, padded by two', () => {
    expect(
      tabwrite([
        'Name:\tweb',
        'Namespace:\tdefault',
        'IPs:',
        '  IP:\t10.0.0.1',
        'Controlled By:\tRS/web',
      ]),
    ).toEqual([
      'Name:       web',
      'Namespace:  default',
      'IPs:',
      '  IP:           10.0.0.1',
      'Controlled By:  RS/web',
    ]);
  });

  it('sizes later columns within the block of the earlier one; the last cell is free', () => {
    expect(
      tabwrite(['Port:\t<unset>\t8080/TCP', 'TargetPort:\t80/TCP', 'NodePort:\thttp\t30001/TCP']),
    ).toEqual([
      'Port:        <unset>  8080/TCP',
      'TargetPort:  80/TCP',
      'NodePort:    http  30001/TCP',
    ]);
  });

  it('measures wide characters as the terminal draws them', () => {
    expect(tabwrite(['名前:\tx', 'Name:\ty'])).toEqual(['名前:  x', 'Name:  y']);
  });
});

describe('parseHumanDuration (a pod Table row\'s "3 (5m12s ago)")', () => {
  it('reads back what humanDuration printed, as far as it rounded down', () => {
    for (const s of [0, 59, 119, 312, 3599, 10_799, 27_000, 172_799, 600_000, 40_000_000]) {
      const printed = humanDuration(s * 1000);
      const back = parseHumanDuration(printed);
      expect(back, printed).toBeLessThanOrEqual(s * 1000);
      expect(humanDuration(back!), printed).toBe(printed);
    }
  });

  it('refuses what it did not print', () => {
    for (const text of ['', '5', 'm5', '5 m', '<invalid>', '3w'])
      expect(parseHumanDuration(text)).toBeUndefined();
  });
});
