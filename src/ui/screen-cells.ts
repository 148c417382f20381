// The screen as cells, as the screen writer models it: a grid of characters and their styles
// that scrolls, resizes and erases as a terminal does, and the pen (SGR state) that styles
// what is printed. The writer keeps two: the screen Ink means and the one the terminal shows.

/** A continuation cell: the right half of a wide character. */
export const WIDE_TAIL = '';

export class Grid {
  chars: string[][] = [];
  styles: string[][] = [];
  constructor(
    public cols: number,
    public rows: number,
  ) {
    for (let y = 0; y < rows; y++) this.pushRow();
  }
  pushRow(style = '') {
    this.chars.push(new Array(this.cols).fill(' '));
    this.styles.push(new Array(this.cols).fill(style));
  }
  /** The new bottom row takes the background colour, as erased cells do. */
  scrollUp(style: string) {
    this.scroll(0, this.rows - 1, 1, style);
  }
  /**
   * Rows top..bottom move up by k (down when k < 0), as a terminal scrolls a region: the
   * rows that come in are blank in the background colour.
   */
  scroll(top: number, bottom: number, k: number, style: string) {
    const n = Math.min(Math.abs(k), bottom - top + 1);
    for (const [grid, fill] of [
      [this.chars, ' '],
      [this.styles, style],
    ] as const) {
      const band = grid.slice(top, bottom + 1);
      const blank = Array.from({ length: n }, () => new Array(this.cols).fill(fill));
      const moved =
        k > 0 ? [...band.slice(n), ...blank] : [...blank, ...band.slice(0, band.length - n)];
      grid.splice(top, band.length, ...moved);
    }
  }
  /**
   * The row's text as one string, to find rows that moved. Styles are left out (cheaper):
   * a row taken for moved whose colours differ is diffed after the scroll like any other.
   */
  key(y: number): string {
    return this.chars[y].join('');
  }
  /** Keeps what fits, as a terminal that does not reflow would. */
  resized(cols: number, rows: number): Grid {
    const g = new Grid(cols, rows);
    for (let y = 0; y < Math.min(rows, this.rows); y++) {
      for (let x = 0; x < Math.min(cols, this.cols); x++) {
        g.chars[y][x] = this.chars[y][x];
        g.styles[y][x] = this.styles[y][x];
      }
      // A wide character cut in half by the new right edge is gone.
      if (cols < this.cols && this.chars[y][cols] === WIDE_TAIL) g.chars[y][cols - 1] = ' ';
    }
    return g;
  }
  /** Blanks the halves of wide characters that writing over [x0, x1) leaves orphaned. */
  breakWideAt(y: number, x0: number, x1: number, style: string) {
    const [row, styles] = [this.chars[y], this.styles[y]];
    if (x0 > 0 && row[x0] === WIDE_TAIL) [row[x0 - 1], styles[x0 - 1]] = [' ', style];
    if (x1 < this.cols && row[x1] === WIDE_TAIL) [row[x1], styles[x1]] = [' ', style];
  }
  erase(y: number, x0: number, x1: number, style: string) {
    if (x1 <= x0) return;
    this.breakWideAt(y, x0, x1, style);
    this.chars[y].fill(' ', x0, x1);
    this.styles[y].fill(style, x0, x1);
  }
}

/** The SGR state (colours and attributes) Ink has set, kept as a canonical parameter string. */
export class Pen {
  private flags = new Set<number>();
  private fg = '';
  private bg = '';
  key = '';
  /** Erased cells take the background colour only, as terminals do. */
  eraseKey = '';

  clone(): Pen {
    const p = new Pen();
    Object.assign(p, this, { flags: new Set(this.flags) });
    return p;
  }

  apply(params: string) {
    const p = params === '' ? ['0'] : params.split(';');
    for (let i = 0; i < p.length; i++) {
      const n = Number(p[i]);
      if (p[i].includes(':')) {
        // Colon sub-parameters: 38:5:n, 48:2::r:g:b, 4:3 (curly underline) and friends.
        const head = Number(p[i].split(':')[0]);
        if (head === 38) this.fg = p[i];
        else if (head === 48) this.bg = p[i];
        else if (head === 4) p[i].endsWith(':0') ? this.flags.delete(4) : this.flags.add(4);
      } else if (p[i] === '' || n === 0) {
        this.flags.clear();
        this.fg = '';
        this.bg = '';
      } else if (n === 38 || n === 48) {
        const take = p[i + 1] === '5' ? 2 : p[i + 1] === '2' ? 4 : 0;
        const colour = p.slice(i, i + 1 + take).join(';');
        if (n === 38) this.fg = colour;
        else this.bg = colour;
        i += take;
      } else if ((n >= 30 && n <= 37) || (n >= 90 && n <= 97)) this.fg = p[i];
      else if ((n >= 40 && n <= 47) || (n >= 100 && n <= 107)) this.bg = p[i];
      else if (n === 39) this.fg = '';
      else if (n === 49) this.bg = '';
      else if (n === 22) {
        this.flags.delete(1);
        this.flags.delete(2);
      } else if (n >= 23 && n <= 29) this.flags.delete(n - 20);
      else if (n >= 1 && n <= 9) this.flags.add(n === 6 ? 5 : n);
    }
    const parts = [...[...this.flags].sort((a, b) => a - b).map(String), this.fg, this.bg];
    this.key = parts.filter(Boolean).join(';');
    this.eraseKey = this.bg;
  }
}
