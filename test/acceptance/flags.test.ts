// README's flags, each through the real command line: --readonly against every mutating key
// (kubectl confirms nothing changed), a read-only user, -n/-A, --demo, --log-lines,
// --version, --help and a bad flag.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, KDECK, simForFile, Terminal } from './terminal.js';

const sim = simForFile();

const kdeck = (...args: string[]) => new Terminal(['--kubeconfig', sim.kubeconfig, ...args]);
const hints = (t: Terminal) => t.lines().filter(Boolean).at(-1) ?? '';

describe.skipIf(!hasTmux)('--readonly', () => {
  it('s, r and Ctrl-D say read-only and change nothing; hints and help leave them out', async () => {
    const t = kdeck('--readonly');
    await t.waitFor('pods(default)[5] live');
    t.burst(':deploy\r');
    await t.waitFor(/nginx-server-deployment\s+5\/5/);
    expect(hints(t)).toContain('<d> desc');
    expect(hints(t)).not.toMatch(/scale|restart|delete/);
    // Each named in the key's own words, as help names it.
    const refusals = { s: 'scale', r: 'restart', 'C-d': 'delete' };
    for (const [key, words] of Object.entries(refusals)) {
      t.keys(key);
      await t.waitFor(`read-only (--readonly): ${words} is off`);
      expect(t.screen()).not.toMatch(/scale default\/|Restart deployment|Delete deployment/);
      t.keys('j'); // the next key clears the message
      await t.waitGone('read-only (');
    }
    t.keys('?');
    const help = await t.waitFor('Keys (Esc or ? to close)');
    expect(help).toMatch(/describe/);
    expect(help).not.toMatch(/scale|rollout restart|delete marked|mark rows/);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
    const deployment = JSON.parse(
      sim.kubectl('get', 'deployment', 'nginx-server-deployment', '-o', 'json'),
    );
    expect(deployment.spec.replicas).toBe(5);
    expect(deployment.spec.template.metadata.annotations ?? {}).not.toHaveProperty(
      'kubectl.kubernetes.io/restartedAt',
    );
  });
});

describe.skipIf(!hasTmux)('a context configured read-only in the kubeconfig', () => {
  it('drops the mutating keys as --readonly does, and says which context', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
    const kc = load(readFileSync(sim.kubeconfig, 'utf8')) as any;
    for (const c of kc.contexts)
      if (c.name === kc['current-context'])
        c.context.extensions = [{ name: 'kdeck', extension: { readonly: true } }];
    const file = `${sim.dir}/readonly.kubeconfig`;
    writeFileSync(file, dump(kc));
    const t = new Terminal(['--kubeconfig', file]);
    await t.waitFor('pods(default)');
    t.burst(':deploy\r');
    await t.waitFor(/nginx-server-deployment\s+\d\/\d/);
    expect(hints(t)).not.toMatch(/scale|restart|delete/);
    t.keys('C-d');
    await t.waitFor('read-only (context kdeck-demo in kubeconfig): delete is off');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    expect(sim.kubectl('get', 'deployment', 'nginx-server-deployment', '-o', 'name')).toContain(
      'nginx-server-deployment',
    );
  });
});

describe.skipIf(!hasTmux)('KUBECONFIG with several files', () => {
  it('merges them as kubectl does: a namesake cluster in a later file loses, the current context may come from any file, a tokenFile is read', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
    const kc = load(readFileSync(sim.kubeconfig, 'utf8')) as any;
    writeFileSync(`${sim.dir}/admin-token`, kc.users[0].user.token);
    kc.users[0].user = { tokenFile: 'admin-token' };
    const first = `${sim.dir}/first.kubeconfig`;
    writeFileSync(first, dump({ ...kc, 'current-context': undefined }));
    const second = `${sim.dir}/second.kubeconfig`;
    writeFileSync(
      second,
      dump({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: kc.clusters[0].name, cluster: { server: 'https://127.0.0.1:1' } }],
        'current-context': kc['current-context'],
      }),
    );
    const t = new Terminal([], { env: { KUBECONFIG: `${first}:${second}` } });
    await t.waitFor('pods(default)[5] live');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('a user the server forbids', () => {
  it('keeps the keys listed as (forbidden); pressing one says why; the message goes with the next key', async () => {
    // 120 columns: the hint bar holds every key of a deployment (at 80 the first ones win).
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '--context', 'kdeck-demo-readonly'], {
      width: 120,
    });
    await t.waitFor('pods(default)[5] live');
    t.burst(':deploy\r');
    await t.waitFor('<s> scale(forbidden)');
    t.keys('s');
    await t.waitFor(/forbidden: .*patch/);
    t.keys('j');
    await t.waitFor('<s> scale(forbidden)');
    t.burst(':no\r');
    await t.waitFor(
      /^no rows: nodes is forbidden: User "kdeck-viewer" cannot list resource "nodes"/m,
    );
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    expect(
      sim.kubectl(
        'get',
        'deployment',
        'nginx-server-deployment',
        '-o',
        'jsonpath={.spec.replicas}',
      ),
    ).toBe('5');
  });
});

