// A pod's containers (Enter on a pod): name, image, state, ready, restarts, ports, from the pod
// as fetched when Enter was pressed and again each time the pod's row in the view underneath
// changes (the pods watch is still open: no second watch). Enter (or l) opens the selected
// container's logs; F port-forwards one of its ports; s opens a shell in it.
import { useState } from 'react';
import type { KubeObject, Row } from '../resources/index.js';
import { CONTAINER_COLUMNS, containerRows } from './drill.js';
import { bindingsFor } from './keymap.js';
import { PickList } from './pick-list.js';
import { useReloaded } from './use-reloaded.js';

const KEYS = bindingsFor('containers');

interface Props {
  title: string;
  rows: Row[];
  height: number;
  width: number;
  now: number;
  /** The pod's resourceVersion as its row shows it now; undefined once the pod is gone. */
  version: string | undefined;
  /** Reads the pod again. */
  reload(): Promise<KubeObject>;
  onClose(): void;
  onLogs(container: string): void;
  onForward(container: string): void;
  onShell(container: string): void;
}

export function ContainersView(p: Props) {
  const rows = useReloaded(p.rows, p.version, () => p.reload().then(containerRows));
  const [selected, setSelected] = useState(0);
  return (
    <PickList
      title={p.title}
      deleted={p.version === undefined}
      columns={CONTAINER_COLUMNS}
      rows={rows}
      selected={selected}
      empty="no containers"
      height={p.height}
      width={p.width}
      now={p.now}
      keys={KEYS}
      select={setSelected}
      onClose={p.onClose}
      onAction={(action, i) => {
        const row = rows[i];
        if (!row) return action === 'enter' || action === 'portForward' || action === 'shell';
        if (action === 'portForward') p.onForward(row.name);
        else if (action === 'shell') p.onShell(row.name);
        else if (action === 'enter') p.onLogs(row.name);
        else return false;
        return true;
      }}
    />
  );
}
