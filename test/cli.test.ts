// kdeck as it is installed and run: the one bundled file, on its own, and `kdeck sim`.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, spawnCollecting } from './helpers/sim.js';

const ROOT = join(import.meta.dirname, '..');
const BUNDLE = join(ROOT, 'dist', 'kdeck.js');
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

describe('npm start', () => {
  it('reads relative paths from the directory it was typed in, not the package', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-npm-start-'));
    // A kubeconfig only this directory has: kdeck finds it, and says what is wrong with it.
    writeFileSync(join(dir, 'mine.yaml'), 'apiVersion: v1\nkind: Config\ncurrent-context: here\n');
    const r = spawnSync('npm', ['--prefix', ROOT, 'start', '--', '--kubeconfig', 'mine.yaml'], {
      cwd: dir,
      input: '',
      env: { ...process.env, npm_lifecycle_event: '', INIT_CWD: '' },
    });
    expect(r.stderr.toString()).toContain('current-context "here" is not a context');
    expect(r.status).toBe(1);
  });
});

describe('the bundled file alone (the jump-host install)', () => {
  it('runs --version and --help with no node_modules beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-bundle-'));
    copyFileSync(BUNDLE, join(dir, 'kdeck.js'));
    expect(execFileSync(process.execPath, ['kdeck.js', '--version'], { cwd: dir }).toString()).toBe(
      `kdeck ${version}\n`,
    );
    const help = execFileSync(process.execPath, ['kdeck.js', '--help'], { cwd: dir }).toString();
    expect(help).toContain('kdeck --demo');
    expect(help).toContain('--all-namespaces');
  });

  // The machines' system Node is 20; skipped where no older Node is installed.
  const old = ['/usr/bin/node', '/usr/local/bin/node'].find(
    (p) =>
      existsSync(p) &&
      Number(execFileSync(p, ['-p', 'process.versions.node.split(".")[0]']).toString()) < 22,
  );
  it.skipIf(!old)('says in one line which Node it needs when started by an older one', () => {
    const r = spawnSync(old!, [join(ROOT, 'bin', 'kdeck'), '--version']);
    expect(r.status).toBe(1);
    expect(r.stderr.toString()).toMatch(
      /^kdeck needs Node\.js 22\.19 or newer; this is Node\.js \d+\.\d+\.\d+\.\n$/,
    );
  });
});

describe('kdeck', () => {
  it('says in one line that it needs a terminal when its output is piped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-kc-'));
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
    );
    const r = spawnSync(process.execPath, [BUNDLE, '--kubeconfig', kubeconfig]);
    expect(r.status).toBe(1);
    expect(r.stderr.toString()).toBe(
      'kdeck: needs a terminal (stdin and stdout are not both a TTY)\n',
    );
  });

  it('names the kubeconfig it looked for when there is none', () => {
    const r = spawnSync(process.execPath, [BUNDLE, '--kubeconfig', '/nonexistent/config']);
    expect(r.status).toBe(1);
    expect(r.stderr.toString()).toBe(
      'kdeck: no kubeconfig found (looked at /nonexistent/config); pass --kubeconfig FILE, set KUBECONFIG, or try kdeck --demo\n',
    );
  });
});

describe('kdeck sim', () => {
  it('--help prints the usage, its sim flags included, and starts nothing', () => {
    const r = spawnSync(process.execPath, [BUNDLE, 'sim', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toContain('Sim flags:');
    expect(r.stdout.toString()).toContain('--no-metrics');
    expect(r.stdout.toString()).not.toContain('ready');
  });

  it('refuses a bad flag in one line, exit 2', () => {
    const r = spawnSync(process.execPath, [BUNDLE, 'sim', '--port', 'eighty']);
    expect(r.status).toBe(2);
    expect(r.stderr.toString()).toBe(
      'kdeck: --port needs a whole number, not "eighty"\nRun kdeck --help for usage.\n',
    );
  });

  it('prints ready with its URL, serves kubectl through the kubeconfig it wrote, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-sim-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const sim = spawnCollecting(
      process.execPath,
      [BUNDLE, 'sim', '--fast', '--write-kubeconfig', kubeconfig],
      process.env,
    );
    const line = await eventually(() =>
      /^ready (https:\/\/127\.0\.0\.1:\d+) kubeconfig=/.exec(sim.output()),
    );
    const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') };
    const ns = execFileSync('kubectl', ['get', 'ns', '-o', 'name'], { env }).toString();
    expect(ns).toContain('namespace/kube-system');
    expect(readFileSync(kubeconfig, 'utf8')).toContain(`server: ${line![1]}`);
    await sim.stop();
    expect(await sim.exited).toBe(0);
  });
});
