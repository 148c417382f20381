// Ctrl-U pages up (inside tmux, Ctrl-B is tmux's prefix and never reaches kdeck): in a table
// and in a page of text; in a prompt it still clears the line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, simForFile, Terminal, tableRows } from './terminal.js';

const sim = simForFile();

/** A row's name: what stays put while its age ticks. */
const name = (row: string | undefined) => row?.slice(2).trim().split(/\s+/)[0];

describe.skipIf(!hasTmux)('Ctrl-U', () => {
  it('in a table: PgDn goes pages down, Ctrl-U back to the first page', async () => {
    // A table of its own, that nothing else changes: 30 ConfigMaps in a namespace.
    sim.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'pages' } });
    sim.apply({
      apiVersion: 'v1',
      kind: 'List',
      items: Array.from({ length: 30 }, (_, i) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `cm-${String(i).padStart(2, '0')}`, namespace: 'pages' },
      })),
    });
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '-n', 'pages'], { height: 12 });
    await t.waitFor(/pods\(pages\)\[0\]/);
    t.burst(':cm\r');
    // 31: kube-root-ca.crt too, when the simulator makes it.
    const screen = await t.waitFor(/configmaps\(pages\)\[3[01]\] live/);
    const first = tableRows(screen).map(name);
    expect(first[0]).toBe('cm-00');
    expect(first).not.toContain('cm-29');
    t.keys('PageDown', 'PageDown');
    await t.waitFor(() => !tableRows(t.screen()).map(name).includes('cm-00'));
    t.keys('C-u', 'C-u');
    await t.waitFor(() => name(t.selected()) === 'cm-00');
    expect(tableRows(t.screen()).map(name)).toEqual(first);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('in YAML: PgDn, then Ctrl-U back to the top', async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig]);
    await t.waitFor('pods(default)[5] live');
    t.keys('y');
    await t.waitFor(/^yaml pod default\/\S+ \[1-20\/\d+\]$/m);
    t.keys('PageDown');
    await t.waitFor(/^yaml pod default\/\S+ \[21-/m);
    t.keys('C-u');
    const screen = await t.waitFor(/^yaml pod default\/\S+ \[1-20\/\d+\]$/m);
    expect(screen).toMatch(/^apiVersion: v1\nkind: Pod$/m);
    t.keys('q', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('in the log view: paused, Ctrl-U shows the page of lines before the one on screen', async () => {
    const pod = sim.kubectl('get', 'pods', '-o', 'jsonpath={.items[0].metadata.name}');
    // Three pages of lines at least (a page is 6 rows at this height), to go one page up from
    // the second.
    await eventually(() => sim.kubectl('logs', pod).split('\n').length > 20, 60_000, {
      what: '20 lines of logs',
    });
    const t = new Terminal(['--kubeconfig', sim.kubeconfig], { width: 300, height: 10 });
    await t.waitFor('pods(default)[5] live');
    t.burst(`/^${pod}$\r`);
    await t.waitFor('pods(default)[1]');
    t.keys('l');
    const rowsOf = (screen: string) => {
      const lines = screen.replace(/\n$/, '').split('\n');
      const top = lines.findIndex((l) => /^(following|paused \(f to follow\)) — logs pod/.test(l));
      return lines.slice(top + 1, -1).filter((l) => l !== '');
    };
    // The heading comes before the tail has arrived: pausing then would stop at the first
    // page, with nothing above it. Pause once the screen shows lines past the first page.
    await t.waitFor((lines) => {
      const rows = rowsOf(lines.join('\n'));
      return rows.length === 6 && sim.kubectl('logs', pod).split('\n').indexOf(rows[0]) >= 6;
    });
    t.keys('k');
    const paused = await t.waitFor(/^paused \(f to follow\)/m);
    const before = rowsOf(paused);
    expect(before).toHaveLength(6);
    t.keys('C-u');
    const after = rowsOf(await t.waitFor((lines) => rowsOf(lines.join('\n'))[0] !== before[0]));
    const logs = sim.kubectl('logs', pod).split('\n');
    const at = logs.indexOf(before[0]);
    expect(at).toBeGreaterThanOrEqual(6);
    expect(after).toEqual(logs.slice(at - 6, at));
    t.keys('q', 'q');
    expect(await t.exitCode()).toBe(0);
  });

  it('in the apply preview: G to the end, then Ctrl-U a page up at a time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-pages-'));
    const path = join(dir, 'many.yaml');
    const names = Array.from({ length: 60 }, (_, i) => `paged-${String(i + 1).padStart(2, '0')}`);
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
    await t.waitFor('Delete these 60 objects');
    t.keys('G');
    await t.waitFor('configmap/paged-60');
    t.keys('C-u');
    // A page up: neither end on screen.
    await t.waitGone('configmap/paged-60');
    expect(t.screen()).not.toContain('configmap/paged-01');
    t.keys('C-u', 'C-u', 'C-u');
    await t.waitFor('configmap/paged-01');
    t.keys('Escape');
    await t.waitFor('cancelled: nothing changed');
    expect(sim.kubectl('get', 'configmaps', '-o', 'name').match(/paged-/g)).toHaveLength(60);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('in the filter prompt: clears the line (a prompt takes keys before the table)', async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig]);
    await t.waitFor('pods(default)[5] live');
    t.keys('/');
    t.burst('xyz');
    await t.waitFor(/^\/xyz/m);
    t.keys('C-u');
    await t.waitFor(/^\/ ?$/m);
    t.burst('nginx\r');
    await t.waitFor(/pods\(default\)\[\d\] \/nginx live/);
    expect(t.screen()).not.toContain('xyz');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
