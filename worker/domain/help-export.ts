// CSV for the staff's spreadsheet. Every cell is quoted, and a cell that a spreadsheet would read
// as a formula (=, +, -, @, tab or carriage return first, even after spaces) gets a leading
// apostrophe: a client typing "=HYPERLINK(...)" in a help request must not run in Excel.

const FORMULA_START = /^[\s]*[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** RFC 4180 lines (CRLF), with a byte-order mark so Excel reads the accents as UTF-8. */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return "\uFEFF" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
