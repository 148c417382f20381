// The single executables (npm run build:exe) on a host with no Node.js: nothing named node on
// the PATH and an empty environment, each prints its version, serves `kdeck sim`, and runs
// against it in a real terminal. linux-arm64's runs here under qemu-user's emulation, with the
// Debian cross libraries as its root (.ci/run installs both). Each is skipped until it is
// built (and arm64's without qemu); `npm test` builds them.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, stopTerminals, Terminal } from '../acceptance/terminal.js';
import { eventually, spawnCollecting } from '../helpers/sim.js';

const ROOT = join(import.meta.dirname, '..', '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

const QEMU = '/usr/bin/qemu-aarch64';
const ARM64_ROOT = '/usr/aarch64-linux-gnu';
// A PATH of one empty folder and a HOME of its own: /usr/bin has a node on some machines.
const home = mkdtempSync(join(tmpdir(), 'kdeck-exe-'));
const emptyBin = mkdtempSync(join(tmpdir(), 'kdeck-exe-path-'));
const bare = { PATH: emptyBin, HOME: home };

const targets = [
  // Native: the executable itself. Emulated: qemu, given where arm64's libc and loader are.
  { arch: 'x64', runner: [] as string[], emulated: false, objdump: 'objdump' },
  {
    arch: 'arm64',
    runner: [QEMU, '-L', ARM64_ROOT],
    emulated: true,
    objdump: 'aarch64-linux-gnu-objdump',
  },
].map((t) => {
  const built = join(ROOT, 'dist', `kdeck-linux-${t.arch}`);
  const runs = existsSync(built) && (t.arch === process.arch || (t.emulated && existsSync(QEMU)));
  // Installed as README says: the one file copied on its own, made executable.
  const exe = join(home, `kdeck-${t.arch}`);
  if (runs) {
    copyFileSync(built, exe);
    chmodSync(exe, 0o755);
  }
  return {
    ...t,
    built,
    runs,
    command: t.arch === process.arch ? [exe] : [...t.runner, exe],
    // Emulation is many times slower: these are limits, not what is measured.
    limitMs: t.arch === process.arch ? 15_000 : 180_000,
  };
});

// The copies are 120 MB each.
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(emptyBin, { recursive: true, force: true });
});

it('the environment the executables run in has no node', () => {
  expect(spawnSync('/bin/sh', ['-c', 'command -v node'], { env: bare }).status).not.toBe(0);
});

for (const t of targets) {
  describe.skipIf(!t.runs)(`kdeck-linux-${t.arch}, with no Node.js on the host`, () => {
    let sim: ReturnType<typeof spawnCollecting> | undefined;
    const kubeconfig = join(home, `kubeconfig-${t.arch}`);
    const [program, ...before] = t.command;

    beforeAll(async () => {
      sim = spawnCollecting(
        program,
        [...before, 'sim', '--fast', '--write-kubeconfig', kubeconfig],
        bare,
      );
      await eventually(() => sim!.output().startsWith('ready'), t.limitMs, {
        what: 'kdeck sim ready',
      });
    }, t.limitMs + 10_000);
    afterAll(async () => {
      stopTerminals();
      await sim?.stop();
    });

    it('links nothing but glibc 2.28 or newer, libstdc++ and libatomic', () => {
      const r = spawnSync(t.objdump, ['-p', '-T', t.built], { encoding: 'utf8', maxBuffer: 1e9 });
      expect(r.status).toBe(0);
      const needed = [...r.stdout.matchAll(/NEEDED\s+(\S+)/g)].map((m) => m[1]).sort();
      expect(needed).toEqual(
        [
          'libatomic.so.1',
          'libc.so.6',
          'libdl.so.2',
          'libgcc_s.so.1',
          'libm.so.6',
          'libpthread.so.0',
          'libstdc++.so.6',
          t.arch === 'x64' ? 'ld-linux-x86-64.so.2' : 'ld-linux-aarch64.so.1',
        ].sort(),
      );
      const newest = (prefix: string) =>
        [...r.stdout.matchAll(new RegExp(`${prefix}_([\\d.]+)`, 'g'))]
          .map((m) => m[1])
          .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
          .at(-1);
      expect(newest('GLIBC')).toBe('2.28');
      // CXXABI_1.3.11 came with GCC 7's libstdc++.
      expect(newest('CXXABI')).toBe('1.3.11');
    });

    it(
      '--version prints the package version',
      () => {
        const r = spawnSync(program, [...before, '--version'], { env: bare, encoding: 'utf8' });
        expect(r.stderr).toBe('');
        expect(r.stdout).toBe(`kdeck ${version}\n`);
        expect(r.status).toBe(0);
      },
      t.limitMs,
    );

    it.skipIf(!hasTmux)(
      'kdeck against its own `kdeck sim` in tmux: pods live, q exits 0, terminal restored',
      async () => {
        const term = new Terminal(['--kubeconfig', kubeconfig], {
          command: [
            'env',
            '-i',
            ...Object.entries(bare).map(([k, v]) => `${k}=${v}`),
            'TERM=xterm-256color',
            ...t.command,
          ],
        });
        await term.waitFor('pods(default)[5] live', t.limitMs);
        expect(term.modes()).toMatchObject({ alternate: true, cooked: false });
        term.keys('q');
        expect(await term.exitCode(t.limitMs)).toBe(0);
        expect(term.screen()).not.toContain('pods(default)');
        expect(term.modes()).toMatchObject({ alternate: false, cursor: true, cooked: true });
        expect(readFileSync(term.stderr, 'utf8')).toBe('');
      },
      2 * t.limitMs + 10_000,
    );
  });
}
