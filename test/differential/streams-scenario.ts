// The differential scenario for a pod's streams over WebSocket, as kdeck opens them: exec
// (`v5.channel.k8s.io`, its stdin closed through the v5 close channel; a bad container, a
// missing pod, a user without `create` on pods/exec) and port-forward (`v4.channel.k8s.io`,
// each channel opened by its port, an HTTP answer from port 80). On the real control plane
// KWOK serves both (scripts/cluster.sh: commands run on the host in a folder of their own,
// port 80 answered by a script), so what is compared is what the protocol carries.
import { expect } from 'vitest';
import type { KubeClient } from '../../src/kube/client.js';
import { KubeError } from '../../src/kube/errors.js';
import {
  CLOSE,
  ERROR,
  EXEC_PROTOCOLS,
  frame,
  PORT_FORWARD_PROTOCOLS,
  STDIN,
  unframe,
} from '../../src/util/channels.js';
import { eventually } from '../helpers/sim.js';
import { call, type Target } from './targets.js';

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects as plain JSON
type Obj = Record<string, any>;

const NS = '/api/v1/namespaces/default';

/** What a stream carried, by channel, once the server closed it. */
async function session(
  client: KubeClient,
  path: string,
  protocols: string[],
  o: {
    /** Once open. */
    start?: (write: (b: Buffer) => void) => void;
    /** After each message; `close` ends the stream from this side. */
    next?: (write: (b: Buffer) => void, got: Map<number, Buffer[]>, close: () => void) => void;
  } = {},
) {
  const ws = await client.webSocket(path, protocols);
  const got = new Map<number, Buffer[]>();
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  ws.on('message', (m: Buffer) => {
    const f = unframe(m);
    if (!f) return;
    got.set(f.channel, [...(got.get(f.channel) ?? []), Buffer.from(f.data)]);
    o.next?.(
      (b) => ws.send(b),
      got,
      () => ws.close(),
    );
  });
  ws.resume();
  o.start?.((b) => ws.send(b));
  await closed;
  const text = (c: number) => Buffer.concat(got.get(c) ?? []).toString('utf8');
  return { protocol: ws.protocol, got, text };
}

/** A refusal before the upgrade, as a client reads it. */
async function refusal(client: KubeClient, path: string, pod: string, viewerUser: string) {
  const e = await client.webSocket(path, EXEC_PROTOCOLS).then(
    (ws) => {
      ws.terminate();
      throw new Error(`${path} was upgraded`);
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(KubeError);
  const k = e as KubeError;
  return {
    code: k.code,
    reason: k.reason,
    message: k.message.replaceAll(pod, '<pod>').replaceAll(viewerUser, '<viewer>'),
  };
}

const query = (command: string[], extra = '') =>
  `${command.map((c) => `command=${encodeURIComponent(c)}`).join('&')}&stdout=true&stderr=true${extra}`;

export async function podStreams(t: Target) {
  const pods = await eventually(
    async () => {
      const a = await call(t.admin, `${NS}/pods?labelSelector=app%3Dnginx-server`);
      const ready = (a.body.items as Obj[]).filter((p) =>
        p.status?.conditions?.some((c: Obj) => c.type === 'Ready' && c.status === 'True'),
      );
      expect(ready.length).toBeGreaterThan(0);
      return ready;
    },
    t.settleMs,
    { what: 'a ready nginx pod' },
  );
  const pod = pods[0].metadata.name as string;
  const base = `${NS}/pods/${pod}`;

  const echo = await session(
    t.admin,
    `${base}/exec?${query(['sh', '-c', 'echo hello'])}`,
    EXEC_PROTOCOLS,
  );
  // A line to `head -n 1` on stdin, then v5's close of stdin. (KWOK's exec does not pass the
  // close on to the command's stdin, as a kubelet does: `cat` would wait for ever there.)
  const head = await session(
    t.admin,
    `${base}/exec?${query(['head', '-n', '1'], '&stdin=true')}`,
    EXEC_PROTOCOLS,
    {
      start(write) {
        write(frame(STDIN, 'abc\n'));
        write(frame(CLOSE, Buffer.from([STDIN])));
      },
    },
  );
  const status = (s: { text: (c: number) => string }) => JSON.parse(s.text(ERROR) || '{}');

  const request = 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';
  let requested = false;
  const forward = await session(t.admin, `${base}/portforward?ports=80`, PORT_FORWARD_PROTOCOLS, {
    next(write, got, close) {
      // The request goes once both channels have said their port; the stream ends with the
      // page (the server keeps a forward's stream open until the client ends it).
      if (!requested && got.has(0) && got.has(1)) {
        requested = true;
        write(frame(0, request));
      }
      if (Buffer.concat(got.get(0) ?? []).includes('</html>')) close();
    },
  });
  const data = Buffer.concat(forward.got.get(0) ?? []);
  const answer = data.subarray(2).toString('utf8');
  expect(answer).toContain('Welcome to nginx!');

  return {
    exec: {
      protocol: echo.protocol,
      stdout: echo.text(1),
      stderr: echo.text(2),
      status: status(echo),
      stdin: { protocol: head.protocol, stdout: head.text(1), status: status(head) },
      badContainer: await refusal(
        t.admin,
        `${base}/exec?${query(['true'], '&container=nope')}`,
        pod,
        t.viewerUser,
      ),
      noPod: await refusal(
        t.admin,
        `${NS}/pods/no-such-pod/exec?${query(['true'])}`,
        pod,
        t.viewerUser,
      ),
      viewer: await refusal(t.viewer, `${base}/exec?${query(['true'])}`, pod, t.viewerUser),
    },
    portForward: {
      protocol: forward.protocol,
      // Each channel's first bytes: the port, little-endian.
      dataPort: data.readUInt16LE(0),
      errorPort: Buffer.concat(forward.got.get(1) ?? []).readUInt16LE(0),
      statusLine: answer.split('\r\n')[0],
      viewer: await refusal(t.viewer, `${base}/portforward?ports=80`, pod, t.viewerUser),
    },
  };
}
