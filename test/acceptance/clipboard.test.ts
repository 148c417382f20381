// `c` copies a row's name through the terminal itself (OSC 52), in a real tmux with
// `set-clipboard on`, as over SSH: the name and nothing else.
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();

describe.skipIf(!hasTmux)('c in a table', () => {
  it("puts the selected pod's name on the terminal's clipboard and says so", async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig]);
    await t.waitFor('pods(default)[5] live');
    expect(t.clipboard()).toBe('');
    const name = t.selected()!.slice(2).trim().split(/\s+/)[0];
    expect(sim.kubectl('get', 'pods', '-o', 'name').split('\n')).toContain(`pod/${name}`);
    t.keys('c');
    await t.waitFor(`copied ${name}`);
    expect(t.clipboard()).toBe(name);
    t.keys('q');
    expect(await t.exitCode()).toBe(0);
  });
});
