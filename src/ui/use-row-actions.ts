// The row actions (scale, delete, restart, describe, YAML, marking) and the dialogs and
// pages they open. Failures become one-line messages with the server's reason.
import { useState } from 'react';
import { describeLines, yamlLines } from '../resources/describe.js';
import type { ResourceDef, Row } from '../resources/index.js';
import type { ClusterSource } from './cluster-source.js';
import type { ConfirmOptions } from './confirm-dialog.js';
import type { Action } from './keymap.js';
import { deleteQuestion, refOf, SCALE_CEILING, summarize } from './row-actions.js';

export type Mode = 'table' | 'command' | 'filter' | 'scale' | 'help' | 'overlay';

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
  | { kind: 'text'; title: string; lines: string[] }
  | {
      kind: 'logs';
      title: string;
      target: { namespace: string; pod?: string; selector?: string };
      containers: string[];
      defaultContainer?: string;
    };

interface Context {
  source: ClusterSource;
  def: ResourceDef;
  rows: Row[];
  selected: number;
  denied: ReadonlyMap<Action, string>;
  setMessage(m: { text: string; error: boolean } | undefined): void;
  setMode(m: Mode): void;
  setInput(t: string): void;
  select(i: number): void;
}

export function useRowActions({
  source,
  def,
  rows,
  selected,
  denied,
  setMessage,
  setMode,
  setInput,
  select,
}: Context) {
  const [overlay, setOverlay] = useState<Overlay | undefined>();
  const [marked, setMarked] = useState<ReadonlySet<string>>(new Set());
  const [scaleRow, setScaleRow] = useState<{ row: Row; confirmed: number } | undefined>();
  const say = (text: string, error = false) => setMessage({ text, error });
  const current = (): Row | undefined => rows[selected];

  const openScale = (row: Row) => {
    setScaleRow({ row, confirmed: -1 });
    setInput(String(row.replicas ?? 0));
    setMode('scale');
  };

  const runScale = async (text: string) => {
    const target = scaleRow;
    if (!target) return;
    const replicas = Number(text);
    if (!/^\d+$/.test(text)) return say(`"${text}" is not a number of replicas`, true);
    if (replicas > SCALE_CEILING && target.confirmed !== replicas) {
      setScaleRow({ ...target, confirmed: replicas });
      setMode('scale');
      return say(`${replicas} replicas is a lot: Enter again to confirm, Esc to cancel`, true);
    }
    setScaleRow(undefined);
    const ref = refOf(def, target.row);
    const result = await source.actions.scale(ref, replicas);
    if (result.ok || result.code !== 409) return say(result.message, !result.ok);
    // Someone changed it meanwhile: show what it is now and ask again; never retry blindly.
    try {
      const now = await source.actions.currentReplicas(ref);
      setScaleRow({
        row: { ...target.row, replicas: now.replicas, resourceVersion: now.resourceVersion },
        confirmed: -1,
      });
      setInput(String(now.replicas));
      setMode('scale');
      say(
        `${target.row.name} changed meanwhile: it now wants ${now.replicas}; enter the count again`,
        true,
      );
    } catch (e) {
      say((e as Error).message, true);
    }
  };

  const askDelete = () => {
    const chosen = marked.size
      ? rows.filter((r) => marked.has(r.uid))
      : [current()].filter((r): r is Row => Boolean(r));
    if (!chosen.length) return;
    const q = deleteQuestion(def, chosen);
    setOverlay({
      kind: 'confirm',
      ...q,
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
        setMessage(summarize(results));
      },
    });
    setMode('overlay');
  };

  const askRestart = (row: Row) => {
    setOverlay({
      kind: 'confirm',
      title: `Restart deployment ${row.namespace}/${row.name}?`,
      lines: ['Every pod is replaced by a new one, as kubectl rollout restart does.'],
      confirmLabel: 'Restart',
      run: async () => setMessage(summarize([await source.actions.restart(refOf(def, row))])),
    });
    setMode('overlay');
  };

  const showText = async (row: Row, as: 'describe' | 'yaml') => {
    const ref = refOf(def, row);
    say(`fetching ${row.name}…`);
    try {
      // Fetched on demand: rows keep only what the table shows.
      const obj = await source.actions.get(ref);
      const lines =
        as === 'yaml'
          ? yamlLines(obj)
          : describeLines(def.kind, obj, await source.actions.eventsFor(ref).catch(() => []));
      setMessage(undefined);
      setOverlay({
        kind: 'text',
        title: `${as} ${def.kind.toLowerCase()} ${row.namespace ? `${row.namespace}/` : ''}${row.name}`,
        lines,
      });
      setMode('overlay');
    } catch (e) {
      say((e as Error).message, true);
    }
  };

  const openLogs = async (row: Row) => {
    const namespace = row.namespace ?? 'default';
    if (def.name !== 'pods') {
      if (!row.selector) return say(`${row.name} selects no pods`, true);
      setOverlay({
        kind: 'logs',
        title: `logs ${def.kind.toLowerCase()} ${namespace}/${row.name}`,
        target: { namespace, selector: row.selector },
        containers: [],
      });
      return setMode('overlay');
    }
    try {
      const pod = await source.actions.get(refOf(def, row));
      const containers: string[] = [
        ...(pod.spec?.containers ?? []),
        ...(pod.spec?.initContainers ?? []),
      ].map((c: { name: string }) => c.name);
      const annotated = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
      setOverlay({
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
      setMode('overlay');
    } catch (e) {
      say((e as Error).message, true);
    }
  };

  const closeOverlay = () => {
    setOverlay(undefined);
    setMode('table');
  };

  /** Runs a row action unless the server forbids it, in which case it says why. */
  const rowAction = (action: Action): boolean => {
    const reason = denied.get(action);
    if (reason) {
      say(`forbidden: ${reason}`, true);
      return true;
    }
    const row = current();
    if (!row) return true;
    switch (action) {
      case 'scale':
        openScale(row);
        return true;
      case 'delete':
        askDelete();
        return true;
      case 'restart':
        askRestart(row);
        return true;
      case 'logs':
        void openLogs(row);
        return true;
      case 'describe':
      case 'yaml':
        void showText(row, action);
        return true;
      case 'mark':
        setMarked((m) => {
          const next = new Set(m);
          if (next.has(row.uid)) next.delete(row.uid);
          else next.add(row.uid);
          return next;
        });
        select(selected + 1);
        return true;
      default:
        return false;
    }
  };

  return { overlay, closeOverlay, marked, setMarked, scaleRow, setScaleRow, runScale, rowAction };
}
