// Step 1: find a client by one invoice number plus that invoice's original total.
import { ipKey } from "../domain/ip";
import { attemptVerdict, lockoutKeys, verdictAfterFailure, type LockoutPolicy } from "../domain/lockout";
import { parseAmount, type AmountParseError } from "../domain/money";
import { classifyLookupNumber, type LookupNumberError } from "../domain/numbers";
import type { BatchStatement, Database } from "../storage/db";
import { countLookupAttempt, deleteExpiredAttempts, releaseAttemptQueries } from "../storage/lockout-repo";

export interface LookupInput {
  invoiceNumber: string;
  invoiceTotal: string;
}

/** Field errors are domain codes; ui/lookup-messages.ts words them in the client's language. */
export type LookupFieldErrors = { invoiceNumber?: LookupNumberError; invoiceTotal?: AmountParseError };

export type LookupResult =
  /** `release` gives the attempt back: the caller runs it in the batch that starts the session. */
  | { outcome: "found"; clientId: number; release: BatchStatement[] }
  | { outcome: "invalid"; fieldErrors: LookupFieldErrors }
  | { outcome: "no_match" }
  | { outcome: "locked"; retryAfterSeconds: number };

/** Format checks that need no database: the hints the firm's clients need most. */
export function checkLookupInput(input: LookupInput): { invoiceNumber: string; totalCents: number } | LookupFieldErrors {
  const errors: LookupFieldErrors = {};
  const number = classifyLookupNumber(input.invoiceNumber);
  if (number.kind !== "invoice") errors.invoiceNumber = number.kind;
  const total = parseAmount(input.invoiceTotal);
  if (!total.ok) errors.invoiceTotal = total.error;
  if (number.kind !== "invoice" || !total.ok) return errors;
  return { invoiceNumber: number.number, totalCents: total.cents };
}

/**
 * One D1 round trip: the attempt is counted on both keys before the total is compared, and
 * compared only while both counts are within the limit. A right guess's release of its attempt
 * is returned for the caller's session write (the request's second and last round trip).
 */
export async function lookUpInvoice(
  deps: { db: Database; now: () => number; limiter: RateLimit; policy: LockoutPolicy },
  input: LookupInput,
  ip: string,
): Promise<LookupResult> {
  const checked = checkLookupInput(input);
  if (!("totalCents" in checked)) return { outcome: "invalid", fieldErrors: checked };

  const { success } = await deps.limiter.limit({ key: `lookup:${ipKey(ip)}` });
  if (!success) return { outcome: "locked", retryAfterSeconds: 60 };

  const now = deps.now();
  const keys = lockoutKeys(ip, checked.invoiceNumber);
  const counted = await countLookupAttempt(deps.db, keys, checked.invoiceNumber, now, deps.policy.windowMs);
  const counters = [counted.ip, counted.invoice];
  const before = attemptVerdict(counters, deps.policy, now);
  if (!before.evaluate) return { outcome: "locked", retryAfterSeconds: before.retryAfterSeconds };

  if (counted.found && counted.found.originalCents === checked.totalCents) {
    const release = releaseAttemptQueries(deps.db, [
      { key: keys.ip, counter: counted.ip },
      { key: keys.invoice, counter: counted.invoice },
    ]);
    return { outcome: "found", clientId: counted.found.clientId, release };
  }
  const after = verdictAfterFailure(counters, deps.policy, now);
  if (!after.evaluate) return { outcome: "locked", retryAfterSeconds: after.retryAfterSeconds };
  return { outcome: "no_match" };
}

/** The cron's purge of ended lockout windows, so the table holds only live counts. */
export async function purgeExpiredLockouts(deps: { db: Database; now: () => number; policy: LockoutPolicy }): Promise<number> {
  return deleteExpiredAttempts(deps.db, deps.now(), deps.policy.windowMs);
}
