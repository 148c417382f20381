// The command line: `:KIND [NAMESPACE | all | -A] [-n NS] [-l SELECTOR]` for any kind the
// server serves; kdeck's own commands first; one clear line for what cannot be run.
import { describe, expect, it } from 'vitest';
import { type ApiResource, BUILT_IN, Registry } from '../../src/resources/registry.js';
import { complete, parseCommand } from '../../src/ui/commands.js';

const api = (r: Partial<ApiResource> & Pick<ApiResource, 'name' | 'kind'>): ApiResource => ({
  group: '',
  version: 'v1',
  singular: r.name.replace(/s$/, ''),
  namespaced: true,
  verbs: ['list', 'watch', 'get'],
  shortNames: [],
  categories: [],
  subresources: [],
  ...r,
});
const kinds = Registry.fromDiscovery([
  api({ name: 'pods', kind: 'Pod', shortNames: ['po'] }),
  api({ name: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'] }),
  api({ name: 'statefulsets', kind: 'StatefulSet', group: 'apps', shortNames: ['sts'] }),
]);

describe(':KIND and its arguments', () => {
  it('a namespace, all of them, -n and -l', () => {
    expect(parseCommand('sts', kinds)).toEqual({ kind: 'open', resource: 'statefulsets.apps' });
    expect(parseCommand('sts data', kinds)).toMatchObject({ namespace: 'data' });
    expect(parseCommand('sts -A', kinds)).toMatchObject({ namespace: null });
    expect(parseCommand('po all', kinds)).toMatchObject({ namespace: null });
    expect(parseCommand('po -n kube-system -l app=web,tier!=db', kinds)).toEqual({
      kind: 'open',
      resource: 'pods',
      namespace: 'kube-system',
      labelSelector: 'app=web,tier!=db',
    });
  });

  it('-A and -n on a kind without namespaces mean nothing, as in kubectl', () => {
    expect(parseCommand('no -A', kinds)).toEqual({ kind: 'open', resource: 'nodes' });
    expect(parseCommand('no all', kinds)).toEqual({ kind: 'open', resource: 'nodes' });
    expect(parseCommand('no -n kube-system', kinds)).toEqual({ kind: 'open', resource: 'nodes' });
  });

  it('one line for what cannot be run', () => {
    expect(parseCommand('po -l', kinds)).toEqual({ kind: 'error', message: '-l needs a value' });
    expect(parseCommand('po -x', kinds)).toMatchObject({ message: /^unknown flag -x/ });
    expect(parseCommand('po a b', kinds)).toMatchObject({ message: /^too many words/ });
    expect(parseCommand('no kube-system', kinds)).toMatchObject({
      message: 'nodes are not namespaced',
    });
    expect(parseCommand('po Bad_NS', kinds)).toMatchObject({ message: /is not a namespace name/ });
    expect(parseCommand('stss', kinds)).toEqual({
      kind: 'error',
      message: 'the server doesn\'t have a resource type "stss" (closest: sts)',
    });
  });

  it("kdeck's own commands win over kinds", () => {
    expect(parseCommand('q', kinds)).toEqual({ kind: 'quit' });
    expect(parseCommand('warnings', kinds)).toEqual({ kind: 'warnings' });
    expect(parseCommand('ctx prod', kinds)).toEqual({ kind: 'context', name: 'prod' });
    expect(parseCommand('ctx', kinds)).toEqual({ kind: 'open', resource: 'contexts' });
  });

  it('Tab completes kinds the server serves', () => {
    expect(complete('statefuls', kinds)).toBe('statefulset');
    expect(complete('warn', BUILT_IN)).toBe('warnings ');
  });

  it('Tab completes a namespace after a kind or -n, and a context after ctx', () => {
    const names = {
      namespaces: ['default', 'kube-system', 'kube-public', 'shop'],
      contexts: ['kdeck-demo-readonly'],
    };
    expect(complete('po k', BUILT_IN, names)).toBe('po kube-');
    expect(complete('po kube-s', BUILT_IN, names)).toBe('po kube-system ');
    expect(complete('deploy -n sh', BUILT_IN, names)).toBe('deploy -n shop ');
    expect(complete('po -l app=web -n d', BUILT_IN, names)).toBe('po -l app=web -n default ');
    expect(complete('po -l d', BUILT_IN, names)).toBe('po -l d');
    expect(complete('po shop d', BUILT_IN, names)).toBe('po shop d');
    expect(complete('po -A d', BUILT_IN, names)).toBe('po -A d');
    expect(complete('nodes d', BUILT_IN, names)).toBe('nodes d');
    expect(complete('ctx ', BUILT_IN, names)).toBe('ctx kdeck-demo-readonly ');
    expect(complete('ctx x', BUILT_IN, names)).toBe('ctx x');
    expect(complete('nope d', BUILT_IN, names)).toBe('nope d');
  });
});
