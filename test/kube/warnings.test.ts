// The server's Warning headers, read as client-go reads them: one or more warning-values a
// header, quoted texts with escapes and commas inside, an optional date; only code 299 is
// for the user. Then through the simulator: a restart answered with a warning reaches the
// source's listeners.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeSource } from '../../src/kube/cluster-source.js';
import { parseWarningHeader, warningTexts } from '../../src/kube/warnings.js';
import { deployments } from '../../src/resources/deployments.js';
import { startTestCluster, type TestCluster } from '../helpers/sim.js';

describe('a Warning header', () => {
  it("reads kube-apiserver's form: 299, agent -, a quoted text with escaped quotes", () => {
    expect(
      parseWarningHeader(
        '299 - "spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use \\"kubernetes.io/arch\\" instead"',
      ),
    ).toEqual([
      {
        code: 299,
        agent: '-',
        text: 'spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
      },
    ]);
  });

  it('holds several warnings separated by commas; a comma or escaped backslash inside quotes is text', () => {
    expect(
      parseWarningHeader(
        '299 - "one, two" , 299 kube-apiserver "a \\\\ b \\"c\\"", 199 proxy.example:8080 "stale"',
      ),
    ).toEqual([
      { code: 299, agent: '-', text: 'one, two' },
      { code: 299, agent: 'kube-apiserver', text: 'a \\ b "c"' },
      { code: 199, agent: 'proxy.example:8080', text: 'stale' },
    ]);
  });

  it('may carry a quoted date after the text', () => {
    expect(
      parseWarningHeader(
        '299 - "first" "Sat, 29 Nov 2026 03:19:45 GMT", 299 - "second" "Sun, 30 Nov 2026 00:00:00 GMT"',
      ).map((w) => w.text),
    ).toEqual(['first', 'second']);
  });

  it('stops at a malformed value, keeping those before it (as client-go does)', () => {
    expect(parseWarningHeader('299 - "kept", 29 - "bad code", 299 - "lost"')).toEqual([
      { code: 299, agent: '-', text: 'kept' },
    ]);
    expect(parseWarningHeader('299 - "unterminated')).toEqual([]);
    expect(parseWarningHeader('299 - unquoted')).toEqual([]);
    expect(parseWarningHeader('299 - "a" junk, 299 - "b"')).toEqual([]);
    expect(parseWarningHeader('299 - "a" "date without end')).toEqual([]);
    expect(parseWarningHeader('')).toEqual([]);
  });

  it('tells the user code 299 texts of every header, decoded as UTF-8', () => {
    // Node hands header bytes over as Latin-1; the server wrote UTF-8.
    const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
    expect(
      warningTexts([
        '299 - "a", 199 - "from a cache", 299 - ""',
        latin1('299 - "café is deprecated"'),
      ]),
    ).toEqual(['a', 'café is deprecated']);
    expect(warningTexts(undefined)).toEqual([]);
  });
});

describe('warnings through the simulator', () => {
  let c: TestCluster;
  let source: KubeSource;
  beforeAll(async () => {
    c = await startTestCluster();
    source = KubeSource.connect({ kubeconfig: c.kubeconfigPath });
  });
  afterAll(async () => {
    source.close();
    await c.stop();
  });

  it("reach the source's listeners with the write that drew them, until a listener stops", async () => {
    const created = await c.kubectl([
      'create',
      'deployment',
      'legacy',
      '--image=nginx:1.27',
      '--dry-run=client',
      '-o',
      'json',
    ]);
    const manifest = JSON.parse(created.stdout);
    manifest.spec.template.spec.nodeSelector = { 'beta.kubernetes.io/os': 'linux' };
    const applied = await c.api('/apis/apps/v1/namespaces/default/deployments', {
      method: 'POST',
      body: manifest,
    });
    expect(applied.status).toBe(201);
    const ref = {
      resource: deployments,
      namespace: 'default',
      name: 'legacy',
      uid: applied.json.metadata.uid,
      resourceVersion: applied.json.metadata.resourceVersion,
    };
    const heard: string[] = [];
    const stop = source.onWarning((t) => heard.push(t));
    // A restart names the uid only (a scale names a resourceVersion the controller moves on).
    expect(await source.actions.restart(ref)).toMatchObject({ ok: true });
    expect(heard).toEqual([
      'spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
    ]);
    stop();
    const later: string[] = [];
    const stopLater = source.onWarning((t) => later.push(t));
    expect(await source.actions.restart(ref, new Date(Date.now() + 2000))).toMatchObject({
      ok: true,
    });
    stopLater();
    expect(later).toHaveLength(1);
    expect(heard).toHaveLength(1);
  });
});
