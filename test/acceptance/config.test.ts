// The config file ($XDG_CONFIG_HOME/kdeck/config.yaml) and the remembered views
// ($XDG_STATE_HOME/kdeck/state.yaml), through the built binary; kubectl judges the cluster.
// Each test has its own XDG directories, so that nothing one remembers reaches another.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/sim.js';
import { hasTmux, KDECK, simForFile, Terminal, tableRows } from './terminal.js';

const sim = simForFile();
const names = (screen: string) => tableRows(screen).map((r) => r.slice(2).trim().split(/\s+/)[0]);

/** The sim's kubeconfig with a second admin context, `prod` (the same cluster, writable). */
function twoContexts(): string {
  const file = join(sim.dir, 'two-contexts.kubeconfig');
  // Written once: a kdeck still running watches it, and would see it change.
  if (existsSync(file)) return file;
  // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
  const kc = load(readFileSync(sim.kubeconfig, 'utf8')) as any;
  const current = kc.contexts.find((c: { name: string }) => c.name === kc['current-context']);
  kc.contexts.push({ name: 'prod', context: { ...current.context } });
  writeFileSync(file, dump(kc));
  return file;
}

/** Fresh XDG homes, with `config` (if given) as the config file; kdeck `width` columns wide. */
function homes(config?: string, width = 80) {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-config-'));
  const env = { XDG_CONFIG_HOME: join(dir, 'config'), XDG_STATE_HOME: join(dir, 'state') };
  const configFile = join(env.XDG_CONFIG_HOME, 'kdeck', 'config.yaml');
  mkdirSync(join(env.XDG_CONFIG_HOME, 'kdeck'), { recursive: true });
  if (config !== undefined) writeFileSync(configFile, config);
  const stateFile = join(env.XDG_STATE_HOME, 'kdeck', 'state.yaml');
  const kdeck = (...args: string[]) =>
    new Terminal(['--kubeconfig', twoContexts(), ...args], { env, width });
  return { env, configFile, stateFile, kdeck };
}

/** A key handled and its page drawn and gone: what the start had to say is on screen by then. */
async function roundTrip(t: Terminal) {
  t.keys('?');
  await t.waitFor((lines) => lines[2].startsWith('Keys ('));
  t.keys('Escape');
  await t.waitGone('Keys (');
}

async function quit(t: Terminal) {
  t.keys('q');
  expect(await t.exitCode()).toBe(0);
}

/** Waits until the screen says `text`, however the status lines wrap it. */
const said = (t: Terminal, text: string) =>
  t.waitFor((lines) => lines.join(' ').replace(/\s+/g, ' ').includes(text));

/** The default namespace's pods, as kubectl lists them. */
const defaultPods = () => sim.kubectl('get', 'pods', '-n', 'default', '-o', 'name');

/** Ctrl-D on the first pod is refused, saying `why`; the cluster is as it was. */
async function deleteRefused(t: Terminal, why: string) {
  const before = defaultPods();
  await t.waitFor(`read-only: ${why}`);
  t.keys('C-d');
  await t.waitFor(`read-only (${why}): delete is off`);
  expect(t.screen()).not.toContain('Delete pod');
  await quit(t);
  expect(defaultPods()).toBe(before);
}

