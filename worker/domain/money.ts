// Money is integer cents everywhere. These helpers are the only place text becomes cents
// and cents become text, so rounding and formatting have exactly one definition.

export type Cents = number;

/** The largest amount the portal accepts in one field: $10,000,000.00. */
export const MAX_AMOUNT_CENTS: Cents = 1_000_000_000;

export type AmountParseError = "empty" | "format" | "too_many_decimals" | "negative" | "too_large";
export type AmountParse = { ok: true; cents: Cents } | { ok: false; error: AmountParseError };

/**
 * Reads an amount as people type it: "15308.81", "15,308.81", "$15,308.81", " $ 15 308.81 ".
 * Commas must group thousands; at most two decimals; no sign, no exponent, no fractions of a cent.
 */
export function parseAmount(input: string): AmountParse {
  const compact = input.replace(/\s+/g, "");
  if (compact === "") return { ok: false, error: "empty" };
  if (compact.startsWith("-") || compact.startsWith("$-") || compact.startsWith("-$")) {
    return { ok: false, error: "negative" };
  }
  const unsigned = compact.startsWith("$") ? compact.slice(1) : compact;
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/.exec(unsigned);
  if (!match || (match[1] === undefined && !match[2])) return { ok: false, error: "format" };
  const whole = (match[1] ?? "0").replace(/,/g, "");
  const fraction = match[2] ?? "";
  if (fraction.length > 2) return { ok: false, error: "too_many_decimals" };
  if (whole.length > 10) return { ok: false, error: "too_large" };
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (cents > MAX_AMOUNT_CENTS) return { ok: false, error: "too_large" };
  return { ok: true, cents };
}

/** $82,350.57: the same in English and Spanish, as the firm's guide shows amounts. */
export function formatCents(cents: Cents): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const rest = (abs % 100).toString().padStart(2, "0");
  return `${sign}$${dollars}.${rest}`;
}

/** 1234.5 dollars as "1234.50" for CSV exports and form prefill: no symbol, no grouping. */
export function centsToPlain(cents: Cents): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${(abs % 100).toString().padStart(2, "0")}`;
}

export function sumCents(values: readonly Cents[]): Cents {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
