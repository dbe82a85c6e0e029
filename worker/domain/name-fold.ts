// Client names folded for search: "Gómez" and "GOMEZ" both become "gomez". The same rule runs in
// JavaScript (for the typed query) and in SQL (clients.name_folded, a generated indexed column):
// SQLite's lower() only knows ASCII, so accented Latin letters are replaced one by one first.

/**
 * Latin-1 letters that decompose to an ASCII letter plus accents (Spanish, Portuguese, French,
 * German names). D1 caps an expression at depth 100, so Latin Extended-A is left out.
 */
export const ACCENT_FOLDS: ReadonlyArray<readonly [string, string]> = (() => {
  const pairs: [string, string][] = [];
  for (let code = 0xc0; code <= 0xff; code++) {
    const char = String.fromCharCode(code);
    const base = char.normalize("NFD").replace(/\p{M}/gu, "");
    if (base !== char && /^[A-Za-z]$/.test(base)) pairs.push([char, base.toLowerCase()]);
  }
  return pairs;
})();

const FOLD_MAP = new Map(ACCENT_FOLDS);

/** What clients.name_folded holds for a name: accents dropped, ASCII lower-cased, nothing else. */
export function foldName(name: string): string {
  let out = "";
  for (const char of name) out += FOLD_MAP.get(char) ?? (/^[A-Z]$/.test(char) ? char.toLowerCase() : char);
  return out;
}

/** The SQL expression behind clients.name_folded (the migration holds this exact text). */
export function foldedNameSql(column = "name"): string {
  let expression = column;
  for (const [char, base] of ACCENT_FOLDS) expression = `replace(${expression}, '${char}', '${base}')`;
  return `lower(${expression})`;
}

/** The smallest string greater than every string starting with `prefix`: a range scan's end. */
export function prefixUpperBound(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}