/** Ctrl-D on the first pod asks (and is let go): the context is writable. */
async function deleteAsks(t: Terminal) {
  await t.waitFor('pods(default)[5] live');
  expect(t.lines()[1]).not.toContain('read-only');
  t.keys('C-d');
  await t.waitFor(/Delete pod default\//);
  t.keys('Escape');
  await t.waitGone('Delete pod');
  await quit(t);
}

/** The sim's kubeconfig with `extension` as the current context's kdeck extension. */
function withExtension(extension: object): string {
  // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
  const kc = load(readFileSync(sim.kubeconfig, 'utf8')) as any;
  for (const c of kc.contexts)
    if (c.name === kc['current-context']) c.context.extensions = [{ name: 'kdeck', extension }];
  const file = join(
    sim.dir,
    `extension-${JSON.stringify(extension).replace(/\W/g, '')}.kubeconfig`,
  );
  writeFileSync(file, dump(kc));
  return file;
}

describe.skipIf(!hasTmux)('readOnly in the config', () => {
  it('refuses delete in a read-only context; --write lets it happen; --readonly wins over --write', async () => {
    sim.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cfg' } });
    sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'victim', namespace: 'cfg' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    const there = () => sim.kubectl('get', 'pods', '-n', 'cfg', '-o', 'name').includes('victim');
    const { kdeck } = homes('contexts:\n  kdeck-demo:\n    readOnly: true\n');

    let t = kdeck('-n', 'cfg');
    await t.waitFor(/victim/);
    t.keys('C-d');
    await t.waitFor('read-only (context kdeck-demo in config.yaml): delete is off');
    await quit(t);

    t = kdeck('-n', 'cfg', '--write', '--readonly');
    await t.waitFor('pods(cfg)[1] live  read-only: --readonly');
    t.keys('C-d');
    await t.waitFor('read-only (--readonly): delete is off');
    await quit(t);
    expect(there()).toBe(true);

    t = kdeck('-n', 'cfg', '--write');
    await t.waitFor(/victim/);
    t.keys('C-d');
    await t.waitFor('Delete pod cfg/victim?');
    t.keys('Tab');
    await t.waitFor('› Delete ‹');
    t.keys('Enter');
    await eventually(() => !there(), 15_000, { what: 'victim deleted' });
    await quit(t);
  });

  it('a readOnly neither true nor false is said, and counts as true', async () => {
    const { kdeck } = homes('contexts:\n  kdeck-demo:\n    readOnly: yes\n');
    const t = kdeck();
    const said = (await t.waitFor('pods(default)[5] live')).replace(/\s+/g, ' ');
    expect(said).toContain(
      'config.yaml:3: contexts.kdeck-demo.readOnly: expected true or false (taken as true)',
    );
    t.keys('C-d');
    await t.waitFor('read-only (context kdeck-demo in config.yaml): delete is off');
    await quit(t);
  });

  it('--write lifts the read-only of a kubeconfig context too', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: kubeconfig YAML
    const kc = load(readFileSync(sim.kubeconfig, 'utf8')) as any;
    for (const c of kc.contexts)
      if (c.name === kc['current-context'])
        c.context.extensions = [{ name: 'kdeck', extension: { readonly: true } }];
    const file = join(sim.dir, 'config-readonly.kubeconfig');
    writeFileSync(file, dump(kc));
    const { env } = homes();
    const t = new Terminal(['--kubeconfig', file, '--write'], { env });
    await t.waitFor('pods(default)[5] live');
    t.keys('C-d');
    await t.waitFor(/Delete pod default\//);
    t.keys('Escape');
    await t.waitGone('Delete pod');
    await quit(t);
  });

  it(':ctx into a read-only context refuses as --readonly does, and opens on its view', async () => {
    const { kdeck } = homes(
      ['contexts:', '  prod:', '    readOnly: true', '    view: sts', '    namespace: data'].join(
        '\n',
      ),
    );
    const t = kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(':ctx prod\r');
    // The header says so, and why, before any key is pressed.
    await t.waitFor(/statefulsets\(data\)\[1\] live {2}read-only: context prod in config\.yaml/);
    expect(t.screen()).toContain('ctx: prod');
    t.keys('C-d');
    await t.waitFor('read-only (context prod in config.yaml): delete is off');
    t.keys('j');
    await t.waitGone('read-only (');
    // Back in the writable context, the key asks again.
    t.burst(':ctx kdeck-demo\r');
    await t.waitFor('pods(default)[5] live');
    expect(t.lines()[1]).not.toContain('read-only');
    t.keys('C-d');
    await t.waitFor(/Delete pod default\//);
    t.keys('Escape');
    await t.waitGone('Delete pod');
    await quit(t);
    expect(sim.kubectl('get', 'statefulset', 'postgres', '-n', 'data', '-o', 'name')).toContain(
      'postgres',
    );
  });
});

describe.skipIf(!hasTmux)('read-only fails safe', () => {
  const unusable = [
    {
      what: 'bad indentation',
      write: (file: string) =>
        writeFileSync(file, 'contexts:\n  kdeck-demo:\n    view: pods\n   namespace: web\n'),
      line: /^kdeck: .*config\.yaml:\d+: not YAML \(bad indentation.*\); every context read-only until it is fixed \(--write to override\)$/,
    },
    {
      what: 'a tab in the indentation',
      write: (file: string) => writeFileSync(file, 'contexts:\n\tprod:\n\t\treadOnly: true\n'),
      line: /^kdeck: .*config\.yaml:2: not YAML \(tab characters must not be used in indentation\); every context read-only until it is fixed \(--write to override\)$/,
    },
    {
      what: 'a directory',
      write: (file: string) => mkdirSync(file),
      line: /^kdeck: .*config\.yaml: cannot be read \(EISDIR\); every context read-only until it is fixed \(--write to override\)$/,
    },
  ];
  for (const c of unusable)
    it(`a config file that cannot be used (${c.what}) makes every context read-only; --write lifts it`, async () => {
      const h = homes();
      c.write(h.configFile);
      let t = h.kdeck();
      await deleteRefused(t, 'config.yaml unreadable');
      expect(readFileSync(t.stderr, 'utf8').trim()).toMatch(c.line);
      // Every context, not only the one kdeck opened on.
      t = h.kdeck('--context', 'prod');
      await deleteRefused(t, 'config.yaml unreadable');
      t = h.kdeck('--write');
      await deleteAsks(t);
    });

  it('an empty config file (comments only) is no config: no message, nothing read-only', async () => {
    const h = homes('# nothing yet\n');
    const t = h.kdeck();
    await deleteAsks(t);
    expect(readFileSync(t.stderr, 'utf8')).toBe('');
  });

  it('readonly (any case) in a context counts as readOnly, and is said', async () => {
    const h = homes('contexts:\n  kdeck-demo:\n    readonly: true\n');
    const t = h.kdeck();
    await deleteRefused(t, 'context kdeck-demo in config.yaml');
    expect(readFileSync(t.stderr, 'utf8')).toBe(
      `kdeck: ${h.configFile}:3: contexts.kdeck-demo.readonly: unknown field (taken as readOnly)\n`,
    );
  });

  it("the kubeconfig extension takes the config file's spelling, readOnly, too; the header names the kubeconfig", async () => {
    const { env } = homes();
    for (const extension of [{ readonly: true }, { readOnly: true }]) {
      const t = new Terminal(['--kubeconfig', withExtension(extension)], { env });
      await deleteRefused(t, 'context kdeck-demo in kubeconfig');
    }
  });

  it('a context of the config file that the kubeconfig does not have is said, in its place among the rest', async () => {
    const h = homes(
      'contexts:\n  prdo:\n    readOnly: true\n  kdeck-demo:\n    namespace: "Bad_NS!"\n',
    );
    const t = h.kdeck();
    // Known only once the kubeconfig is read, said in the file's order all the same: first.
    const line = `${h.configFile}:2: contexts.prdo: no context prdo in the kubeconfig`;
    const other = `${h.configFile}:5: contexts.kdeck-demo.namespace: expected a namespace name`;
    await said(t, `${line} (+1 more on stderr)`);
    await quit(t);
    expect(readFileSync(t.stderr, 'utf8')).toBe(`kdeck: ${line}\nkdeck: ${other}\n`);
  });

  it('--demo does not say that its own kubeconfig lacks the contexts of the config file', async () => {
    const h = homes('contexts:\n  prod-eu:\n    readOnly: true\n');
    const t = new Terminal(['--demo'], { env: h.env });
    await t.waitFor('pods(default)[5] live');
    await roundTrip(t);
    expect(t.screen()).not.toContain('prod-eu');
    await quit(t);
    expect(readFileSync(t.stderr, 'utf8')).toBe('');
  });
});

describe.skipIf(!hasTmux)('view and namespace per context', () => {
  it('a view naming a kind the server does not serve is said, naming file, line and field', async () => {
    const h = homes('contexts:\n  kdeck-demo:\n    view: foos\n', 120);
    const t = h.kdeck();
    await said(
      t,
      `${h.configFile}:3: contexts.kdeck-demo.view: the server doesn't have a resource type "foos"`,
    );
    // kdeck stays usable.
    t.keys('j');
    await t.waitGone('foos');
    t.burst(':deploy\r');
    await t.waitFor(/deployments\(default\)\[1\] live/);
    await quit(t);
  });

  it('a view may name an alias, as : takes it', async () => {
    const h = homes('aliases:\n  pp: deploy -A\ncontexts:\n  kdeck-demo:\n    view: pp\n');
    const t = h.kdeck();
    await t.waitFor(/deployments\(all\)\[\d+\] live/);
    await quit(t);
    expect(readFileSync(t.stderr, 'utf8')).toBe('');
  });

  it('a context opens on its configured view and namespace; -n and -A beat them', async () => {
    const { kdeck } = homes('contexts:\n  kdeck-demo:\n    view: sts\n    namespace: data\n');
    let t = kdeck();
    await t.waitFor(/statefulsets\(data\)\[1\] live/);
    expect(names(t.screen())).toEqual(['postgres']);
    await quit(t);
    t = kdeck('-n', 'default');
    await t.waitFor(/statefulsets\(default\)\[0\] live/);
    await quit(t);
    t = kdeck('-A');
    await t.waitFor(/statefulsets\(all\)\[\d+\] live/);
    await quit(t);
  });
});

describe.skipIf(!hasTmux)('aliases', () => {
  it(":pp shows what :pods -A -l tier=prod shows; an alias may take a kind's name, not a command's; problems: the first on the screen, all on stderr", async () => {
    const pods = sim
      .kubectl('get', 'pods', '-n', 'default', '-o', 'name')
      .trim()
      .split('\n')
      .map((n) => n.replace('pod/', ''));
    for (const p of pods.slice(0, 2)) sim.kubectl('label', 'pod', p, '-n', 'default', 'tier=prod');
    const expected = sim
      .kubectl(
        'get',
        'pods',
        '-A',
        '-l',
        'tier=prod',
        '--no-headers',
        '-o',
        'custom-columns=NS:.metadata.namespace,NAME:.metadata.name',
      )
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/).join('/'))
      .sort();
    expect(expected).toHaveLength(2);
    // All namespaces: NAMESPACE, then NAME.
    const rows = (screen: string) =>
      tableRows(screen)
        .map((r) => r.slice(2).trim().split(/\s+/).slice(0, 2).join('/'))
        .sort();
    // 120 columns: at 80, the CPU and MEM figures can cut a pod's name with …
    const h = homes(
      [
        'aliases:',
        '  pp: pods -A -l tier=prod',
        '  po: pods -n default -l tier=prod',
        '  q: pods',
        'colour: red',
      ].join('\n'),
      120,
    );
    const t = h.kdeck();
    // The first in the file's order.
    const first = `${h.configFile}:4: aliases.q: q is a kdeck command; an alias cannot replace it (+1 more on stderr)`;
    expect((await t.waitFor('pods(default)[5] live')).replace(/\s+/g, ' ')).toContain(first);
    t.keys('j');
    await t.waitGone('aliases.q');
    t.burst(':pp\r');
    const title = `pods(all)[${expected.length}] -l tier=prod live`;
    expect(rows(await t.waitFor(title))).toEqual(expected);
    // The command itself, typed, opens the same view.
    t.burst(':deploy\r');
    await t.waitFor(/deployments\(all\)/);
    t.burst(':pods -A -l tier=prod\r');
    expect(rows(await t.waitFor(title))).toEqual(expected);
    // An alias may take a kind's name; not a command's: :q still quits.
    t.burst(':po\r');
    await t.waitFor(`pods(default)[${expected.length}] -l tier=prod live`);
    t.burst(':q\r');
    expect(await t.exitCode()).toBe(0);
    expect(readFileSync(t.stderr, 'utf8')).toBe(
      [
        `kdeck: ${h.configFile}:4: aliases.q: q is a kdeck command; an alias cannot replace it`,
        `kdeck: ${h.configFile}:5: colour: unknown field (known: contexts, aliases)`,
        '',
      ].join('\n'),
    );
  });
});

