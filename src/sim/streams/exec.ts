// A pod's exec subresource over WebSocket (`v5.channel.k8s.io`, `v4.channel.k8s.io`): the
// command runs in the built-in shell (shell.ts), never on the host. What kube-apiserver refuses
// before the upgrade (no command, a container the pod does not have, a pod on no node) is
// refused here the same way; what the kubelet refuses after it (a container not running) comes
// on the error channel, as the API server's stream translator sends it. The command's end is a
// Status on the error channel, Success or NonZeroExitCode with the code in its causes.
import type { WebSocket } from 'ws';
import {
  CLOSE,
  ERROR,
  EXEC_PROTOCOLS,
  RESIZE,
  STDERR,
  STDIN,
  STDOUT,
} from '../../util/channels.js';
import type { Cluster } from '../cluster.js';
import { pods } from '../kinds/pods.js';
import { chooseContainer } from '../logs.js';
import { badRequest } from '../status.js';
import type { Obj } from '../types.js';
import type { SimStream } from './index.js';
import { run, type ShellIo } from './shell.js';

export function execStream(cluster: Cluster, pod: Obj, q: URLSearchParams): SimStream {
  const command = q.getAll('command');
  if (!command.length) throw badRequest('you must specify at least 1 command');
  const name = chooseContainer(pod, q.get('container'));
  const want = (k: string) => q.get(k) === 'true' || q.get(k) === '1';
  const o = {
    stdin: want('stdin'),
    stdout: want('stdout'),
    stderr: want('stderr'),
    tty: want('tty'),
  };
  if (!o.stdin && !o.stdout && !o.stderr)
    throw badRequest('you must specify at least one of stdin, stdout, stderr');
  if (!pod.spec.nodeName)
    throw badRequest(`pod ${pod.metadata.name} does not have a host assigned`);
  const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find(
    (c: Obj) => c.name === name,
  );
  return {
    protocols: EXEC_PROTOCOLS,
    attach(ws) {
      const kill = serve(ws, { pod, spec }, command, o);
      // The pod deleted kills its containers, and the command with them (SIGKILL: 137).
      const unwatch = cluster.store.watch(pods, (e) => {
        if (e.type === 'DELETED' && e.object.metadata.uid === pod.metadata.uid) kill();
      });
      ws.on('close', unwatch);
    },
  };
}

function serve(
  ws: WebSocket,
  c: { pod: Obj; spec: Obj },
  command: string[],
  o: { stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean },
): () => void {
  const send = (channel: number, data: string) => {
    if (ws.readyState === ws.OPEN)
      ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(data)]));
  };
  let done = false;
  const finish = (status: Obj) => {
    if (done) return;
    done = true;
    send(ERROR, JSON.stringify(status));
    ws.close(1000);
  };
  const ended = (code: number) =>
    finish(
      code === 0
        ? { metadata: {}, status: 'Success' }
        : {
            metadata: {},
            status: 'Failure',
            message: `command terminated with non-zero exit code: command terminated with exit code ${code}`,
            reason: 'NonZeroExitCode',
            details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
          },
    );
  const running = [
    ...(c.pod.status?.initContainerStatuses ?? []),
    ...(c.pod.status?.containerStatuses ?? []),
  ].some((s: Obj) => s.name === c.spec.name && s.state?.running);
  if (!running) {
    const message = `unable to upgrade connection: container not found ("${c.spec.name}")`;
    finish({
      metadata: {},
      status: 'Failure',
      message: `Internal error occurred: ${message}`,
      reason: 'InternalError',
      details: { causes: [{ message }] },
      code: 500,
    });
    return () => {};
  }

  let size: { width: number; height: number } | undefined;
  const input = new LineInput(o.tty, (echo) => o.stdout && send(STDOUT, echo));
  if (!o.stdin) input.end();
  ws.on('message', (raw: Buffer) => {
    const channel = raw[0];
    const data = raw.subarray(1);
    if (channel === STDIN) input.feed(data.toString('utf8'));
    else if (channel === RESIZE) {
      try {
        const r = JSON.parse(data.toString('utf8'));
        size = { width: Number(r.Width), height: Number(r.Height) };
      } catch {
        // A resize that does not parse changes nothing, as the kubelet ignores it.
      }
    } else if (channel === CLOSE && data[0] === STDIN) input.end();
  });
  ws.on('close', () => input.end());
  ws.on('error', () => input.end());

  const io: ShellIo = {
    out: (text) => o.stdout && send(STDOUT, text),
    // With a tty there is one stream: stderr is the terminal too.
    err: (text) => (o.tty ? o.stdout && send(STDOUT, text) : o.stderr && send(STDERR, text)),
    readLine: () => input.readLine(),
    size: () => (o.tty ? (size ?? { width: 80, height: 24 }) : undefined),
  };
  void run(c, command, io, o.tty).then(ended);
  return () => {
    input.end();
    ended(137);
  };
}

