// What the bottom-line prompts hold, and the scale prompt's answer: a count above the ceiling
// asks to be confirmed with a second Enter; a conflict shows the value now on the server and
// asks again, never retrying blindly.
import type { ResourceDef, Row } from '../resources/index.js';
import type { ClusterSource } from './cluster-source.js';
import type { ForwardPrompt } from './forward-prompt.js';
import type { ImagePrompt } from './image-prompt.js';
import { refOf, SCALE_CEILING } from './row-actions.js';
import type { Message, Status } from './use-status.js';

export type PromptState =
  | { kind: 'command' | 'filter'; value: string; note?: Message }
  | {
      kind: 'scale';
      value: string;
      row: Row;
      def: ResourceDef;
      /** A count above the ceiling that the user has been asked to confirm. */
      confirmed: number;
      note?: Message;
    }
  | ImagePrompt
  | ForwardPrompt;

type ScalePrompt = Extract<PromptState, { kind: 'scale' }>;

export async function submitScale(
  source: ClusterSource,
  prompt: ScalePrompt,
  text: string,
  reopen: (p: PromptState) => void,
  status: Status,
): Promise<void> {
  if (!/^\d+$/.test(text)) {
    return reopen({
      ...prompt,
      value: text,
      note: { text: 'type a number of replicas', error: true },
    });
  }
  const replicas = Number(text);
  if (replicas > SCALE_CEILING && prompt.confirmed !== replicas) {
    return reopen({
      ...prompt,
      value: text,
      confirmed: replicas,
      note: {
        text: `${replicas} replicas is a lot: Enter again to confirm, Esc to cancel`,
        error: true,
      },
    });
  }
  const ref = refOf(prompt.def, prompt.row);
  const result = await source.actions.scale(ref, replicas);
  if (result.ok || result.code !== 409) return status.say(result.message, !result.ok);
  try {
    const now = await source.actions.currentReplicas(ref);
    reopen({
      ...prompt,
      row: { ...prompt.row, replicas: now.replicas, resourceVersion: now.resourceVersion },
      value: String(now.replicas),
      confirmed: -1,
      note: {
        text: `${prompt.row.name} changed meanwhile: it now wants ${now.replicas}; enter the count again`,
        error: true,
      },
    });
  } catch (e) {
    status.say((e as Error).message, true);
  }
}