describe.skipIf(!hasTmux)('the last view, remembered', () => {
  it('each context reopens on its last view; a configured view beats it; the file is private', async () => {
    const h = homes();
    let t = h.kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(':deploy\r');
    await t.waitFor(/deployments\(default\)\[1\] live/);
    await quit(t);
    t = h.kdeck('--context', 'prod');
    await t.waitFor('pods(default)[5] live');
    t.burst(':pods -A -l app=postgres\r');
    await t.waitFor('pods(all)[3] -l app=postgres live');
    await quit(t);

    t = h.kdeck();
    await t.waitFor(/deployments\(default\)\[1\] live/);
    await quit(t);
    t = h.kdeck('--context', 'prod');
    await t.waitFor('pods(all)[3] -l app=postgres live');
    await quit(t);
    expect(statSync(h.stateFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.env.XDG_STATE_HOME, 'kdeck')).mode & 0o777).toBe(0o700);

    writeFileSync(h.configFile, 'contexts:\n  prod:\n    view: sts -n data\n');
    t = h.kdeck('--context', 'prod');
    await t.waitFor(/statefulsets\(data\)\[1\] live/);
    await quit(t);
  });

  it(':ctx back into a context opens the view it was left on in this run', async () => {
    const h = homes();
    const t = h.kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(':deploy\r');
    await t.waitFor(/deployments\(default\)\[1\] live/);
    t.burst(':ctx prod\r');
    await t.waitFor('pods(default)[5] live');
    t.burst(':ctx kdeck-demo\r');
    await t.waitFor(/deployments\(default\)\[1\] live/);
    await quit(t);
  });

  it('the contexts list is not remembered: quitting on it, the next run opens on the view before', async () => {
    const h = homes();
    let t = h.kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(':deploy\r');
    await t.waitFor(/deployments\(default\)\[1\] live/);
    t.burst(':ctx\r');
    await t.waitFor(/contexts\[3\] live/);
    await quit(t);
    t = h.kdeck();
    await t.waitFor(/deployments\(default\)\[1\] live/);
    await quit(t);
  });

  it('a corrupt state file is ignored, and replaced', async () => {
    const h = homes();
    mkdirSync(join(h.env.XDG_STATE_HOME, 'kdeck'), { recursive: true });
    writeFileSync(h.stateFile, 'contexts: [kdeck-demo: {kind: \n');
    const t = h.kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(':deploy\r');
    await t.waitFor(/deployments\(default\)\[1\] live/);
    await quit(t);
    expect(readFileSync(t.stderr, 'utf8')).toBe('');
    expect(load(readFileSync(h.stateFile, 'utf8'))).toEqual({
      contexts: { 'kdeck-demo': { kind: 'deployments.apps', namespace: 'default' } },
    });
  });
});

