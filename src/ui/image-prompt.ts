// `i`: set image. The object is read, then the bottom line asks for each container's image in
// turn (init containers first), prefilled with the one it has; Enter on the last sends the
// images that changed in one patch, as `kubectl set image` does. Esc at any step sends nothing;
// when nothing changed, nothing is sent and the status line says so.
import type { ResourceDef, Row } from '../resources/index.js';
import { type ContainerImage, containerImages } from '../resources/pod-template.js';
import { inertLine } from '../util/inert.js';
import type { ClusterSource } from './cluster-source.js';
import type { PromptState } from './prompts.js';
import { refOf } from './row-actions.js';
import type { Message, Status } from './use-status.js';

export interface ImagePrompt {
  kind: 'image';
  /** The image typed for the container asked now. */
  value: string;
  row: Row;
  def: ResourceDef;
  /** The containers as read when `i` was pressed. */
  containers: ContainerImage[];
  /** The images given for the containers before the one asked now. */
  given: string[];
  note?: Message;
}

type SetPrompt = (
  p: PromptState | undefined | ((p: PromptState | undefined) => PromptState | undefined),
) => void;

/** The image as it is shown and prefilled: text from the cluster is made inert. */
const shown = (c: ContainerImage) => inertLine(c.image);

/** Reads the object and asks for its first container's image. */
export async function openImagePrompt(
  source: ClusterSource,
  def: ResourceDef,
  row: Row,
  setPrompt: SetPrompt,
  status: Status,
): Promise<void> {
  try {
    const containers = containerImages(def.kind, await source.actions.get(refOf(def, row)));
    if (!containers.length) return status.say(`${row.name} has no containers`, true);
    // A prompt the user opened meanwhile (`:`) is left as it is.
    setPrompt(
      (p) => p ?? { kind: 'image', value: shown(containers[0]), row, def, containers, given: [] },
    );
  } catch (e) {
    status.say((e as Error).message, true);
  }
}

/**
 * `set image nginx (1/2): `. The object is the row selected above the line: naming it again
 * would leave an 80-column line little room for the image.
 */
export function imageLabel(p: ImagePrompt): string {
  const c = p.containers[p.given.length];
  const count = p.containers.length > 1 ? `${p.given.length + 1}/${p.containers.length}` : '';
  const about = [c.init ? 'init' : '', count].filter(Boolean).join(', ');
  return `set image ${inertLine(c.name)}${about ? ` (${about})` : ''}: `;
}

/** Images have no spaces: a space typed is refused at once. */
export const refuseInImage = (ch: string) => (/\s/.test(ch) ? 'an image has no spaces' : undefined);

/** Enter: the next container's prompt, or, after the last, the change sent. */
export async function submitImage(
  source: ClusterSource,
  p: ImagePrompt,
  text: string,
  setPrompt: SetPrompt,
  status: Status,
): Promise<void> {
  const image = text.trim();
  if (!image) return setPrompt({ ...p, value: text, note: { text: 'type an image', error: true } });
  const given = [...p.given, image];
  if (given.length < p.containers.length) {
    const next = p.containers[given.length];
    return setPrompt({ ...p, given, value: shown(next), note: undefined });
  }
  const changed = p.containers
    .map((c, i) => ({ ...c, image: given[i] }))
    .filter((c, i) => c.image !== shown(p.containers[i]));
  if (!changed.length) return status.say('no image changed: nothing sent');
  const result = await source.actions.setImage(refOf(p.def, p.row), changed);
  status.say(result.message, !result.ok);
}
