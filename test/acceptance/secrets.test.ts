// A Secret through the binary: `:secrets` lists it, its YAML hides every value until `x`,
// the header says while they are shown, leaving the page hides them; kubectl confirms
// nothing changed. The demo has one of its own: the postgres credentials in `data`.
import { describe, expect, it } from 'vitest';
import { hasTmux, simForFile, Terminal } from './terminal.js';

const sim = simForFile();

describe.skipIf(!hasTmux)('secrets', () => {
  it('are listed by :secrets, hidden on their pages until x, hidden again after', async () => {
    sim.kubectl('create', 'secret', 'generic', 'db-pass', '--from-literal=password=hunter2');
    const t = new Terminal(['--kubeconfig', sim.kubeconfig]);
    await t.waitFor('pods(default)[5] live');
    t.burst(':secrets\r');
    await t.waitFor(/secrets\(default\)\[\d+\] live/);
    t.burst('/db-pass\r');
    await t.waitFor(/^› db-pass\s+Opaque\s+1\s/m);
    t.keys('y');
    await t.waitFor("password: '<hidden: 7 bytes>'");
    expect(t.screen()).not.toContain('hunter2');
    t.keys('x');
    await t.waitFor('password: hunter2');
    expect(t.lines()[1]).toContain('secret values shown — x hides');
    t.keys('Escape');
    await t.waitFor(/secrets\(default\)\[1\] \/db-pass live/);
    t.keys('y');
    await t.waitFor("password: '<hidden: 7 bytes>'");
    expect(t.screen()).not.toContain('hunter2');
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
    const secret = JSON.parse(sim.kubectl('get', 'secret', 'db-pass', '-o', 'json'));
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('hunter2');
  });

  it("the demo's postgres credentials: :secrets data lists them, x shows what kubectl decodes", async () => {
    const secret = JSON.parse(
      sim.kubectl('get', 'secret', 'postgres-credentials', '-n', 'data', '-o', 'json'),
    );
    const password = Buffer.from(secret.data.password, 'base64').toString();
    const t = new Terminal(['--kubeconfig', sim.kubeconfig]);
    await t.waitFor('pods(default)[5] live');
    t.burst(':secrets data\r');
    await t.waitFor(/secrets\(data\)\[1\] live/);
    await t.waitFor(
      new RegExp(`^› postgres-credentials\\s+Opaque\\s+${Object.keys(secret.data).length}\\s`, 'm'),
    );
    t.keys('y');
    await t.waitFor(`password: '<hidden: ${password.length} bytes>'`);
    expect(t.screen()).not.toContain(password);
    t.keys('x');
    await t.waitFor(`password: ${password}`);
    t.keys('Escape', 'q');
    expect(await t.exitCode()).toBe(0);
  });
});
