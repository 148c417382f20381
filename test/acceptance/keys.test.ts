// Keys as a user presses them, in a real terminal, on the built kdeck against `kdeck sim`;
// kubectl judges what happened to the cluster.
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal, tableRows } from './terminal.js';

const sim = simForFile();

const kdeck = (args: string[], size?: { width: number; height: number }) =>
  new Terminal(['--kubeconfig', sim.kubeconfig, ...args], size);
const name = (row: string | undefined) => row?.slice(2).trim().split(/\s+/)[0];

describe.skipIf(!hasTmux)('an empty table never traps the user', () => {
  it('kdeck -n no-such-ns: ? opens help, : a prompt, Esc closes them, q quits with 0', async () => {
    const t = kdeck(['-n', 'no-such-ns']);
    await t.waitFor(/pods\(no-such-ns\)\[0\] live/);
    expect(t.screen()).toMatch(/^no rows$/m);
    t.keys('?');
    await t.waitFor('Keys (Esc or ? to close)');
    t.keys('Escape');
    await t.waitGone('Keys (Esc');
    t.keys(':');
    await t.waitFor(/^:\s/m);
    t.keys('Escape');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it(':pods kube-public, then Ctrl-C quits with 130 and gives the terminal back', async () => {
    const t = kdeck([]);
    await t.waitFor('pods(default)[5] live');
    t.burst(':pods kube-public\r');
    await t.waitFor(/pods\(kube-public\)\[0\] live/);
    t.keys('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(t.screen()).not.toContain('pods(');
  });

  it('a filter that matches nothing: Esc clears it, and the row actions say there is no row', async () => {
    const t = kdeck([]);
    await t.waitFor('pods(default)[5] live');
    t.burst('/no-such-pod\r');
    await t.waitFor('pods(default)[0] /no-such-pod');
    expect(t.screen()).toContain('no rows match /no-such-pod');
    t.keys('d');
    await t.waitFor('no pods here to act on');
    t.keys('Escape');
    await t.waitFor('pods(default)[5] live');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('Enter on an empty table says there is no row, as the other row keys do', async () => {
    const t = kdeck(['-n', 'nothing-here']);
    await t.waitFor(/pods\(nothing-here\)\[0\]/);
    t.keys('Enter');
    await t.waitFor('no pods here to act on');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('keys that arrive in one read all count', () => {
  it('jjj typed in one burst moves three rows; three Down arrows in one write move three more', async () => {
    const t = kdeck(['-n', 'kube-system']);
    const screen = await t.waitFor(/pods\(kube-system\)\[\d+\] live/);
    expect(tableRows(screen).length).toBeGreaterThanOrEqual(7);
    // By place, not by name: the names are cut once CPU and MEM join the table, after its
    // first list, and the rows keep their order (by name) meanwhile.
    const selectedAt = (lines: string[]) =>
      tableRows(lines.join('\n')).findIndex((r) => r.startsWith('›'));
    expect(selectedAt(t.lines())).toBe(0);
    t.burst('jjj');
    await t.waitFor((lines) => selectedAt(lines) === 3);
    t.burst('\u001b[B\u001b[B\u001b[B');
    await t.waitFor((lines) => selectedAt(lines) === 6);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('keys typed with the command that opens a view wait for its rows: :ns⏎G selects the last', async () => {
    const t = kdeck([]);
    await t.waitFor('pods(default)[5] live');
    // The server holds every answer for a while: the rows surely come after the G.
    sim.fault({ fault: 'stall', ms: 1500 });
    t.burst(':ns\rG');
    const screen = await t.waitFor(/namespaces\[\d+\] live/);
    expect(tableRows(screen).length).toBeGreaterThanOrEqual(3);
    await t.waitFor((lines) => tableRows(lines.join('\n')).at(-1)?.startsWith('›') === true);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });

  it('Ctrl-C does not wait behind keys held for rows: it quits at once', async () => {
    const t = kdeck([]);
    await t.waitFor('pods(default)[5] live');
    sim.fault({ fault: 'stall', ms: 8000 });
    t.burst(':ns\rGjj');
    await t.waitFor('namespaces');
    t.keys('C-c');
    expect(await t.exitCode()).toBe(130);
    sim.fault({ fault: 'clear' });
  });

  it('a key typed later lets held keys go: a slow first list never freezes the keyboard', async () => {
    const t = kdeck([]);
    await t.waitFor('pods(default)[5] live');
    sim.fault({ fault: 'stall', ms: 8000 });
    t.burst(':ns\rG');
    await t.waitFor('namespaces');
    // The list is still stalled: q, typed on its own, is not held behind the G.
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
    sim.fault({ fault: 'clear' });
  });

  it('an action key typed before the server has said whether this user may waits for its answer', async () => {
    sim.fault({ fault: 'hold-reviews' });
    try {
      const t = kdeck(['-n', 'shop']);
      await t.waitFor(/pods\(shop\)\[1\] live/);
      const pod = name(t.selected())!;
      // Not refused as "not yet checked": asked once the answer is in.
      t.keys('C-d');
      sim.fault({ fault: 'clear' });
      await t.waitFor(`Delete pod shop/${pod}?`);
      expect(t.screen()).not.toContain('not yet checked');
      t.keys('Escape');
      await t.waitGone('Delete pod');
      expect(sim.kubectl('get', 'pods', '-n', 'shop', '-o', 'name')).toContain(pod);
      t.keys('q');
      expect(await t.exitCode()).toBe(0);
    } finally {
      sim.fault({ fault: 'clear' });
    }
  });

  it('typed before the answer, a key this user may not use says why once the answer is in', async () => {
    sim.fault({ fault: 'hold-reviews' });
    try {
      const t = kdeck(['--user', 'kdeck-viewer', '-n', 'shop']);
      await t.waitFor(/pods\(shop\)\[1\] live/);
      t.keys('C-d');
      sim.fault({ fault: 'clear' });
      // However the status lines wrap it.
      await t.waitFor((lines) =>
        /forbidden: .*delete pods in shop/.test(lines.join(' ').replace(/\s+/g, ' ')),
      );
      expect(t.screen()).not.toContain('Delete pod');
      t.keys('q');
      expect(await t.exitCode()).toBe(0);
    } finally {
      sim.fault({ fault: 'clear' });
    }
  });

  it('Esc followed at once by j is Esc (the filter cleared), then j (one row down)', async () => {
    const t = kdeck([]);
    await t.waitFor('pods(default)[5] live');
    t.burst('/nginx\r');
    await t.waitFor('pods(default)[5] /nginx');
    const first = name(t.selected());
    t.burst('\u001bj');
    await t.waitFor(/pods\(default\)\[5\] live/);
    const rows = tableRows(t.screen()).map(name);
    await t.waitFor(new RegExp(`^› ${rows[rows.indexOf(first) + 1]}\\s`, 'm'));
    t.keys('q');
    await t.exitCode();
  });

  it('Esc followed at once by Ctrl-C quits with 130 (the Ctrl is not lost to a plain c)', async () => {
    const t = kdeck([]);
    await t.waitFor('pods(default)[5] live');
    t.burst('\u001b\u0003');
    expect(await t.exitCode()).toBe(130);
  });

  it('Esc followed at once by Ctrl-D asks to delete the pod (not describe); Cancel keeps it', async () => {
    const t = kdeck(['-n', 'shop']);
    await t.waitFor(/pods\(shop\)\[1\] live/);
    const pod = name(t.selected())!;
    t.burst('\u001b\u0004');
    await t.waitFor(`Delete pod shop/${pod}?`);
    expect(t.screen()).not.toContain('describe pod');
    t.keys('Escape');
    await t.waitGone('Delete pod');
    expect(sim.kubectl('get', 'pods', '-n', 'shop', '-o', 'name')).toContain(pod);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('the selection is an object from the first frame', () => {
  it('a new pod sorting above it does not take the cursor, and Ctrl-D asks about the row chosen', async () => {
    // Wide enough for whole names beside CPU and MEM while the new pod is ContainerCreating.
    const t = kdeck([], { width: 100, height: 24 });
    const screen = await t.waitFor('pods(default)[5] live');
    const chosen = name(t.selected());
    expect(chosen).toBe(name(tableRows(screen)[0]));
    sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'aaa-sorts-first', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    await t.waitFor(/^ {2}aaa-sorts-first\s/m);
    expect(name(t.selected())).toBe(chosen);
    t.keys('C-d');
    await t.waitFor(`Delete pod default/${chosen}?`);
    t.keys('Escape');
    await t.waitGone('Delete pod');
    expect(sim.kubectl('get', 'pod', 'aaa-sorts-first', chosen!, '-o', 'name')).toContain(
      'aaa-sorts-first',
    );
    sim.kubectl('delete', 'pod', 'aaa-sorts-first', '--wait=false');
    t.keys('q');
    await t.exitCode();
  });
});

describe.skipIf(!hasTmux)('long input', () => {
  it('a prompt longer than the terminal shows its end; a filter that long keeps the frame whole', async () => {
    const t = kdeck([], { width: 80, height: 24 });
    await t.waitFor('pods(default)[5] live');
    const filter = `${'abcdefghij'.repeat(30)}END`;
    t.burst(`/${filter}`);
    await t.waitFor(/^\/…\S*END\s*$/m);
    t.keys('Enter');
    await t.waitFor(/^no rows match \/abcdefghij\S*…$/m);
    for (const width of [81, 80]) {
      t.resize(width, 24);
      await t.waitFor(
        (lines) =>
          lines[1].startsWith('pods(default)[0]') &&
          /^\s+NAME↑\s+READY/.test(lines[2]) &&
          /^no rows match/.test(lines[3]) &&
          lines.slice(4, 23).every((l) => l.trim() === '') &&
          /<q> quit\s.*<\?> help$/.test(lines[23]),
      );
    }
    t.keys('Escape');
    await t.waitFor('pods(default)[5] live');
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('dialogs over a table', () => {
  it('Ctrl-D on a row low on the screen opens the confirmation (the table gives it lines)', async () => {
    const t = kdeck(['-A'], { width: 80, height: 14 });
    await t.waitFor(/pods\(all\)\[\d+\] live/);
    t.keys('G');
    await t.waitFor(/^› \S+\s+shop\s|^› shop\s/m);
    t.keys('C-d');
    await t.waitFor(/Delete pod shop\/checkout-\S+\?/);
    expect(t.lines().some((l) => l.startsWith('› shop'))).toBe(true);
    t.keys('Escape');
    await t.waitGone('Delete pod');
    await t.waitFor(/pods\(all\)/);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});

describe.skipIf(!hasTmux)('the frame fits the terminal', () => {
  it('at 80×24 the hint bar ends with quit on the last line, and one-column resizes leave no stale row', async () => {
    const t = kdeck([], { width: 81, height: 24 });
    await t.waitFor('pods(default)[5] live');
    t.burst(':deploy\r');
    await t.waitFor(/nginx-server-deployment\s+5\/5/);
    // Narrower, wider, narrower: each frame is drawn whole, once, where it belongs.
    for (const width of [80, 79, 80, 79]) {
      t.resize(width, 24);
      await t.waitFor(
        (lines) =>
          /^deployments\(default\)\[1\] live/.test(lines[1]) &&
          /^\s+NAME↑\s+READY\s+UP-TO-DATE/.test(lines[2]) &&
          /^› nginx-server-deployment\s+5\/5/.test(lines[3]) &&
          lines.slice(4, 23).every((l) => l.trim() === '') &&
          /<q> quit/.test(lines[23]) &&
          lines.every((l) => l.length <= width),
      );
      // And it stays so (a late frame of the old width would break it again).
      await new Promise((r) => setTimeout(r, 1500));
      expect(t.lines()[1]).toMatch(/^deployments\(default\)\[1\] live/);
      expect(t.lines()[22]).toBe('');
    }
    t.keys('q');
    await t.exitCode();
  });

  it('a CrashLoopBackOff pod keeps its RESTARTS column at 80 columns', async () => {
    const t = kdeck(['-n', 'kube-system']);
    const screen = await t.waitFor(/metrics-scraper\S*\s+0\/1\s+(CrashLoopBackOff|Error)\s+\d+/);
    expect(screen).toMatch(/NAME↑\s+READY\s+STATUS\s+RESTARTS/);
    t.keys('q');
    await t.exitCode();
  });
});

describe.skipIf(!hasTmux)('? help names every command', () => {
  it('the : row names :apply, :create and :delete -f, wrapped in its column at 80 columns, on one row at 200', async () => {
    for (const width of [80, 200]) {
      const t = kdeck([], { width, height: 24 });
      await t.waitFor('pods(default)[5] live');
      t.burst(':deploy\r');
      await t.waitFor(/nginx-server-deployment\s+5\/5/);
      t.keys('?');
      const lines = (await t.waitFor('Keys (Esc or ? to close)')).split('\n');
      // The `:` row's description, with the rows it wraps onto (blank in the keys' column).
      const at = lines.findIndex((l) => l.includes('command: '));
      expect(at, lines.join('\n')).toBeGreaterThan(0);
      const col = lines[at].indexOf('command: ');
      expect(lines[at].slice(0, col)).toMatch(/\s:\s+$/);
      const keyAt = lines[at].lastIndexOf(':', col);
      const parts = [lines[at].slice(col).trim()];
      for (let i = at + 1; lines[i]?.slice(col).trim() && !lines[i].slice(keyAt, col).trim(); i++)
        parts.push(lines[i].slice(col).trim());
      expect(parts.join(' ')).toBe(
        'command: :KIND [NS], :ctx, :warnings, :apply/:create/:delete -f, :q',
      );
      expect(parts.length).toBe(width === 80 ? 4 : 1);
      // Help still fits the screen: its last row is there.
      expect(lines.join('\n')).toMatch(/\?\s+help/);
      t.keys('Escape', 'q');
      await t.exitCode();
    }
  });

  it('keys show whole where there is room (200 columns); cut at 80, they stay apart from the description', async () => {
    // The keys' column, then at least two spaces, then the description.
    const entry = (keys: string, description: string) =>
      new RegExp(`(?:^|\\s)${keys}\\s{2,}${description}`, 'm');
    for (const [width, height] of [
      [200, 50],
      [80, 24],
    ]) {
      const t = kdeck([], { width, height });
      await t.waitFor('pods(default)[5] live');
      t.keys('?');
      const table = await t.waitFor('Keys (Esc or ? to close)');
      // On describe, Space pages down too.
      t.keys('Escape', 'd');
      await t.waitFor(/describe pod /);
      t.keys('?');
      const describe = await t.waitFor('Keys (Esc or ? to close)');
      if (width === 200) {
        expect(table).toMatch(entry('pgup, ctrl-u, ctrl-b', 'page up'));
        expect(describe).toMatch(entry('pgdn, ctrl-f, space', 'page down'));
      } else {
        expect(table).toMatch(entry('pgup, ctrl-u…', 'page up'));
        expect(describe).toMatch(entry('pgdn, ctrl-f…', 'page down'));
      }
      t.keys('Escape', 'Escape', 'q');
      await t.exitCode();
    }
  });
});
