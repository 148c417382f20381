// Small shared helpers.
import { expect, it } from 'vitest';
import { inert } from '../src/util/inert.js';

it('makes every control character but tab visible and harmless', () => {
  expect(inert('ok\tstill ok')).toBe('ok\tstill ok');
  expect(inert('\u001B[2J\u0007\r\u007F\u009B')).toBe('^[[2J^G^M^?\\x9b');
});