describe.skipIf(!hasTmux)('a state file that can be neither read nor written', () => {
  it('is not a word: kdeck opens as by default, and quits cleanly', async () => {
    const h = homes();
    // A directory where the file should be: reading it fails, and so does renaming onto it.
    mkdirSync(h.stateFile, { recursive: true });
    const t = h.kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(':deploy\r');
    await t.waitFor(/deployments\(default\)\[1\] live/);
    expect(t.lines().at(-1)).not.toMatch(/state|EISDIR/);
    await quit(t);
    expect(readFileSync(t.stderr, 'utf8')).toBe('');
    expect(statSync(h.stateFile).isDirectory()).toBe(true);
  });
});

describe.skipIf(!hasTmux)('a bad config file', () => {
  const cases = [
    {
      what: 'not YAML',
      config: 'contexts:\n  kdeck-demo:\n    view: [sts\n',
      line: /config\.yaml:\d+: not YAML \(.+\); every context read-only until it is fixed \(--write to override\)/,
      command: ':deploy',
    },
    {
      what: 'a wrong type',
      config: 'aliases:\n  dd: deploy\ncontexts:\n  kdeck-demo:\n    namespace: [data]\n',
      command: ':dd',
      line: /config\.yaml:5: contexts\.kdeck-demo\.namespace: expected a namespace name/,
    },
    {
      what: 'an unknown field',
      config: 'aliases:\n  dd: deploy\ncontexts:\n  kdeck-demo:\n    colour: red\n',
      command: ':dd',
      line: /config\.yaml:5: contexts\.kdeck-demo\.colour: unknown field \(known: readOnly, view, namespace\)/,
    },
  ];
  for (const c of cases)
    it(`${c.what}: one line naming file, line and field, on the screen and stderr; kdeck works`, async () => {
      const h = homes(c.config);
      const t = h.kdeck();
      // The line as said, wrapped over the status lines at 80 columns.
      const said = (await t.waitFor('pods(default)[5] live')).replace(/\s+/g, ' ');
      expect(said).toMatch(c.line);
      expect(said).toContain(`${h.configFile}:`);
      t.keys('j'); // the next key clears it
      await t.waitGone('config.yaml:');
      // The rest of the file is used (an alias), or kdeck goes on without it.
      t.burst(`${c.command}\r`);
      await t.waitFor(/deployments\(default\)\[1\] live/);
      await quit(t);
      const stderr = readFileSync(t.stderr, 'utf8').trim().split('\n');
      expect(stderr).toHaveLength(1);
      expect(stderr[0]).toMatch(
        new RegExp(`^kdeck: ${h.configFile}${c.line.source.slice('config\\.yaml'.length)}$`),
      );
    });
});

describe.skipIf(!hasTmux)('an alias standing for another alias', () => {
  it('is not expanded again, and the error says so', async () => {
    const h = homes('aliases:\n  cp: pods\n  cp2: cp -n kube-system\n', 120);
    const t = h.kdeck();
    await t.waitFor('pods(default)[5] live');
    t.burst(':cp2\r');
    await said(
      t,
      `(:cp2 is an alias of "cp -n kube-system"; an alias does not expand another, and cp is one)`,
    );
    await quit(t);
  });
});

describe('kdeck --help', () => {
  it('names the config file, the state file and --write', () => {
    const help = spawnSync(KDECK[0], [...KDECK.slice(1), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const text of [
      '$XDG_CONFIG_HOME/kdeck/config.yaml',
      '$XDG_STATE_HOME/kdeck/state.yaml',
      '--write',
    ])
      expect(help.stdout).toContain(text);
  });
});
