// Credential-guessing lockout. Lookups are counted per network (ipKey: the IPv4 address or the
// IPv6 /64) and per invoice number in D1, so the count holds across Cloudflare locations. The
// count is taken BEFORE the guess is evaluated, in one atomic statement per key: whatever the
// concurrency, at most `maxFailures` guesses per key and window are ever compared. Past the
// limit every lookup for that key is refused until the window ends, even a correct one. A
// successful lookup gives its attempt back, so a client who signs in again is not counted.

import { ipKey } from "./ip";

export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
}

/** A key's attempts in its current window (stored as `failures`: successes are given back). */
export interface FailureCounter {
  failures: number;
  windowStartedAt: number;
}

export type AttemptVerdict = { evaluate: true } | { evaluate: false; retryAfterSeconds: number };

/**
 * Before the guess, on counters that already include it: compare only if every key is within the
 * limit; otherwise refuse until the latest of the exceeded windows ends.
 */
export function attemptVerdict(counters: readonly FailureCounter[], policy: LockoutPolicy, now: number): AttemptVerdict {
  return lockedWhen(counters, (counter) => counter.failures > policy.maxFailures, policy, now);
}

/** After a wrong guess: the one that used the last attempt locks at once, so the client is told now. */
export function verdictAfterFailure(counters: readonly FailureCounter[], policy: LockoutPolicy, now: number): AttemptVerdict {
  return lockedWhen(counters, (counter) => counter.failures >= policy.maxFailures, policy, now);
}

function lockedWhen(counters: readonly FailureCounter[], exceeded: (counter: FailureCounter) => boolean, policy: LockoutPolicy, now: number): AttemptVerdict {
  const over = counters.filter(exceeded);
  if (!over.length) return { evaluate: true };
  const endsAt = Math.max(...over.map((counter) => lockoutEndsAt(counter, policy)));
  return { evaluate: false, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now) / 1000)) };
}

/** When the lock on this counter lifts (ms), for the Retry-After header. */
export function lockoutEndsAt(counter: FailureCounter, policy: LockoutPolicy): number {
  return counter.windowStartedAt + policy.windowMs;
}

export function lockoutKeys(ip: string, invoiceNumber: string): { ip: string; invoice: string } {
  return { ip: `ip:${ipKey(ip)}`, invoice: `invoice:${invoiceNumber}` };
}
