// F on a fake cluster: what the server is asked before the key may be used.
import { expect, it } from 'vitest';
import { FakeSource, pod } from './fake-source.js';
import { startScreen } from './screen.js';

it("F on services is reviewed as create on pods/portforward: the stream is a pod's", async () => {
  const source = new FakeSource([pod('web-1')]);
  await startScreen(source, { resource: 'services' });
  await expect.poll(() => source.actions.reviews).toContain('create pods/portforward');
  expect(source.actions.reviews).not.toContain('create services/portforward');
});

it('where the server forbids it, F says why and opens nothing', async () => {
  const source = new FakeSource([pod('web-1')]);
  source.actions.forbidden.add('create pods');
  const { frame, press } = await startScreen(source, { resource: 'pods' });
  await expect.poll(frame).toContain('web-1');
  await press('F');
  await expect.poll(frame).toContain('forbidden: you may not create pods');
  expect(frame()).not.toContain('port-forward pod/');
});
