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
  /** The column the rows are in order of (an index among those drawn, NAMESPACE included):
   * its header is marked ↑ ascending or ↓ descending, as k9s marks it. */
  sorted?: { column: number; descending: boolean };
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
  sorted,
  marked,
  empty,
}: Props) {
  const visible = rows.slice(offset, offset + height);
  const all = namespaceColumn ? [{ name: 'NAMESPACE', priority: 0 }, ...columns] : columns;
  // The mark is part of the header's text, so the column is made wide enough for it; and the
  // column the rows are in order of stays when a narrow terminal drops others (AGE at 80).
  const cols = all.map((c, i) =>
    i === sorted?.column
      ? { ...c, name: `${c.name}${sorted.descending ? '↓' : '↑'}`, priority: 0 }
      : c,
  );
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
