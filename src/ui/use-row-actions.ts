// The row actions (scale, a shell, set image, roll back, delete, restart, logs, describe, YAML,
// edit, marking, copying the name):
// what each key does with the selected row, and the dialogs and pages it opens. A page
// fetched for a view opens only if that view is still on top (the result carries its id).
// Failures become one-line messages with the server's reason.
import { useState } from 'react';
import { describeLines, isSecret, yamlLines } from '../resources/describe/index.js';
import type { KubeObject, ObjectRef, ResourceDef, Row } from '../resources/index.js';
import type { Revision } from '../resources/rollout.js';
import { useCopy } from './clipboard.js';
import type { ClusterSource } from './cluster-source.js';
import type { ConfirmOptions } from './confirm-dialog.js';
import { containerRows, ownerOf, podsOfObject } from './drill.js';
import { useKeyHold } from './key-router.js';
import type { Action } from './keymap.js';
import type { ViewSpec } from './navigation.js';
import { loadRevisions } from './revisions-view.js';
import { deleteQuestion, refOf, summarize } from './row-actions.js';
import { useEdit } from './use-edit.js';
import { useShell } from './use-shell.js';
import type { Status } from './use-status.js';

export type Overlay =
  | {
      kind: 'confirm';
      title: string;
      lines: string[];
      confirmLabel: string;
      cascade?: boolean;
      force?: boolean;
      run(o: ConfirmOptions): Promise<void>;
    }
  | {
      kind: 'text';
      title: string;
      lines(now: number): string[];
      /** A Secret's page: the same lines with its values shown (`x`), while `secretsShown`. */
      secretLines?(now: number): string[];
      secretsShown?: boolean;
    }
  | {
      kind: 'logs';
      title: string;
      target: { namespace: string; pod?: string; selector?: string };
      containers: string[];
      defaultContainer?: string;
      /** The page Esc goes back to (the containers a container's logs were opened from). */
      back?: Overlay;
    }
  | {
      /** A pod's containers (Enter on a pod), from a GET of the pod, read again as it changes. */
      kind: 'containers';
      title: string;
      namespace: string;
      pod: string;
      /** The pod, to read it again when its row in the view underneath changes. */
      ref: ObjectRef;
      rows: Row[];
    }
  | {
      /** :pf, the session's port-forwards. */
      kind: 'forwards';
      title: string;
    }
  | {
      /** A workload's revisions (u), read again as its row changes. */
      kind: 'revisions';
      title: string;
      ref: ObjectRef;
      revisions: Revision[];
    };

interface Context {
  source: ClusterSource;
  def: ResourceDef;
  /** The view the rows belong to: what it opens is dropped once it is no longer on top. */
  viewId: number;
  rows: Row[];
  selected: number;
  status: Status;
  open(viewId: number, overlay: Overlay): void;
  /** Opens the scale prompt for a row. */
  scale(row: Row): void;
  /** Opens the set-image prompt for a row. */
  /** Opens the set-image prompt once the object is read. */
  setImage(row: Row): Promise<void>;
  /** Opens the port-forward prompt once the object is read. */
  portForward(row: Row): Promise<void>;
  select(index: number): void;
  /** Opens a view over this one (dropped if this view is no longer on top by then). */
  go(view: ViewSpec, select?: string): void;
}

/** The keys that act on the selected row: on a table with no rows, they say there is none. */
export const ROW_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  'scale',
  'image',
  'undo',
  'delete',
  'restart',
  'logs',
  'describe',
  'yaml',
  'mark',
  'copy',
  'owner',
  'edit',
  'portForward',
  'shell',
]);

