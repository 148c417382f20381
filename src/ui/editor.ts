// The user's editor, found and run as kubectl edit runs it (k8s.io/kubectl pkg/cmd/util/editor):
// $KUBE_EDITOR, else $EDITOR, else vi; a value with spaces is split on them (`code -w`), and
// one with quotes or backslashes is handed to $SHELL -c (else /bin/bash) whole, the file's path
// after it. The editor runs on the terminal kdeck lends it (terminal-lender.ts).
import { spawn } from 'node:child_process';

export interface EditorCommand {
  /** The program and its arguments; with `shell`, the shell, `-c` and the editor's text. */
  args: string[];
  shell: boolean;
}

/** The editor the environment names (kubectl's defaultEnvEditor). */
export function editorCommand(env: NodeJS.ProcessEnv = process.env): EditorCommand {
  const editor = env.KUBE_EDITOR || env.EDITOR || 'vi';
  if (!editor.includes(' ')) return { args: [editor], shell: false };
  if (!/["'\\]/.test(editor)) return { args: editor.split(' ').filter(Boolean), shell: false };
  return { args: [env.SHELL || '/bin/bash', '-c', editor], shell: true };
}

const shellQuote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** The command line for editing `file`. */
export function editorArgv(cmd: EditorCommand, file: string): string[] {
  if (!cmd.shell) return [...cmd.args, file];
  const args = [...cmd.args];
  args[args.length - 1] = `${args.at(-1)} ${shellQuote(file)}`;
  return args;
}

/** The editor as kubectl names it in its errors. */
export const editorName = (cmd: EditorCommand) => cmd.args.join(' ');

/**
 * Runs the editor on `file` with the terminal's descriptors, and resolves once it has exited 0;
 * else rejects with one line in kubectl's words and how it ended. While it runs, a SIGTERM or
 * SIGHUP that ends kdeck ends the editor too (the loan waits for it: terminal-lender.ts).
 */
export function runEditor(
  cmd: EditorCommand,
  file: string,
  fds: { stdin: number; stderr: number },
): Promise<void> {
  const [program, ...args] = editorArgv(cmd, file);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(program, args, { stdio: [fds.stdin, fds.stderr, fds.stderr] });
    const passOn = (signal: NodeJS.Signals) => child.kill(signal);
    const signals = ['SIGTERM', 'SIGHUP'] as const;
    for (const s of signals) process.on(s, passOn);
    let ended = false;
    // A program that cannot be started is told of twice: 'error', then 'close'.
    const done = (error?: string) => {
      if (ended) return;
      ended = true;
      for (const s of signals) process.off(s, passOn);
      if (error) reject(new Error(error));
      else resolve();
    };
    child.on('error', (e: NodeJS.ErrnoException) =>
      done(
        e.code === 'ENOENT'
          ? `unable to launch the editor "${editorName(cmd)}"`
          : `there was a problem with the editor "${editorName(cmd)}" (${e.message})`,
      ),
    );
    child.on('close', (code, signal) => {
      if (code === 0) return done();
      const how = signal ? `signal: ${signal}` : `exit status ${code}`;
      done(`there was a problem with the editor "${editorName(cmd)}" (${how})`);
    });
  });
}
