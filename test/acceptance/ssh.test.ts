// kdeck as it is used: on a jump host, over SSH, in tmux, at 80×24. This suite's tmux pane
// is the user's terminal emulator; it runs ssh to a throwaway sshd on 127.0.0.1, whose
// session starts a tmux of its own (set-clipboard on) with kdeck in its pane, under each TERM
// README names. The screen is read from the near pane; what kdeck wrote, byte for byte, from
// the far tmux's pipe-pane; the clipboard from the far tmux's buffer; the cluster from kubectl.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive } from '../helpers/process.js';
import { eventually } from '../helpers/sim.js';
import { hasSshd, type Sshd, startSshd } from '../helpers/sshd.js';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const TMUX = hasTmux ? execFileSync('sh', ['-c', 'command -v tmux']).toString().trim() : '';
const sim = simForFile();
let sshd: Sshd;
const dir = mkdtempSync(join(tmpdir(), 'kdeck-ssh-'));
let watchdog: number | undefined;

beforeAll(async () => {
  if (!hasSshd || !hasTmux) return;
  sshd = await startSshd();
  // The far tmux servers are started by the SSH sessions and outlive them (that is their
  // job); should this runner die before afterAll, this stops them by itself.
  const child = spawn(
    'sh',
    ['-c', `sleep 600; for s in ${quote(dir)}/*.sock; do ${TMUX} -S "$s" kill-server; done`],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  watchdog = child.pid;
}, 30_000);

afterAll(() => {
  for (const s of readdirSync(dir).filter((f) => f.endsWith('.sock')))
    spawnSync(TMUX, ['-S', join(dir, s), 'kill-server']);
  if (watchdog) process.kill(-watchdog, 'SIGTERM');
  sshd?.stop();
});

/** The ssh client a pane runs (its remote command names the pane's mark). */
function sshClientOf(t: Terminal): number {
  const found = readdirSync('/proc').filter((p) => {
    if (!/^\d+$/.test(p)) return false;
    try {
      const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      // The mark, quoted once (ssh straight to kdeck) or twice (through the far tmux).
      const mark = new RegExp(`KDECK_TEST_PANE=[\\\\']*${t.mark}'`);
      return argv[0] === 'ssh' && argv.some((a) => mark.test(a));
    } catch {
      return false;
    }
  });
  if (found.length !== 1) throw new Error(`${found.length} ssh clients for ${t.mark}`);
  return Number(found[0]);
}

let tmuxes = 0;

/** A tmux on the far side of SSH, as a user starts one on a jump host. */
class FarTmux {
  readonly socket = join(dir, `far-${++tmuxes}.sock`);
  /** Every byte kdeck writes to its pane, from the first one (pipe-pane, set by a hook). */
  readonly output = join(dir, `far-${tmuxes}.out`);

  /** The near pane's command: ssh, then this tmux with `cmd` in its only pane, 80×24. */
  via = (cmd: string): string => {
    const conf = `${this.socket}.conf`;
    writeFileSync(
      conf,
      [
        // The whole 80×24 for kdeck: no status line.
        'set -g status off',
        // OSC 52 from an application becomes a paste buffer (and goes on to the terminal
        // outside when it can take it).
        'set -g set-clipboard on',
        // The hook runs before the server next reads the new pane, so no byte is missed.
        `set-hook -g after-new-session ${quote(`pipe-pane -o ${quote(`cat >>${this.output}`)}`)}`,
        '',
      ].join('\n'),
    );
    writeFileSync(this.output, '');
    return sshd.command(
      `${TMUX} -S ${quote(this.socket)} -f ${quote(conf)} new-session -x 80 -y 24 ${quote(cmd)}`,
    );
  };

  run(...args: string[]): string {
    return execFileSync(TMUX, ['-S', this.socket, ...args]).toString();
  }

  /** The newest paste buffer: what an OSC 52 put there; '' when none. */
  clipboard(): string {
    const r = spawnSync(TMUX, ['-S', this.socket, 'show-buffer']);
    return r.status === 0 ? r.stdout.toString() : '';
  }

  /**
   * Everything kdeck wrote to the pane, once it has exited with `code`: the pane's shell
   * says so after kdeck's last byte, and pipe-pane keeps the pane's order.
   */
  allWritten(code: number): Promise<string> {
    const done = () => {
      const bytes = readFileSync(this.output, 'latin1');
      return bytes.includes(`kdeck exited ${code}`) ? bytes : '';
    };
    return eventually(done, 10_000, { what: `"kdeck exited ${code}" in the far pane's output` });
  }

  kill(): void {
    spawnSync(TMUX, ['-S', this.socket, 'kill-server']);
  }
}

/** Control sequences are matched by patterns built from strings (the linter bans raw ESC). */
const CSI = '\u001b\\[';

/** The SGR sequences that set a colour (foreground or background; 16, 256 or RGB). */
function colours(bytes: string): string[] {
  const isColour = (p: number) =>
    p === 38 || p === 48 || (p >= 30 && p <= 37) || (p >= 40 && p <= 47) || (p >= 90 && p <= 107);
  return [...bytes.matchAll(new RegExp(`${CSI}([\\d;:]*)m`, 'g'))]
    .filter((m) => m[1].split(/[;:]/).map(Number).some(isColour))
    .map((m) => m[0]);
}

const cases: { term: string; env: Record<string, string>; label: string }[] = [
  ...['xterm-256color', 'tmux-256color', 'screen', 'linux', 'vt100'].map((term) => ({
    term,
    env: { TERM: term },
    label: `TERM=${term}`,
  })),
  {
    term: 'xterm-256color',
    env: { TERM: 'xterm-256color', NO_COLOR: '1' },
    label: 'TERM=xterm-256color NO_COLOR=1',
  },
];

describe.skipIf(!hasSshd || !hasTmux)('over SSH, in tmux, at 80×24', () => {
  for (const c of cases) {
    it(`${c.label}: the pods table, :deploy, c copies through tmux, q gives the terminal back`, async () => {
      const far = new FarTmux();
      const t = new Terminal(['--kubeconfig', sim.kubeconfig], { env: c.env, via: far.via });
      await t.waitFor('pods(default)[5] live', 30_000);
      expect(far.run('display', '-p', '#{pane_width}x#{pane_height}').trim()).toBe('80x24');
      // kdeck itself sees the TERM it was given, not the far tmux's.
      const environ = readFileSync(`/proc/${t.pid()}/environ`, 'utf8').split('\0');
      expect(environ).toContain(`TERM=${c.term}`);

      const name = t.selected()!.slice(2).trim().split(/\s+/)[0];
      expect(sim.kubectl('get', 'pods', '-o', 'name').split('\n')).toContain(`pod/${name}`);
      expect(far.clipboard()).toBe('');
      t.keys('c');
      await t.waitFor(`copied ${name}`);
      expect(far.clipboard()).toBe(name);

      t.keys(':');
      t.burst('deploy');
      t.keys('Enter');
      const screen = await t.waitFor(/^[› ][* ]nginx-server-deployment\s+\d+\/\d+/m);
      const ready = sim.kubectl(
        'get',
        'deploy',
        'nginx-server-deployment',
        '-o',
        'jsonpath={.status.readyReplicas}/{.spec.replicas}',
      );
      expect(screen).toMatch(new RegExp(`nginx-server-deployment\\s+${ready}\\s`));

      t.keys('q');
      expect(await t.exitCode()).toBe(0);
      expect(t.screen()).not.toContain('deployments(');
      const bytes = await far.allWritten(0);
      if (c.env.NO_COLOR) expect(colours(bytes)).toEqual([]);
      else if (c.term !== 'vt100') expect(colours(bytes).length).toBeGreaterThan(0);
      expect(far.run('display', '-p', '#{alternate_on}').trim()).toBe('0');
      expect(readFileSync(t.stderr, 'utf8')).toBe('');
      far.kill();
      t.close();
    });
  }

  it('TERM=vt100: no cursor-column moves, no synchronized updates, no colours', async () => {
    const far = new FarTmux();
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], {
      env: { TERM: 'vt100' },
      via: far.via,
    });
    await t.waitFor('pods(default)[5] live', 30_000);
    t.keys('j', 'j');
    await t.waitFor((lines) => lines.some((l) => l.startsWith('›')));
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    const bytes = await far.allWritten(0);
    expect(bytes).toContain('pods(default)');
    expect(bytes.match(new RegExp(`${CSI}\\d*G`, 'g')) ?? []).toEqual([]);
    expect(bytes).not.toContain('\u001b[?2026');
    expect(colours(bytes)).toEqual([]);
    far.kill();
    t.close();
  });

  it('TERM=dumb: one line on stderr, exit 2, nothing written to the terminal', async () => {
    const far = new FarTmux();
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], {
      env: { TERM: 'dumb' },
      via: far.via,
    });
    expect(await t.exitCode()).toBe(2);
    const stderr = readFileSync(t.stderr, 'utf8');
    expect(stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(stderr).toMatch(/terminal that can move the cursor/);
    // The far pane's shell wrote "kdeck exited 2"; kdeck wrote nothing before it.
    expect(await far.allWritten(2)).toMatch(/^kdeck exited 2\r?\n/);
    far.kill();
    t.close();
  });
});

