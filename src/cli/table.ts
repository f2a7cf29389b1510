export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  align?: 'left' | 'right';
}

/**
 * Aligned columns for people. Cell text is flattened to one line and control
 * characters are dropped: titles and comments come from users, and a newline or
 * a terminal escape sequence must not break the table or the operator's terminal.
 */
export function renderTable<T>(
  columns: readonly Column<T>[],
  rows: readonly T[],
  options: { header?: boolean; indent?: string } = {},
): string {
  const { header = true, indent = '' } = options;
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row))));
  const lines = header ? [columns.map((c) => c.header), ...cells] : cells;
  const widths = columns.map((_, i) => Math.max(...lines.map((line) => line[i]?.length ?? 0)));
  const aligned = (cell: string, i: number) =>
    columns[i]?.align === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0);
  return lines.map((line) => indent + line.map(aligned).join('  ').trimEnd()).join('\n');
}

function cellText(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/\s+/g, ' ')
    .replace(/\p{Cc}/gu, '')
    .trim();
}

/** ISO time as `2026-01-01 09:30:00` (UTC), short enough for a table. */
export function tableTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}
