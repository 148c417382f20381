// Exec sessions through kdeck's own client: against the simulator (output, exit status, the
// terminal's size passed on, the server's refusals), and against a server that speaks only
// v4.channel.k8s.io (the fallback kubectl has too) and one that drops the connection.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { KubeSource } from '../../src/kube/cluster-source.js';
import type { ExecSession } from '../../src/resources/index.js';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
let c: TestCluster;
let source: KubeSource;
let pod: string;

beforeAll(async () => {
  c = await startTestCluster();
  source = KubeSource.connect({ kubeconfig: c.kubeconfigPath });
  pod = await eventually(
    () =>
      c.sim.cluster.store
        .list(POD, 'default')
        .find((p) => p.status?.containerStatuses?.[0]?.state?.running)?.metadata.name,
  );
});
afterAll(async () => {
  source.close();
  await c.stop();
});

/** Everything the session writes, as text. */
function output(s: ExecSession) {
  let text = '';
  s.onOutput((d) => {
    text += d.toString('utf8');
  });
  return () => text;
}

const target = (command: string[], tty = false) => ({
  namespace: 'default',
  pod,
  container: 'nginx-server',
  command,
  tty,
});

describe('exec against the simulator', () => {
  it('runs a command: its output, then its exit status', async () => {
    const s = await source.exec(target(['hostname']));
    const out = output(s);
    expect(await s.ended).toEqual({ exitCode: 0 });
    expect(out()).toBe(`${pod}\n`);
    const failing = await source.exec(target(['sh', '-c', 'exit 7']));
    expect(await failing.ended).toEqual({ exitCode: 7 });
  });

  it('with a tty, the size sent is the size the shell sees, input is echoed, TERM is set', async () => {
    const s = await source.exec(target(['sh'], true));
    const out = output(s);
    s.resize({ width: 132, height: 43 });
    s.write(Buffer.from('stty size\r'));
    await eventually(() => out().includes('stty size\r\n43 132\r\n'));
    s.write(Buffer.from('printenv TERM HOME\r'));
    await eventually(() => out().includes('printenv TERM HOME\r\nxterm\r\n/root\r\n'));
    s.resize({ width: 90, height: 20 });
    s.write(Buffer.from('stty size\rexit\r'));
    expect(await s.ended).toEqual({ exitCode: 0 });
    expect(out()).toContain('stty size\r\n20 90\r\n');
  });

  it('with a tty, the line is edited as bash edits it; Ctrl-D on an empty line ends the shell', async () => {
    const s = await source.exec(target(['bash'], true));
    const out = output(s);
    // echx, Backspace, o: echo; Ctrl-U drops the line; Ctrl-C too.
    s.write(Buffer.from('echx\u007Fo a\u0015echo b\rnever\u0003'));
    await eventually(() => out().includes('^C\r\n'));
    expect(out()).toContain('\r\nb\r\n');
    expect(out()).not.toContain('\r\na\r\n');
    s.write(Buffer.from('\u0004'));
    expect(await s.ended).toEqual({ exitCode: 0 });
    expect(out()).toMatch(/# exit\r\n$/);
  });

  it("refusals throw in the server's words; a container not running ends with its reason", async () => {
    await expect(source.exec({ ...target(['hostname']), container: 'nope' })).rejects.toThrow(
      `container nope is not valid for pod ${pod}`,
    );
    const viewer = KubeSource.connect({
      kubeconfig: c.kubeconfigPath,
      context: 'kdeck-demo-readonly',
    });
    await expect(viewer.exec(target(['hostname']))).rejects.toThrow(
      /cannot get resource "pods\/exec"/,
    );
    viewer.close();
    c.sim.cluster.create(POD, 'default', {
      metadata: { name: 'no-image', namespace: 'default' },
      spec: { containers: [{ name: 'web', image: 'nginx:does-not-exist' }] },
    });
    await eventually(() => c.sim.cluster.store.get(POD, 'default', 'no-image')?.spec.nodeName);
    const s = await source.exec({ ...target(['hostname']), pod: 'no-image', container: 'web' });
    expect(await s.ended).toEqual({
      error: 'Internal error occurred: unable to upgrade connection: container not found ("web")',
    });
  });
});

describe('exec against other servers', () => {
  let server: Server;
  let offered: string[] = [];
  /** What the fake server does with each session once open. */
  let behave: (ws: import('ws').WebSocket) => void = () => {};
  let plain: KubeSource;

  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({
      server,
      // A server gone quiet: no pong either (the sessions here are short otherwise).
      autoPong: false,
      handleProtocols: (protocols) => {
        offered = [...protocols];
        return protocols.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false;
      },
    });
    wss.on('connection', (ws) => behave(ws));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-exec-'));
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{name: proxy, cluster: {server: "http://127.0.0.1:${port}"}}]
users: [{name: nobody, user: {}}]
contexts: [{name: proxy, context: {cluster: proxy, user: nobody, namespace: default}}]
current-context: proxy
`,
    );
    plain = KubeSource.connect({ kubeconfig });
  });
  afterAll(() => {
    plain.close();
    server.close();
  });

  it('a server that speaks only v4 is offered v5 first, then served over v4', async () => {
    behave = (ws) => {
      ws.send(Buffer.concat([Buffer.from([1]), Buffer.from('over v4\n')]));
      ws.send(Buffer.concat([Buffer.from([3]), Buffer.from('{"metadata":{},"status":"Success"}')]));
      ws.close(1000);
    };
    const s = await plain.exec(target(['hostname']));
    const out = output(s);
    expect(await s.ended).toEqual({ exitCode: 0 });
    expect(out()).toBe('over v4\n');
    expect(offered).toEqual(['v5.channel.k8s.io', 'v4.channel.k8s.io']);
  });

  it('a connection dropped without a status ends the session as lost', async () => {
    behave = (ws) => {
      ws.send(Buffer.concat([Buffer.from([1]), Buffer.from('$ ')]));
      ws.terminate();
    };
    const s = await plain.exec(target(['sh'], true));
    expect(await s.ended).toEqual({
      error: 'connection lost: websocket: close 1006 (abnormal closure)',
    });
  });

  it('a server that stops answering (no message, no pong) ends the session as lost', async () => {
    behave = () => {};
    // The heartbeat's clock only: the socket itself is real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const s = await plain.exec(target(['sh'], true));
      vi.advanceTimersByTime(25_000);
      expect(await s.ended).toEqual({
        error: 'connection lost: no answer from the server for 15s',
      });
    } finally {
      vi.useRealTimers();
    }
  });
});
