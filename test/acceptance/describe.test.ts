// `d` through the binary on a ConfigMap (kubectl's ConfigMap layout) and on a custom resource
// (kubectl's generic layout, the one every kind without a describer of its own gets): the
// page kdeck draws is, line for line, what the real `kubectl describe` prints for the same
// object of `kdeck sim`. Ages are the one thing
// allowed to differ: kubectl and kdeck read them at other moments, so the Age cell of each
// event is left out, and with it the width of that column.
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();

// Wide enough for kube-root-ca.crt's long annotation, tall enough for the whole page.
const kdeck = (...args: string[]) =>
  new Terminal(['--kubeconfig', sim.kubeconfig, ...args], { width: 200, height: 60 });

/**
 * The describe page titled `title` once it is all drawn: the title says how many lines it
 * has (`[1-N/N]`), and they are the screen's lines under it, down to its last (a frame
 * caught half drawn is waited past).
 */
async function page(t: Terminal, title: string): Promise<string[]> {
  const at = (lines: string[]) => lines.findIndex((l) => l.startsWith(`${title} [1-`));
  const body = (lines: string[]) => {
    const i = at(lines);
    const n = Number(/\[1-(\d+)\/\1\]$/.exec(lines[i] ?? '')?.[1]);
    return n ? lines.slice(i + 1, i + 1 + n) : [];
  };
  const screen = await t.waitFor((lines) => {
    const shown = body(lines);
    return shown.some((l) => l.startsWith('Events:')) && shown.at(-1) !== '';
  });
  return body(screen.split('\n'));
}

/** Lines with the spaces at their ends dropped; under Events, cells without the Age. */
function comparable(lines: string[]): string[] {
  const events = lines.findIndex((l) => l.startsWith('Events:'));
  return lines.map((l, i) => {
    if (i <= events) return l.trimEnd();
    const [type, reason, _age, from, ...message] = l.trim().split(/\s{2,}/);
    return [type, reason, from, message.join('  ')].join(' | ');
  });
}

describe.skipIf(!hasTmux)('describe as kubectl describes', () => {
  it("d on a ConfigMap shows kubectl's page: Data with each value whole, BinaryData, Events", async () => {
    const t = kdeck('-n', 'data');
    await t.waitFor('pods(data)');
    t.burst(':cm\r');
    await t.waitFor(/configmaps\(data\)\[\d+\] live/);
    t.burst('/kube-root-ca\r');
    await t.waitFor(/configmaps\(data\)\[1\] \/kube-root-ca live/);
    t.keys('d');
    const ours = await page(t, 'describe configmap data/kube-root-ca.crt');
    const kubectl = sim.kubectl('describe', 'configmap', 'kube-root-ca.crt', '-n', 'data');
    expect(comparable(ours)).toEqual(comparable(kubectl.trimEnd().split('\n')));
    expect(ours).toContain('-----BEGIN CERTIFICATE-----');
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it("d on a demo Backup (a custom resource) shows kubectl's generic page, its events too", async () => {
    const backup = JSON.parse(
      sim.kubectl('get', 'backup', 'postgres-nightly', '-n', 'data', '-o', 'json'),
    );
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    sim.apply({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'postgres-nightly.1', namespace: 'data' },
      involvedObject: {
        apiVersion: 'kdeck.dev/v1',
        kind: 'Backup',
        name: 'postgres-nightly',
        namespace: 'data',
        uid: backup.metadata.uid,
      },
      reason: 'Completed',
      type: 'Normal',
      message: 'dump written: 1.2Gi',
      count: 2,
      firstTimestamp: ago(90),
      lastTimestamp: ago(5),
      source: { component: 'backup-operator' },
    });
    const t = kdeck('-n', 'data');
    await t.waitFor('pods(data)');
    t.burst(':bk\r');
    await t.waitFor(/backups\(data\)\[3\] live/);
    t.burst('/nightly\r');
    await t.waitFor(/backups\(data\)\[1\] \/nightly live/);
    t.keys('d');
    const ours = await page(t, 'describe backup data/postgres-nightly');
    const kubectl = sim.kubectl('describe', 'backup', 'postgres-nightly', '-n', 'data');
    expect(comparable(ours)).toEqual(comparable(kubectl.trimEnd().split('\n')));
    expect(ours).toContain('Spec:');
    expect(ours.at(-1)).toMatch(
      /^\s+Normal\s+Completed\s+.*backup-operator\s+dump written: 1\.2Gi$/,
    );
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});