describe.skipIf(!hasTmux)('namespaces and the demo', () => {
  it('-n kube-system shows that namespace; -A every namespace with a NAMESPACE column', async () => {
    const n = kdeck('-n', 'kube-system');
    await n.waitFor(/pods\(kube-system\)\[\d+\] live/);
    expect(n.screen()).toContain('coredns');
    n.keys('q');
    // Wide enough for the names beside NAMESPACE, CPU and MEM.
    const a = new Terminal(['--kubeconfig', sim.kubeconfig, '-A'], { width: 120, height: 24 });
    const screen = await a.waitFor(/pods\(all\)\[\d+\] live/);
    expect(screen).toMatch(/NAMESPACE↑\s+NAME\s/);
    expect(screen).toMatch(/^ {2}kube-system\s+coredns/m);
    expect(screen).toMatch(/^[› ] {1}default\s+nginx-server-deployment/m);
    a.keys('q');
    expect(await a.exitCode()).toBe(0);
  });

  it('--demo starts its own cluster with the tutorial deployment and stops it on q', async () => {
    const t = new Terminal(['--demo']);
    await t.waitFor('pods(default)[5] live', 30_000);
    expect(t.screen()).toMatch(/nginx-server-deployment-\S+\s+\d\/1/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('--log-lines 100 keeps 100 lines of many: Ctrl-S in a log view saves exactly 100', async () => {
    // Enough lines on the server first (the default would keep them all).
    await eventually(
      () => sim.kubectl('logs', '-l', 'app=nginx-server', '--tail=-1').split('\n').length > 150,
      30_000,
      { everyMs: 500, what: 'more than 150 nginx log lines' },
    );
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '--log-lines', '100'], {
      env: { KDECK_SAVE_DIR: `${sim.dir}/saved` },
    });
    await t.waitFor('pods(default)[5] live');
    t.burst(':deploy\r');
    await t.waitFor(/nginx-server-deployment\s+5\/5/);
    t.keys('l');
    await t.waitFor(/following — logs deployment default\/nginx-server-deployment/);
    t.keys('5'); // since 1h: every line the pods wrote
    await t.waitFor(/following — logs deployment \S+ — since 1h/);
    // Saved again until the hour's lines have all arrived: then the buffer holds its 100.
    await eventually(
      async () => {
        t.keys('C-s');
        return /saved 100 lines/.test(await t.waitFor(/saved \d+ lines/));
      },
      15_000,
      { everyMs: 500, what: 'saved 100 lines' },
    );
    const file = readdirSync(`${sim.dir}/saved`).sort().at(-1);
    expect(readFileSync(`${sim.dir}/saved/${file}`, 'utf8').trimEnd().split('\n')).toHaveLength(
      100,
    );
    t.keys('Escape', 'q');
    await t.exitCode();
  });
});

describe('the command line', () => {
  const run = (...args: string[]) =>
    spawnSync(KDECK[0], [...KDECK.slice(1), ...args], { encoding: 'utf8' });

  it('--version and --help print and exit 0', () => {
    expect(execFileSync(KDECK[0], [...KDECK.slice(1), '--version']).toString()).toMatch(
      /^kdeck \d+\.\d+\.\d+\n$/,
    );
    const help = run('--help');
    expect(help.status).toBe(0);
    for (const flag of [
      '--kubeconfig',
      '--context',
      '--namespace',
      '--all-namespaces',
      '--readonly',
      '--log-lines',
      '--demo',
    ])
      expect(help.stdout).toContain(flag);
  });

  it('a bad flag or value gets one line on stderr and exit code 2', () => {
    for (const args of [['--no-such-flag'], ['--log-lines', 'many'], ['--log-lines', '50']]) {
      const r = run(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^kdeck: [^\n]+ \(kdeck --help for usage\)\n$/);
      expect(r.stdout).toBe('');
    }
  });

  it('without a terminal it says so in one line and exits 2', () => {
    const r = spawnSync(KDECK[0], [...KDECK.slice(1), '--demo'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TERM: 'xterm-256color' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('kdeck: needs a terminal (stdin and stdout are not both a TTY)\n');
  });
});
