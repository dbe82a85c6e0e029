// Credential-guessing lockout. Failed lookups are counted per IP and per invoice number in D1
// (so the count holds across Cloudflare locations); past the limit, every lookup for that key is
// refused until the window ends, even a correct one.

export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
}

export interface FailureCounter {
  failures: number;
  windowStartedAt: number;
}

export function isLockedOut(counter: FailureCounter | null, policy: LockoutPolicy, now: number): boolean {
  if (!counter) return false;
  if (now - counter.windowStartedAt >= policy.windowMs) return false;
  return counter.failures >= policy.maxFailures;
}

/** When the lock on this counter lifts (ms), for the Retry-After header. */
export function lockoutEndsAt(counter: FailureCounter, policy: LockoutPolicy): number {
  return counter.windowStartedAt + policy.windowMs;
}

export function lockoutKeys(ip: string, invoiceNumber: string): { ip: string; invoice: string } {
  return { ip: `ip:${ip}`, invoice: `invoice:${invoiceNumber}` };
}
