// The built kdeck in a real terminal (tmux) against `kdeck sim`: keys in, screen text out.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KDECK, KDECK_SHELL } from '../helpers/kdeck.js';
import { eventually, spawnCollecting } from '../helpers/sim.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `kdeck-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args]).toString();
const screen = () => tmux('capture-pane', '-p', '-t', 'kdeck');
/**
 * kdeck as a shell command, with a config file and remembered views of its own: neither the
 * user's nor what the kdeck of another test remembered may decide where it opens.
 */
const kdeck = (...args: string[]) => {
  const homes = mkdtempSync(join(tmpdir(), 'kdeck-e2e-homes-'));
  return `XDG_CONFIG_HOME='${homes}/config' XDG_STATE_HOME='${homes}/state' ${KDECK_SHELL} --kubeconfig '${kubeconfig}'${args.map((a) => ` ${a}`).join('')}`;
};

let sim: ReturnType<typeof spawnCollecting> | undefined;
let kubeconfig = '';

beforeAll(async () => {
  if (!hasTmux) return;
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'kdeck-e2e-')), 'kubeconfig');
  const [program, ...before] = KDECK;
  sim = spawnCollecting(
    program,
    [...before, 'sim', '--fast', '--write-kubeconfig', kubeconfig],
    process.env,
  );
  await eventually(() => sim!.output().startsWith('ready'));
});
afterAll(async () => {
  if (!hasTmux) return;
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  await sim?.stop();
});

it.skipIf(!hasTmux)(
  ':deploy, Enter on nginx-server-deployment lists its 5 pods; q gives the terminal back',
  async () => {
    const cmd = `${kdeck()}; echo "kdeck exited $?"; sleep 30`;
    tmux('new-session', '-d', '-s', 'kdeck', '-x', '80', '-y', '24', cmd);
    await eventually(() => screen().includes('pods(default)[5] live'), 15_000).catch((e) => {
      throw new Error(`${e.message}; the screen was:\n${screen()}`);
    });
    tmux('send-keys', '-t', 'kdeck', ':deploy', 'Enter');
    await eventually(() => /nginx-server-deployment\s+5\/5/.test(screen()));
    tmux('send-keys', '-t', 'kdeck', 'Enter');
    await eventually(() => screen().includes('pods(default)[5] -l app=nginx-server live'));
    expect(screen().match(/^[› ] nginx-server-deployment-\S+\s+1\/1\s+Running/gm)).toHaveLength(5);
    tmux('send-keys', '-t', 'kdeck', 'q');
    await eventually(() => screen().includes('kdeck exited 0'));
    expect(screen()).not.toContain('pods(');
  },
);

it.skipIf(!hasTmux)(
  'a dropped SSH session (SIGHUP) gives the terminal back too, exit code 129',
  async () => {
    const cmd = `${kdeck('-A')}; echo "kdeck exited $?"; sleep 30`;
    tmux('new-session', '-d', '-s', 'hup', '-x', '80', '-y', '24', cmd);
    const pane = () => tmux('capture-pane', '-p', '-t', 'hup');
    await eventually(() => pane().includes('pods(all)'), 15_000);
    spawnSync('pkill', ['-HUP', '-f', `${KDECK.at(-1)} --kubeconfig ${kubeconfig} -A`]);
    await eventually(() => pane().includes('kdeck exited 129'));
    expect(pane()).not.toContain('pods(all)');
  },
);

it.skipIf(!hasTmux)(
  's on a deployment scales it: kubectl sees 3 pods; the read-only user sees the keys forbidden',
  async () => {
    const env = {
      ...process.env,
      KUBECONFIG: kubeconfig,
      KUBECACHEDIR: join(kubeconfig, '..', 'cache'),
    };
    const cmd = `${kdeck()}; sleep 30`;
    tmux('new-session', '-d', '-s', 'act', '-x', '100', '-y', '24', cmd);
    const pane = () => tmux('capture-pane', '-p', '-t', 'act');
    await eventually(() => pane().includes('pods(default)[5] live'), 15_000);
    tmux('send-keys', '-t', 'act', ':deploy', 'Enter');
    await eventually(() => /nginx-server-deployment\s+5\/5/.test(pane()));
    tmux('send-keys', '-t', 'act', 's');
    await eventually(() => pane().includes('scale default/nginx-server-deployment to: 5'));
    tmux('send-keys', '-t', 'act', 'BSpace');
    tmux('send-keys', '-t', 'act', '3');
    tmux('send-keys', '-t', 'act', 'Enter');
    await eventually(() => /nginx-server-deployment\s+3\/3/.test(pane()), 15_000);
    await eventually(
      () =>
        execFileSync('kubectl', ['get', 'pods', '-l', 'app=nginx-server', '--no-headers'], { env })
          .toString()
          .trim()
          .split('\n').length === 3,
      15_000,
    );

    const viewer = `${kdeck('--context', 'kdeck-demo-readonly')}; sleep 30`;
    tmux('new-session', '-d', '-s', 'view', '-x', '160', '-y', '24', viewer);
    const view = () => tmux('capture-pane', '-p', '-t', 'view');
    await eventually(() => view().includes('<ctrl-d> delete(forbidden)'), 15_000);
  },
);

it.skipIf(!hasTmux)(
  'Ctrl-U clears the prompt in a real terminal, also when the next key arrives with it',
  async () => {
    const cmd = `${kdeck()}; sleep 30`;
    tmux('new-session', '-d', '-s', 'edit', '-x', '100', '-y', '24', cmd);
    const pane = () => tmux('capture-pane', '-p', '-t', 'edit');
    await eventually(() => pane().includes('pods(default)'), 15_000).catch((e) => {
      throw new Error(`${e.message}; the screen was:\n${pane()}`);
    });
    tmux('send-keys', '-t', 'edit', ':deploy', 'Enter');
    await eventually(() => /nginx-server-deployment\s+\d+\/\d+/.test(pane()));
    tmux('send-keys', '-t', 'edit', 's');
    await eventually(() => /scale default\/nginx-server-deployment to: \d/.test(pane()));
    // One write, as keys typed quickly over SSH arrive.
    tmux('send-keys', '-t', 'edit', 'C-u', '7');
    await eventually(() => /scale default\/nginx-server-deployment to: 7\s*$/m.test(pane()));
    tmux('send-keys', '-t', 'edit', 'Escape');
    await eventually(() => !pane().includes('scale default/'));
  },
);
