// A manifest longer than the screen: its delete list scrolls under the confirmation, so what
// the user is asked to delete can all be seen before Delete. Through the binary at 80×24.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();

describe.skipIf(!hasTmux)(':delete -f of more objects than the screen holds', () => {
  it('G and g scroll the list under the confirmation; Esc cancels, nothing deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-long-'));
    const path = join(dir, 'many.yaml');
    const names = Array.from({ length: 30 }, (_, i) => `many-${String(i + 1).padStart(2, '0')}`);
    writeFileSync(
      path,
      names
        .map((n) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${n}\ndata:\n  k: v\n`)
        .join('---\n'),
    );
    sim.kubectl('apply', '-f', path);
    const t = new Terminal(['--kubeconfig', sim.kubeconfig]);
    await t.waitFor(/pods\(default\)\[\d+\] live/);
    t.burst(`:delete -f ${path}\r`);
    const first = await t.waitFor('Delete these 30 objects');
    expect(first).toContain('configmap/many-01');
    expect(first).not.toContain('configmap/many-30');
    t.keys('G');
    const last = await t.waitFor('configmap/many-30');
    expect(last).not.toContain('configmap/many-01');
    expect(last).toContain('› Cancel ‹');
    t.keys('g');
    await t.waitFor('configmap/many-01');
    t.keys('Escape');
    await t.waitFor('cancelled: nothing changed');
    expect(sim.kubectl('get', 'configmaps', '-o', 'name').match(/many-/g)).toHaveLength(30);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
