// Who kdeck is to the server, through the real command line: --cluster and --user, a token
// the server stops accepting (every open view says so, and an edited kubeconfig is taken up
// without a restart), exec credential plugins (one run for many requests, run again after a
// 401, a failing plugin said in one line). kubectl and the plugin's own run count judge.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();

// biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
type Kubeconfig = any;
const kubeconfig = (): Kubeconfig => load(readFileSync(sim.kubeconfig, 'utf8'));
const tokenOf = (kc: Kubeconfig, user: string) =>
  kc.users.find((u: Kubeconfig) => u.name === user).user.token as string;

let files = 0;
function writeKubeconfig(kc: Kubeconfig): string {
  const file = join(sim.dir, `credentials-${++files}.kubeconfig`);
  writeFileSync(file, dump(kc));
  return file;
}

describe.skipIf(!hasTmux)('--cluster and --user', () => {
  it('--user replaces the context user: the viewer is shown and its writes are forbidden', async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '--user', 'kdeck-viewer']);
    await t.waitFor('pods(default)[5] live');
    expect(t.lines()[0]).toContain('user: kdeck-viewer');
    t.burst(':deploy\r');
    await t.waitFor(/nginx-server-deployment\s+5\/5/);
    t.keys('s');
    await t.waitFor(/forbidden/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('an unknown --cluster or --user is one line and exit 1, as kubectl refuses them', async () => {
    const cluster = new Terminal(['--kubeconfig', sim.kubeconfig, '--cluster', 'nope']);
    expect(await cluster.exitCode()).toBe(1);
    expect(readFileSync(cluster.stderr, 'utf8')).toBe(
      'kdeck: no server found for cluster "nope"\n',
    );
    const user = new Terminal(['--kubeconfig', sim.kubeconfig, '--user', 'nobody']);
    expect(await user.exitCode()).toBe(1);
    expect(readFileSync(user.stderr, 'utf8')).toBe('kdeck: auth info "nobody" does not exist\n');
  });
});

describe.skipIf(!hasTmux)('a kubeconfig kubectl would refuse', () => {
  it('is refused before anything is sent, in the words kubectl uses, with exit code 1', async () => {
    const kc = kubeconfig();
    kc.users[0].user = { ...kc.users[0].user, username: 'admin', password: 'secret' };
    const file = writeKubeconfig(kc);
    const t = new Terminal(['--kubeconfig', file]);
    expect(await t.exitCode()).toBe(1);
    const kubectl = spawnSync('kubectl', ['--kubeconfig', file, 'get', 'pods'], { input: '' });
    const said = readFileSync(t.stderr, 'utf8');
    expect(said).toBe(
      'kdeck: more than one authentication method found for kdeck-admin; found [token basicAuth], only one is allowed\n',
    );
    expect(kubectl.stderr.toString()).toBe(said.replace(/^kdeck: /, 'error: '));
  });
});

