// A throwaway OpenSSH server on a loopback port, for running kdeck as it is used: over SSH.
// Its keys, config and pid file live in a temp dir; it runs under `timeout`, so it stops by
// itself even when the test runner dies. Shared by the acceptance suite and the benchmark.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';
export const hasSshd =
  existsSync(SSHD) &&
  ['ssh', 'ssh-keygen'].every((p) => {
    try {
      execFileSync('sh', ['-c', `command -v ${p}`]);
      return true;
    } catch {
      return false;
    }
  });

export interface Sshd {
  port: number;
  dir: string;
  /** The ssh client's options (keys, port, no host checks); then `target` and the command. */
  clientArgs: string[];
  /** user@127.0.0.1: the user running the tests, whose key this sshd takes. */
  target: string;
  /** One shell string: `ssh … user@127.0.0.1 'cmd'`, for a tmux pane to run, from a UTF-8
   * locale (the user's terminal is UTF-8). */
  command(remote: string, opts?: { verbose?: boolean }): string;
  stop(): void;
}

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** A port nothing listens on now (the kernel's choice), for sshd to take. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves with the first line the port sends (sshd's banner), or rejects if none comes. */
function banner(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = createConnection({ host: '127.0.0.1', port });
    c.once('data', (d) => {
      c.destroy();
      resolve(String(d));
    });
    c.once('error', reject);
    c.setTimeout(2000, () => {
      c.destroy();
      reject(new Error('no banner'));
    });
  });
}

/** sshd on `port`, answering; null when the port was taken meanwhile. */
async function listen(dir: string, port: number, lifetimeS: number) {
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${join(dir, 'host')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      // No PAM (no system login setup needed) and no ownership checks: the keys sit in a
      // temp dir, which StrictModes would refuse.
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'LogLevel ERROR',
      // As Debian's sshd_config: the client's locale goes through (a tmux on the far side
      // writes UTF-8, kdeck's › and ↑, only when told the terminal takes it).
      'AcceptEnv LANG LC_*',
      '',
    ].join('\n'),
  );
  const child = spawn('timeout', [String(lifetimeS), SSHD, '-D', '-e', '-f', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  let ended = false;
  child.once('exit', () => {
    ended = true;
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (ended) {
      if (/Cannot bind/.test(stderr)) return null;
      throw new Error(`sshd exited: ${stderr}`);
    }
    const b = await banner(port).catch(() => '');
    if (b.startsWith('SSH-')) break;
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`sshd did not answer on ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    stop: () => {
      if (!ended) child.kill('SIGTERM');
    },
  };
}

/** Starts sshd, for at most `lifetimeS` seconds; resolves once it answers with its banner. */
export async function startSshd(lifetimeS = 900): Promise<Sshd> {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-sshd-'));
  for (const key of ['host', 'client'])
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, key)]);
  execFileSync('cp', [join(dir, 'client.pub'), join(dir, 'authorized_keys')]);
  // sshd refuses to start without its privilege separation directory (a fresh machine, or
  // one where systemd never ran the ssh service, lacks it).
  if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  // The port is free when chosen, but another program may take it before sshd binds it:
  // then a fresh one.
  let port = 0;
  let server: Awaited<ReturnType<typeof listen>> = null;
  for (let i = 0; i < 5 && !server; i++) {
    port = await freePort();
    server = await listen(dir, port, lifetimeS);
  }
  if (!server) throw new Error('sshd found no free port');
  const { stop } = server;
  const clientArgs = [
    '-F',
    '/dev/null',
    '-i',
    join(dir, 'client'),
    '-p',
    String(port),
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'BatchMode=yes',
    // As Debian's ssh_config: the locale goes to the far side.
    '-o',
    'SendEnv=LANG LC_*',
  ];
  const target = `${userInfo().username}@127.0.0.1`;
  return {
    port,
    dir,
    clientArgs,
    target,
    command: (remote, opts = {}) =>
      `LANG=C.UTF-8 ${[
        'ssh',
        '-tt',
        ...clientArgs,
        ...(opts.verbose ? ['-v'] : ['-o', 'LogLevel=ERROR']),
        target,
        remote,
      ]
        .map(quote)
        .join(' ')}`,
    stop,
  };
}
