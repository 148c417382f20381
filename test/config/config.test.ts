// The config file's parser: what it takes, and the one line for each thing it cannot use
// (file, line, field), the rest of the file still used.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/config.js';
import { StateFile } from '../../src/config/state.js';
import { Settings } from '../../src/ui/settings.js';

const FILE = '/etc/kdeck/config.yaml';
const info = (context: string) => ({
  context,
  cluster: 'c',
  user: 'u',
  server: 'https://x',
  namespace: 'default',
});

describe('parseConfig', () => {
  it('reads contexts and aliases', () => {
    const c = parseConfig(
      [
        'contexts:',
        '  prod:',
        '    readOnly: true',
        '    view: deploy -n web',
        '    namespace: web',
        'aliases:',
        '  pp: pods -A -l tier=prod',
      ].join('\n'),
      FILE,
    );
    expect(c.problems).toEqual([]);
    expect(c.contexts).toEqual({
      prod: { readOnly: true, view: 'deploy -n web', namespace: 'web' },
    });
    expect(c.aliases).toEqual({ pp: 'pods -A -l tier=prod' });
  });

  it('names the file, line and field of a wrong value; a readOnly in doubt is read-only', () => {
    const c = parseConfig(
      ['# prod', 'contexts:', '  dev: {}', '  prod:', '    view: pods', '    readOnly: yes'].join(
        '\n',
      ),
      FILE,
    );
    expect(c.problems).toEqual([
      `${FILE}:6: contexts.prod.readOnly: expected true or false (taken as true)`,
    ]);
    expect(c.contexts.prod).toEqual({ view: 'pods', readOnly: true });
  });

  it('warns of an unknown field and uses the rest; readOnly misspelt in case still counts', () => {
    const c = parseConfig(
      ['contexts:', '  prod:', '    readonly: true', '    namespace: web', 'colour: red'].join(
        '\n',
      ),
      FILE,
    );
    // In the file's order.
    expect(c.problems).toEqual([
      `${FILE}:3: contexts.prod.readonly: unknown field (taken as readOnly)`,
      `${FILE}:5: colour: unknown field (known: contexts, aliases)`,
    ]);
    expect(c.contexts.prod).toEqual({ readOnly: true, namespace: 'web' });
  });

  it('takes an empty file, or one of comments only, for no config and no problem', () => {
    for (const text of ['', '\n', '# nothing yet\n\n# still nothing\n']) {
      const c = parseConfig(text, FILE);
      expect(c.problems).toEqual([]);
      expect(c.unusable).toBeUndefined();
    }
  });

  it('takes a file that is not YAML as unusable, saying where', () => {
    const c = parseConfig(
      ['contexts:', '  prod:', '    view: [pods', 'aliases: {}'].join('\n'),
      FILE,
    );
    expect(c.problems).toHaveLength(1);
    expect(c.problems[0]).toMatch(
      new RegExp(
        `^${FILE}:\\d+: not YAML \\(.+\\); every context read-only until it is fixed \\(--write to override\\)$`,
      ),
    );
    expect(c.unusable).toBe(true);
    expect(c.contexts).toEqual({});
  });

  it('asks the caller about views and aliases', () => {
    const c = parseConfig(
      ['contexts:', '  a:', '    view: nope', 'aliases:', '  q: pods', '  ok: pods'].join('\n'),
      FILE,
      {
        view: (v) => (v === 'nope' ? 'not a view' : undefined),
        alias: (n) => (n === 'q' ? 'reserved' : undefined),
      },
    );
    expect(c.problems).toEqual([
      `${FILE}:3: contexts.a.view: not a view`,
      `${FILE}:5: aliases.q: reserved`,
    ]);
    expect(c.aliases).toEqual({ ok: 'pods' });
  });
});

describe('Settings', () => {
  const config = parseConfig(
    [
      'contexts:',
      '  prod: {readOnly: true, view: deploy -l app=x, namespace: web}',
      '  dev: {namespace: dev}',
      'aliases: {pp: pods -A -l tier=prod}',
    ].join('\n'),
    FILE,
  );
  it('read-only: --readonly, then --write, then the config', () => {
    expect(new Settings({}, config).readonlyWhy(info('prod'))).toBe('context prod in config.yaml');
    expect(new Settings({ write: true }, config).readonlyWhy(info('prod'))).toBeUndefined();
    expect(new Settings({ write: true, readonly: true }, config).readonlyWhy(info('dev'))).toBe(
      '--readonly',
    );
    expect(new Settings({}, config).readonlyWhy(info('dev'))).toBeUndefined();
  });

  it('start view: flags, then the config, then the remembered view, then pods', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-state-'));
    const state = new StateFile(join(dir, 'kdeck', 'state.yaml'));
    state.remember('prod', { kind: 'services' });
    state.remember('dev', { kind: 'jobs.batch', namespace: 'kube-system', labelSelector: 'a=b' });
    const s = new Settings({}, config, state);
    expect(s.startView(info('prod'))).toEqual({
      resource: 'deployments.apps',
      namespace: 'web',
      labelSelector: 'app=x',
    });
    expect(s.startView(info('prod'), null)).toEqual({
      resource: 'deployments.apps',
      namespace: undefined,
      labelSelector: 'app=x',
    });
    expect(s.startView(info('dev'))).toEqual({
      resource: 'jobs.batch',
      namespace: 'dev',
      labelSelector: 'a=b',
    });
    expect(s.startView(info('other'))).toEqual({ resource: 'pods', namespace: 'default' });
    expect(statSync(join(dir, 'kdeck')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'kdeck', 'state.yaml')).mode & 0o777).toBe(0o600);
  });

  it('a corrupt state file remembers nothing, and is replaced whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kdeck-state-'));
    const file = join(dir, 'state.yaml');
    writeFileSync(file, 'contexts: [\n');
    const s = new Settings({}, undefined, new StateFile(file));
    expect(s.startView(info('x'))).toEqual({ resource: 'pods', namespace: 'default' });
    s.remember('x', { resource: 'services', namespace: 'web' });
    expect(readFileSync(file, 'utf8')).toBe(
      'contexts:\n  x:\n    kind: services\n    namespace: web\n',
    );
  });

  it('expands an alias as the first word only, with what follows it', () => {
    const s = new Settings({}, config);
    expect(s.expand('pp')).toBe('pods -A -l tier=prod');
    expect(s.expand('pp -n web')).toBe('pods -A -l tier=prod -n web');
    expect(s.expand('pods pp')).toBe('pods pp');
  });
});
