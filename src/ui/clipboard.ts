// Copying to the clipboard, `c`. Two routes, chosen from the environment (`routeFor`):
//
// - OSC 52 (ESC ] 52 ; c ; base64 BEL), always: the terminal the user sits at does the
//   copying, so it works over SSH and on a jump host, where no local command could reach the
//   user's clipboard. The text travels base64-encoded: nothing in it can end the sequence or
//   reach the terminal as a command.
// - A native command (wl-copy, xclip or xsel, pbcopy) as well, when one is on PATH and there
//   is no SSH session: a terminal that ignores OSC 52 still gets the text to the desktop's
//   clipboard. Over SSH such a command would fill the remote host's clipboard, not the user's.
//
// Multiplexers. GNU screen passes nothing it does not know on to the terminal, except a DCS
// string (ESC P … ESC \), so inside screen the sequence is wrapped in DCS, in chunks, since
// screen keeps only a few hundred bytes of one string. Inside tmux the sequence goes plain,
// as neovim's OSC 52 provider sends it: tmux with `set-clipboard on` takes it into its paste
// buffer and passes it on to the terminal. The other way, tmux's DCS passthrough
// (ESC Ptmux; …), needs `allow-passthrough on`, off by default, and skips tmux's buffer;
// sending both would make a terminal that asks before each write ask twice.
// Screen is known by STY, not by TERM=screen*: tmux's default TERM is `screen` too, and TERM
// travels over SSH while the multiplexer stays behind.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { createContext, useCallback, useContext } from 'react';

/** What a copy did: the routes taken ('OSC 52', 'xclip'), and those that failed, saying how. */
export interface Sent {
  routes: string[];
  failed: string[];
}

export type Clipboard = (text: string) => Promise<Sent>;

/**
 * The most text `c` copies: 75 000 bytes, which OSC 52 carries as 100 000 bytes of base64,
 * about where terminals and OSC 52 tools commonly cap one sequence (a longer one some drop
 * whole, silently). The same for a native command, so every route gets the same text.
 */
export const COPY_MAX_BYTES = 75_000;

export interface Route {
  /** How the OSC 52 sequence is sent: as is, or wrapped for GNU screen. */
  osc52: 'plain' | 'screen';
  /** The native command too, when there is one and no SSH session. */
  native?: { command: string; args: string[] };
}

/** A command's path on PATH, if it is there and executable. */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {}
  }
  return undefined;
}

/** The routes `c` takes in this environment (empty variables count as unset). */
export function routeFor(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  find: (command: string) => string | undefined = (c) => onPath(c, env),
): Route {
  const osc52 = env.STY && !env.TMUX ? 'screen' : 'plain';
  if (env.SSH_CONNECTION || env.SSH_TTY) return { osc52 };
  // The desktop the session runs on: Wayland first (X programs there reach XWayland only).
  const candidates: { command: string; args: string[] }[] = [];
  if (env.WAYLAND_DISPLAY) candidates.push({ command: 'wl-copy', args: [] });
  if (env.DISPLAY)
    candidates.push(
      { command: 'xclip', args: ['-selection', 'clipboard'] },
      { command: 'xsel', args: ['--clipboard', '--input'] },
    );
  if (platform === 'darwin') candidates.push({ command: 'pbcopy', args: [] });
  const native = candidates.find((c) => find(c.command));
  return native ? { osc52, native } : { osc52 };
}

/** The OSC 52 sequence that puts `text` on the clipboard, wrapped as `route` says. */
export function osc52(text: string, route: Route['osc52'] = 'plain'): string {
  const data = Buffer.from(text, 'utf8').toString('base64');
  if (route === 'plain') return `\u001B]52;c;${data}\u0007`;
  // Screen: each DCS string short enough for screen's buffer; screen sends their contents on
  // as one stream, which the terminal reads as the one sequence.
  const whole = `\u001B]52;c;${data}\u0007`;
  const chunks: string[] = [];
  for (let i = 0; i < whole.length; i += 76) chunks.push(whole.slice(i, i + 76));
  return chunks.map((c) => `\u001BP${c}\u001B\\`).join('');
}

/**
 * Lines joined for the clipboard, whole lines only up to COPY_MAX_BYTES; `cut`: the lines left
 * out. One line over the cap alone is cut at the cap. No newline after the last line: pasted
 * into a shell, what was copied is not run.
 */
