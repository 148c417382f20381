// The simulator's built-in shell: what `kubectl exec` and kdeck's `s` meet in a simulated
// container. Nothing runs on the host: a few commands (hostname, echo, env, printenv, ls, cat,
// head, pwd, cd, stty size, tput cols|lines, true, false, clear, exit) over a small made-up file
// tree, and `sh`/`bash`/`ash`, with `-c SCRIPT` or interactive. An image named for Alpine or
// busybox has ash and no bash (`(bash || ash || sh)` then falls through to ash, as there);
// the others, Debian's, bash and no ash.
//
// A script is `;`, `&&` and `||` between commands, parentheses ignored, words split at spaces
// with '…' and "…" quoting and $VAR expanded. Interactive, the shell reads lines: with a tty
// it edits them as a terminal's line discipline would (echo, Backspace, Ctrl-U, Ctrl-C drops
// the line, Ctrl-D on an empty line ends the input) and writes \r\n; without one it reads
// lines as they come, silently.
import type { Obj } from '../types.js';

export interface ShellIo {
  out(text: string): void;
  err(text: string): void;
  /** The next line typed (without its end); undefined at the end of the input. */
  readLine(): Promise<string | undefined>;
  /** The terminal's size as the last resize said; undefined without a tty. */
  size(): { width: number; height: number } | undefined;
}

export interface Container {
  pod: Obj;
  /** The container's spec. */
  spec: Obj;
}

const SHELLS = new Set(['sh', 'bash', 'ash', '/bin/sh', '/bin/bash', '/bin/ash']);

/** The pod's made-up files: path → content (directories end with /). */
function filesOf(c: Container): Map<string, string> {
  const name = c.pod.metadata.name;
  const alpine = isAlpine(c);
  const files = new Map<string, string>([
    ['/etc/hostname', `${name}\n`],
    [
      '/etc/os-release',
      alpine
        ? 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.0\nPRETTY_NAME="Alpine Linux v3.21"\n'
        : 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n',
    ],
    ['/etc/hosts', `127.0.0.1\tlocalhost\n${c.pod.status?.podIP ?? '10.244.0.2'}\t${name}\n`],
  ]);
  if (/nginx/.test(c.spec.image ?? ''))
    files.set(
      '/usr/share/nginx/html/index.html',
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n',
    );
  return files;
}

const isAlpine = (c: Container) => /alpine|busybox/.test(c.spec.image ?? '');

/** The image has this program: busybox images have ash and no bash, Debian's the other way. */
const has = (c: Container, program: string) =>
  KNOWN.has(program) && (program === 'bash' ? !isAlpine(c) : program !== 'ash' || isAlpine(c));

/** The container's environment, as its process sees it (values from elsewhere left out). */
function environment(c: Container, tty: boolean): Map<string, string> {
  const env = new Map<string, string>([
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['HOSTNAME', c.pod.metadata.name],
  ]);
  if (tty) env.set('TERM', 'xterm');
  for (const e of c.spec.env ?? []) if (typeof e.value === 'string') env.set(e.name, e.value);
  env.set('HOME', '/root');
  return env;
}

/** Splits a command line into words: quotes, $VAR expanded. */
function words(line: string, env: Map<string, string>, status: number): string[] {
  const out: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '$' && quote === '"') i = expand(line, i, env, status, (v) => (word += v));
      else word += ch;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      if (word !== undefined) out.push(word);
      word = undefined;
      continue;
    }
    word ??= '';
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '$') i = expand(line, i, env, status, (v) => (word += v));
    else word += ch;
  }
  if (word !== undefined) out.push(word);
  return out;
}

/** $NAME, ${NAME} or $? at `i`; returns the index of its last character. */
function expand(
  line: string,
  i: number,
  env: Map<string, string>,
  status: number,
  put: (v: string) => void,
): number {
  if (line[i + 1] === '?') {
    put(String(status));
    return i + 1;
  }
  const m = /^\{(\w+)\}|^(\w+)/.exec(line.slice(i + 1));
  if (!m) {
    put('$');
    return i;
  }
  put(env.get(m[1] ?? m[2]) ?? '');
  return i + m[0].length;
}

/** `a; b && c || d` → the commands, each with what joins it to the one before. */
function sequence(script: string): { join: ';' | '&&' | '||'; text: string }[] {
  const parts: { join: ';' | '&&' | '||'; text: string }[] = [];
  let join: ';' | '&&' | '||' = ';';
  let text = '';
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      text += ch;
      continue;
    }
    const two = script.slice(i, i + 2);
    if (ch === ';' || ch === '\n' || two === '&&' || two === '||') {
      parts.push({ join, text });
      join = ch === ';' || ch === '\n' ? ';' : (two as '&&' | '||');
      text = '';
      if (two === '&&' || two === '||') i++;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    // Subshells run as the shell itself: nothing here outlives them anyway.
    if (ch === '(' || ch === ')') text += ' ';
    else text += ch;
  }
  parts.push({ join, text });
  return parts.filter((p) => p.text.trim());
}

