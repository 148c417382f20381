// Reconnect delays, and how kdeck picks a cluster from kubeconfig files (as kubectl does).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/kube/backoff.js';
import { ConfigError, loadKubeConfig } from '../../src/kube/connect/kubeconfig.js';

describe('backoff', () => {
  it('doubles from the base, caps, and jitters within the upper half of each step', () => {
    const b = { baseMs: 500, maxMs: 30_000 };
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, b, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(20, b, () => 1)).toBe(30_000);
    expect(backoffDelay(20, b, () => 0)).toBe(15_000);
  });
});

const config = (name: string, server: string, namespace?: string) => `apiVersion: v1
kind: Config
clusters: [{name: ${name}, cluster: {server: "${server}"}}]
users: [{name: ${name}-user, user: {token: t}}]
contexts: [{name: ${name}, context: {cluster: ${name}, user: ${name}-user${namespace ? `, namespace: ${namespace}` : ''}}}]
current-context: ${name}
`;

describe('kubeconfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kdeck-kc-'));
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  writeFileSync(a, config('alpha', 'https://alpha.example:6443', 'team-a'));
  writeFileSync(b, config('beta', 'https://beta.example:6443'));

  it('merges KUBECONFIG files, the first file choosing the current context', () => {
    const c = loadKubeConfig({}, { KUBECONFIG: `${a}:${b}` });
    expect(c).toMatchObject({
      context: 'alpha',
      server: 'https://alpha.example:6443',
      namespace: 'team-a',
    });
    expect(loadKubeConfig({ context: 'beta' }, { KUBECONFIG: `${a}:${b}` })).toMatchObject({
      server: 'https://beta.example:6443',
      namespace: 'default',
    });
  });

  it('--namespace wins over the context namespace', () => {
    expect(loadKubeConfig({ kubeconfig: a, namespace: 'x' }).namespace).toBe('x');
  });

  it('says what was tried when nothing is there, or the context is unknown', () => {
    expect(() => loadKubeConfig({ kubeconfig: join(dir, 'missing') })).toThrow(ConfigError);
    expect(() => loadKubeConfig({ kubeconfig: join(dir, 'missing') })).toThrow(
      /no kubeconfig found \(looked at .*missing\).*kdeck --demo/,
    );
    expect(() => loadKubeConfig({ kubeconfig: a, context: 'gamma' })).toThrow(
      'context was not found for specified context: gamma (contexts: alpha)',
    );
  });
});
