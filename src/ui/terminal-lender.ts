// Lends the terminal to a child process and takes it back: an exec credential plugin that asks
// for a password or shows a device code (interactiveMode IfAvailable), and $EDITOR; or to a
// stream kdeck runs itself, a shell in a container (below). One loan at a time; before the
// full screen starts and after it ends a loan only keeps kdeck off the input; while the screen
// is up, run.tsx suspends it around the loan (screen-writer.ts and Ink's suspendTerminal) and
// repaints it after.
//
// Input: the child must get every byte typed. Node keeps reading a TTY stdin once it has
// started, with or without a listener; removing Ink's 'readable' listener and leaving raw mode
// is not enough (a line typed ahead went to Node, not to the child). What stops the reading is
// process.stdin.pause(): Node's bootstrap calls readStop() on 'pause' when the stream is not
// flowing. pause() emits 'pause' only if the stream is not already paused, and a 'readable'
// listener counts as paused until its removal is taken into account, one tick later; hence
// pause() a turn after Ink let go of stdin, and the child started a turn after that. Reading
// starts again when Ink adds its listener back (Readable.on('readable') reads, so readStart).
//
// Signals: the child shares kdeck's process group, so Ctrl-C and Ctrl-\ typed during a loan
// (the terminal in cooked mode) reach both. The child has them first: during a loan kdeck
// holds SIGINT and SIGQUIT, as system(3) and git's editor do (SIGQUIT, then, for good: see
// hold). Once the terminal is back, a
// Ctrl-C typed at a login plugin's prompt quits kdeck too, as it quits kubectl (a cancelled
// login must not be asked again and again); a shell or an editor keeps it for itself
// (LoanOptions.interruptQuits). Ctrl-Z stops the whole job, kdeck and child together, and `fg` brings
// both back: kdeck leaves SIGTSTP alone. SIGTERM and SIGHUP still end the screen; the
// process then waits for the child, which whoever spawned it must end.
//
// Node tells of a signal and of a child's exit in either order. Its signal handler runs on
// whichever of the process's threads the kernel picks and queues the signal on a pipe that the
// event loop reads later; the child's exit comes the same way (SIGCHLD). So the Ctrl-C that
// killed the child can reach kdeck's listener after the child's 'close' (milliseconds later on
// a busy machine), when the loan is over; and a signal whose last listener is removed
// meanwhile is lost, neither heard nor acted on by default. The child's exit status comes with
// its exit, though, and a child the Ctrl-C killed shows it: the terminal sends SIGINT to the
// whole process group before any process in it can die of it, so kdeck has one too, heard or not.
// After a loan whose Ctrl-C quits kdeck, kdeck also keeps listening for SIGINT, passing each on
// as if it did not listen: a child that takes the Ctrl-C and exits shows nothing, and kdeck's
// own may come later still.
//
// A stream loan (lendStream: a shell in a container) lends the terminal to no child: kdeck
// itself puts it in raw mode, reads every byte typed and hands it to the stream (Ctrl-C
// included: in raw mode it is a byte, not a signal), writes what comes back, and tells of the
// terminal's size and its changes. Bytes Node read after Ink let go of stdin were typed for
// the stream and go to it. When the stream ends, the modes a program in the container may have
// left on (application cursor keys, mouse reporting, bracketed paste, its alternate screen)
// are turned off before the screen comes back.
import { isatty } from 'node:tty';

/** The terminal, lent to a child process; the kube layer declares the same shape. */
export interface TerminalLender {
  /** A terminal is there to lend (stdin and stdout are TTYs). */
  readonly available: boolean;
  /** Its descriptors, for a child: what it reads, and where its prompts go. */
  readonly fds?: { stdin: number; stderr: number };
  /**
   * Gives the terminal to `run` — the full screen (if up) suspended: primary screen, cooked
   * mode, cursor shown, kdeck reading no input — and takes it back after: raw mode, alternate
   * screen, the whole frame repainted. Loans are one at a time (a second waits for the first).
   * If `run` throws, the screen still comes back. A `run` that fails because its child was
   * killed by a signal says which in its error's `signal`, as child_process's errors do.
   */
  lend<T>(run: () => Promise<T>, o?: LoanOptions): Promise<T>;
  /**
   * Gives the terminal to a stream kdeck runs itself (a shell in a container), in raw mode:
   * the screen suspended as for lend(), and back when `run` settles.
   */
  lendStream<T>(run: (terminal: LentTerminal) => Promise<T>): Promise<T>;
}

