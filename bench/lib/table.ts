/**
 * Plain-text table: a label column and one column per backend, with section headings. Numbers are
 * formatted by the caller so each row can choose its own unit and precision.
 */
export type Row = { section: string } | { label: string; cells: string[] };

export function renderTable(columns: string[], rows: Row[]): string {
  const labelWidth = Math.max(
    ...rows.map((r) => ('label' in r ? r.label.length + 2 : 0)),
    'metric'.length,
  );
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...rows.map((r) => ('cells' in r ? (r.cells[i] ?? '').length : 0))),
  );
  const line = (label: string, cells: string[]) =>
    [label.padEnd(labelWidth), ...cells.map((c, i) => c.padStart(widths[i]!))].join('  | ');
  const rule = '-'.repeat(labelWidth + widths.reduce((a, w) => a + w + 5, 0));
  const out = [line('metric', columns), rule];
  for (const r of rows) {
    if ('section' in r) out.push(r.section);
    else out.push(line(`  ${r.label}`, r.cells));
  }
  return out.join('\n');
}

/** Formats a number with a precision that suits its size (1234, 12.3, 0.42). */
export function num(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '-';
  const a = Math.abs(n);
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export const pair = (a: number | undefined, b: number | undefined) => `${num(a)} / ${num(b)}`;
