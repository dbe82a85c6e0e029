// Step 1: find a client by one invoice number plus that invoice's original total.
import { isLockedOut, lockoutEndsAt, lockoutKeys, type LockoutPolicy } from "../domain/lockout";
import { parseAmount } from "../domain/money";
import { classifyLookupNumber } from "../domain/numbers";
import type { MessageKey } from "../../ui/i18n";
import type { Database } from "../storage/db";
import { findInvoiceForLookup } from "../storage/items-repo";
import { readFailureCounters, recordFailures } from "../storage/lockout-repo";

export interface LookupInput {
  invoiceNumber: string;
  invoiceTotal: string;
}

/** Field errors name message keys, so the page shows them in the client's language. */
export type LookupFieldErrors = Partial<Record<"invoiceNumber" | "invoiceTotal", MessageKey>>;

export type LookupResult =
  | { outcome: "found"; clientId: number }
  | { outcome: "invalid"; fieldErrors: LookupFieldErrors }
  | { outcome: "no_match" }
  | { outcome: "locked"; retryAfterSeconds: number };

/** Format checks that need no database: the hints the firm's clients need most. */
export function checkLookupInput(input: LookupInput): { invoiceNumber: string; totalCents: number } | LookupFieldErrors {
  const errors: LookupFieldErrors = {};
  const number = classifyLookupNumber(input.invoiceNumber);
  if (number.kind === "empty") errors.invoiceNumber = "errorInvoiceNumberEmpty";
  else if (number.kind === "client_number") errors.invoiceNumber = "errorClientNumber";
  else if (number.kind === "invalid") errors.invoiceNumber = "errorInvoiceNumberFormat";
  const total = parseAmount(input.invoiceTotal);
  if (!total.ok) {
    errors.invoiceTotal = (
      {
        empty: "errorTotalEmpty",
        format: "errorTotalFormat",
        too_many_decimals: "errorTotalDecimals",
        negative: "errorTotalNegative",
        too_large: "errorTotalTooLarge",
      } as const
    )[total.error];
  }
  if (number.kind !== "invoice" || !total.ok) return errors;
  return { invoiceNumber: number.number, totalCents: total.cents };
}

export async function lookUpInvoice(
  deps: { db: Database; now: () => number; limiter: RateLimit; policy: LockoutPolicy },
  input: LookupInput,
  ip: string,
): Promise<LookupResult> {
  const checked = checkLookupInput(input);
  if (!("totalCents" in checked)) return { outcome: "invalid", fieldErrors: checked };

  const { success } = await deps.limiter.limit({ key: `lookup:${ip}` });
  if (!success) return { outcome: "locked", retryAfterSeconds: 60 };

  const now = deps.now();
  const keys = lockoutKeys(ip, checked.invoiceNumber);
  const locked = (counters: Map<string, { failures: number; windowStartedAt: number }>) => {
    const ends = [...counters.values()]
      .filter((counter) => isLockedOut(counter, deps.policy, now))
      .map((counter) => lockoutEndsAt(counter, deps.policy));
    return ends.length ? Math.max(...ends) : null;
  };

  const lockedUntil = locked(await readFailureCounters(deps.db, [keys.ip, keys.invoice]));
  if (lockedUntil !== null) return { outcome: "locked", retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) };

  const invoice = await findInvoiceForLookup(deps.db, checked.invoiceNumber);
  if (invoice && invoice.originalCents === checked.totalCents) return { outcome: "found", clientId: invoice.clientId };

  const after = await recordFailures(deps.db, [keys.ip, keys.invoice], now, deps.policy.windowMs);
  const nowLocked = locked(after);
  if (nowLocked !== null) return { outcome: "locked", retryAfterSeconds: Math.ceil((nowLocked - now) / 1000) };
  return { outcome: "no_match" };
}
