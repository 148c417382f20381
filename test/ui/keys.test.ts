// Input as one read of the terminal delivers it → the keys kdeck acts on, one by one.
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { keyBytes, splitKeys, textKeys } from '../../src/ui/keys.js';

const none: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

describe('keys that arrive in one read', () => {
  it('jjj typed quickly is three moves', () => {
    expect(splitKeys('jjj', none)).toEqual(['j', 'j', 'j']);
  });
  it('a burst with Enter, Tab, Backspace, Ctrl-U and Ctrl-W in it keeps each of them', () => {
    expect(splitKeys(':de\tx\u007F\r', none)).toEqual([
      ':',
      'd',
      'e',
      'tab',
      'x',
      'backspace',
      'enter',
    ]);
    expect(splitKeys('/api web\u0017', none)).toEqual([
      '/',
      'a',
      'p',
      'i',
      'space',
      'w',
      'e',
      'b',
      'ctrl-w',
    ]);
    expect(splitKeys('\u00157', none)).toEqual(['ctrl-u', '7']);
  });
  it('Esc followed at once by j is Esc, then j (kdeck has no Alt bindings)', () => {
    expect(splitKeys('j', { ...none, meta: true })).toEqual(['esc', 'j']);
  });
  it('Esc followed at once by a Ctrl key or a named key keeps that key whole', () => {
    const meta = { ...none, meta: true };
    // What Ink makes of ESC Ctrl-C, ESC Ctrl-D, ESC Up, ESC Backspace, ESC Tab, ESC Enter, ESC ESC.
    expect(splitKeys('c', { ...meta, ctrl: true })).toEqual(['esc', 'ctrl-c']);
    expect(splitKeys('d', { ...meta, ctrl: true })).toEqual(['esc', 'ctrl-d']);
    expect(splitKeys('', { ...meta, upArrow: true })).toEqual(['esc', 'up']);
    expect(splitKeys('', { ...meta, backspace: true })).toEqual(['esc', 'backspace']);
    expect(splitKeys('', { ...meta, tab: true })).toEqual(['esc', 'tab']);
    expect(splitKeys('\r', { ...meta, return: true })).toEqual(['esc', 'enter']);
    expect(splitKeys('', { ...meta, escape: true })).toEqual(['esc', 'esc']);
  });
  it('arrows and other named keys stay whole', () => {
    expect(splitKeys('', { ...none, downArrow: true })).toEqual(['down']);
    expect(splitKeys('', { ...none, pageUp: true })).toEqual(['pgup']);
    expect(splitKeys('', { ...none, escape: true })).toEqual(['esc']);
    expect(splitKeys('d', { ...none, ctrl: true })).toEqual(['ctrl-d']);
  });
  it('C1 controls type nothing; wide characters are one key', () => {
    expect(splitKeys('a\u009bb漢', none)).toEqual(['a', 'b', '漢']);
  });
});

describe('keys held for a shell, given back as the terminal sent them', () => {
  it('text, Enter, Backspace, control keys and arrows become their bytes again', () => {
    const typed = 'echo hi\u007F\u007Fjj\r\u0003\u0004\t \u001B';
    expect(keyBytes(textKeys(typed))).toBe(typed);
    expect(keyBytes(['up', 'down', 'right', 'left', 'delete'])).toBe(
      '\u001B[A\u001B[B\u001B[C\u001B[D\u001B[3~',
    );
  });
});
