// Dates are stored as ISO calendar dates (YYYY-MM-DD) and shown as MM/DD/YYYY in both languages.

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function formatUsDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${month}/${day}/${year}`;
}

/** An instant (ms) as MM/DD/YYYY in UTC. */
export function formatUsDateFromMs(ms: number): string {
  return formatUsDate(new Date(ms).toISOString().slice(0, 10));
}
