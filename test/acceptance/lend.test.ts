// Lending the terminal to a child process (an exec credential plugin's password prompt; later
// $EDITOR and a container shell), in a real terminal: the child gets every key typed, the
// screen comes back whole with what changed meanwhile, Ctrl-C and Ctrl-\ at the prompt are the
// child's, and q still leaves the terminal as it was. Until the kube side lends the terminal
// itself, a stand-in (fixtures/lend-demo.ts: the real screen on a fake cluster) does, on SIGUSR2.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, stopTerminals, Terminal } from './terminal.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'kdeck-lend-'));
const demo = join(dir, 'lend-demo.js');

beforeAll(async () => {
  // Bundled as scripts/build.js bundles kdeck.
  await build({
    entryPoints: [join(ROOT, 'test', 'acceptance', 'fixtures', 'lend-demo.ts')],
    outfile: demo,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    define: {
      'process.env.NODE_ENV': '"production"',
      KDECK_VERSION: '"test"',
      KDECK_K8S_PROTO: 'undefined',
    },
    alias: {
      'react-devtools-core': join(ROOT, 'scripts', 'react-devtools-stub.js'),
      'restore-cursor': join(ROOT, 'scripts', 'restore-cursor.js'),
    },
    banner: {
      js: "import { createRequire as __kdeckCreateRequire } from 'node:module'; const require = __kdeckCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}, 60_000);
afterAll(stopTerminals);

let runs = 0;

/** The stand-in in a pane; `lend()` starts a loan, `answer(n)` lets loan n's shell read. */
function start(...flags: string[]) {
  const out = join(dir, `out-${++runs}`);
  const t = new Terminal([out, ...flags], { entry: demo });
  return {
    t,
    lend: () => process.kill(t.pid(), 'SIGUSR2'),
    answer: (n: number) => writeFileSync(`${out}.${n}.go`, ''),
    read: (n: number) => (existsSync(`${out}.${n}`) ? readFileSync(`${out}.${n}`, 'utf8') : ''),
  };
}

describe.skipIf(!hasTmux)('lending the terminal', () => {
  it('the child gets every key typed, the screen comes back whole, keys work after, q exits 0', async () => {
    const { t, lend, answer, read } = start();
    await t.waitFor('before-loan-2');
    expect(t.modes()).toEqual({ alternate: true, cursor: false, cooked: false });

    lend();
    await t.waitFor('password 1:');
    // The primary screen, the cursor shown, cooked mode: the frame is gone.
    expect(t.screen()).not.toContain('before-loan');
    expect(t.modes()).toEqual({ alternate: false, cursor: true, cooked: true });
    // Typed in one burst while the shell is not reading yet: it waits in the terminal, where
    // kdeck would take it (and act on q, j, : and /) if it were still reading stdin.
    const password = 'hunter2 q:j/ ümlaut ~!';
    t.burst(password);
    t.keys('Enter');
    answer(1);

    // Back: the frame with the pod that appeared during the loan, nothing of the prompt.
    await t.waitFor('loan-1-ended-0');
    expect(read(1)).toBe(`got:${password}\n`);
    const screen = t.screen();
    expect(screen).toContain('during-loan-1');
    expect(screen).not.toContain('password');
    expect(t.modes()).toEqual({ alternate: true, cursor: false, cooked: false });
    expect(t.selected()).toContain('before-loan-1');

    t.keys('j');
    await t.waitFor((lines) => lines.some((l) => l.startsWith('›') && l.includes('before-loan-2')));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    expect(t.screen()).not.toContain('before-loan');
    expect(t.modes()).toEqual({ alternate: false, cursor: true, cooked: true });
    expect(readFileSync(t.stderr, 'utf8')).toBe('');
  });

  it('a loan before the screen starts: the child gets the keys, then the screen reads them', async () => {
    const { t, answer, read } = start('--lend-first');
    await t.waitFor('password 1:');
    expect(t.modes()).toEqual({ alternate: false, cursor: true, cooked: true });
    t.burst('early q:j/');
    t.keys('Enter');
    answer(1);
    await t.waitFor('loan-1-ended-0');
    expect(read(1)).toBe('got:early q:j/\n');
    expect(t.modes()).toEqual({ alternate: true, cursor: false, cooked: false });
    t.keys('j');
    await t.waitFor((lines) => lines.some((l) => l.startsWith('›') && l.includes('before-loan-2')));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    expect(t.modes()).toEqual({ alternate: false, cursor: true, cooked: true });
  });

  it('Ctrl-C and Ctrl-\\ at the prompt end the child, not kdeck', async () => {
    const { t, lend } = start();
    await t.waitFor('before-loan-2');
    lend();
    await t.waitFor('password 1:');
    t.keys('C-c');
    await t.waitFor('loan-1-ended-sigint');
    lend();
    await t.waitFor('password 2:');
    t.keys('C-\\');
    await t.waitFor('loan-2-ended-sigquit');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    expect(readFileSync(t.stderr, 'utf8')).toBe('');
  });

  it('a second loan waits for the first; a resize during a loan shows at the new size', async () => {
    const { t, lend, answer, read } = start();
    await t.waitFor('before-loan-2');
    lend();
    await t.waitFor('password 1:');
    lend();
    t.resize(100, 30);
    t.burst('first');
    t.keys('Enter');
    answer(1);
    await t.waitFor('password 2:');
    t.burst('second');
    t.keys('Enter');
    answer(2);
    await t.waitFor('loan-2-ended-0');
    expect([read(1), read(2)]).toEqual(['got:first\n', 'got:second\n']);
    // The frame fills the new size: the key hints on the 30th line, wider than 80 columns.
    await t.waitFor((lines) => /<q> quit/.test(lines[29] ?? '') && lines[29].length > 80);
    expect(t.screen()).not.toContain('password');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
