/**
 * A spreadsheet runs a cell that starts with one of these as a formula (OWASP
 * "CSV injection"): `=`, `+`, `-`, `@`, and tab or carriage return, which some
 * spreadsheets strip before looking at the next character.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: text that a spreadsheet would read as a formula is prefixed
 * with a single quote (so it shows as text), then RFC 4180 quoting applies to
 * anything holding a comma, quote or line break. Numbers are written as they are.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One RFC 4180 record; records end in CRLF (the caller's line writer adds the LF). */
export function csvLine(fields: readonly (string | number)[]): string {
  return `${fields.map(csvField).join(',')}\r`;
}
