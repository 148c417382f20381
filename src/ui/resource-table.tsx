// The resource table: only the rows that fit are rendered, columns fitted to the width.
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { Column, Row } from '../resources/index.js';
import { fitColumns, formatLine, rowTexts } from './layout.js';
import { accent, healthColor } from './theme.js';

interface Props {
  columns: Column[];
  rows: Row[];
  /** Index of the first row shown. */
  offset: number;
  height: number;
  selected: number;
  width: number;
  now: number;
  namespaceColumn: boolean;
  /** Rows marked (space) for a delete of several. */
  marked: ReadonlySet<string>;
  /** Said where the rows would be when there are none (why, if the watch knows). */
  empty: string;
}

export const ResourceTable = memo(function ResourceTable({
  columns,
  rows,
  offset,
  height,
  selected,
  width,
  now,
  namespaceColumn,
  marked,
  empty,
}: Props) {
  const visible = rows.slice(offset, offset + height);
  const cols = namespaceColumn ? [{ name: 'NAMESPACE', priority: 0 }, ...columns] : columns;
  const texts = visible.map((r) =>
    namespaceColumn ? [r.namespace ?? '', ...rowTexts(r, now)] : rowTexts(r, now),
  );
  // A gutter marks the selected row even where there is no colour (NO_COLOR, dumb terminals).
  const layout = fitColumns(cols, texts, width - 2);
  return (
    // Hidden overflow: nothing in the table (a long reason, a long filter) may grow the frame.
    <Box flexDirection="column" height={height + 1} overflow="hidden">
      <Text bold color={accent}>
        {`  ${formatLine(
          cols.map((c) => c.name),
          cols,
          layout,
        )}`}
      </Text>
      {visible.map((r, i) => (
        <Text
          key={r.uid}
          color={healthColor(r.health)}
          inverse={offset + i === selected}
          wrap="truncate-end"
        >
          {`${offset + i === selected ? '›' : ' '}${marked.has(r.uid) ? '*' : ' '}${formatLine(texts[i], cols, layout)}`}
        </Text>
      ))}
      {rows.length === 0 && (
        <Text dimColor wrap="wrap">
          {empty}
        </Text>
      )}
    </Box>
  );
});