export function useRowActions(c: Context) {
  const { source, def, viewId, rows, selected, status } = c;
  const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());
  const say = status.say;
  const copy = useCopy(say);
  // An action that opens its page once the server has answered holds the keys typed after
  // it until then: they are meant for that page (key-router.tsx).
  const hold = useKeyHold();
  const holding = (run: Promise<unknown>) => {
    const release = hold();
    void run.finally(() => release());
  };
  const edit = useEdit(source, def, say);
  const shell = useShell(source, status);

  const askDelete = (row: Row) => {
    const chosen = marked.size ? rows.filter((r) => marked.has(r.uid)) : [row];
    if (!chosen.length) return;
    c.open(viewId, {
      kind: 'confirm',
      ...deleteQuestion(def, chosen),
      confirmLabel: 'Delete',
      cascade: def.name !== 'pods',
      force: def.name === 'pods',
      run: async (o) => {
        const results = await Promise.all(
          chosen.map((r) =>
            source.actions.remove(refOf(def, r), { propagation: o.propagation, force: o.force }),
          ),
        );
        setMarked(new Set());
        const s = summarize(results);
        say(s.text, s.error);
      },
    });
  };

  const askRestart = (row: Row) =>
    c.open(viewId, {
      kind: 'confirm',
      title: `Restart ${def.kind.toLowerCase()} ${row.namespace}/${row.name}?`,
      lines: ['Every pod is replaced by a new one, as kubectl rollout restart does.'],
      confirmLabel: 'Restart',
      run: async () => {
        // The ref carries the uid the user saw: a namesake recreated meanwhile is not restarted.
        const s = summarize([await source.actions.restart(refOf(def, row))]);
        say(s.text, s.error);
      },
    });

  const showText = async (row: Row, as: 'describe' | 'yaml') => {
    const ref = refOf(def, row);
    say(`fetching ${row.name}…`);
    try {
      // Fetched on demand: rows keep only what the table shows.
      const obj = await source.actions.get(ref);
      const [events, extra] =
        as === 'describe'
          ? await Promise.all([
              source.actions.eventsFor(ref).catch((): KubeObject[] => []),
              source.actions.describeExtra(ref, obj).catch(() => ({})),
            ])
          : [[], {}];
      status.clear();
      // YAML has no ages: made once. Describe is made again each second for its ages.
      const page = (reveal: boolean) => {
        if (as === 'describe')
          return (now: number) => describeLines(def.kind, obj, events, now, extra, { reveal });
        let yaml: string[] | undefined;
        return () => {
          yaml ??= yamlLines(obj, { kind: def.kind, reveal });
          return yaml;
        };
      };
      c.open(viewId, {
        kind: 'text',
        title: `${as} ${def.kind.toLowerCase()} ${row.namespace ? `${row.namespace}/` : ''}${row.name}`,
        lines: page(false),
        // Decoded only when asked for.
        ...(isSecret(def.kind, obj) ? { secretLines: page(true) } : {}),
      });
    } catch (e) {
      say((e as Error).message, true);
    }
  };

  const openLogs = async (row: Row) => {
    const namespace = row.namespace ?? 'default';
    try {
      if (def.name !== 'pods') {
        // Every pod the object selects. A StatefulSet's, DaemonSet's or Job's Table row does not
        // carry its selector: the object is read now.
        const selector =
          row.selector ?? podsOfObject(await source.actions.get(refOf(def, row)))?.labelSelector;
        if (!selector) return say(`${row.name} selects no pods`, true);
        return c.open(viewId, {
          kind: 'logs',
          title: `logs ${def.kind.toLowerCase()} ${namespace}/${row.name}`,
          target: { namespace, selector },
          containers: [],
        });
      }
      const pod = await source.actions.get(refOf(def, row));
      const containers: string[] = [
        ...(pod.spec?.containers ?? []),
        ...(pod.spec?.initContainers ?? []),
      ].map((x: { name: string }) => x.name);
      const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
      c.open(viewId, {
        kind: 'logs',
        title: `logs pod ${namespace}/${row.name}`,
        target: { namespace, pod: row.name },
        containers,
        defaultContainer: containers.includes(annotated)
          ? annotated
          : (pod.spec?.containers ?? []).length === 1
            ? containers[0]
            : undefined,
      });
    } catch (e) {
      say((e as Error).message, true);
    }
  };

  /** Enter where the row does not say where it leads: a pod's containers, a workload's pods. */
  const drill = async (row: Row) => {
    try {
      const obj = await source.actions.get(refOf(def, row));
      if (def.name === 'pods' && !def.group) {
        const namespace = row.namespace ?? 'default';
        return c.open(viewId, {
          kind: 'containers',
          title: `containers pod ${namespace}/${row.name}`,
          namespace,
          pod: row.name,
          ref: refOf(def, row),
          rows: containerRows(obj),
        });
      }
      const pods = podsOfObject(obj);
      if (pods) c.go(pods);
      else say(`${row.name} selects no pods`, true);
    } catch (e) {
      say((e as Error).message, true);
    }
  };

  /** u: the deployment's, statefulset's or daemonset's revisions, to roll back to one. */
  const openRevisions = async (row: Row) => {
    const ref = refOf(def, row);
    try {
      const revisions = await loadRevisions(source, ref);
      c.open(viewId, {
        kind: 'revisions',
        title: `revisions ${def.kind.toLowerCase()} ${row.namespace}/${row.name}`,
        ref,
        revisions,
      });
    } catch (e) {
      say((e as Error).message, true);
    }
  };

  /** J: the object's controller, selected in its kind's view. */
  const jumpToOwner = async (row: Row) => {
    try {
      const owner = ownerOf(await source.actions.get(refOf(def, row)));
      if (owner) c.go(owner.view, owner.uid);
      else say(`${def.kind.toLowerCase()} ${row.name} has no owner`, true);
    } catch (e) {
      say((e as Error).message, true);
    }
  };

  /** Runs a row action on the selected row; false for keys that are not row actions. */
  const act = (action: Action): boolean => {
    const row = rows[selected];
    if (!ROW_ACTIONS.has(action)) return false;
    if (!row) {
      say(`no ${def.name} here to act on`, true);
      return true;
    }
    switch (action) {
      case 'scale':
        c.scale(row);
        break;
      case 'image':
        holding(c.setImage(row));
        break;
      case 'portForward':
        holding(c.portForward(row));
        break;
      case 'undo':
        holding(openRevisions(row));
        break;
      case 'delete':
        askDelete(row);
        break;
      case 'restart':
        askRestart(row);
        break;
      case 'logs':
        holding(openLogs(row));
        break;
      case 'describe':
      case 'yaml':
        holding(showText(row, action));
        break;
      case 'owner':
        holding(jumpToOwner(row));
        break;
      case 'edit': {
        // Keys typed before the editor had the terminal were meant for it, not for kdeck
        // (`e:wq⏎`): they are dropped once it has it.
        const release = hold();
        void edit(row, () => release({ drop: true })).finally(() => release());
        break;
      }
      case 'shell':
        shell(refOf(def, row));
        break;
      case 'copy':
        // The name only, as k9s's `c`: never a value of the object.
        copy([row.name], { name: row.name });
        break;
      case 'mark':
        setMarked((m) => {
          const next = new Set(m);
          if (next.has(row.uid)) next.delete(row.uid);
          else next.add(row.uid);
          return next;
        });
        c.select(selected + 1);
        break;
    }
    return true;
  };

  return {
    act,
    marked,
    drill: (row: Row) => holding(drill(row)),
  };
}
