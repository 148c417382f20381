// A Secret's values on screen only when asked for, and `c` copying a name, key by key.
//
// No table lists Secrets yet: the pages are reached from a pod row whose object the fake
// cluster answers with a Secret. The page goes by the object itself (what it says it is), so
// this is the page a Secrets table will open.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/resources/types.js';
import { FakeSource, pod } from './fake-source.js';
import { KEY, startScreen, tick } from './screen.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
// What kubectl apply keeps of a manifest with stringData (cut short to fit a row here).
const LAST_APPLIED = JSON.stringify({ stringData: { password: 's3cr3t-pa55' }, kind: 'Secret' });

const secret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db-creds',
    namespace: 'default',
    uid: 'uid-s',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${LAST_APPLIED}\n` },
  },
  type: 'Opaque',
  data: { password: b64('s3cr3t-pa55'), username: b64('admin') },
};

/** A cluster whose one pod row opens on a Secret's describe and YAML. */
function cluster() {
  const source = new FakeSource([pod('web-1')]);
  source.actions.get = async () => secret;
  return source;
}

const NOTICE = 'secret values shown — x hides';
const hidden = (frame: string) => !/s3cr3t|admin|czNj|YWRt/.test(frame);

describe("a Secret's describe and YAML", () => {
  it('describe gives sizes; x shows the values decoded and the header says so; x hides them', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('d');
    await expect.poll(frame).toMatch(/^password:\s+11 bytes$/m);
    expect(frame()).toMatch(/^username:\s+5 bytes$/m);
    expect(frame()).toContain('<x> reveal');
    expect(frame()).not.toContain(NOTICE);
    expect(hidden(frame())).toBe(true);

    await tick(); // the page's keys are its own once it has settled in
    await press('x');
    await expect.poll(frame).toMatch(/^password:\s+s3cr3t-pa55$/m);
    expect(frame()).toMatch(/^username:\s+admin$/m);
    expect(frame()).toContain(`pods(default)[1] ${NOTICE} live`);

    await press('x');
    await expect.poll(frame).toMatch(/^password:\s+11 bytes$/m);
    expect(frame()).not.toContain(NOTICE);
    expect(hidden(frame())).toBe(true);
  });

  it('leaving the page hides them: the page opens hidden again', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('d');
    await expect.poll(frame).toMatch(/^password:\s+11 bytes$/m);
    await tick();
    await press('x');
    await expect.poll(frame).toContain(NOTICE);
    await press(KEY.ESC);
    await expect.poll(frame).toMatch(/web-1\s+1\/1\s+Running/);
    expect(frame()).not.toContain(NOTICE);
    await press('d');
    await expect.poll(frame).toMatch(/^password:\s+11 bytes$/m);
    expect(frame()).not.toContain(NOTICE);
    expect(hidden(frame())).toBe(true);
  });

  it('YAML masks data and the last-applied copy; x shows the data decoded', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('y');
    await expect.poll(frame).toContain("  password: '<hidden: 11 bytes>'");
    expect(frame()).toContain("  username: '<hidden: 5 bytes>'");
    expect(frame()).toContain('"stringData":{"password":"<hidden: 11 bytes>"}');
    expect(hidden(frame())).toBe(true);

    await tick();
    await press('x');
    await expect.poll(frame).toContain('  password: s3cr3t-pa55');
    expect(frame()).toContain('  username: admin');
    expect(frame()).toContain(NOTICE);
    await press('q');
    await expect.poll(frame).not.toContain(NOTICE);
  });

  it('help on the page lists x', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('d');
    await expect.poll(frame).toMatch(/^password:\s+11 bytes$/m);
    await tick();
    await press('?');
    await expect.poll(frame).toMatch(/x\s+show \/ hide secret values/);
  });

  it('x on a page that hides nothing does nothing', async () => {
    const { frame, press } = await startScreen(new FakeSource([pod('web-1')]));
    await press('d');
    await expect.poll(frame).toMatch(/^Name:\s+web-1$/m);
    expect(frame()).not.toContain('<x>');
    await tick();
    await press('x');
    expect(frame()).not.toContain(NOTICE);
    expect(frame()).toMatch(/^Name:\s+web-1$/m);
  });
});

describe('c in a table', () => {
  it("copies the selected row's name, only the name, and says so", async () => {
    const { frame, press, copied } = await startScreen(
      new FakeSource([pod('web-1'), pod('web-2')]),
    );
    await press(KEY.DOWN, 'c');
    await expect.poll(frame).toContain('copied web-2');
    expect(copied).toEqual(['web-2']);
  });
});
