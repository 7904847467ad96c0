/**
 * crictl's tables: Go's text/tabwriter as crictl configures it (minwidth 20, padding 3, spaces).
 * Every cell but a row's last is padded to its column's width, which is the widest such cell plus
 * the padding, and never less than 20; a row's last cell is written as is. Widths count
 * characters, as tabwriter counts runes.
 */
const MIN_WIDTH = 20;
const PADDING = 3;

const width = (s: string): number => [...s].length;

export function formatTable(rows: string[][]): string {
  const cols: number[] = [];
  for (const row of rows) {
    row.slice(0, -1).forEach((cell, i) => {
      cols[i] = Math.max(cols[i] ?? MIN_WIDTH, width(cell) + PADDING);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(cols[i]! - width(cell))))
        .join(''),
    )
    .map((line) => line + '\n')
    .join('');
}
