// The server's Warning headers through the binary: a deployment whose pod template uses the
// deprecated `beta.kubernetes.io/arch` node label, scaled with `s`, shows kube-apiserver's
// warning on the status line as kubectl prints it, and `:warnings` lists it. kubectl judges
// the scale, and prints the same text for the same write (the simulator's warning is
// kube-apiserver's).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();

const ARCH =
  'spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead';

/** kubectl against the simulator, and the warnings it printed on stderr. */
function kubectl(...args: string[]): { stdout: string; warnings: string[] } {
  const env = { ...process.env, KUBECONFIG: sim.kubeconfig, KUBECACHEDIR: join(sim.dir, 'cache') };
  const r = spawnSync('kubectl', args, { env, input: '' });
  expect(r.status, r.stderr.toString()).toBe(0);
  const warnings = r.stderr
    .toString()
    .split('\n')
    .filter((l) => l.startsWith('Warning: '))
    .map((l) => l.slice('Warning: '.length));
  return { stdout: r.stdout.toString(), warnings };
}

const legacy = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'legacy-arch', namespace: 'default' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'legacy-arch' } },
    template: {
      metadata: { labels: { app: 'legacy-arch' } },
      spec: {
        nodeSelector: { 'beta.kubernetes.io/arch': 'amd64' },
        containers: [{ name: 'web', image: 'nginx:1.27' }],
      },
    },
  },
};

describe.skipIf(!hasTmux)('warnings from the server', () => {
  it('a scale of a deployment with a deprecated node label shows the warning; :warnings lists it', async () => {
    const file = join(sim.dir, 'legacy-arch.json');
    writeFileSync(file, JSON.stringify(legacy));
    expect(kubectl('apply', '-f', file).warnings).toEqual([ARCH]);

    // Wide enough that the status line holds the message and the warning on one line.
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], { width: 200, height: 30 });
    await t.waitFor('pods(default)');
    t.burst(':deploy\r');
    await t.waitFor(/legacy-arch\s+\d\/1/);
    t.burst('/legacy-arch\r');
    await t.waitFor('deployments(default)[1] /legacy-arch');
    t.keys('s');
    await t.waitFor('scale default/legacy-arch to: 1');
    t.keys('BSpace', '2', 'Enter');
    const screen = await t.waitFor('Warning: ');
    const shown = screen
      .split('\n')
      .find((l) => l.includes('Warning: '))!
      .split('Warning: ')[1]
      .trimEnd();
    expect(shown).toBe(ARCH);
    expect(
      kubectl('get', 'deployment', 'legacy-arch', '-o', 'jsonpath={.spec.replicas}').stdout,
    ).toBe('2');

    // kubectl's scale of the same deployment: the same words from the server.
    const scaled = kubectl('scale', 'deployment', 'legacy-arch', '--replicas=3');
    expect(scaled.stdout).toContain('deployment.apps/legacy-arch scaled');
    expect(scaled.warnings).toEqual([shown]);

    t.burst(':warnings\r');
    const page = await t.waitFor(/^\d\d:\d\d:\d\d {2}Warning: /m);
    const listed = page.split('\n').filter((l) => /^\d\d:\d\d:\d\d {2}Warning: /.test(l));
    expect(listed.map((l) => l.slice('00:00:00  Warning: '.length).trimEnd())).toEqual([ARCH]);
    t.keys('q');
    await t.waitGone('Warning: ');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
