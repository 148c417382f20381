// A big list is shown as it comes: the first page's rows at once, the header counting the rows
// so far of the total the server announces, and the full count once the list is complete. A
// relist keeps the old rows until the new list is complete. The simulator's hold-pages fault
// keeps a list at its first page for as long as the test looks. Through the built binary;
// kubectl judges the count.
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, type Sim, simForFile, startSim, Terminal, tableRows } from './terminal.js';

const sim = simForFile('--empty', '--pods', '1200', '--namespaces', '3');

/** List pages the hold-pages fault has made wait so far. */
const pagesWaited = (s: Sim) => JSON.parse(s.kubectl('get', '--raw', '/_sim/pages-waited')).pages;
const metricsRequests = (s: Sim) =>
  JSON.parse(s.kubectl('get', '--raw', '/_sim/metrics-requests')).requests;
/**
 * The simulator behind a relay the test cuts and restores on the same port: a server that
 * goes away and comes back exactly when the test says (TLS passes through).
 */
async function relayTo(s: Sim) {
  let target = new URL(s.url);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), '127.0.0.1');
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ]) {
      sockets.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
    }
  });
  const listen = (port: number) =>
    new Promise<number>((resolve) =>
      server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
  const port = await listen(0);
  const kubeconfig = join(s.dir, `relay-${port}.kubeconfig`);
  /** The relay's kubeconfig: `to`'s credentials and certificate authority, at the relay. */
  const writeFor = (to: Sim) =>
    writeFileSync(
      kubeconfig,
      readFileSync(to.kubeconfig, 'utf8').replace(
        /server: \S+/,
        `server: https://127.0.0.1:${port}`,
      ),
    );
  writeFor(s);
  return {
    kubeconfig,
    /** From now on to another simulator, the kubeconfig rewritten for it (as a file kdeck watches). */
    to(other: Sim) {
      target = new URL(other.url);
      writeFor(other);
    },
    /** Gone: open connections cut, new ones refused. */
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of sockets) c.destroy();
      }),
    back: () => listen(port),
    close: () => {
      server.close();
      for (const c of sockets) c.destroy();
    },
  };
}
const podCount = (s: Sim) =>
  s.kubectl('get', 'pods', '-A', '--no-headers').split('\n').filter(Boolean).length;

