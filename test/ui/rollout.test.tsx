// `i` and `u` on a fake cluster: a prompt per container and what is sent after the last; the
// revisions list, Esc and Enter; and keys RBAC forbids.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/resources/index.js';
import { deployment, FakeSource, pod } from './fake-source.js';
import { KEY, startScreen } from './screen.js';

const { ENTER, ESC, CTRL_U } = KEY;

/** A pod with an init container and two containers, each with its image. */
function checkout(): KubeObject {
  const p = pod('checkout-1');
  p.spec.initContainers = [{ name: 'migrate', image: 'migrate:2.4' }];
  p.spec.containers = [
    { name: 'checkout', image: 'checkout:2.4' },
    { name: 'log-shipper', image: 'fluent-bit:3.2' },
  ];
  return p;
}

describe('i: set image', () => {
  it('asks for each container in turn, prefilled; sends only the images that changed, after the last', async () => {
    const source = new FakeSource([checkout()]);
    const { frame, press } = await startScreen(source);
    await press('i');
    await expect.poll(frame).toContain('set image migrate (init, 1/3): migrate:2.4');
    await press(ENTER);
    await expect.poll(frame).toContain('set image checkout (2/3): checkout:2.4');
    await press(CTRL_U, ...'checkout:2.5', ENTER);
    await expect.poll(frame).toContain('log-shipper (3/3): fluent-bit:3.2');
    expect(source.actions.calls).toEqual([]);
    await press(ENTER);
    expect(source.actions.calls).toEqual(['set image checkout-1 checkout=checkout:2.5']);
    await expect.poll(frame).toContain('checkout-1 image updated');
  });

  it('Esc at any prompt sends nothing', async () => {
    const source = new FakeSource([checkout()]);
    const { frame, press } = await startScreen(source);
    await press('i', CTRL_U, ...'migrate:3', ENTER);
    await expect.poll(frame).toContain('checkout (2/3)');
    await press(ESC);
    await expect.poll(frame).not.toContain('checkout (2/3)');
    expect(frame()).not.toMatch(/^set image /m);
    expect(source.actions.calls).toEqual([]);
  });

  it('when no image changed, sends nothing and says so', async () => {
    const source = new FakeSource([checkout()]);
    const { frame, press } = await startScreen(source);
    await press('i', ENTER, ENTER, ENTER);
    await expect.poll(frame).toContain('no image changed: nothing sent');
    expect(source.actions.calls).toEqual([]);
  });

  it('refuses a space and an empty image', async () => {
    const source = new FakeSource([checkout()]);
    const { frame, press } = await startScreen(source);
    await press('i', ' ');
    await expect.poll(frame).toContain('an image has no spaces');
    await press(CTRL_U, ENTER);
    await expect.poll(frame).toContain('type an image');
    expect(source.actions.calls).toEqual([]);
  });
});

/** web runs nginx:1.27; its ReplicaSets: revision 1 (nginx:1.25) and revision 2 (nginx:1.27). */
function webWithRevisions(): FakeSource {
  const template = (image: string, hash?: string) => ({
    metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } },
    spec: { containers: [{ name: 'web', image }] },
  });
  const d = deployment('web');
  d.spec.template = template('nginx:1.27');
  const rs = (revision: number, image: string): KubeObject => ({
    metadata: {
      name: `web-h${revision}`,
      uid: `uid-rs-${revision}`,
      creationTimestamp: new Date(Date.now() - (3 - revision) * 60_000).toISOString(),
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
      ownerReferences: [{ controller: true, uid: d.metadata.uid }],
    },
    spec: { template: template(image, `h${revision}`) },
  });
  const source = new FakeSource([d]);
  source.actions.describeExtra = async () => ({
    replicaSets: [rs(1, 'nginx:1.25'), rs(2, 'nginx:1.27')],
  });
  return source;
}

describe('u: roll back', () => {
  it('lists the revisions newest first with the previous selected; Esc sends nothing, Enter rolls back to it', async () => {
    const source = webWithRevisions();
    const { frame, press } = await startScreen(source, { resource: 'deployments' });
    await press('u');
    await expect.poll(frame).toContain('revisions deployment default/web');
    expect(frame()).toMatch(/^\s+2\s+current\s+nginx:1\.27\s+<none>/m);
    expect(frame()).toMatch(/^›\s+1\s+nginx:1\.25\s+<none>/m);
    await press(ESC);
    await expect.poll(frame).not.toContain('revisions deployment');
    expect(source.actions.calls).toEqual([]);
    await press('u');
    await expect.poll(frame).toContain('revisions deployment default/web');
    await press(ENTER);
    expect(source.actions.calls).toEqual(['rollback web to 1']);
    await expect.poll(frame).toContain('web rolled back');
  });

  it('k then Enter rolls back to the revision chosen', async () => {
    const source = webWithRevisions();
    const { frame, press } = await startScreen(source, { resource: 'deployments' });
    await press('u');
    await expect.poll(frame).toContain('revisions deployment default/web');
    await press('k', ENTER);
    expect(source.actions.calls).toEqual(['rollback web to 2']);
  });
});

describe('keys RBAC forbids', () => {
  it('i and u say why and send nothing where patch is forbidden', async () => {
    const source = webWithRevisions();
    source.actions.forbidden.add('patch deployments');
    const { frame, press } = await startScreen(source, { resource: 'deployments' });
    await press('?');
    await expect.poll(frame).toMatch(/i\s+\(forbidden\) set image/);
    await expect.poll(frame).toMatch(/u\s+\(forbidden\) roll back/);
    await press('?', 'i');
    await expect.poll(frame).toContain('forbidden: you may not patch deployments');
    await press('u');
    await expect.poll(frame).toContain('forbidden: you may not patch deployments');
    expect(frame()).not.toContain('revisions deployment');
    expect(source.actions.calls).toEqual([]);
  });
});
