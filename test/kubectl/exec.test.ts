// The real kubectl's exec against the simulator's built-in shell, over WebSocket (kubectl
// 1.30+ speaks v5.channel.k8s.io): output, exit codes as kubectl reports them, stdin, a
// container chosen with -c, and the server's refusals in its words.
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kindOf } from '../../src/sim/kinds.js';
import { eventually, startTestCluster, type TestCluster } from '../helpers/sim.js';

const POD = kindOf('Pod');
let c: TestCluster;
let pod: string;

beforeAll(async () => {
  c = await startTestCluster();
  pod = await eventually(
    () =>
      c.sim.cluster.store
        .list(POD, 'default')
        .find((p) => p.status?.containerStatuses?.[0]?.state?.running)?.metadata.name,
  );
});
afterAll(() => c.stop());

describe('kubectl exec', () => {
  it('runs a command in the container: hostname prints the pod name', async () => {
    const r = await c.kubectl(['exec', pod, '--', 'hostname']);
    expect(r).toMatchObject({ code: 0, stdout: `${pod}\n` });
  });

  it("exits with the command's status, as kubectl reports it", async () => {
    const r = await c.kubectl(['exec', pod, '--', 'sh', '-c', 'echo out; exit 3']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('out\n');
    expect(r.stderr).toContain('command terminated with exit code 3');
  });

  it('sends stdin with -i: a shell reads its script from it', async () => {
    const r = await new Promise<{ code: number; stdout: string }>((resolve) => {
      const p = execFile(
        'kubectl',
        ['exec', '-i', pod, '--', 'sh'],
        { env: c.env, timeout: 30_000 },
        (err, stdout) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout }),
      );
      p.stdin?.end('echo hi\nhostname\nexit 2\n');
    });
    expect(r).toEqual({ code: 2, stdout: `hi\n${pod}\n` });
  });

  it('chooses the container with -c; one the pod does not have is refused in the server words', async () => {
    const shop = c.sim.cluster.store.list(POD, 'shop')[0];
    const names: string[] = shop.spec.containers.map((x: { name: string }) => x.name);
    const ok = await c.kubectl([
      'exec',
      '-n',
      'shop',
      shop.metadata.name,
      '-c',
      names[1],
      '--',
      'env',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`HOSTNAME=${shop.metadata.name}\n`);
    const bad = await c.kubectl(['exec', pod, '-c', 'nope', '--', 'hostname']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      `Error from server (BadRequest): container nope is not valid for pod ${pod}`,
    );
  });

  it('the built-in shell: cd, pwd, cat and ls of its files, printenv, tput; an unknown command is 127', async () => {
    const script =
      'cd /etc && pwd && cat hostname && ls /usr/share/nginx/html && printenv HOSTNAME && tput cols; nosuch';
    const r = await c.kubectl(['exec', pod, '--', 'sh', '-c', script]);
    expect(r.stdout).toBe(`/etc\n${pod}\nindex.html\n${pod}\n80\n`);
    expect(r.stderr).toContain('sh: nosuch: not found');
    expect(r.code).toBe(127);
    const files = await c.kubectl([
      'exec',
      pod,
      '--',
      'cat',
      '/usr/share/nginx/html/index.html',
      '/etc/os-release',
      '/etc/hosts',
    ]);
    expect(files.stdout).toContain('<h1>Welcome to nginx!</h1>');
    expect(files.stdout).toContain('ID=debian');
    const ip = c.sim.cluster.store.get(POD, 'default', pod)?.status.podIP;
    expect(files.stdout).toContain(`${ip}\t${pod}`);
  });

  it('a command the image does not have fails as the runtime fails it', async () => {
    const r = await c.kubectl(['exec', pod, '--', 'frobnicate']);
    expect(r.code).toBe(126);
    expect(r.stdout).toContain('"frobnicate": executable file not found in $PATH');
  });

  it('is refused to a user RBAC gives no pods/exec (the view role), as the GET of the upgrade', async () => {
    const r = await c.kubectl(['exec', pod, '--', 'hostname'], { readonly: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pods "[^"]+" is forbidden: .* cannot get resource "pods\/exec"/);
  });
});

describe('kubectl port-forward', () => {
  it('is refused in one line: kubectl speaks SPDY, the simulator port-forwards over WebSocket only', async () => {
    const r = await c.kubectl(['port-forward', pod, '0:80']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'the simulator serves portforward over WebSocket (v4.channel.k8s.io) only, not SPDY',
    );
  });
});
