// A list to move through and choose from, over the table underneath: a pod's containers, an
// object's revisions. Its title says `(deleted)` once the object it belongs to is gone. The
// page owns the selection (a container's index, a revision's number) and what choosing does.
import { Box, Text } from 'ink';
import type { Column, Row } from '../resources/index.js';
import { inertLine } from '../util/inert.js';
import { useKeys } from './key-router.js';
import type { Action, Binding } from './keymap.js';
import { actionFor } from './keymap.js';
import { place } from './navigation.js';
import { ResourceTable } from './resource-table.js';

const NONE: ReadonlySet<string> = new Set();

interface Props {
  title: string;
  /** The object the list belongs to is gone: the title says so over what it last showed. */
  deleted: boolean;
  columns: Column[];
  rows: Row[];
  /** The selected row's index. */
  selected: number;
  /** What the table says when there are no rows. */
  empty: string;
  height: number;
  width: number;
  now: number;
  /** The page's key bindings (its scope in keymap.ts). */
  keys: Binding[];
  select(index: number): void;
  onClose(): void;
  /** Any other action of the page's bindings, on the selected row's index; false if unused. */
  onAction(action: Action, index: number): boolean;
}

export function PickList(p: Props) {
  const tableHeight = Math.max(1, p.height - 2);
  const at = place(p.rows, { selectedIndex: p.selected, offset: 0 }, tableHeight, p.selected);
  useKeys('screen', (key) => {
    const go = (to: number) => p.select(Math.max(0, Math.min(p.rows.length - 1, to)));
    const action = actionFor(key, p.keys);
    switch (action) {
      case undefined:
        return false;
      case 'back':
        p.onClose();
        return true;
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
        go(p.rows.length - 1);
        return true;
      default:
        return p.onAction(action, at.index);
    }
  });
  return (
    <Box flexDirection="column" height={p.height}>
      <Text bold>{inertLine(p.deleted ? `${p.title} (deleted)` : p.title)}</Text>
      <ResourceTable
        columns={p.columns}
        rows={p.rows}
        offset={at.offset}
        height={tableHeight}
        selected={at.index}
        width={p.width}
        now={p.now}
        namespaceColumn={false}
        marked={NONE}
        empty={p.empty}
      />
    </Box>
  );
}
