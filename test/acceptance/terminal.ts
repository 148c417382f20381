// The acceptance suite's tools: the built kdeck in a real terminal (tmux), a `kdeck sim`
// process to point it at, and the real kubectl to judge the cluster. Keys in, screen text out.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { BUNDLE, KDECK } from '../helpers/kdeck.js';
import { eventually, spawnCollecting } from '../helpers/sim.js';

export { BUNDLE, KDECK };
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SOCKET = `kdeck-acceptance-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', SOCKET, ...args]).toString();
const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** `kdeck sim --fast` as its own process, with its kubeconfig and a kubectl pointed at it. */
export async function startSim(...flags: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-acceptance-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const [program, ...before] = KDECK;
  const sim = spawnCollecting(
    program,
    [...before, 'sim', '--fast', '--write-kubeconfig', kubeconfig, ...flags],
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
    /** A fault of the simulator's, asked for as the admin (POST /_sim/faults; README). */
    fault(body: object): void {
      const file = join(dir, `fault-${Date.now()}-${Math.random()}.json`);
      writeFileSync(file, JSON.stringify(body));
      execFileSync('kubectl', ['create', '--raw', '/_sim/faults', '-f', file], { env, input: '' });
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
  /** Through `via`: the value of KDECK_TEST_PANE in kdeck's environment. */
  readonly mark = `${process.pid}-${this.name}`;
  /** Through `via`: the file kdeck's exit code is written to when it exits. */
  readonly status: string;
  private readonly via: boolean;
  /** What the pane runs: kdeck (KDECK), node with a test's own entry, or a test's command. */
  private readonly command: readonly string[];

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
      /** A file to get every byte kdeck writes to the terminal (kdeck runs under `script`). */
      record?: string;
      /**
       * Runs the pane's command through other layers (ssh, a tmux on the far side): gets the
       * shell command that runs kdeck and returns the one this pane runs.
       */
      via?: (cmd: string) => string;
      /** A command line to run instead of kdeck's (the executable under `env -i`). */
      command?: readonly string[];
      /** kdeck's stderr is the terminal too, as a user's is (`stderr` is then not written). */
      stderrOnTerminal?: boolean;
    } = {},
  ) {
    this.command = opts.command ?? (opts.entry ? [process.execPath, opts.entry] : KDECK);
    const own = mkdtempSync(join(tmpdir(), 'kdeck-stderr-'));
    this.stderr = join(own, 'stderr');
    this.status = join(own, 'status');
    this.via = Boolean(opts.via);
    // A home of its own for the config file and the remembered views: neither the user's files
    // nor what another test's kdeck remembered may decide where this one opens. A test that
    // means to share them (a restart) passes its own in `env`.
    const homes = { XDG_CONFIG_HOME: join(own, 'config'), XDG_STATE_HOME: join(own, 'state') };
    // Through other layers kdeck is no descendant of this pane: pid() finds it by this mark
    // (the runner's pid in it: test files run side by side, each counting its panes from 1).
    const marked = opts.via ? { KDECK_TEST_PANE: this.mark } : {};
    const env = Object.entries({ ...homes, ...marked, ...opts.env })
      .map(([k, v]) => `${k}=${quote(v)} `)
      .join('');
    let run = `${env}${[...this.command, ...args].map(quote).join(' ')}${opts.stderrOnTerminal ? '' : ` 2>${quote(this.stderr)}`}`;
    if (opts.record) run = `script -qef -c ${quote(run)} ${quote(opts.record)}`;
    if (opts.hangupToShellOnly) run = `bash -c ${quote(`trap 'echo hangup' HUP; ${run}`)}`;
    // The pane's shell outlives a Ctrl-C that kills kdeck by its signal (a shell dies with its
    // child on SIGINT unless it traps it; a trap is not inherited), to say how kdeck ended.
    let cmd = `trap 'true' INT; ${run}; echo "kdeck exited $?"; sleep 120`;
    // Through ssh, a dropped connection hangs up the far shell, which must live on to write
    // down how kdeck ended (a trap, unlike an ignored signal, is not inherited by kdeck); the
    // screen that would have said it may be gone. A hang-up during the wait after kdeck
    // interrupts `wait` (a foreground sleep would hold the trap for 120 s) and ends it all.
    if (opts.via)
      cmd = opts.via(
        `trap 'true' INT; trap 'gone=1' HUP; ${run}; s=$?; echo $s >${quote(this.status)}; [ -n "$gone" ] || { echo "kdeck exited $s"; sleep 120 & wait $!; kill $! 2>/dev/null; }`,
      );
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

  /** Through `via`: the exit code kdeck left, read from the file the far shell writes. */
  async recordedExit(timeoutMs = 15_000): Promise<number> {
    const read = () => {
      try {
        return readFileSync(this.status, 'utf8').trim();
      } catch {
        return '';
      }
    };
    return Number(
      await eventually(read, timeoutMs, { what: `kdeck's exit code in ${this.status}` }),
    );
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
    // The process whose arguments begin with the command (not a shell that quotes it): node
    // and the bundle, or the executable alone.
    const isKdeck = (pid: string) => {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return this.command.every((a, i) => argv[i] === a);
    };
    if (this.via) {
      const marked = (pid: string) => {
        try {
          return (
            isKdeck(pid) &&
            readFileSync(`/proc/${pid}/environ`, 'utf8')
              .split('\0')
              .includes(`KDECK_TEST_PANE=${this.mark}`)
          );
        } catch {
          return false; // a process that ended meanwhile, or not ours to read
        }
      };
      const found = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && marked(p));
      if (found.length === 1) return Number(found[0]);
      throw new Error(`${found.length} kdeck processes marked ${this.mark}`);
    }
    let todo = [tmux('display', '-p', '-t', this.name, '#{pane_pid}').trim()];
    while (todo.length) {
      const found = todo.find(isKdeck);
      if (found) return Number(found);
      todo = todo.flatMap(children);
    }
    throw new Error(`no kdeck process under the pane ${this.name}`);
  }

  /** From now on, counts the bytes kdeck sends the pane (tmux pipe-pane); returns the counter. */
  record(): () => number {
    const file = join(mkdtempSync(join(tmpdir(), 'kdeck-bytes-')), 'out');
    tmux('pipe-pane', '-O', '-t', this.name, `cat > ${quote(file)}`);
    return () => (existsSync(file) ? statSync(file).size : 0);
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

  /**
   * Empties the clipboard (every paste buffer: the suite's terminals share one tmux server),
   * so that what a test reads after `c` is what that `c` copied.
   */
  clearClipboard(): void {
    tmux('set-option', '-s', 'set-clipboard', 'on');
    while (spawnSync('tmux', ['-L', SOCKET, 'delete-buffer']).status === 0);
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
