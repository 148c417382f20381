// A command run in a container over the exec subresource's WebSocket, as kubectl 1.30+ runs it:
// `v5.channel.k8s.io`, else `v4.channel.k8s.io` (channels.ts). The socket is opened by
// KubeClient.webSocket with the session's TLS, credentials and proxy route; client-node's Exec
// opens its own from a KubeConfig, which knows neither. Its Status type is the error channel's.
//
// The end is what the error channel says (Success, or NonZeroExitCode with the code in its
// causes), or, when the socket closes without it, the connection lost. A server that stops
// answering (a network gone quiet, no FIN) is found by pings, as kubectl's v5 heartbeat does.
import type { V1Status } from '@kubernetes/client-node';
import type { WebSocket } from 'ws';
import type { ExecEnd, ExecSession, ExecTarget } from '../resources/index.js';
import {
  ERROR,
  EXEC_PROTOCOLS,
  frame,
  RESIZE,
  STDERR,
  STDIN,
  STDOUT,
  unframe,
} from '../util/channels.js';
import type { KubeClient } from './client.js';
import { networkError } from './errors.js';

/** How often the server is pinged, and how long it may stay silent before the end is said. */
const PING_MS = 5_000;
const SILENCE_MS = 15_000;

export function execPath(t: ExecTarget): string {
  const q = new URLSearchParams();
  for (const word of t.command) q.append('command', word);
  q.set('container', t.container);
  q.set('stdin', 'true');
  q.set('stdout', 'true');
  // With a tty the terminal is one stream: kubectl asks for no stderr then.
  q.set('stderr', String(!t.tty));
  q.set('tty', String(t.tty));
  return `/api/v1/namespaces/${encodeURIComponent(t.namespace)}/pods/${encodeURIComponent(t.pod)}/exec?${q}`;
}

/** Opens the exec; a refusal (403, a container not valid, no such pod) throws a KubeError. */
export async function openExec(client: KubeClient, t: ExecTarget): Promise<ExecSession> {
  const ws = await client.webSocket(execPath(t), EXEC_PROTOCOLS);
  const s = session(ws);
  ws.resume();
  return s;
}

/** What the error channel's Status says of the command's end. */
export function endOf(status: V1Status): ExecEnd {
  if (status.status === 'Success') return { exitCode: 0 };
  if (status.reason === 'NonZeroExitCode') {
    const code = Number(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message);
    if (Number.isInteger(code)) return { exitCode: code };
  }
  return { error: status.message || 'the command failed' };
}

function session(ws: WebSocket): ExecSession {
  const listeners: ((data: Buffer) => void)[] = [];
  // Output that comes before anyone listens (the shell's prompt, while the screen is put away)
  // is kept for the first listener.
  const early: Buffer[] = [];
  let said: ExecEnd | undefined;
  let finish!: (end: ExecEnd) => void;
  const ended = new Promise<ExecEnd>((resolve) => {
    finish = (end) => {
      clearInterval(heartbeat);
      resolve(end);
    };
  });
  let heard = Date.now();
  const heartbeat = setInterval(() => {
    if (Date.now() - heard > SILENCE_MS) {
      said ??= { error: `connection lost: no answer from the server for ${SILENCE_MS / 1000}s` };
      ws.terminate();
      return;
    }
    ws.ping();
  }, PING_MS);
  heartbeat.unref?.();
  ws.on('pong', () => {
    heard = Date.now();
  });
  ws.on('message', (raw: Buffer) => {
    heard = Date.now();
    const m = unframe(raw);
    if (!m) return;
    if (m.channel === STDOUT || m.channel === STDERR) {
      if (!listeners.length) early.push(m.data);
      for (const l of listeners) l(m.data);
    } else if (m.channel === ERROR) {
      try {
        said ??= endOf(JSON.parse(m.data.toString('utf8')) as V1Status);
      } catch {
        said ??= { error: m.data.toString('utf8').trim() || 'the command failed' };
      }
    }
  });
  ws.on('error', (e) => {
    said ??= { error: `connection lost: ${networkError(e).message}` };
  });
  // Closed with no word on the error channel: the server (or the way to it) went away. Said
  // with the close code, as kubectl says it (`websocket: close 1006 (abnormal closure)`).
  ws.on('close', (code: number, reason: Buffer) =>
    finish(
      said ?? {
        error: `connection lost: websocket: close ${code}${code === 1006 ? ' (abnormal closure)' : ''}${reason.length ? `: ${reason}` : ''}`,
      },
    ),
  );
  const send = (data: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(data);
  };
  return {
    write: (data) => send(frame(STDIN, data)),
    resize: ({ width, height }) =>
      send(frame(RESIZE, JSON.stringify({ Width: width, Height: height }))),
    onOutput: (l) => {
      listeners.push(l);
      for (const data of early.splice(0)) l(data);
    },
    ended,
    close: () => {
      said ??= { error: 'closed' };
      ws.close(1000);
    },
  };
}
