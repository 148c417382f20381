// The acceptance suite's tools: the built kdeck in a real terminal (tmux), a `kdeck sim`
// process to point it at, and the real kubectl to judge the cluster. Keys in, screen text out.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { eventually, spawnCollecting } from '../helpers/sim.js';

const ROOT = join(import.meta.dirname, '..', '..');
export const BUNDLE = join(ROOT, 'dist', 'kdeck.js');
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `kdeck-acceptance-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args]).toString();
const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** `kdeck sim --fast` as its own process, with its kubeconfig and a kubectl pointed at it. */
export async function startSim(...flags: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-acceptance-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const sim = spawnCollecting(
    process.execPath,
    [BUNDLE, 'sim', '--fast', '--write-kubeconfig', kubeconfig, ...flags],
    process.env,
  );
  await eventually(() => sim.output().startsWith('ready'), 20_000, { what: 'kdeck sim ready' });
  const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') };
  return {
    dir,
    kubeconfig,
    url: sim.output().split(' ')[1],
    /** The real kubectl against the simulator; throws with its stderr when it fails. */
    kubectl(...args: string[]): string {
      return execFileSync('kubectl', args, { env, input: '' }).toString();
    },
    /** kubectl apply -f of a manifest given as an object. */
    apply(manifest: object): string {
      const file = join(dir, `manifest-${Date.now()}-${Math.random()}.json`);
      writeFileSync(file, JSON.stringify(manifest));
      return execFileSync('kubectl', ['apply', '-f', file], { env }).toString();
    },
    stop: () => sim.stop(),
    /** The simulator's process (to freeze it: a server that stops answering). */
    pid: sim.child.pid as number,
  };
}

export type Sim = Awaited<ReturnType<typeof startSim>>;

/** One `kdeck sim` for a test file: started before its tests, stopped after them with the
 * file's terminals. Filled in by beforeAll. */
export function simForFile(...flags: string[]): Sim {
  const sim = {} as Sim;
  beforeAll(async () => {
    if (hasTmux) Object.assign(sim, await startSim(...flags));
  }, 30_000);
  afterAll(async () => {
    stopTerminals();
    await sim.stop?.();
  });
  return sim;
}

let sessions = 0;

/** kdeck in a tmux pane of `width`×`height`; when it exits, the pane says with which code. */
export class Terminal {
  readonly name = `kdeck-${++sessions}`;
  readonly stderr: string;
  /** The script node runs: kdeck's bundle, or a test's own entry. */
  private readonly entry: string;

  constructor(
    args: string[],
    opts: {
      width?: number;
      height?: number;
      env?: Record<string, string>;
      /** Run kdeck under a shell that keeps a hang-up to itself (kdeck gets no SIGHUP). */
      hangupToShellOnly?: boolean;
      /** A bundled script to run instead of kdeck (a stand-in built by the test). */
      entry?: string;
    } = {},
  ) {
    this.entry = opts.entry ?? BUNDLE;
    this.stderr = join(mkdtempSync(join(tmpdir(), 'kdeck-stderr-')), 'stderr');
    const env = Object.entries(opts.env ?? {})
      .map(([k, v]) => `${k}=${quote(v)} `)
      .join('');
    let run = `${env}${quote(process.execPath)} ${quote(this.entry)} ${args.map(quote).join(' ')} 2>${quote(this.stderr)}`;
    if (opts.hangupToShellOnly) run = `bash -c ${quote(`trap 'echo hangup' HUP; ${run}`)}`;
    // The pane's shell outlives a Ctrl-C that kills kdeck by its signal (a shell dies with its
    // child on SIGINT unless it traps it; a trap is not inherited), to say how kdeck ended.
    const cmd = `trap 'true' INT; ${run}; echo "kdeck exited $?"; sleep 120`;
    tmux(
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(opts.width ?? 80),
      '-y',
      String(opts.height ?? 24),
      cmd,
    );
  }

  screen(): string {
    return tmux('capture-pane', '-p', '-t', this.name);
  }

  lines(): string[] {
    return this.screen().split('\n');
  }

  /** Keys by tmux's names (`Enter`, `Escape`, `C-d`, `Down`), one write each. */
  keys(...keys: string[]): void {
    for (const k of keys) tmux('send-keys', '-t', this.name, k);
  }

  /** Text typed in one write, as a burst over a slow link (or a paste) arrives. */
  burst(text: string): void {
    tmux('send-keys', '-t', this.name, '-l', text);
  }

  /** Waits until the screen shows `what` (text, a pattern, or a test of its lines). */
  async waitFor(
    what: string | RegExp | ((lines: string[]) => boolean),
    timeoutMs = 15_000,
  ): Promise<string> {
    const seen = () => {
      const s = this.screen();
      const ok =
        typeof what === 'string'
          ? s.includes(what)
          : what instanceof RegExp
            ? what.test(s)
            : what(s.split('\n'));
      return ok ? s : '';
    };
    return eventually(seen, timeoutMs, { everyMs: 50 }).catch(() => {
      throw new Error(`waited for ${what}; the screen was:\n${this.screen()}`);
    });
  }

  async waitGone(what: string | RegExp, timeoutMs = 15_000): Promise<string> {
    return eventually(
      () => {
        const s = this.screen();
        return (typeof what === 'string' ? s.includes(what) : what.test(s)) ? '' : s;
      },
      timeoutMs,
      { everyMs: 50 },
    ).catch(() => {
      throw new Error(`waited for ${what} to go; the screen was:\n${this.screen()}`);
    });
  }

  /** The exit code kdeck left, once it has exited. */
  async exitCode(timeoutMs = 15_000): Promise<number> {
    const s = await this.waitFor(/kdeck exited \d+/, timeoutMs);
    return Number(/kdeck exited (\d+)/.exec(s)![1]);
  }

  /** The selected row (the › gutter), or undefined. */
  selected(): string | undefined {
    return this.lines().find((l) => l.startsWith('›'));
  }

  resize(width: number, height: number): void {
    tmux('resize-window', '-t', this.name, '-x', String(width), '-y', String(height));
  }

  /** What the pane's terminal is in: the alternate screen, the cursor shown, cooked mode. */
  modes(): { alternate: boolean; cursor: boolean; cooked: boolean } {
    const [alternate, cursor, tty] = tmux(
      'display',
      '-p',
      '-t',
      this.name,
      '#{alternate_on} #{cursor_flag} #{pane_tty}',
    )
      .trim()
      .split(' ');
    const stty = execFileSync('stty', ['-F', tty, '-a']).toString();
    return {
      alternate: alternate === '1',
      cursor: cursor === '1',
      cooked: /(^|\s)icanon\b/.test(stty) && /(^|\s)echo\b/.test(stty),
    };
  }

  /** The id of kdeck's process (the pane's shell runs it as its child). */
  pid(): number {
    const children = (pid: string) =>
      spawnSync('pgrep', ['-P', pid]).stdout.toString().trim().split('\n').filter(Boolean);
    // The node process whose first argument is the bundle (not a shell that quotes it).
    const isKdeck = (pid: string) =>
      readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] === this.entry;
    let todo = [tmux('display', '-p', '-t', this.name, '#{pane_pid}').trim()];
    while (todo.length) {
      const found = todo.find(isKdeck);
      if (found) return Number(found);
      todo = todo.flatMap(children);
    }
    throw new Error(`no kdeck process under the pane ${this.name}`);
  }

  close(): void {
    spawnSync('tmux', ['-L', SOCKET, 'kill-session', '-t', this.name]);
  }

  /**
   * What the clipboard holds: tmux's newest paste buffer, which an application's OSC 52 fills
   * when `set-clipboard` is `on` (set here, on this suite's tmux server); '' when empty.
   */
  clipboard(): string {
    tmux('set-option', '-s', 'set-clipboard', 'on');
    const r = spawnSync('tmux', ['-L', SOCKET, 'show-buffer']);
    return r.status === 0 ? r.stdout.toString() : '';
  }
}

export function stopTerminals(): void {
  spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
}

/** The rows of a table as shown (each line after the column header, up to the first blank). */
export function tableRows(screen: string): string[] {
  const lines = screen.split('\n');
  const header = lines.findIndex((l) => /^\s+NAME\b|^\s+NAMESPACE\b/.test(l));
  const rows: string[] = [];
  for (const l of lines.slice(header + 1)) {
    if (!/^[› ][* ]\S/.test(l)) break;
    rows.push(l);
  }
  return rows;
}