/**
 * The container's input, line by line. With a tty it is what bash's readline does with the
 * terminal: characters typed ahead wait until a line is read, and are then echoed and edited
 * (Backspace and Ctrl-U erase, Ctrl-C drops the line echoing ^C, Ctrl-D on an empty line is
 * the end of input, escape sequences such as arrows type nothing). Without one, lines are
 * read as they come.
 */
class LineInput {
  /** Characters received and not yet taken by a read. */
  private pending: string[] = [];
  private partial = '';
  private ended = false;
  private escape = false;
  private waiting?: (line: string | undefined) => void;

  constructor(
    private readonly tty: boolean,
    private readonly echo: (text: string) => void,
  ) {}

  feed(text: string): void {
    this.pending.push(...text);
    this.take();
  }

  end(): void {
    this.ended = true;
    this.take();
  }

  readLine(): Promise<string | undefined> {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.take();
    });
  }

  /** Gives the waiting read its line, once one is typed (or the input ends). */
  private take(): void {
    while (this.waiting && this.pending.length) {
      const line = this.tty ? this.edit(this.pending.shift()!) : this.plain(this.pending.shift()!);
      if (line !== false) this.give(line);
    }
    if (this.waiting && this.ended && !this.pending.length) {
      const rest = !this.tty && this.partial ? this.partial : undefined;
      this.partial = '';
      this.give(rest);
    }
  }

  private give(line: string | undefined): void {
    const w = this.waiting;
    this.waiting = undefined;
    this.partial = '';
    w?.(line);
  }

  /** One character without a tty: a line at its end; false while it goes on. */
  private plain(ch: string): string | false {
    if (ch === '\n') return this.partial;
    this.partial += ch;
    return false;
  }

  /** One character typed at a terminal: the line when it ends, undefined for Ctrl-D. */
  private edit(ch: string): string | undefined | false {
    if (this.escape) {
      // CSI parameters until the final byte, or the one character after ESC.
      if (!/[[0-9;?O]/.test(ch)) this.escape = false;
      return false;
    }
    if (ch === '\u001B') this.escape = true;
    else if (ch === '\r' || ch === '\n') {
      this.echo('\r\n');
      return this.partial;
    } else if (ch === '\u007F' || ch === '\b') {
      if (this.partial) {
        this.partial = [...this.partial].slice(0, -1).join('');
        this.echo('\b \b');
      }
    } else if (ch === '\u0015') {
      this.echo('\b \b'.repeat([...this.partial].length));
      this.partial = '';
    } else if (ch === '\u0003') {
      this.echo('^C\r\n');
      return '';
    } else if (ch === '\u0004') {
      // The end of input, for this read only: a shell started after it reads on.
      if (!this.partial) return undefined;
    } else if (ch >= ' ') {
      this.partial += ch;
      this.echo(ch);
    }
    return false;
  }
}