class Exit {
  constructor(readonly code: number) {}
}

/** One shell process: its name (sh, bash, ash), working directory and last status. */
class ShellProcess {
  private cwd = '/';
  private status = 0;

  constructor(
    private readonly c: Container,
    private readonly io: ShellIo,
    private readonly name: string,
    private readonly env: Map<string, string>,
    private readonly files: Map<string, string>,
    private readonly tty: boolean,
  ) {}

  private get nl() {
    return this.tty ? '\r\n' : '\n';
  }

  private print(text: string) {
    this.io.out(this.tty ? text.replace(/\n/g, '\r\n') : text);
  }

  private complain(text: string) {
    const line = `${this.name}: ${text}\n`;
    if (this.tty) this.io.out(line.replace(/\n/g, '\r\n'));
    else this.io.err(line);
  }

  /** Runs a script to its end (or `exit`); its status. */
  async script(script: string): Promise<number> {
    try {
      for (const { join, text } of sequence(script)) {
        if ((join === '&&' && this.status !== 0) || (join === '||' && this.status === 0)) continue;
        this.status = await this.command(words(text, this.env, this.status));
      }
    } catch (e) {
      if (e instanceof Exit) return e.code;
      throw e;
    }
    return this.status;
  }

  /** Reads and runs lines until `exit` or the end of the input. */
  async interactive(): Promise<number> {
    const prompt = () =>
      this.name === 'bash' ? `root@${this.c.pod.metadata.name}:${this.cwd}# ` : `${this.cwd} # `;
    for (;;) {
      // Without a terminal a shell reading its input is not interactive: no prompt.
      if (this.tty) this.io.out(prompt());
      const line = await this.io.readLine();
      if (line === undefined) {
        // Ctrl-D: bash says `exit` as it leaves; sh just leaves.
        if (this.tty) this.io.out(this.name === 'bash' ? `exit${this.nl}` : this.nl);
        return this.status;
      }
      try {
        for (const { join, text } of sequence(line)) {
          if ((join === '&&' && this.status !== 0) || (join === '||' && this.status === 0))
            continue;
          this.status = await this.command(words(text, this.env, this.status));
        }
      } catch (e) {
        if (e instanceof Exit) {
          if (this.tty && this.name === 'bash') this.io.out(`exit${this.nl}`);
          return e.code;
        }
        throw e;
      }
    }
  }

  private path(p: string): string {
    const parts = (p.startsWith('/') ? p : `${this.cwd}/${p}`).split('/');
    const out: string[] = [];
    for (const part of parts) {
      if (part === '..') out.pop();
      else if (part && part !== '.') out.push(part);
    }
    return `/${out.join('/')}`;
  }

  private isDir(p: string): boolean {
    const prefix = p === '/' ? '/' : `${p}/`;
    return (
      [...this.files.keys()].some((f) => f.startsWith(prefix)) || p === '/root' || p === '/tmp'
    );
  }

  private entries(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>(dir === '/' ? ['root', 'tmp'] : []);
    for (const f of this.files.keys())
      if (f.startsWith(prefix)) names.add(f.slice(prefix.length).split('/')[0]);
    return [...names].sort();
  }