describe.skipIf(!hasTmux)('a big list', () => {
  it('shows its first page at once with the count to come, then every pod', async () => {
    const total = podCount(sim);
    expect(total).toBeGreaterThan(500);
    sim.fault({ fault: 'hold-pages' });
    const asked = metricsRequests(sim);
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '-A']);
    try {
      // The first page (500 rows) is on screen while the rest waits.
      const screen = await t.waitFor(`pods(all)[500 of ${total}] syncing…`);
      expect(screen).toMatch(/^› load-0000\s+app-0-00000\s/m);
      // The pods' figures are not asked for rows still on their way.
      expect(metricsRequests(sim)).toBe(asked);
      sim.fault({ fault: 'clear' });
      await t.waitFor(`pods(all)[${total}] live`);
      expect(podCount(sim)).toBe(total);
      // Once the list is in they are, and the CPU column shows.
      await t.waitFor(/NAMESPACE\S*\s+NAME.*\sCPU\s/);
      expect(metricsRequests(sim)).toBeGreaterThan(asked);
    } finally {
      sim.fault({ fault: 'clear' });
    }
  });

  it('G typed while the list comes selects the last pod of the whole list', async () => {
    const total = podCount(sim);
    // kdeck's order: by namespace, then name (plain ASCII names here).
    const last = sim
      .kubectl(
        'get',
        'pods',
        '-A',
        '--no-headers',
        '-o',
        'custom-columns=NS:.metadata.namespace,NAME:.metadata.name',
      )
      .split('\n')
      .filter(Boolean)
      .map((l) => l.trim().split(/\s+/))
      .sort(([a, b], [c, d]) => (a === c ? (b < d ? -1 : 1) : a < c ? -1 : 1))
      .at(-1)!;
    sim.fault({ fault: 'hold-pages' });
    try {
      const t = new Terminal(['--kubeconfig', sim.kubeconfig, '-A']);
      await t.waitFor(`pods(all)[500 of ${total}] syncing…`);
      t.keys('G');
      sim.fault({ fault: 'clear' });
      await t.waitFor(`pods(all)[${total}] live`);
      // The held G goes once the list is complete.
      const at = new RegExp(`^› ${last[0]}\\s+${last[1]}\\s`);
      await t.waitFor((lines) => lines.some((l) => at.test(l)));
    } finally {
      sim.fault({ fault: 'clear' });
    }
  });

  it('a filter typed while the list comes: a row is selected among those it shows, and j moves at once', async () => {
    const total = podCount(sim);
    sim.fault({ fault: 'hold-pages' });
    try {
      const t = new Terminal(['--kubeconfig', sim.kubeconfig, '-A']);
      await t.waitFor(`pods(all)[500 of ${total}] syncing…`);
      // The selected pod (app-0-…) is filtered out, not on its way: another row is selected.
      t.burst('/app-1-\r');
      const screen = await t.waitFor(`pods(all)[500 of ${total}] /app-1- syncing…`);
      const [first, second] = screen.split('\n').filter((l) => /^[› ] load-\d+\s+app-1-/.test(l));
      expect(first).toMatch(/^› /);
      t.keys('j');
      // By namespace and name: the AGE on the line moves on meanwhile.
      const next = new RegExp(
        `^› ${second.slice(2).trim().split(/\s+/).slice(0, 2).join('\\s+')}\\s`,
      );
      await t.waitFor((lines) => lines.some((l) => next.test(l)));
      expect(t.screen()).toContain(`[500 of ${total}]`);
    } finally {
      sim.fault({ fault: 'clear' });
    }
  });

  it('back to the list: the pod that was selected is selected again once its page comes', async () => {
    const total = podCount(sim);
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '-A']);
    await t.waitFor(`pods(all)[${total}] live`);
    t.keys('G');
    // A pod on the last page, far past the first 500.
    const screen = (
      await t.waitFor((lines) => /^› load-0002\s/.test(lines.find((l) => l.startsWith('›')) ?? ''))
    ).split('\n');
    // The row above it, where k goes from it once it is selected again.
    const above = screen[screen.findIndex((l) => l.startsWith('›')) - 1]
      .trim()
      .split(/\s+/)
      .slice(0, 2);
    sim.fault({ fault: 'hold-pages' });
    try {
      // Another table, and back: the list of pods is asked for again.
      t.burst(':deploy\r');
      await t.waitFor(/deployments\(all\)\[\d+\]/);
      t.keys('Escape');
      // Listed again, first page only: the pod (the last) is not among its rows, and no other
      // is selected.
      await t.waitFor(`pods(all)[500 of ${total}] syncing…`);
      expect(t.selected()).toBeUndefined();
      // The count is of the rows listed so far, whatever a filter picks among them.
      t.burst('/app-2\r');
      await t.waitFor(`pods(all)[500 of ${total}] /app-2 syncing…`);
      t.keys('Escape');
      await t.waitFor(`pods(all)[500 of ${total}] syncing…`);
      // k moves from the selected pod: it waits for it.
      t.keys('k');
      sim.fault({ fault: 'clear' });
      await t.waitFor(`pods(all)[${total}] live`);
      const moved = new RegExp(`^› ${above[0]}\\s+${above[1]}\\s`);
      await t.waitFor((lines) => lines.some((l) => moved.test(l)));
    } finally {
      sim.fault({ fault: 'clear' });
    }
  });

  it('a first list cut half way stays, stale with its count, and is listed again when the server is back', async () => {
    const total = podCount(sim);
    const relay = await relayTo(sim);
    sim.fault({ fault: 'hold-pages' });
    try {
      const t = new Terminal(['--kubeconfig', relay.kubeconfig, '-A']);
      await t.waitFor(`pods(all)[500 of ${total}] syncing…`);
      await relay.cut();
      await t.waitFor(
        new RegExp(`pods\\(all\\)\\[500 of ${total}\\] reconnecting \\d+s — .*connection refused`),
      );
      expect(t.screen()).toMatch(/^› load-0000\s+app-0-00000\s/m);
      sim.fault({ fault: 'clear' });
      await relay.back();
      await t.waitFor(`pods(all)[${total}] live`);
      expect(podCount(sim)).toBe(total);
    } finally {
      sim.fault({ fault: 'clear' });
      relay.close();
    }
  });

  it('a control plane recreated while the first list comes: no row twice, the selection stays at its place', async () => {
    const flags = ['--empty', '--pods', '1200', '--namespaces', '3'];
    const before = await startSim(...flags);
    let after: Sim | undefined;
    const relay = await relayTo(before);
    try {
      const names = (s: Sim) => s.kubectl('get', 'pods', '-A', '--no-headers', '-o', 'name');
      // Asked before the pages are held (kubectl lists in pages too).
      const listed = names(before);
      before.fault({ fault: 'hold-pages' });
      const t = new Terminal(['--kubeconfig', relay.kubeconfig, '-A']);
      const first = await t.waitFor('pods(all)[500 of 1200] syncing…');
      const sixth = tableRows(first)[5].slice(2).trim().split(/\s+/).slice(0, 2).join(' +');
      t.keys('j', 'j', 'j', 'j', 'j');
      await t.waitFor(new RegExp(`^› ${sixth}\\s`, 'm'));
      // Another control plane behind the same address, with the same pods (other uids), and
      // the kubeconfig rewritten for it.
      await relay.cut();
      await t.waitFor(/pods\(all\)\[500 of 1200\] reconnecting/);
      after = await startSim(...flags);
      expect(names(after)).toBe(listed);
      after.fault({ fault: 'hold-pages' });
      relay.to(after);
      await relay.back();
      // Its first page, and each row once: the old control plane's are not kept beside them.
      const unique = (screen: string) => {
        const rows = tableRows(screen).map((r) =>
          r.slice(2).trim().split(/\s+/).slice(0, 2).join(' '),
        );
        expect(new Set(rows).size).toBe(rows.length);
      };
      unique(await t.waitFor('pods(all)[500 of 1200] syncing…'));
      // The selected object is the old control plane's: none is selected while the list comes.
      expect(t.selected()).toBeUndefined();
      after.fault({ fault: 'clear' });
      unique(await t.waitFor('pods(all)[1200] live'));
      expect(t.selected()).toMatch(new RegExp(`^› ${sixth}\\s`));
    } finally {
      relay.close();
      before.fault({ fault: 'clear' });
      after?.fault({ fault: 'clear' });
      await after?.stop();
      await before.stop();
    }
  });

  it('a relist after the server was gone says syncing, not reconnecting, once the server answers', async () => {
    const total = podCount(sim);
    const relay = await relayTo(sim);
    try {
      const t = new Terminal(['--kubeconfig', relay.kubeconfig, '-A']);
      await t.waitFor(`pods(all)[${total}] live`);
      await relay.cut();
      await t.waitFor(new RegExp(`pods\\(all\\)\\[${total}\\] reconnecting \\d+s — `));
      // Back, with the relist held after its first page: the old rows and count stay, and the
      // header no longer says the server is away.
      const before = pagesWaited(sim);
      sim.fault({ fault: 'hold-pages' });
      await relay.back();
      await eventually(() => pagesWaited(sim) > before, 15_000, {
        what: "the relist's second page asked for",
      });
      const screen = await t.waitFor(`pods(all)[${total}] syncing…`);
      expect(screen).toMatch(/^› load-0000\s+app-0-00000\s/m);
      sim.fault({ fault: 'clear' });
      await t.waitFor(`pods(all)[${total}] live`);
    } finally {
      sim.fault({ fault: 'clear' });
      relay.close();
    }
  });

  it('a relist keeps the old rows, counted as before, until it is complete', async () => {
    const t = new Terminal(['--kubeconfig', sim.kubeconfig, '-A']);
    const total = podCount(sim);
    await t.waitFor(`pods(all)[${total}] live`);
    const before = pagesWaited(sim);
    try {
      sim.fault({ fault: 'hold-pages' });
      // History compacted: the watch is answered 410 and kdeck lists again.
      sim.fault({ fault: 'expire-watches' });
      await eventually(() => pagesWaited(sim) > before, 15_000, {
        what: "the relist's second page asked for",
      });
      // Listing again (syncing, or reconnecting after the cut watch), with the old count.
      const screen = await t.waitFor(
        new RegExp(`pods\\(all\\)\\[${total}\\] (syncing|reconnecting)`),
      );
      expect(screen).not.toContain(' of ');
      sim.fault({ fault: 'clear' });
      await t.waitFor(`pods(all)[${total}] live`);
    } finally {
      sim.fault({ fault: 'clear' });
    }
  });
});
