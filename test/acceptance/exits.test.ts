// Every way out gives the terminal back with the conventional exit code, and nothing but the
// screen reaches the terminal: q, Ctrl-C, SIGTERM, SIGHUP, a pane killed under kdeck, a server
// that cannot be reached, a server reached through `kubectl proxy` (plain http).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive } from '../helpers/process.js';
import { eventually } from '../helpers/sim.js';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile('--pods', '300', '--namespaces', '3', '--churn', '200');

const kdeck = (...args: string[]) => new Terminal(['--kubeconfig', sim.kubeconfig, ...args]);
describe.skipIf(!hasTmux)('ways out', () => {
  it('q exits 0 and restores the screen', async () => {
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    expect(t.screen()).not.toContain('pods(default)');
  });

  it('SIGTERM exits 143, SIGHUP 129, each with the terminal restored and stderr empty', async () => {
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGHUP', 129],
    ] as const) {
      const t = kdeck('-A');
      await t.waitFor(/pods\(all\)\[\d+\] live/);
      process.kill(t.pid(), signal);
      expect(await t.exitCode()).toBe(code);
      expect(t.screen()).not.toContain('pods(all)');
      expect(readFileSync(t.stderr, 'utf8')).toBe('');
    }
  });

  it('a pane killed while rows churn: kdeck leaves quietly (no stack trace on stderr)', async () => {
    const t = kdeck('-A');
    await t.waitFor(/pods\(all\)\[\d+\] live/);
    const pid = t.pid();
    t.close();
    await eventually(() => !alive(pid), 10_000, { what: 'kdeck gone after its pane was killed' });
    expect(readFileSync(t.stderr, 'utf8')).toBe('');
  });

  it('a terminal that goes away while describe is open (no SIGHUP reaches kdeck): it leaves anyway', async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '-A'], { hangupToShellOnly: true });
    await t.waitFor(/pods\(all\)\[\d+\] live/);
    t.keys('d');
    await t.waitFor(/describe pod /);
    const pid = t.pid();
    t.close();
    await eventually(() => !alive(pid), 10_000, {
      what: 'kdeck gone after its terminal went away',
    });
    expect(readFileSync(t.stderr, 'utf8')).toBe('');
  });
});

describe.skipIf(!hasTmux)('servers', () => {
  it('a server that cannot be reached says why, marks no key forbidden, and still quits on q', async () => {
    const kubeconfig = join(sim.dir, 'unreachable.kubeconfig');
    writeFileSync(
      kubeconfig,
      readFileSync(sim.kubeconfig, 'utf8').replace(/server: \S+/, 'server: https://127.0.0.1:1'),
    );
    const t = new Terminal(['--kubeconfig', kubeconfig]);
    await t.waitFor(/reconnecting \d+s — .*connection refused/);
    // The title line cuts a long reason at 80 columns; the empty table says it whole.
    await t.waitFor(/^no rows yet: .*connection refused/m);
    // Its keys are not marked forbidden: no server has refused anything.
    expect(t.screen()).not.toContain('(forbidden)');
    // A key that acts on a row says there is none, rather than that it could not ask.
    t.keys('C-d');
    await t.waitFor('no pods here to act on');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('kubectl proxy (plain http) as the server shows the pods live', async () => {
    const proxy = spawn('kubectl', ['proxy', '--port=0', '--address=127.0.0.1'], {
      env: { ...process.env, KUBECONFIG: sim.kubeconfig },
    });
    try {
      let out = '';
      proxy.stdout.on('data', (c) => {
        out += c;
      });
      const port = await eventually(() => /127\.0\.0\.1:(\d+)/.exec(out)?.[1], 10_000, {
        what: 'kubectl proxy listening',
      });
      const kubeconfig = join(sim.dir, 'proxy.kubeconfig');
      writeFileSync(
        kubeconfig,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters: [{name: proxy, cluster: {server: "http://127.0.0.1:' + port + '"}}]',
          'users: [{name: nobody, user: {}}]',
          'contexts: [{name: proxy, context: {cluster: proxy, user: nobody, namespace: default}}]',
          'current-context: proxy',
        ].join('\n'),
      );
      const t = new Terminal(['--kubeconfig', kubeconfig]);
      await t.waitFor('pods(default)[5] live');
      t.keys('q');
      expect(await t.exitCode()).toBe(0);
    } finally {
      proxy.kill();
    }
  });
});
