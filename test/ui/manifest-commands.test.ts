// `:apply -f PATH [-n NS]`, `:create -f`, `:delete -f` on the command line, and Tab after them:
// kubectl's flags, one clear line for what cannot be run, paths and namespaces completed.
import { describe, expect, it } from 'vitest';
import { BUILT_IN } from '../../src/resources/registry.js';
import { complete, parseCommand } from '../../src/ui/commands.js';

const parse = (text: string) => parseCommand(text, BUILT_IN);

describe(':apply, :create and :delete -f', () => {
  it("reads kubectl's -f/--filename and -n/--namespace, spaced or with =", () => {
    expect(parse('apply -f hello.yaml')).toEqual({
      kind: 'manifests',
      verb: 'apply',
      path: 'hello.yaml',
    });
    expect(parse('create --filename=k8s/ -n shop')).toEqual({
      kind: 'manifests',
      verb: 'create',
      path: 'k8s/',
      namespace: 'shop',
    });
    expect(parse('apply -R -f k8s/')).toEqual({
      kind: 'manifests',
      verb: 'apply',
      path: 'k8s/',
      recursive: true,
    });
    expect(parse('delete --namespace data -f ~/x.yml')).toEqual({
      kind: 'manifests',
      verb: 'delete',
      path: '~/x.yml',
      namespace: 'data',
    });
  });

  it('says how to write it when -f or a value is missing, or a word is not a flag', () => {
    const usage = ':apply -f PATH [-n NAMESPACE] [-R] (a file or a directory of manifests)';
    expect(parse('apply')).toEqual({ kind: 'error', message: usage });
    expect(parse('apply -f')).toEqual({ kind: 'error', message: `-f needs a value: ${usage}` });
    expect(parse('apply -f a.yaml b.yaml')).toEqual({
      kind: 'error',
      message: `unexpected "b.yaml": ${usage}`,
    });
    expect(parse('apply -f a.yaml -n Not_A_Name')).toEqual({
      kind: 'error',
      message: '"Not_A_Name" is not a namespace name',
    });
  });

  it('Tab offers -f, then paths after -f and namespaces after -n', () => {
    const names = {
      namespaces: ['default', 'shop'],
      paths: (word: string) => ['k8s/', 'k8s.json', 'hello.yaml'].filter((p) => p.startsWith(word)),
    };
    expect(complete('appl', BUILT_IN, names)).toBe('apply ');
    expect(complete('apply ', BUILT_IN, names)).toBe('apply -f ');
    expect(complete('apply -f h', BUILT_IN, names)).toBe('apply -f hello.yaml ');
    // A directory is not a whole word: its files come with the next Tab.
    expect(complete('apply -f k8s', BUILT_IN, names)).toBe('apply -f k8s');
    expect(complete('apply -f k8s/', BUILT_IN, { ...names, paths: () => ['k8s/web.yaml'] })).toBe(
      'apply -f k8s/web.yaml ',
    );
    expect(complete('delete -f hello.yaml -n sh', BUILT_IN, names)).toBe(
      'delete -f hello.yaml -n shop ',
    );
  });
});