export interface TerminalSize {
  width: number;
  height: number;
}

/** The terminal as a stream loan has it: raw bytes in and out, and its size. */
export interface LentTerminal {
  /** Every byte typed from now on (those typed since the screen let go first). */
  onInput(listener: (data: Buffer) => void): void;
  /** The terminal's size when it changes (SIGWINCH). */
  onResize(listener: (size: TerminalSize) => void): void;
  size(): TerminalSize;
  write(data: Buffer): void;
  /**
   * kdeck is ending (SIGTERM, a hang-up): the stream must end too, as nobody else will end it
   * (a child process is its spawner's to end; a stream is kdeck's own).
   */
  onQuit(listener: () => void): void;
}

/** The terminal in raw mode, read by kdeck (LenderIo.raw); release() gives raw mode up. */
export interface RawTerminal {
  size(): TerminalSize;
  write(data: Buffer | string): void;
  release(): void;
}

/** How the full screen lets go of the terminal around `run` and takes it back (run.tsx). */
export type Handover = <T>(run: () => Promise<T>) => Promise<T>;

/** The lender as the UI holds it. */
export interface LocalTerminalLender extends TerminalLender {
  /** A child has the terminal now. */
  readonly lending: boolean;
  /**
   * The full screen is up: loans go through `handover` until the returned function is called,
   * which also ends the stream loans under way (the screen has ended: kdeck is quitting).
   */
  attach(handover: Handover): () => void;
}

/** What the lender needs of the process; tests give their own. */
export interface LenderIo {
  isTerminal(): boolean;
  stdin(): Pick<NodeJS.ReadStream, 'pause' | 'read' | 'readableLength'>;
  /**
   * Keeps `signals` from ending the process until the returned function is called, which
   * tells which of them came meanwhile. Those it is given to pass on are still listened to
   * after that, for good, each then doing what it would if nothing here listened (the default
   * action, unless something else listens): one that came during the hold may be told of only
   * after it (see the top of this file), and must not be lost.
   */
  hold(signals: NodeJS.Signals[]): (passOn?: NodeJS.Signals[]) => NodeJS.Signals[];
  /**
   * Sends this process `signal` (a Ctrl-C typed during a loan, passed on after it), no longer
   * listened to here: its default action, or the other listeners.
   */
  raise(signal: NodeJS.Signals): void;
  /**
   * Raw mode on, and every byte typed (those already read first) to `input`, the size's
   * changes to `resize`, until release(). Absent where there is no terminal to read raw.
   */
  raw?(handlers: { input(data: Buffer): void; resize(size: TerminalSize): void }): RawTerminal;
}

export interface LoanOptions {
  /**
   * Ctrl-C typed during the loan also quits kdeck once the terminal is back (default), as it
   * quits kubectl with its login plugin; false for a child that takes Ctrl-C for its own (a
   * shell, an editor).
   */
  interruptQuits?: boolean;
  /**
   * kdeck reads the terminal itself during the loan (a stream loan), in raw mode from the
   * moment the screen lets go: no child to keep input away from.
   */
  readsItself?: boolean;
}

