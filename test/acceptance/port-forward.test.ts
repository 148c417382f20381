// Port-forwards through the binary against `kdeck sim`, as a user on a jump host makes them:
// F on the tutorial's service, curl from the host gets its nginx page; :pf lists the forward
// with its counts and Ctrl-D stops it; a pod's forward with LOCAL:REMOTE; a forward that
// outlives the deletion of its pod; a port in use; read-only and RBAC refusing F; quitting and
// switching context stopping the forwards (saying how many); :pf in read-only mode, and in a
// context whose user may delete nothing (stopping a forward is local: never refused). The
// real kubectl deletes the pod.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();
const kdeck = (...args: string[]) =>
  new Terminal(['--kubeconfig', sim.kubeconfig, ...args], { width: 160, height: 30 });

/** A port nothing listens on now (the system's choice, let go at once). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** curl from the host: its output, or the error it exited with. */
function curl(port: number, path = '/'): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'curl',
      ['-sS', '--max-time', '10', `http://127.0.0.1:${port}${path}`],
      (err, stdout, stderr) => resolve({ ok: !err, out: err ? stderr : stdout }),
    );
  });
}

const WELCOME = 'Welcome to nginx!';

/** F on the tutorial's service, the prompt's local port replaced by `port`. */
async function forwardService(t: Terminal, port: number): Promise<string> {
  t.burst(':svc\r');
  await t.waitFor(/services\(default\)\[\d+\] live/);
  t.burst('/nginx-server-service\r');
  await t.waitFor(/services\(default\)\[1\] \/nginx-server-service live/);
  t.keys('F');
  await t.waitFor('port-forward svc/nginx-server-service:8080 from: 127.0.0.1:8080');
  t.keys('C-u');
  t.burst(`127.0.0.1:${port}\r`);
  return t.waitFor(`port-forward 127.0.0.1:${port} → svc/nginx-server-service:8080 (pod `);
}

