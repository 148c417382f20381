// Sorting by name and age, and the filter's ! and -f, as a k9s user types them.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/resources/index.js';
import { FakeSource, pod } from './fake-source.js';
import { KEY, startScreen } from './screen.js';

const { ENTER } = KEY;

/** A pod made `minutes` ago. */
const aged = (name: string, minutes: number, namespace = 'default'): KubeObject => {
  const p = pod(name, namespace);
  p.metadata.creationTimestamp = new Date(Date.now() - minutes * 60_000).toISOString();
  return p;
};

const cluster = () =>
  new FakeSource([
    aged('charlie', 30),
    aged('alpha', 20),
    aged('bravo', 10),
    aged('nginx-delta', 40),
    aged('coredns-1', 50, 'kube-system'),
  ]);

/** A word of each row (the first: the name, or the namespace across namespaces), top to
 * bottom: the lines after the column header. */
const order = (frame: string, word = 0) => {
  const lines = frame.split('\n');
  const header = lines.findIndex((l) => /^ {2}NAME/.test(l));
  return lines
    .slice(header + 1)
    .filter((l) => /^[› ][* ]\S/.test(l))
    .map((l) => l.slice(2).split(/\s+/)[word]);
};

describe('sorting by name and by age', () => {
  it('N reverses the name order; A sorts youngest first, again oldest first; the header says which', async () => {
    const { frame, press } = await startScreen(cluster());
    await expect.poll(frame).toMatch(/ {2}NAME↑\s+READY/);
    expect(order(frame())).toEqual(['alpha', 'bravo', 'charlie', 'nginx-delta']);
    await press('N');
    await expect.poll(frame).toMatch(/ {2}NAME↓\s+READY/);
    expect(order(frame())).toEqual(['nginx-delta', 'charlie', 'bravo', 'alpha']);
    await press('A');
    await expect.poll(frame).toMatch(/ {2}NAME\s+READY.*\sAGE↑/);
    expect(order(frame())).toEqual(['bravo', 'alpha', 'charlie', 'nginx-delta']);
    await press('A');
    await expect.poll(frame).toMatch(/\sAGE↓/);
    expect(order(frame())).toEqual(['nginx-delta', 'charlie', 'alpha', 'bravo']);
    await press('N');
    await expect.poll(frame).toMatch(/ {2}NAME↑\s+READY/);
    expect(order(frame())).toEqual(['alpha', 'bravo', 'charlie', 'nginx-delta']);
  });

  it('across namespaces the NAMESPACE column is marked until N sorts by the name itself', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('0');
    await expect.poll(frame).toMatch(/ {2}NAMESPACE↑\s+NAME\s/);
    await press('N');
    await expect.poll(frame).toMatch(/ {2}NAMESPACE\s+NAME↑\s/);
    expect(order(frame(), 1)).toEqual(['alpha', 'bravo', 'charlie', 'coredns-1', 'nginx-delta']);
  });

  it('o goes on from the marked column: the first o leaves the name for READY', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('o');
    await expect.poll(frame).toMatch(/ {2}NAME\s+READY↑\s/);
  });
});

describe('the filter', () => {
  it('/!nginx keeps the pods that do not match, and the title says the filter', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('/', '!', 'n', 'g', 'i', 'n', 'x', ENTER);
    await expect.poll(frame).toContain('pods(default)[3] /!nginx');
    expect(order(frame())).toEqual(['alpha', 'bravo', 'charlie']);
  });

  it('/-f crl keeps the names with c, r, l in that order; a plain /crl finds none', async () => {
    const { frame, press } = await startScreen(cluster());
    await press('/', '-', 'f', ' ', 'c', 'r', 'l', ENTER);
    await expect.poll(frame).toContain('pods(default)[1] /-f crl');
    expect(order(frame())).toEqual(['charlie']);
    await press('/', KEY.CTRL_U, 'c', 'r', 'l', ENTER);
    await expect.poll(frame).toContain('no rows match /crl');
  });
});
