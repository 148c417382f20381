// Warnings the server sends with its answers: on the status line beside the action's own
// message, once while shown, inert; `:warnings` lists the session's, newest last.
import { describe, expect, it } from 'vitest';
import { deployment, FakeSource, pod } from './fake-source.js';
import { KEY, startScreen } from './screen.js';

const { ENTER } = KEY;
const ARCH = 'nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14';

const cluster = () => new FakeSource([pod('web-1', 'default', { app: 'web' }), deployment('web')]);

describe('a warning from the server', () => {
  it('shows beside the message of the scale that drew it', async () => {
    const source = cluster();
    const scale = source.actions.scale.bind(source.actions);
    source.actions.scale = async (ref, replicas) => {
      source.warn(ARCH); // the answer's headers come before its body
      return scale(ref, replicas);
    };
    const { frame, press } = await startScreen(source, { resource: 'deployments' });
    await expect.poll(frame).toMatch(/web\s+2\/2/);
    await press('s', KEY.CTRL_U, '3', ENTER);
    await expect.poll(frame).toContain(`scaled web to 3  Warning: ${ARCH}`);
    await press('j'); // a key clears it, as any message
    await expect.poll(frame).not.toContain('Warning:');
  });

  it('is shown inert: escape sequences in caret notation', async () => {
    const source = cluster();
    const { frame } = await startScreen(source);
    source.warn('evil \u001b[2J text');
    await expect.poll(frame).toContain('Warning: evil ^[[2J text');
  });

  it('the same again while shown adds nothing; :warnings lists each, newest last', async () => {
    const source = cluster();
    const { frame, press } = await startScreen(source);
    await press(':', 'w', 'a', 'r', 'n', 'i', 'n', 'g', 's', ENTER);
    await expect.poll(frame).toContain('no warnings from the server');
    await press('q');
    source.warn('first');
    source.warn('first');
    await expect.poll(frame).toContain('Warning: first');
    source.warn('second');
    await expect.poll(frame).toContain('Warning: second');
    await expect.poll(frame).not.toContain('Warning: first');
    await press('j');
    source.warn('first'); // from a later action, after it left the screen
    await press(':', 'w', 'a', 'r', 'n', KEY.TAB, ENTER);
    await expect
      .poll(frame)
      .toMatch(
        /\d\d:\d\d:\d\d {2}Warning: second\n\d\d:\d\d:\d\d {2}\(2 times since \d\d:\d\d:\d\d\) {2}Warning: first/,
      );
  });
});