describe.skipIf(!hasTmux)('port-forward', () => {
  it('a forward started after a context switch stops when kdeck quits, and kdeck exits', async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.burst(':ctx kdeck-demo-readonly\r');
    await t.waitFor('ctx: kdeck-demo-readonly');
    t.burst(':ctx kdeck-demo\r');
    await t.waitFor('ctx: kdeck-demo ');
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.burst('/nginx-server\r');
    await t.waitFor(/pods\(default\)\[\d+\] \/nginx-server live/);
    t.keys('F');
    await t.waitFor(/port-forward pod\/nginx-server-\S+:80 from: 127\.0\.0\.1:80/);
    t.keys('C-u');
    t.burst('127.0.0.1:0\r');
    const line = await t.waitFor(/port-forward 127\.0\.0\.1:(\d+) → pod\//);
    const port = Number(/port-forward 127\.0\.0\.1:(\d+) →/.exec(line)?.[1]);
    expect((await curl(port)).out).toContain(WELCOME);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    expect((await curl(port)).ok).toBe(false);
  });

  it('F on a pod that is not running is refused at once, before any prompt, as kubectl refuses it', async () => {
    sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'nowhere-to-run', namespace: 'default' },
      spec: {
        nodeSelector: { 'kdeck.test/no-such-node': 'true' },
        containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }],
      },
    });
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.burst('/nowhere-to-run\r');
    await t.waitFor(/pods\(default\)\[1\] \/nowhere-to-run live/);
    // Refused before the prompt: there is nothing to ask about.
    t.keys('F');
    await t.waitFor('unable to forward port because pod is not running. Current status=Pending');
    expect(t.screen()).not.toContain('port-forward pod/nowhere-to-run');
    t.burst(':pf\r');
    await t.waitFor('no port-forwards');
    t.keys('q', 'q');
    expect(await t.exitCode()).toBe(0);
    sim.kubectl('delete', 'pod', 'nowhere-to-run', '--wait=false');
  });

  it('F on a service: curl gets the nginx page; :pf lists it with counts; Ctrl-D stops it', async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d\] live/);
    const port = await freePort();
    await forwardService(t, port);
    const page = await curl(port);
    expect(page.out).toContain(WELCOME);
    expect((await curl(port, '/missing')).out).toContain('404 Not Found');

    t.burst(':pf\r');
    await t.waitFor('port-forwards[1]');
    const row = await t.waitFor((lines) =>
      lines.some((l) =>
        /svc\/nginx-server-service:8080 .*127\.0\.0\.1:\d+ +0\/2 +\d+ +\d+ +0/.test(l),
      ),
    );
    const line = row.split('\n').find((l) => l.includes('svc/nginx-server-service:8080'))!;
    expect(line).toContain(`127.0.0.1:${port}`);
    const [bytesIn, bytesOut] = / 0\/2 +(\d+) +(\d+) /.exec(line)!.slice(1).map(Number);
    expect(bytesIn).toBeGreaterThan(page.out.length);
    expect(bytesOut).toBeGreaterThan(0);

    t.keys('C-d');
    await t.waitFor(`stopped port-forward 127.0.0.1:${port} → svc/nginx-server-service:8080`);
    await t.waitFor('no port-forwards: F on a pod, a service or a container starts one');
    expect((await curl(port)).ok).toBe(false);
    t.keys('Escape');
    await t.waitFor(/services\(default\)\[1\] \/nginx-server-service live/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('F on a pod takes LOCAL:REMOTE, and on a container; input of another form starts nothing', async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d\] live/);
    t.burst('/nginx-server\r');
    await t.waitFor(/pods\(default\)\[\d\] \/nginx-server live/);
    const pod = t.selected()!.slice(2).trim().split(/\s+/)[0];
    t.keys('F');
    await t.waitFor(`port-forward pod/${pod}:80 from: 127.0.0.1:80`);
    t.keys('C-u');
    t.burst('here\r');
    await t.waitFor('type [ADDRESS:]LOCAL[:REMOTE], e.g. 127.0.0.1:8080');
    t.keys('Escape');
    await t.waitGone('port-forward pod/');
    t.burst(':pf\r');
    await t.waitFor('no port-forwards');
    t.keys('Escape');

    const port = await freePort();
    t.keys('F');
    await t.waitFor(`port-forward pod/${pod}:80 from: 127.0.0.1:80`);
    t.keys('C-u');
    t.burst(`${port}:80\r`);
    await t.waitFor(`port-forward 127.0.0.1:${port} → pod/${pod}:80`);
    expect((await curl(port)).out).toContain(WELCOME);

    // A container's port, from the pod's containers (Enter).
    const other = await freePort();
    t.keys('Enter');
    await t.waitFor(`containers pod default/${pod}`);
    t.keys('F');
    await t.waitFor(`port-forward pod/${pod}:80 from: 127.0.0.1:80`);
    t.keys('C-u');
    t.burst(`127.0.0.1:${other}\r`);
    await t.waitFor(`port-forward 127.0.0.1:${other} → pod/${pod}:80`);
    expect((await curl(other)).out).toContain(WELCOME);
    t.burst(':pf\r');
    await t.waitFor('port-forwards[2]');
    t.keys('Escape');

    // A port no container declares: the connection fails, with kubelet's words in :pf.
    const refused = await freePort();
    t.keys('F');
    await t.waitFor(`port-forward pod/${pod}:80 from: 127.0.0.1:80`);
    t.keys('C-u');
    t.burst(`${refused}:81\r`);
    await t.waitFor(`port-forward 127.0.0.1:${refused} → pod/${pod}:81`);
    expect((await curl(refused)).ok).toBe(false);
    t.burst(':pf\r');
    await t.waitFor(`pod/${pod}:81`);
    t.keys('G');
    await t.waitFor(/› .*:81 .* 0\/1 +0 +\d+ +1 /);
    await t.waitFor(/^last error: failed to connect to localhost:81 inside namespace/m);
    t.keys('Escape', 'Escape', 'q');
    expect(await t.exitCode()).toBe(0);
    // Quitting stops the forwards with the session.
    expect((await curl(port)).ok).toBe(false);
    expect((await curl(other)).ok).toBe(false);
  });

  it("a service's forward outlives the deletion of its pod: the next connection goes to another", async () => {
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d\] live/);
    const port = await freePort();
    const said = await forwardService(t, port);
    const first = /\(pod (\S+):80\)/.exec(said)![1];
    expect((await curl(port)).out).toContain(WELCOME);
    sim.kubectl('delete', 'pod', first, '--wait=true');
    expect((await curl(port)).out).toContain(WELCOME);
    t.burst(':pf\r');
    const screen = await t.waitFor(/svc\/nginx-server-service:8080 +nginx-server-\S+:80 .* 0\/2 /);
    expect(screen).not.toContain(`${first}:80`);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it("a service's other ports are named in the prompt; a named targetPort is the container's port of that name", async () => {
    sim.apply({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'named-web', namespace: 'default', labels: { app: 'named-web' } },
          spec: {
            containers: [
              { name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80 }] },
            ],
          },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'named-web', namespace: 'default' },
          spec: {
            selector: { app: 'named-web' },
            ports: [
              { name: 'web', port: 8080, targetPort: 'http' },
              { name: 'other', port: 8443, targetPort: 80 },
            ],
          },
        },
      ],
    });
    sim.kubectl('wait', '--for=condition=Ready', 'pod/named-web', '--timeout=20s');
    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.burst(':svc\r');
    await t.waitFor(/services\(default\)\[\d+\] live/);
    t.burst('/named-web\r');
    await t.waitFor(/services\(default\)\[1\] \/named-web live/);
    t.keys('F');
    await t.waitFor('port-forward svc/named-web:8080 (also 8443) from: 127.0.0.1:8080');
    const port = await freePort();
    t.keys('C-u');
    t.burst(`127.0.0.1:${port}\r`);
    await t.waitFor(`port-forward 127.0.0.1:${port} → svc/named-web:8080 (pod named-web:80)`);
    expect((await curl(port)).out).toContain(WELCOME);
    const other = await freePort();
    t.keys('F');
    await t.waitFor('port-forward svc/named-web:8080 (also 8443) from: 127.0.0.1:8080');
    t.keys('C-u');
    t.burst(`${other}:8443\r`);
    await t.waitFor(`port-forward 127.0.0.1:${other} → svc/named-web:8443 (pod named-web:80)`);
    expect((await curl(other)).out).toContain(WELCOME);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    sim.kubectl('delete', 'service/named-web', 'pod/named-web', '--wait=false');
  });

  it('a local port in use is one line, and nothing starts', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const t = kdeck();
      await t.waitFor(/pods\(default\)\[\d\] live/);
      t.burst(':svc\r');
      await t.waitFor(/services\(default\)\[\d+\] live/);
      t.burst('/nginx-server-service\r');
      await t.waitFor(/services\(default\)\[1\] \/nginx-server-service live/);
      t.keys('F');
      await t.waitFor('from: 127.0.0.1:8080');
      t.keys('C-u');
      t.burst(`127.0.0.1:${port}\r`);
      await t.waitFor(`127.0.0.1:${port} is already in use`);
      t.burst(':pf\r');
      await t.waitFor('no port-forwards');
      t.keys('q', 'q');
      expect(await t.exitCode()).toBe(0);
    } finally {
      busy.close();
    }
  });

  it('read-only leaves F out; RBAC is asked; switching context stops the forwards', async () => {
    const ro = kdeck('--readonly');
    await ro.waitFor(/pods\(default\)\[\d\] live/);
    ro.keys('F');
    await ro.waitFor('read-only (--readonly): port-forward is off');
    // :pf says what is true there: F is off; stopping one (local) is not.
    ro.burst(':pf\r');
    await ro.waitFor('no port-forwards; read-only (--readonly): port-forward is off');
    expect(ro.lines()[29]).toContain('<ctrl-d> stop  ');
    ro.keys('Escape');
    await ro.waitGone('port-forwards[');
    ro.keys('q');
    expect(await ro.exitCode()).toBe(0);

    const t = kdeck();
    await t.waitFor(/pods\(default\)\[\d\] live/);
    const port = await freePort();
    await forwardService(t, port);
    expect((await curl(port)).out).toContain(WELCOME);
    const second = await freePort();
    await forwardService(t, second);
    // The viewer's context: its user may read pods but not open their port-forward.
    t.burst(':ctx kdeck-demo-readonly\r');
    await t.waitFor('switched to context kdeck-demo-readonly (2 port-forwards stopped)');
    await t.waitFor('ctx: kdeck-demo-readonly');
    for (const p of [port, second])
      await eventually(async () => !(await curl(p)).ok, 10_000, { what: 'the forward stopped' });
    t.burst(':svc\r');
    await t.waitFor(/services\(default\)\[\d+\] live/);
    t.keys('F');
    // The review is about pods (their portforward subresource), on a service's row too.
    await t.waitFor(/forbidden: you may not create pods\/portforward in default/);
    // The server has answered (the viewer may delete nothing), yet stopping a forward, which
    // changes nothing in the cluster, is not marked forbidden.
    // The empty list says why F starts none here, as F itself says it.
    t.burst(':pf\r');
    await t.waitFor('no port-forwards; forbidden: you may not create pods/portforward in default');
    expect(t.lines()[29]).toMatch(/<ctrl-d> stop {2}/);
    expect(t.screen()).not.toContain('(forbidden)');
    t.keys('Escape');
    await t.waitGone('port-forwards[');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