const nodeIo: LenderIo = {
  // isatty on the descriptors: reading process.stdin would create the stream for nothing.
  isTerminal: () => isatty(0) && isatty(1),
  stdin: () => process.stdin,
  hold(signals) {
    const came = new Set<NodeJS.Signals>();
    const note = (s: NodeJS.Signals) => came.add(s);
    for (const s of signals) process.on(s, note);
    return (passOn = []) => {
      // Listening on before `note` goes: Node drops a signal it caught but has not told of yet
      // when the signal's last listener is removed.
      for (const s of passOn) if (!process.listeners(s).includes(passItOn)) process.on(s, passItOn);
      // A Ctrl-\ that ended the child can be told of after its exit, the loan over. kdeck has
      // no handler of its own for SIGQUIT, and signal-exit (Ink's, the cursor restorer's)
      // re-raises a signal it finds itself the only listener of: kdeck died of it (131).
      // Held once, SIGQUIT stays ignored: in raw mode the terminal sends none of its own.
      if (signals.includes('SIGQUIT') && !process.listeners('SIGQUIT').includes(ignore))
        process.on('SIGQUIT', ignore);
      for (const s of signals) process.off(s, note);
      return [...came];
    };
  },
  raise(signal) {
    process.off(signal, passItOn);
    process.kill(process.pid, signal);
  },
  raw(handlers) {
    const { stdin, stdout } = process;
    // The size as the terminal has it now (an ioctl), not as Node last heard of it: Node tells
    // of SIGWINCH in its event loop's own time, and keys typed after a resize can be read
    // first. `stty size` typed at once then went to the shell before its new size did.
    const now = () => {
      try {
        const [width, height] = stdout.getWindowSize();
        if (width > 0 && height > 0) return { width, height };
      } catch {}
      return { width: stdout.columns || 80, height: stdout.rows || 24 };
    };
    let told = now();
    const size = () => {
      told = now();
      return told;
    };
    const resized = () => {
      const s = now();
      if (s.width === told.width && s.height === told.height) return;
      told = s;
      handlers.resize(s);
    };
    // As Ink reads it: 'readable' and read(), which starts the reading the loan paused. Ink
    // set an encoding (utf8): chunks come as text, complete characters. A resize not yet told
    // of goes first: it came before what was typed after it.
    const readable = () => {
      resized();
      for (let chunk = stdin.read(); chunk !== null; chunk = stdin.read())
        handlers.input(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    };
    stdin.setRawMode(true);
    stdin.ref();
    stdin.on('readable', readable);
    stdout.on('resize', resized);
    return {
      size,
      write: (data) => {
        stdout.write(data);
      },
      release() {
        stdin.off('readable', readable);
        stdout.off('resize', resized);
        stdin.setRawMode(false);
      },
    };
  },
};

/**
 * What a program in the container may have left on, off again: colours, application cursor
 * keys and keypad, mouse reporting, bracketed paste, focus events, its alternate screen. The
 * last with 1047, not 1049: on the primary screen 1049's "off" also puts the cursor back where
 * kdeck's own alternate screen saved it, and when kdeck ends during a shell (SIGTERM) what it
 * and the shell wrote next overwrote the shell's last lines.
 */
const RESET_MODES =
  '\u001B[0m\u001B[?1l\u001B>\u001B[?1000l\u001B[?1002l\u001B[?1003l\u001B[?1006l\u001B[?2004l\u001B[?1004l\u001B[?1047l\u001B[?25h';

/** A signal kdeck takes no action on (see hold). */
const ignore = () => {};

/** A signal once its hold is over: the screen's handler has it too, else its default action. */
function passItOn(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  process.off(signal, passItOn);
  process.kill(process.pid, signal);
}

/** The signal that killed a child, from the error of the run that waited for it. */
function signalOf(error: unknown): unknown {
  return error instanceof Error ? (error as { signal?: unknown }).signal : undefined;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createTerminalLender(io: LenderIo = nodeIo): LocalTerminalLender {
  let handover: Handover | undefined;
  let lending = false;
  /** The stream loans under way: what ends each when the screen ends (LentTerminal.onQuit). */
  const quitting = new Set<() => void>();
  let last: Promise<unknown> = Promise.resolve();

  /** `run`, with kdeck reading nothing from the terminal meanwhile. */
  const withoutInput = async <T>(run: () => Promise<T>, screen: boolean): Promise<T> => {
    const stdin = io.stdin();
    // Whoever read stdin has let go of it (Ink, or nobody yet); see the top of this file.
    await nextTurn();
    stdin.pause();
    await nextTurn();
    try {
      return await run();
    } finally {
      // Bytes Node read between Ink letting go and the pause were typed before the child
      // asked for anything: they cannot be given to it, and must not become kdeck's keys.
      // (read() starts reading again, which Ink is about to do anyway.)
      if (screen && stdin.readableLength > 0) stdin.read();
    }
  };

  const loan = async <T>(run: () => Promise<T>, o: LoanOptions): Promise<T> => {
    lending = true;
    const release = io.hold(['SIGINT', 'SIGQUIT']);
    const screen = handover;
    // A stream loan goes raw in the same turn as the screen lets go: in the turns withoutInput
    // waits, the terminal was cooked, and a Ctrl-C typed then became a signal, not the stream's
    // byte.
    const take = o.readsItself ? run : () => withoutInput(run, screen !== undefined);
    const outcome = await (screen ? screen(take) : take()).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    const quits = o.interruptQuits !== false;
    // A Ctrl-C Node tells of only now is passed on: it quits kdeck all the same.
    const came = release(quits ? ['SIGINT'] : []);
    lending = false;
    // The child had the Ctrl-C first (a cancelled login); now it is kdeck's, with the terminal
    // back: the screen's own handler quits with 130, and before the screen the default action
    // does. Nothing waiting on this loan goes on meanwhile (it would start the screen, or ask
    // the plugin again), so the loan never ends. A child killed by SIGINT tells of it even when
    // Node has not told kdeck of its own yet (see the top of this file).
    const killedBy = 'error' in outcome ? signalOf(outcome.error) : undefined;
    if ((came.includes('SIGINT') || killedBy === 'SIGINT') && quits) {
      io.raise('SIGINT');
      return new Promise<never>(() => {});
    }
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };

  const lend = <T>(run: () => Promise<T>, o: LoanOptions = {}): Promise<T> => {
    const turn = last.then(() => loan(run, o));
    last = turn.catch(() => {});
    return turn;
  };

  return {
    get available() {
      return io.isTerminal();
    },
    // The terminal is where the screen draws: a child's prompts go to stdout's descriptor, as
    // kdeck's own stderr may be sent elsewhere (2>log) while the user sits at the terminal.
    fds: { stdin: 0, stderr: 1 },
    get lending() {
      return lending;
    },
    lend,
    lendStream<T>(run: (terminal: LentTerminal) => Promise<T>): Promise<T> {
      const raw = io.raw;
      if (!raw) return Promise.reject(new Error('no terminal to lend'));
      return lend(
        async () => {
          let input: ((data: Buffer) => void) | undefined;
          let resize: ((size: TerminalSize) => void) | undefined;
          let quit: (() => void) | undefined;
          let screenEnded = false;
          const onScreenEnd = () => {
            screenEnded = true;
            quit?.();
          };
          quitting.add(onScreenEnd);
          // Typed before `run` listens: kept for it, in order.
          const early: Buffer[] = [];
          const t = raw({
            input: (data) => (input ? input(data) : early.push(data)),
            resize: (size) => resize?.(size),
          });
          try {
            return await run({
              onInput(listener) {
                input = listener;
                for (const data of early.splice(0)) listener(data);
              },
              onResize(listener) {
                resize = listener;
              },
              onQuit(listener) {
                quit = listener;
              },
              size: t.size,
              write: t.write,
            });
          } finally {
            quitting.delete(onScreenEnd);
            t.release();
            // kdeck ends with the stream (SIGTERM, a hang-up): what the shell showed stays on
            // the primary screen, and what follows goes on a line of its own below it.
            t.write(screenEnded ? `${RESET_MODES}\r\n` : RESET_MODES);
          }
        },
        // The terminal was raw: a Ctrl-C was a byte for the stream, never kdeck's signal.
        { interruptQuits: false, readsItself: true },
      );
    },
    attach(h: Handover) {
      handover = h;
      return () => {
        if (handover === h) handover = undefined;
        for (const end of quitting) end();
      };
    },
  };
}
