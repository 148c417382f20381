// A pod's containers (Enter on a pod): name, image, state, ready, restarts, ports, from the pod
// as fetched when Enter was pressed and again each time the pod's row in the view underneath
// changes (the pods watch is still open: no second watch). Enter (or l) opens the selected
// container's logs.
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { KubeObject, Row } from '../resources/index.js';
import { inertLine } from '../util/inert.js';
import { CONTAINER_COLUMNS, containerRows } from './drill.js';
import { useKeys } from './key-router.js';
import { actionFor, bindingsFor } from './keymap.js';
import { place } from './navigation.js';
import { ResourceTable } from './resource-table.js';
import { useReloaded } from './use-reloaded.js';

const KEYS = bindingsFor('containers');
const NONE: ReadonlySet<string> = new Set();

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
}

export function ContainersView(p: Props) {
  const rows = useReloaded(p.rows, p.version, () => p.reload().then(containerRows));
  const [selected, setSelected] = useState(0);
  const tableHeight = Math.max(1, p.height - 2);
  const at = place(rows, { selectedIndex: selected, offset: 0 }, tableHeight, selected);
  useKeys('screen', (key) => {
    const go = (to: number) => setSelected(Math.max(0, Math.min(rows.length - 1, to)));
    switch (actionFor(key, KEYS)) {
      case 'back':
        p.onClose();
        return true;
      case 'enter': {
        const row = rows[at.index];
        if (row) p.onLogs(row.name);
        return true;
      }
      case 'up':
        go(at.index - 1);
        return true;
      case 'down':
        go(at.index + 1);
        return true;
      case 'top':
        go(0);
        return true;
      case 'bottom':
        go(rows.length - 1);
        return true;
    }
    return false;
  });
  return (
    <Box flexDirection="column" height={p.height}>
      <Text bold>{inertLine(p.version === undefined ? `${p.title} (deleted)` : p.title)}</Text>
      <ResourceTable
        columns={CONTAINER_COLUMNS}
        rows={rows}
        offset={at.offset}
        height={tableHeight}
        selected={at.index}
        width={p.width}
        now={p.now}
        namespaceColumn={false}
        marked={NONE}
        empty="no containers"
      />
    </Box>
  );
}
