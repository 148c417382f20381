// `u` on a deployment: its revisions (the ReplicaSets it controls), newest first, the previous
// one selected, as `kubectl rollout undo` would choose it; on a statefulset or daemonset, the
// ControllerRevisions it controls. Enter rolls back to the selected revision; Esc leaves
// without a change. The list is read again each time the object's row in the view underneath
// changes (a rollout moving on): use-reloaded.ts.
import { useState } from 'react';
import type { Column, ObjectRef, Row } from '../resources/index.js';
import {
  CONTROLLER_REVISION_KINDS,
  controllerRevisionsOf,
  previousRevision,
  type Revision,
  revisionsOf,
} from '../resources/rollout.js';
import { inertRow } from '../resources/types.js';
import type { ClusterSource } from './cluster-source.js';
import { bindingsFor } from './keymap.js';
import { PickList } from './pick-list.js';
import { useReloaded } from './use-reloaded.js';

const KEYS = bindingsFor('revisions');

/** What keeps the revisions of an object of `kind`: ReplicaSets, or ControllerRevisions. */
const keptIn = (kind: string) =>
  CONTROLLER_REVISION_KINDS.includes(kind) ? 'CONTROLLERREVISION' : 'REPLICASET';

const columnsFor = (kind: string): Column[] => [
  { name: 'REVISION', priority: 0, align: 'right' },
  { name: 'CURRENT', priority: 0 },
  { name: 'IMAGES', priority: 0 },
  { name: 'CHANGE-CAUSE', priority: 1 },
  { name: keptIn(kind), priority: 2 },
  { name: 'AGE', priority: 1, align: 'right' },
];

/** The object read now with what keeps its revisions (ReplicaSets, ControllerRevisions). */
export async function loadRevisions(source: ClusterSource, ref: ObjectRef): Promise<Revision[]> {
  const d = await source.actions.get(ref);
  if (CONTROLLER_REVISION_KINDS.includes(ref.resource.kind)) {
    const revisions = await source.actions.controllerRevisions(ref, d);
    if (!revisions) throw new Error(`could not list the controller revisions of ${ref.name}`);
    return controllerRevisionsOf(d, revisions);
  }
  const { replicaSets } = await source.actions.describeExtra(ref, d);
  if (!replicaSets) throw new Error(`could not list the replica sets of ${ref.name}`);
  return revisionsOf(d, replicaSets);
}

const rowOf = (r: Revision): Row =>
  inertRow({
    uid: r.uid,
    name: r.name,
    resourceVersion: '',
    cells: [
      r.revision,
      r.current ? 'current' : '',
      r.images.join(','),
      r.changeCause ?? '<none>',
      r.name,
      { since: r.created },
    ],
    health: r.current ? 'ok' : 'neutral',
  });

interface Props {
  title: string;
  /** The kind whose revisions these are (Deployment, StatefulSet, DaemonSet). */
  kind: string;
  revisions: Revision[];
  height: number;
  width: number;
  now: number;
  /** The deployment's resourceVersion as its row shows it now; undefined once it is gone. */
  version: string | undefined;
  /** Reads the revisions again. */
  reload(): Promise<Revision[]>;
  onClose(): void;
  onRollback(revision: number): void;
}

export function RevisionsView(p: Props) {
  const revisions = useReloaded(p.revisions, p.version, p.reload);
  // The selection is a revision number, so it stays put as a new revision appears above it.
  const [chosen, setChosen] = useState(() => previousRevision(p.revisions));
  const kept = keptIn(p.kind) === 'REPLICASET' ? 'ReplicaSet' : 'ControllerRevision';
  return (
    <PickList
      title={p.title}
      deleted={p.version === undefined}
      columns={columnsFor(p.kind)}
      rows={revisions.map(rowOf)}
      selected={Math.max(
        revisions.findIndex((r) => r.revision === chosen),
        0,
      )}
      empty={`no revisions: the ${p.kind.toLowerCase()} controls no ${kept} with a revision`}
      height={p.height}
      width={p.width}
      now={p.now}
      keys={KEYS}
      select={(i) => setChosen(revisions[i]?.revision)}
      onClose={p.onClose}
      onAction={(action, i) => {
        if (action !== 'confirm') return false;
        const r = revisions[i];
        if (r) p.onRollback(r.revision);
        return true;
      }}
    />
  );
}
