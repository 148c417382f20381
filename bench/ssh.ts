// The bytes a user's SSH connection carries: kdeck and kubectl run on the far side of a
// loopback sshd (test/helpers/sshd.ts), the ssh client in a real pseudo-terminal of 80×24 on
// this side (BENCH_SSH_SIZE=120x35 for another size). Per scenario, over a window after
// start-up: the encrypted bytes the client's TCP socket received (ss's bytes_received:
// payload, padding and MACs, what a slow link carries) and the bytes the client wrote to its
// terminal (what the programs drew). ssh -v's own "Transferred" line (whole session,
// start-up included) is printed beside them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasSshd, type Sshd, startSshd } from '../test/helpers/sshd.ts';
import { BUNDLE, NODE, runInTerminal, type Sim, sleep, startSim, type Term } from './harness.ts';

const WINDOW_MS = Number(process.env.BENCH_SSH_SECONDS ?? 20) * 1000;
/** The terminal's size, 80×24 unless BENCH_SSH_SIZE says another (120x35). */
const [COLS, ROWS] = (process.env.BENCH_SSH_SIZE ?? '80x24').split('x').map(Number);
/** Lines a second the followed pod writes: a busy service, not a flood. */
const LOG_RATE = 20;

type Record = (scenario: string, program: 'kdeck' | 'kubectl', metric: string, v: number) => void;

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const kubectlPath = () => execFileSync('sh', ['-c', 'command -v kubectl']).toString().trim();

/** Bytes received so far by the one client socket connected to sshd's port. */
function channelReceived(port: number): number {
  const out = execFileSync('ss', [
    '-tinH',
    'state',
    'established',
    `( dport = :${port} )`,
  ]).toString();
  const m = /bytes_received:(\d+)/.exec(out);
  if (!m) throw new Error(`no SSH connection to port ${port}: ${out}`);
  return Number(m[1]);
}

/** Runs `remote` over SSH in a pty of COLS×ROWS; its client's debug log goes to a file. */
function overSsh(sshd: Sshd, sim: Sim, remote: string): { t: Term; log: string } {
  const log = join(mkdtempSync(join(tmpdir(), 'kdeck-bench-ssh-')), 'ssh.log');
  // The far side's environment is sshd's: the simulator's kubectl cache and a home of its own
  // (nothing of root's configuration) go in the command.
  const env = `HOME=${quote(sim.env.HOME!)} KUBECACHEDIR=${quote(sim.env.KUBECACHEDIR!)}`;
  const t = runInTerminal(
    'ssh',
    ['-tt', ...sshd.clientArgs, '-v', '-E', log, sshd.target, `${env} exec ${remote}`],
    { ...sim.env, LANG: 'C.UTF-8' },
    COLS,
    ROWS,
  );
  return { t, log };
}

/** Measures the window, ends the program with `quit` (its own keys out), reads ssh's totals. */
async function measure(
  sshd: Sshd,
  run: { t: Term; log: string },
  quit: string[],
  scenario: string,
  program: 'kdeck' | 'kubectl',
  record: Record,
) {
  // Start-up (the first screen, kubectl's first listing) is not the steady state.
  await sleep(3000);
  const c0 = channelReceived(sshd.port);
  const p0 = run.t.bytes();
  await sleep(WINDOW_MS);
  const c1 = channelReceived(sshd.port);
  const p1 = run.t.bytes();
  for (const key of quit) {
    run.t.write(key);
    await sleep(500);
  }
  // ssh prints its totals as it ends on its own, when the far program has exited.
  const totals = await waitForLine(run.log, /Transferred: .*/, 10_000);
  await run.t.kill();
  const perS = (bytes: number) => Math.round((bytes * 1000) / WINDOW_MS);
  record(scenario, program, 'channel_bytes_per_s', perS(c1 - c0));
  record(scenario, program, 'pty_bytes_per_s', perS(p1 - p0));
  process.stderr.write(`  ${scenario} ${program} ssh -v (whole session): ${totals}\n`);
}

async function waitForLine(file: string, re: RegExp, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const m = re.exec(readFileSync(file, 'utf8'));
    if (m) return m[0];
    await sleep(100);
  }
  return '(ssh printed no totals)';
}

const kdeck = (sim: Sim, ...args: string[]) =>
  [NODE, BUNDLE, '--kubeconfig', sim.kubeconfig, ...args].map(quote).join(' ');
const kubectl = (sim: Sim, ...args: string[]) =>
  [kubectlPath(), '--kubeconfig', sim.kubeconfig, ...args].map(quote).join(' ');

/** A table of pods at rest, then the same table while pods change, then a followed log. */
export async function sshChannel(record: Record): Promise<void> {
  // The rest of the benchmark runs without them.
  if (!hasSshd || spawnSync('ss', ['-V']).status !== 0) {
    process.stderr.write('  ssh: skipped (needs /usr/sbin/sshd, ssh and ss)\n');
    return;
  }
  const sshd = await startSshd(3600);
  const size = `${COLS}×${ROWS}`;
  try {
    // Pods made a day ago: AGE reads 1d and stays so, as on a cluster at rest.
    for (const [label, churn] of [
      ['idle table', 0],
      ['churning table (10 changes/s)', 10],
    ] as const) {
      const sim = await startSim({ pods: 100, namespaces: 1, churn, podAgeSeconds: 86_400 });
      const scenario = `ssh ${size}: ${label}, 100 pods`;
      const k = overSsh(sshd, sim, kdeck(sim, '-n', 'load-0000'));
      await k.t.waitFor(/pods\(load-0000\)\[100\] live/);
      await measure(sshd, k, ['q'], scenario, 'kdeck', record);
      const w = overSsh(sshd, sim, kubectl(sim, 'get', 'pods', '-n', 'load-0000', '-w'));
      // Its header scrolls off the screen: done listing at the header and 100 lines.
      while (w.t.lines() < 101) await sleep(50);
      await measure(sshd, w, ['\u0003'], scenario, 'kubectl', record);
      await sim.stop();
    }

    const sim = await startSim({ pods: 0, namespaces: 1, churn: 0 });
    const name = 'chatty';
    await sim.post('/api/v1/namespaces/default/pods', {
      metadata: { name, annotations: { 'sim.kdeck.dev/log-rate': String(LOG_RATE) } },
      spec: { containers: [{ name: 'app', image: 'example.com/chatty:1' }] },
    });
    await sleep(6000); // until it runs and has written a screenful
    const scenario = `ssh ${size}: followed log, ${LOG_RATE} lines/s`;
    const k = overSsh(sshd, sim, kdeck(sim, '-n', 'default'));
    await k.t.waitFor(name);
    k.t.write(`/${name}\r`);
    await sleep(500);
    k.t.write('l');
    await k.t.waitFor('following');
    // Escape leaves the log for the table, where q quits.
    await measure(sshd, k, ['\u001b', 'q'], scenario, 'kdeck', record);
    const f = overSsh(sshd, sim, kubectl(sim, 'logs', '-f', '-n', 'default', name));
    await measure(sshd, f, ['\u0003'], scenario, 'kubectl', record);
    await sim.stop();
  } finally {
    sshd.stop();
  }
}
