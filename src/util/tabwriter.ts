// Column alignment as kubectl describe gets it from Go's text/tabwriter (minwidth 0,
// padding 2, padded with spaces, no flags): lines are cells separated by tabs; the text
// after the last tab is not part of any column. A column block is a run of consecutive
// lines that all have a cell in that column, and it is as wide as its widest cell plus the
// padding; a line with fewer cells ends the block, so each section of a describe lines up
// on its own. Widths are measured as the terminal draws them (wide characters are 2).
import stringWidth from 'string-width';

/** Aligns tab-separated lines; cells must hold no tabs or newlines of their own. */
export function tabwrite(lines: string[], padding = 2): string[] {
  const cells = lines.map((l) => l.split('\t'));
  const widthOf = cells.map((cs) => cs.map((c) => (c ? stringWidth(c) : 0)));
  const out: string[] = new Array(lines.length);

  const write = (from: number, to: number, widths: number[]) => {
    for (let i = from; i < to; i++) {
      let text = '';
      const cs = cells[i];
      for (let j = 0; j < cs.length; j++) {
        text += cs[j];
        if (j < widths.length) text += ' '.repeat(Math.max(0, widths[j] - widthOf[i][j]));
      }
      out[i] = text.trimEnd();
    }
  };

  // Go's tabwriter.format: find each block that has a cell in `widths.length`, size it,
  // and format its lines with one more known column.
  const format = (line0: number, line1: number, widths: number[]) => {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= cells[i].length - 1) continue;
      write(start, i, widths);
      let width = 0;
      let end = i;
      for (; end < line1 && column < cells[end].length - 1; end++) {
        width = Math.max(width, widthOf[end][column] + padding);
      }
      format(i, end, [...widths, width]);
      start = end;
      i = end - 1;
    }
    write(start, line1, widths);
  };

  format(0, lines.length, []);
  return out;
}
