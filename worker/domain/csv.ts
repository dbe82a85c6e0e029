// CSV in and out (RFC 4180): the billing system's export comes in, the payments export goes out
// to a spreadsheet. Small enough to own; a dependency would have to run in the Worker too.

export type CsvParse = { ok: true; rows: string[][] } | { ok: false; line: number; error: "unterminated_quote" | "stray_quote" };

/** Parses CSV text: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF. */
export function parseCsv(text: string): CsvParse {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          const next = input[i + 1];
          if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") return { ok: false, line, error: "stray_quote" };
        }
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (fieldStarted) return { ok: false, line, error: "stray_quote" };
      quoted = true;
      fieldStarted = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      fieldStarted = false;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && input[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      fieldStarted = false;
      line++;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) return { ok: false, line, error: "unterminated_quote" };
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // Blank lines carry no record.
  return { ok: true, rows: rows.filter((r) => !(r.length === 1 && r[0] === "")) };
}

/**
 * One CSV cell. Text a spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return, even after spaces) gets a leading apostrophe: a client typing
 * "=HYPERLINK(...)" in a help request must not run in Excel. Numbers are never formulas. Cells
 * with commas, quotes, line breaks or edge spaces are quoted.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (typeof value === "string" && /^\s*[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF line end, as RFC 4180 and spreadsheets expect. */
export function csvLine(row: readonly (string | number | null | undefined)[]): string {
  return `${row.map(csvCell).join(",")}\r\n`;
}

/** A whole file. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return [header, ...rows].map(csvLine).join("");
}
