// Paired rounds for the benches: this machine's speed drifts by a third between minutes (the same
// trivial Worker served 829 and 1,278 requests/s in two runs), so a ratio compares two loads run
// seconds apart, round by round, and the benches print the median of the rounds beside each round.

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Round by round, `of` over `to`: null for a round where either has no figure (a p99 of 0: no
 * answer within the round), which the median leaves out rather than reading as 0x or infinite.
 */
export function roundRatios(of: number[], to: number[]): (number | null)[] {
  return of.map((value, round) => (value > 0 && to[round]! > 0 ? value / to[round]! : null));
}

/** The median of the rounds that have a ratio, and each round's ratio ("-" where it has none). */
export function describeRatios(ratios: (number | null)[]): { median: number | null; text: string; rounds: string } {
  const measured = ratios.filter((r) => r !== null);
  const middle = measured.length > 0 ? median(measured) : null;
  return {
    median: middle,
    text: middle === null ? "-" : `${middle.toFixed(2)}x`,
    rounds: ratios.map((r) => (r === null ? "-" : r.toFixed(2))).join(" / "),
  };
}