describe.skipIf(!hasTmux)('a token the server stops accepting', () => {
  it('turns the open view to unauthorized, and a new token written to the kubeconfig is taken up', async () => {
    const kc = kubeconfig();
    kc['current-context'] = 'kdeck-demo-readonly';
    const file = writeKubeconfig(kc);
    const t = new Terminal(['--kubeconfig', file]);
    await t.waitFor('pods(default)[5] live');
    sim.fault({ fault: 'reject-token', token: tokenOf(kc, 'kdeck-viewer') });
    // The table's watch stays open (a real server does not end it either); the next request
    // meets the 401, and the open view must say so rather than go on claiming `live`.
    t.keys('d');
    await t.waitFor(/pods\(default\)\[5\] unauthorized: You must be logged in to the server$/m);
    t.keys('Escape');
    await t.waitFor(/pods\(default\)\[5\] unauthorized: You must be logged in to the server$/m);
    // A file caught half-written is said, and changes nothing.
    writeFileSync(file, 'users: [{name: kdeck-viewer, user: {token: ');
    await t.waitFor('kubeconfig changed but cannot be used');
    // A new token for the same user, written into the file kdeck was started with.
    kc.users.find((u: Kubeconfig) => u.name === 'kdeck-viewer').user.token = tokenOf(
      kc,
      'kdeck-admin',
    );
    // kubectx-style, the file now also names another current-context: this session keeps its.
    kc['current-context'] = 'kdeck-demo';
    writeFileSync(file, dump(kc));
    await t.waitFor('pods(default)[5] live');
    expect(t.lines()[0]).toMatch(/^ctx: kdeck-demo-readonly .*user: kdeck-viewer/);
    t.burst(':deploy\r');
    await t.waitFor(/deployments\(default\)\[1\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    sim.fault({ fault: 'clear' });
  });
});

describe.skipIf(!hasTmux)('an exec credential plugin', () => {
  /** A plugin that counts its runs and prints what `answer` holds (rewritten by the test). */
  function plugin(name: string, script: string) {
    const dir = sim.dir;
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\necho run >> ${dir}/${name}.runs\n${script}\n`);
    chmodSync(path, 0o755);
    writeFileSync(`${dir}/${name}.runs`, '');
    return {
      runs: () => readFileSync(`${dir}/${name}.runs`, 'utf8').split('\n').filter(Boolean).length,
      answer: `${dir}/${name}.answer`,
    };
  }
  const credential = (token: string) =>
    JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token },
    });
  function withPlugin(command: string, extra: object = {}): string {
    const kc = kubeconfig();
    kc.users.push({
      name: 'by-plugin',
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command,
          interactiveMode: 'Never',
          ...extra,
        },
      },
    });
    kc.contexts[0].context.user = 'by-plugin';
    return writeKubeconfig(kc);
  }

  it('runs once for the many requests of a start, and again after the server refuses its token', async () => {
    const kc = kubeconfig();
    const p = plugin('counting', `cat ${sim.dir}/counting.answer`);
    writeFileSync(p.answer, credential(tokenOf(kc, 'kdeck-viewer')));
    // Relative, with a separator: read against the kubeconfig's directory, as kubectl does.
    const t = new Terminal(['--kubeconfig', withPlugin('./counting')]);
    await t.waitFor('pods(default)[5] live');
    t.burst(':deploy\r');
    await t.waitFor(/deployments\(default\)\[1\] live/);
    expect(p.runs()).toBe(1);
    // The token is revoked; the plugin would now hand out another.
    sim.fault({ fault: 'reject-token', token: tokenOf(kc, 'kdeck-viewer') });
    writeFileSync(p.answer, credential(tokenOf(kc, 'kdeck-admin')));
    t.keys('d');
    await t.waitFor(/Name:\s+nginx-server-deployment/);
    expect(p.runs()).toBe(2);
    t.keys('Escape');
    await t.waitFor(/deployments\(default\)\[1\] live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    sim.fault({ fault: 'clear' });
  });

  it('that asks for a password gets the terminal: before the screen, and mid-session with the screen put away', async () => {
    const kc = kubeconfig();
    const dir = sim.dir;
    const p = plugin(
      'asking',
      `n=$(wc -l < ${dir}/asking.runs)\nprintf "password $n: " >&2\nread pw\n[ "$pw" = "hunter2" ] || exit 1\ncat ${dir}/asking.answer`,
    );
    writeFileSync(p.answer, credential(tokenOf(kc, 'kdeck-viewer')));
    const t = new Terminal([
      '--kubeconfig',
      withPlugin('./asking', { interactiveMode: 'IfAvailable' }),
    ]);
    await t.waitFor('password 1:');
    t.burst('hunter2\r');
    await t.waitFor('pods(default)[5] live');
    expect(p.runs()).toBe(1);
    // Revoked: the next request meets a 401 and the plugin asks again, over the screen.
    sim.fault({ fault: 'reject-token', token: tokenOf(kc, 'kdeck-viewer') });
    writeFileSync(p.answer, credential(tokenOf(kc, 'kdeck-admin')));
    t.keys('d');
    const prompt = await t.waitFor('password 2:');
    expect(prompt).not.toContain('pods(default)');
    t.burst('hunter2\r');
    await t.waitFor(/Name:\s+nginx-server-deployment-/);
    expect(p.runs()).toBe(2);
    t.keys('Escape');
    await t.waitFor('pods(default)[5] live');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    sim.fault({ fault: 'clear' });
  });

  it('Ctrl-C at its prompt quits kdeck, as it quits kubectl: before the screen and over it', async () => {
    const kc = kubeconfig();
    const dir = sim.dir;
    const p = plugin(
      'cancelled',
      `n=$(wc -l < ${dir}/cancelled.runs)\nprintf "password $n: " >&2\nread pw\ncat ${dir}/cancelled.answer`,
    );
    writeFileSync(p.answer, credential(tokenOf(kc, 'kdeck-viewer')));
    const kubeconfigFile = withPlugin('./cancelled', { interactiveMode: 'IfAvailable' });
    const first = new Terminal(['--kubeconfig', kubeconfigFile]);
    await first.waitFor('password 1:');
    first.keys('C-c');
    expect(await first.exitCode()).toBe(130);
    // Mid-session: the second prompt comes over the screen after a 401.
    const t = new Terminal(['--kubeconfig', kubeconfigFile]);
    await t.waitFor('password 2:');
    t.burst('anything\r');
    await t.waitFor('pods(default)[5] live');
    sim.fault({ fault: 'reject-token', token: tokenOf(kc, 'kdeck-viewer') });
    t.keys('d');
    await t.waitFor('password 3:');
    t.keys('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(p.runs()).toBe(3);
    sim.fault({ fault: 'clear' });
  });

  it('that waits at its prompt ends with kdeck on SIGTERM, leaving nothing behind', async () => {
    plugin('waiting', 'printf "password: " >&2\nread pw\nexit 1');
    const t = new Terminal([
      '--kubeconfig',
      withPlugin('./waiting', { interactiveMode: 'IfAvailable' }),
    ]);
    await t.waitFor('password:');
    process.kill(t.pid(), 'SIGTERM');
    expect(await t.exitCode()).toBe(143);
    const left = spawnSync('pgrep', ['-f', join(sim.dir, 'waiting')])
      .stdout.toString()
      .trim();
    expect(left).toBe('');
  });

  it('that fails at start and then works: the header and what the keys may do catch up', async () => {
    const kc = kubeconfig();
    const p = plugin('late', `cat ${sim.dir}/late.answer`);
    writeFileSync(
      p.answer,
      '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"}',
    );
    const t = new Terminal(['--kubeconfig', withPlugin('./late')]);
    await t.waitFor(/unauthorized: getting credentials/);
    expect(t.lines()[0]).toContain('k8s: ?');
    writeFileSync(p.answer, credential(tokenOf(kc, 'kdeck-admin')));
    await t.waitFor('pods(default)[5] live', 30_000);
    await t.waitFor(/k8s: v\d/);
    // The admin may delete: asked again once the server answered, not "could not check". A key
    // counts as forbidden until that answer, so help is read until it lists delete as allowed.
    t.keys('?');
    await t.waitFor((l) => l.some((x) => /^ctrl-d\s+delete/.test(x)));
    t.keys('Escape');
    await t.waitFor('<enter> containers');
    t.keys('C-d');
    await t.waitFor(/Delete pod default\/nginx-server-deployment-/);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('that fails says so in one line with its stderr, and q still quits', async () => {
    const p = plugin('failing', 'echo "the SSO session has expired; run: sso login" >&2\nexit 1');
    const t = new Terminal(['--kubeconfig', withPlugin('./failing')]);
    // The header says the state; the empty table gives the reason whole (the header cuts it).
    await t.waitFor('pods(default)[0] unauthorized: getting credentials: exec:');
    const screen = (await t.waitFor('run: sso login')).split('\n').join(' ');
    expect(screen).toMatch(
      /no rows: getting credentials: exec: executable \S+\/failing failed with exit code 1: the SSO session\s+has expired; run: sso login/,
    );
    const runs = p.runs();
    expect(runs).toBeGreaterThanOrEqual(1);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('that is not installed shows its install hint', async () => {
    const t = new Terminal([
      '--kubeconfig',
      withPlugin('no-such-sso-helper', { installHint: 'install it with: brew install sso-helper' }),
    ]);
    const screen = (await t.waitFor('sso-helper not found')).split('\n').join(' ');
    expect(screen).toMatch(/executable no-such-sso-helper not found/);
    await t.waitFor('brew install sso-helper');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
