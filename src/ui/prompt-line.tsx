// The bottom line while a prompt is open: `:` (a command, Tab completing it), `/` (a filter, or
// `-l` for a selector the server applies), the scale prompt (digits only) and set image's
// (image-prompt.ts). What an answer does is the screen's: this wires the line's keys to it.
import type { ResourceDef, Row } from '../resources/index.js';
import type { Registry } from '../resources/registry.js';
import { pathCompletions } from '../util/paths.js';
import type { ClusterSource } from './cluster-source.js';
import { complete } from './commands.js';
import { forwardLabel, refuseInAddress, submitForward } from './forward-prompt.js';
import { imageLabel, refuseInImage, submitImage } from './image-prompt.js';
import { LineInput } from './line-input.js';
import { type PromptState, submitScale } from './prompts.js';
import { refOf } from './row-actions.js';
import type { Status } from './use-status.js';

interface Props {
  prompt: PromptState;
  setPrompt(
    p: PromptState | undefined | ((p: PromptState | undefined) => PromptState | undefined),
  ): void;
  source: ClusterSource;
  kinds: Registry;
  /** The namespaces Tab completes after a kind (listed when the command line opened). */
  namespaces: string[];
  status: Status;
  runCommand(text: string): void;
  /** `/text`: the rows filtered here; undefined: no filter. */
  filter(text: string | undefined): void;
  /** `/-l selector`: a view the server filters. */
  select(labelSelector: string): void;
}

export function PromptLine({ prompt, setPrompt, source, kinds, namespaces, status, ...p }: Props) {
  return (
    <LineInput
      label={promptLabel(prompt)}
      value={prompt.value}
      note={
        prompt.kind === 'scale' || prompt.kind === 'image' || prompt.kind === 'forward'
          ? prompt.note
          : undefined
      }
      onChange={(value) => setPrompt({ ...prompt, value, note: undefined })}
      onCancel={() => {
        setPrompt(undefined);
        if (prompt.kind === 'filter') p.filter(undefined);
      }}
      onComplete={
        prompt.kind === 'command'
          ? () =>
              setPrompt({
                ...prompt,
                value: complete(prompt.value, kinds, {
                  namespaces,
                  contexts: source
                    .contexts()
                    .filter((c) => c.name !== source.info.context)
                    .map((c) => c.name),
                  paths: (word) => pathCompletions(word),
                }),
              })
          : undefined
      }
      refuse={
        prompt.kind === 'scale'
          ? (ch) => (/\d/.test(ch) ? undefined : 'digits only')
          : prompt.kind === 'image'
            ? refuseInImage
            : prompt.kind === 'forward'
              ? refuseInAddress
              : undefined
      }
      onRefuse={(reason) => setPrompt({ ...prompt, note: { text: reason, error: true } })}
      onSubmit={(text) => {
        setPrompt(undefined);
        if (prompt.kind === 'command') return p.runCommand(text);
        if (prompt.kind === 'scale')
          return void submitScale(source, prompt, text, setPrompt, status);
        if (prompt.kind === 'image')
          return void submitImage(source, prompt, text, setPrompt, status);
        if (prompt.kind === 'forward')
          return void submitForward(source, prompt, text, setPrompt, status);
        const label = /^-l\s+(.+)$/.exec(text.trim());
        // A label selector goes to the server: a new view, so Esc comes back without it.
        if (label) return p.select(label[1]);
        p.filter(text || undefined);
      }}
    />
  );
}

function promptLabel(p: PromptState): string {
  if (p.kind === 'scale') return `scale ${p.row.namespace}/${p.row.name} to: `;
  if (p.kind === 'image') return imageLabel(p);
  if (p.kind === 'forward') return forwardLabel(p);
  return p.kind === 'command' ? ':' : '/';
}

/**
 * `s`: the scale prompt, with the row's replicas when it carries them; a row from the server's
 * Table does not, so the scale is asked and fills the prompt if the user has typed nothing yet.
 */
export function openScalePrompt(
  source: ClusterSource,
  def: ResourceDef,
  row: Row,
  setPrompt: Props['setPrompt'],
): void {
  const known = row.replicas !== undefined;
  setPrompt({ kind: 'scale', value: known ? String(row.replicas) : '', row, def, confirmed: -1 });
  if (known) return;
  source.actions.currentReplicas(refOf(def, row)).then(
    (now) =>
      setPrompt((p) =>
        p?.kind === 'scale' && p.row.uid === row.uid && p.value === ''
          ? {
              ...p,
              value: String(now.replicas),
              row: { ...p.row, replicas: now.replicas, resourceVersion: now.resourceVersion },
            }
          : p,
      ),
    () => {},
  );
}
