// kdeck as it is installed and run: the one bundled file, on its own, and `kdeck sim`.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, spawnCollecting } from './helpers/sim.js';

const ROOT = join(import.meta.dirname, '..');
const BUNDLE = join(ROOT, 'dist', 'kdeck.js');
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

describe('npm start', () => {
  it('reads relative paths from the directory it was typed in, not the package', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-npm-start-'));
    // A kubeconfig only this directory has: kdeck finds it, and says what is wrong with it.
    writeFileSync(join(dir, 'mine.yaml'), 'apiVersion: v1\nkind: Config\ncurrent-context: here\n');
    const r = spawnSync('npm', ['--prefix', ROOT, 'start', '--', '--kubeconfig', 'mine.yaml'], {
      cwd: dir,
      input: '',
      env: { ...process.env, npm_lifecycle_event: '', INIT_CWD: '' },
    });
    expect(r.stderr.toString()).toContain('current-context "here" is not a context');
    expect(r.status).toBe(1);
  });

  it('keeps the compiled bundle in Node’s compile cache under the temp directory, and runs where it cannot', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'kdeck-compile-cache-'));
    const run = (env: NodeJS.ProcessEnv) =>
      execFileSync(process.execPath, [join(ROOT, 'bin', 'kdeck'), '--version'], {
        env: { ...process.env, ...env },
      }).toString();
    expect(run({ TMPDIR: tmp })).toBe(`kdeck ${version}\n`);
    expect(readdirSync(join(tmp, 'node-compile-cache')).length).toBeGreaterThan(0);
    // A temp directory that is a file: no cache, the same answer.
    const file = join(tmp, 'a-file');
    writeFileSync(file, '');
    expect(run({ TMPDIR: file })).toBe(`kdeck ${version}\n`);
  });
});

describe('the bundled file alone (the jump-host install)', () => {
  it('runs --version and --help with no node_modules beside it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-bundle-'));
    copyFileSync(BUNDLE, join(dir, 'kdeck.js'));
    expect(execFileSync(process.execPath, ['kdeck.js', '--version'], { cwd: dir }).toString()).toBe(
      `kdeck ${version}\n`,
    );
    const help = execFileSync(process.execPath, ['kdeck.js', '--help'], { cwd: dir }).toString();
    expect(help).toContain('kdeck --demo');
    expect(help).toContain('--all-namespaces');
  });

  // The machines' system Node is 20; skipped where no older Node is installed.
  const old = ['/usr/bin/node', '/usr/local/bin/node'].find(
    (p) =>
      existsSync(p) &&
      Number(execFileSync(p, ['-p', 'process.versions.node.split(".")[0]']).toString()) < 22,
  );
  it.skipIf(!old)('says in one line which Node it needs when started by an older one', () => {
    const r = spawnSync(old!, [join(ROOT, 'bin', 'kdeck'), '--version']);
    expect(r.status).toBe(1);
    expect(r.stderr.toString()).toMatch(
      /^kdeck needs Node\.js 22\.19 or newer; this is Node\.js \d+\.\d+\.\d+\.\n$/,
    );
  });
});

describe('kdeck', () => {
  it('says in one line that it needs a terminal when its output is piped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-kc-'));
    const kubeconfig = join(dir, 'config');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
    );
    // With a TERM, and without one: `ssh host kdeck` (no -t) has neither a TTY nor a TERM,
    // and it is the TTY that is missing, not a better TERM.
    for (const TERM of ['xterm-256color', undefined]) {
      const env = { ...process.env, TERM };
      if (TERM === undefined) delete env.TERM;
      const r = spawnSync(process.execPath, [BUNDLE, '--kubeconfig', kubeconfig], { env });
      expect(r.status).toBe(2);
      expect(r.stderr.toString()).toBe(
        'kdeck: needs a terminal (stdin and stdout are not both a TTY)\n',
      );
    }
  });

  it('names the kubeconfig it looked for when there is none', () => {
    const r = spawnSync(process.execPath, [BUNDLE, '--kubeconfig', '/nonexistent/config']);
    expect(r.status).toBe(1);
    expect(r.stderr.toString()).toBe(
      'kdeck: no kubeconfig found (looked at /nonexistent/config); pass --kubeconfig FILE, set KUBECONFIG, or try kdeck --demo\n',
    );
  });
});