  /** Runs one command; its status. */
  async command(argv: string[]): Promise<number> {
    const [cmd, ...args] = argv;
    if (!cmd) return this.status;
    switch (cmd) {
      case 'exit':
        throw new Exit(args[0] === undefined ? this.status : Number(args[0]) & 255);
      case 'true':
      case ':':
        return 0;
      case 'false':
        return 1;
      case 'hostname':
        this.print(`${this.c.pod.metadata.name}\n`);
        return 0;
      case 'echo':
        this.print(`${args.join(' ')}\n`);
        return 0;
      case 'pwd':
        this.print(`${this.cwd}\n`);
        return 0;
      case 'clear':
        this.io.out('\u001B[H\u001B[2J');
        return 0;
      case 'env':
        this.print([...this.env].map(([k, v]) => `${k}=${v}\n`).join(''));
        return 0;
      case 'printenv': {
        if (!args.length) return this.command(['env']);
        const values = args.map((a) => this.env.get(a));
        for (const v of values) if (v !== undefined) this.print(`${v}\n`);
        return values.every((v) => v !== undefined) ? 0 : 1;
      }
      case 'cd': {
        const to = this.path(args[0] ?? '/root');
        if (!this.isDir(to)) {
          this.complain(`cd: ${args[0]}: No such file or directory`);
          return 1;
        }
        this.cwd = to;
        return 0;
      }
      case 'ls': {
        let status = 0;
        for (const a of args.length ? args : ['.']) {
          const p = this.path(a);
          if (this.files.has(p)) this.print(`${a}\n`);
          else if (this.isDir(p)) {
            const names = this.entries(p);
            if (names.length) this.print(`${names.join(this.tty ? '  ' : '\n')}\n`);
          } else {
            this.complain(`ls: cannot access '${a}': No such file or directory`);
            status = 2;
          }
        }
        return status;
      }
      case 'cat': {
        if (!args.length) {
          for (
            let line = await this.io.readLine();
            line !== undefined;
            line = await this.io.readLine()
          )
            this.print(`${line}\n`);
          return 0;
        }
        let status = 0;
        for (const a of args) {
          const p = this.path(a);
          const text = this.files.get(p);
          if (text !== undefined) this.print(text);
          else {
            this.complain(
              `cat: ${a}: ${this.isDir(p) ? 'Is a directory' : 'No such file or directory'}`,
            );
            status = 1;
          }
        }
        return status;
      }
      case 'head': {
        // `head [-n N] [FILE]`: the first N lines (10), of the file or of the input.
        const n =
          args[0] === '-n' ? Number(args[1]) : /^-\d+$/.test(args[0] ?? '') ? -Number(args[0]) : 10;
        const files = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-n');
        if (!Number.isInteger(n) || n < 0) {
          this.complain(`head: invalid number of lines: '${args[1] ?? args[0]}'`);
          return 1;
        }
        if (!files.length) {
          for (let i = 0; i < n; i++) {
            const line = await this.io.readLine();
            if (line === undefined) break;
            this.print(`${line}\n`);
          }
          return 0;
        }
        const text = this.files.get(this.path(files[0]));
        if (text === undefined) {
          this.complain(`head: cannot open '${files[0]}' for reading: No such file or directory`);
          return 1;
        }
        this.print(
          text.split('\n').slice(0, n).join('\n') + (text.split('\n').length > n ? '\n' : ''),
        );
        return 0;
      }
      case 'stty': {
        const size = this.io.size();
        if (args[0] !== 'size') return 0;
        if (!size) {
          this.complain("stty: 'standard input': Inappropriate ioctl for device");
          return 1;
        }
        this.print(`${size.height} ${size.width}\n`);
        return 0;
      }
      case 'tput': {
        const size = this.io.size() ?? { width: 80, height: 24 };
        if (args[0] === 'cols') this.print(`${size.width}\n`);
        else if (args[0] === 'lines') this.print(`${size.height}\n`);
        return 0;
      }
    }
    if (SHELLS.has(cmd)) {
      const name = cmd.split('/').pop() as string;
      if (!has(this.c, name)) return this.notFound(cmd);
      return runShell(this.c, this.io, name, args, this.tty, this.env, this.files);
    }
    return this.notFound(cmd);
  }

  private notFound(cmd: string): number {
    this.complain(this.name === 'bash' ? `${cmd}: command not found` : `${cmd}: not found`);
    return 127;
  }
}

function runShell(
  c: Container,
  io: ShellIo,
  name: string,
  args: string[],
  tty: boolean,
  env: Map<string, string>,
  files: Map<string, string>,
): Promise<number> {
  const shell = new ShellProcess(c, io, name, env, files, tty);
  if (args[0] === '-c') return shell.script(args[1] ?? '');
  return shell.interactive();
}

/**
 * Runs `command` in the container as its runtime would: a shell, or one of the commands
 * above. Resolves with the exit status; a command the image does not have is the runtime's
 * error, status 126, as containerd answers it.
 */
export async function run(
  c: Container,
  command: string[],
  io: ShellIo,
  tty: boolean,
): Promise<number> {
  const top = new ShellProcess(c, io, 'sh', environment(c, tty), filesOf(c), tty);
  const name = command[0]?.split('/').pop() ?? '';
  if (!has(c, name)) {
    io.out(
      `OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0] ?? ''}": executable file not found in $PATH: unknown${tty ? '\r\n' : '\n'}`,
    );
    return 126;
  }
  try {
    return await top.command(command);
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  }
}

/** The programs the image has (exit, cd and the like are shell built-ins, not programs). */
const KNOWN = new Set([
  'sh',
  'bash',
  'ash',
  'hostname',
  'echo',
  'env',
  'printenv',
  'ls',
  'cat',
  'head',
  'pwd',
  'stty',
  'tput',
  'true',
  'false',
  'clear',
]);