describe.skipIf(!hasSshd || !hasTmux)('the SSH connection dropped', () => {
  const direct = (cmd: string) => sshd.command(cmd);

  for (const [how, drop] of [
    ['the ssh client killed (SIGKILL)', (t: Terminal) => process.kill(sshClientOf(t), 'SIGKILL')],
    ['the terminal holding ssh closed (SIGHUP)', (t: Terminal) => t.close()],
  ] as const) {
    it(`${how}: kdeck exits 129, no stack trace, no process left`, async () => {
      const t = new Terminal(['--kubeconfig', sim.kubeconfig], {
        env: { TERM: 'xterm-256color' },
        via: direct,
      });
      await t.waitFor('pods(default)[5] live', 30_000);
      const pid = t.pid();
      drop(t);
      expect(await t.recordedExit()).toBe(129);
      await eventually(() => !alive(pid), 10_000, { what: 'kdeck gone' });
      expect(readFileSync(t.stderr, 'utf8')).toBe('');
      t.close();
    });
  }

  it('in a far tmux: kdeck outlives the dropped connection; when that tmux ends, kdeck ends quietly', async () => {
    const far = new FarTmux();
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], {
      env: { TERM: 'tmux-256color' },
      via: far.via,
    });
    await t.waitFor('pods(default)[5] live', 30_000);
    const pid = t.pid();
    process.kill(sshClientOf(t), 'SIGKILL');
    // The far tmux lets its client go and keeps the session: kdeck still draws there.
    await eventually(() => far.run('list-clients').trim() === '', 10_000, {
      what: 'the far tmux without its client',
    });
    far.run('send-keys', 'j');
    await eventually(() => far.run('capture-pane', '-p').includes('pods(default)[5] live'), 5000);
    expect(alive(pid)).toBe(true);
    far.kill();
    expect(await t.recordedExit()).toBe(129);
    await eventually(() => !alive(pid), 10_000, { what: 'kdeck gone' });
    expect(readFileSync(t.stderr, 'utf8')).toBe('');
    t.close();
  });
});