describe('kdeck sim', () => {
  it('--help prints the usage, its sim flags included, and starts nothing', () => {
    const r = spawnSync(process.execPath, [BUNDLE, 'sim', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toContain('Sim flags:');
    expect(r.stdout.toString()).toContain('--no-metrics');
    expect(r.stdout.toString()).not.toContain('ready');
  });

  it('refuses a bad flag in one line, exit 2', () => {
    const r = spawnSync(process.execPath, [BUNDLE, 'sim', '--port', 'eighty']);
    expect(r.status).toBe(2);
    expect(r.stderr.toString()).toBe(
      'kdeck: --port needs a whole number, not "eighty" (kdeck --help for usage)\n',
    );
  });

  it('refuses an object size it does not make in one line, exit 2', () => {
    const r = spawnSync(process.execPath, [BUNDLE, 'sim', '--pods', '10', '--object-size', 'huge']);
    expect(r.status).toBe(2);
    expect(r.stderr.toString()).toBe(
      'kdeck: --object-size must be small or realistic, not "huge" (kdeck --help for usage)\n',
    );
    expect(r.stdout.toString()).not.toContain('ready');
  });

  it('--object-size realistic: kubectl lists the load pods and their Deployments, ReplicaSets and Services sanely, and a pod has what a real one has', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-sim-realistic-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const sim = spawnCollecting(
      process.execPath,
      [
        ...[BUNDLE, 'sim', '--fast', '--empty', '--write-kubeconfig', kubeconfig],
        ...['--pods', '120', '--namespaces', '3', '--object-size', 'realistic'],
      ],
      process.env,
    );
    try {
      await eventually(() => sim.output().startsWith('ready'), 20_000, { what: 'kdeck sim ready' });
      const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') };
      const kubectl = (...args: string[]) => execFileSync('kubectl', args, { env }).toString();
      const rows = (out: string) =>
        out
          .trim()
          .split('\n')
          .map((l) => l.trim().split(/\s+/));

      // NAMESPACE NAME READY STATUS RESTARTS AGE: every load pod, each its ReplicaSet's.
      const pods = rows(kubectl('get', 'pods', '-A', '--no-headers')).filter(([ns]) =>
        ns.startsWith('load-'),
      );
      expect(pods).toHaveLength(120);
      for (const [, name, ready, status, restarts] of pods) {
        expect(name).toMatch(/^app-\d+-[a-z0-9]{9,10}-[a-z0-9]{5}$/);
        expect([ready, status, restarts]).toEqual(['1/1', 'Running', '0']);
      }

      // One Deployment, ReplicaSet and Service per namespace and app, counts matching the pods.
      const perApp = new Map<string, number>();
      for (const [ns, name] of pods) {
        const key = `${ns}/${name.split('-').slice(0, 2).join('-')}`;
        perApp.set(key, (perApp.get(key) ?? 0) + 1);
      }
      const deploys = rows(kubectl('get', 'deploy', '-A', '--no-headers'));
      expect(new Set(deploys.map(([ns, name]) => `${ns}/${name}`))).toEqual(new Set(perApp.keys()));
      for (const [ns, name, ready, upToDate, available] of deploys) {
        const n = String(perApp.get(`${ns}/${name}`));
        expect([ready, upToDate, available]).toEqual([`${n}/${n}`, n, n]);
      }
      const sets = rows(kubectl('get', 'rs', '-A', '--no-headers'));
      expect(sets).toHaveLength(perApp.size);
      for (const [ns, name, desired, current, ready] of sets) {
        const n = String(perApp.get(`${ns}/${name.replace(/-[a-z0-9]+$/, '')}`));
        expect([desired, current, ready]).toEqual([n, n, n]);
      }
      const services = rows(kubectl('get', 'svc', '-A', '--no-headers')).filter(([ns]) =>
        ns.startsWith('load-'),
      );
      expect(new Set(services.map(([ns, name]) => `${ns}/${name}`))).toEqual(
        new Set(perApp.keys()),
      );
      const endpoints = kubectl('get', 'endpoints', '-n', 'load-0000', 'app-0', '-o', 'json');
      expect(JSON.parse(endpoints).subsets[0].addresses).toHaveLength(
        perApp.get('load-0000/app-0') ?? -1,
      );

      const [ns, name] = pods[0];
      const json = kubectl('get', 'pod', name, '-n', ns, '-o', 'json', '--show-managed-fields');
      const pod = JSON.parse(json);
      expect(pod.metadata.generateName).toBe(name.slice(0, -5));
      expect(pod.metadata.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'ReplicaSet', controller: true, blockOwnerDeletion: true }),
      ]);
      expect(pod.metadata.labels['pod-template-hash']).toBe(name.split('-')[2]);
      expect(pod.metadata.managedFields.map((f: { manager: string }) => f.manager)).toEqual([
        'kube-controller-manager',
        'kube-scheduler',
        'kubelet',
      ]);
      const [volume] = pod.spec.volumes;
      expect(volume.name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
      expect(volume.projected.sources[0].serviceAccountToken.expirationSeconds).toBe(3607);
      const [container] = pod.spec.containers;
      expect(container.volumeMounts).toEqual([
        {
          mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
          name: volume.name,
          readOnly: true,
        },
      ]);
      for (const field of ['resources', 'livenessProbe', 'readinessProbe', 'imagePullPolicy'])
        expect(container, field).toHaveProperty(field);
      expect(pod.spec.tolerations.map((t: { key: string }) => t.key)).toEqual([
        'node.kubernetes.io/not-ready',
        'node.kubernetes.io/unreachable',
      ]);
      expect(pod.status.conditions.map((c: { type: string }) => c.type).sort()).toEqual([
        'ContainersReady',
        'Initialized',
        'PodReadyToStartContainers',
        'PodScheduled',
        'Ready',
      ]);
      expect(pod.status.qosClass).toBe('Burstable');
      expect(pod.status.containerStatuses[0].imageID).toContain('@sha256:');
      // Real-sized: several times a small load pod (about 0.9 KB), short of a pod with sidecars.
      const size = JSON.stringify(pod).length;
      expect(size).toBeGreaterThan(4_000);
      expect(size).toBeLessThan(8_000);
    } finally {
      await sim.stop();
    }
  }, 60_000);

  // A start that fails closes what it had started, so the process ends rather than serving
  // on. The timeout only bounds a hang: a sim that never exits is killed, status null.
  it('says in one line that it cannot write the kubeconfig, and exits 1', () => {
    const r = spawnSync(
      process.execPath,
      [BUNDLE, 'sim', '--fast', '--write-kubeconfig', '/nonexistent/dir/k'],
      { timeout: 30_000, killSignal: 'SIGKILL' },
    );
    expect(r.stderr.toString()).toBe(
      'kdeck sim: cannot write the kubeconfig /nonexistent/dir/k: no such directory\n',
    );
    expect(r.stdout.toString()).not.toContain('ready');
    expect(r.status).toBe(1);
  });

  it('says in one line that its port is in use, and exits 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const r = spawnSync(process.execPath, [BUNDLE, 'sim', '--fast', '--port', String(port)], {
        timeout: 30_000,
        killSignal: 'SIGKILL',
      });
      expect(r.stderr.toString()).toBe(`kdeck sim: 127.0.0.1:${port} is already in use\n`);
      expect(r.status).toBe(1);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('prints ready with its URL, serves kubectl through the kubeconfig it wrote, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-sim-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const sim = spawnCollecting(
      process.execPath,
      [BUNDLE, 'sim', '--fast', '--write-kubeconfig', kubeconfig],
      process.env,
    );
    const line = await eventually(() =>
      /^ready (https:\/\/127\.0\.0\.1:\d+) kubeconfig=/.exec(sim.output()),
    );
    const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(dir, 'cache') };
    const ns = execFileSync('kubectl', ['get', 'ns', '-o', 'name'], { env }).toString();
    expect(ns).toContain('namespace/kube-system');
    expect(readFileSync(kubeconfig, 'utf8')).toContain(`server: ${line![1]}`);
    await sim.stop();
    expect(await sim.exited).toBe(0);
  });
});