export function capLines(
  lines: readonly string[],
  max = COPY_MAX_BYTES,
  keepLast = false,
): { text: string; kept: number; cut: number } {
  if (keepLast) {
    // The last lines that fit: the same cap on the lines read from the end.
    const capped = capLines([...lines].reverse(), max);
    if (capped.kept === 1) return capped;
    return { ...capped, text: lines.slice(lines.length - capped.kept).join('\n') };
  }
  let bytes = 0;
  let kept = 0;
  for (const l of lines) {
    const size = Buffer.byteLength(l, 'utf8') + (kept ? 1 : 0);
    if (bytes + size > max) break;
    bytes += size;
    kept++;
  }
  if (kept === 0 && lines.length) {
    // Cut at a character, never inside one: a lone surrogate would not survive UTF-8.
    let end = 0;
    let size = 0;
    for (const ch of lines[0]) {
      size += Buffer.byteLength(ch, 'utf8');
      if (size > max) break;
      end += ch.length;
    }
    return { text: lines[0].slice(0, end), kept: 1, cut: lines.length - 1 };
  }
  return { text: lines.slice(0, kept).join('\n'), kept, cut: lines.length - kept };
}

/** Runs `native` with `text` on its stdin (no shell); resolves to how it failed, if it did. */
function runNative(
  native: NonNullable<Route['native']>,
  text: string,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    // Output ignored, not piped: xclip and wl-copy leave a child serving the selection, which
    // would hold a pipe open as long as the selection lasts.
    const child = spawn(native.command, native.args, { stdio: ['pipe', 'ignore', 'ignore'] });
    // A command that hangs must not leave the status line waiting.
    const timer = setTimeout(() => child.kill(), 5000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve(e.message);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? undefined : signal ? `killed (${signal})` : `exit ${code}`);
    });
    child.stdin.on('error', () => {}); // closed early: the exit says how it went
    child.stdin.end(text);
  });
}

/**
 * Straight to the terminal, beside Ink's output (the screen writer keeps a grid of the cells
 * it drew, and this sequence draws none), and to the native command where there is one.
 */
export const terminalClipboard: Clipboard = async (text) => {
  const route = routeFor(process.env);
  process.stdout.write(osc52(text, route.osc52));
  const sent: Sent = { routes: ['OSC 52'], failed: [] };
  if (route.native) {
    const failure = await runNative(route.native, text);
    if (failure) sent.failed.push(`${route.native.command}: ${failure}`);
    else sent.routes.push(route.native.command);
  }
  return sent;
};

/** Where `c` copies to: the terminal (and a native command); screen tests provide a recorder. */
export const ClipboardContext = createContext<Clipboard>(terminalClipboard);

export const useClipboard = () => useContext(ClipboardContext);

/** What is copied, in the status line's words: a row's name, or lines (a search's hits). */
export interface CopyOf {
  name?: string;
  matching?: string;
  /** Over the cap, the last lines are kept rather than the first (a log's newest). */
  keepLast?: boolean;
}

/** What the status line says of a copy: what, how, what was left out, what failed. */
export function copiedMessage(
  of: CopyOf,
  capped: { kept: number; cut: number },
  sent: Sent,
): string {
  const what =
    of.name ??
    `${capped.kept} line${capped.kept === 1 ? '' : 's'}${of.matching ? ` matching ${of.matching}` : ''}`;
  const cut = capped.cut
    ? `; ${of.keepLast ? 'the first ' : ''}${capped.cut} line${capped.cut === 1 ? '' : 's'} cut (over ${COPY_MAX_BYTES / 1000} KB)`
    : '';
  const failed = sent.failed.length ? `; ${sent.failed.join('; ')}` : '';
  return `copied ${what} (${sent.routes.join(' + ')})${cut}${failed}`;
}

/** `c`: copies lines (a row's name: one), then says on the status line what was copied and how. */
export function useCopy(say: (text: string, error?: boolean) => void) {
  const clipboard = useClipboard();
  return useCallback(
    (lines: readonly string[], of: CopyOf = {}) => {
      if (!lines.length) {
        say('nothing to copy', true);
        return;
      }
      const capped = capLines(lines, COPY_MAX_BYTES, of.keepLast);
      void clipboard(capped.text).then(
        (sent) => say(copiedMessage(of, capped, sent), sent.failed.length > 0),
        (e: Error) => say(`could not copy: ${e.message}`, true),
      );
    },
    [clipboard, say],
  );
}
