// The staff Worker's input schemas (staff pages and API); see inputs.ts for the client's and the
// shared building blocks.
import * as v from "valibot";
import { parseListQuery } from "../domain/cursor";
import { parseAmount } from "../domain/money";
import { isClientNumber, isInvoiceNumber } from "../domain/numbers";
import { PAYMENT_STATUSES } from "../domain/payment-status";
import { ALERT_KINDS, DEAD_LETTER_STATUSES, PAYOUT_FILTER_STATUSES, type PayoutListQuery } from "../domain/staff-views";
import { MAX_MINT_BATCH, PAY_LINK_STATES } from "../services/pay-links";
import { maybe, text } from "./inputs";

// The list defaults and the CSV reader the staff routes need, from domain through this one door.
export { DEFAULT_PAGE_SIZE, FIRST_PAGE } from "../domain/cursor";
export { importRowsFromCsv } from "../domain/import";

// ---------------------------------------------------------------------------------------------
// Staff

/** Empty means "the rest"; anything else must be an amount parseAmount accepts. */
const refundAmount = v.pipe(
  v.optional(v.union([v.string(), v.number()], 'an amount like "1,000.00", or empty for the rest'), ""),
  v.transform(String),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    if (!dataset.value.trim()) return null;
    const parsed = parseAmount(dataset.value);
    if (parsed.ok) return parsed.cents;
    addIssue({ message: 'an amount like "1,000.00", or empty for the rest' });
    return NEVER;
  }),
);
const REFUND_REASONS = ["requested_by_customer", "duplicate", "fraudulent"] as const;
const refundReason = v.pipe(
  v.optional(v.nullable(v.string(REFUND_REASONS.join(", "))), ""),
  v.transform((value) => value || "requested_by_customer"),
  v.picklist(REFUND_REASONS, REFUND_REASONS.join(", ")),
);
const requestKey = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/));

export const refundForm = v.object({ amount: refundAmount, reason: refundReason, key: requestKey });
export const refundJson = v.object({ amount: refundAmount, reason: refundReason });

/** `to`: another address for the receipt; null sends it to the address on file. */
const receiptTo = v.optional(v.fallback(v.nullable(v.string()), null), null);
export const receiptForm = v.object({ to: receiptTo, key: maybe(requestKey) });
export const receiptJson = v.fallback(v.object({ to: receiptTo }), { to: null });

/** ?limit=&cursor=&status=&from=&to=: the domain's parseListQuery says what is wrong. */
export const paymentListQuery = v.pipe(
  v.record(v.string(), v.fallback(v.string(), "")),
  v.transform((params) => ({ params, parsed: parseListQuery(params, PAYMENT_STATUSES) })),
);

/** ?limit=&cursor=&status=&from=&to= of the pay links list (rows keyed by integer ids). */
export function payLinkListQuery(params: Record<string, string | undefined>) {
  return parseListQuery(params, PAY_LINK_STATES, { integerIds: true });
}

/** ?limit=&cursor=&kind=&from=&to= of the alerts list: alerts have a kind, not a status. */
export function alertListQuery(params: Record<string, string | undefined>) {
  return parseListQuery(params, ALERT_KINDS, { integerIds: true, statusParam: "kind" });
}

/** ?limit=&cursor=&status=&from=&to= of the payments reconciliation could not check (the payment's status). */
export function reconcileProblemListQuery(params: Record<string, string | undefined>) {
  return parseListQuery(params, PAYMENT_STATUSES);
}

/** ?limit=&cursor=&status=&from=&to= of the dead letters (open, or how they were resolved). */
export function deadLetterListQuery(params: Record<string, string | undefined>) {
  return parseListQuery(params, DEAD_LETTER_STATUSES, { integerIds: true });
}

/** Where a retried or closed dead letter sends the staff back: the inbox, or the full list ("list"). */
export const deadLetterActionForm = v.object({ back: v.optional(v.fallback(v.picklist(["inbox", "list"]), "inbox"), "inbox") });

export const searchQuery = v.object({ q: v.optional(text(200), "") });

export const staffDashboardQuery = v.object({
  invoice: maybe(v.pipe(v.string(), v.trim(), v.check(isInvoiceNumber))),
  minted: v.optional(
    v.pipe(
      text(2000),
      v.transform((value) => new Set(value.split(",").filter((code) => /^[A-Za-z0-9_-]{16}$/.test(code)))),
    ),
    "",
  ),
  revoked: v.optional(text(4), ""),
});

export type DashboardQuery = v.InferOutput<typeof staffDashboardQuery>;

/** Invoice numbers typed one per line or separated by commas; each is judged by the mint. */
export const mintForm = v.object({
  invoiceNumbers: v.pipe(
    text(2000),
    v.transform((typed) => ({
      typed,
      numbers: typed
        .split(/[\s,;]+/)
        .map((n) => n.trim())
        .filter(Boolean),
    })),
  ),
});

export const mintJson = v.object({ invoiceNumbers: v.pipe(v.array(v.string()), v.minLength(1), v.maxLength(MAX_MINT_BATCH)) });

export const importJson = v.pipe(
  v.union([v.array(v.unknown()), v.object({ rows: v.array(v.unknown()) })]),
  v.transform((body) => (Array.isArray(body) ? body : body.rows)),
  v.array(v.custom<Record<string, unknown>>((row) => typeof row === "object" && row !== null && !Array.isArray(row))),
);

/** The rows of a JSON import body (a list, or {"rows": [...]}), or null when it is not one. */
export function importJsonRows(body: unknown): Record<string, unknown>[] | null {
  const checked = v.safeParse(importJson, body);
  return checked.success ? checked.output : null;
}

export const helpDetailQuery = v.object({ saved: v.optional(text(4)) });

export const helpUpdateForm = v.object({ status: text(32), note: text(10_000), seenStatus: text(32) });

export const payLinksQuery = v.object({ invoice: v.optional(text(64), "") });

export const exportQuery = v.object({
  format: v.optional(v.picklist(["csv", "json"], "csv or json"), "csv"),
  from: v.optional(text(32)),
  to: v.optional(text(32)),
});

/**
 * ?limit=&cursor=&status=&from=&to= of the deposits list. Stripe pages payouts itself, so the cursor is
 * a payout id; status, from and to mean what they mean on every list, from/to on the arrival day.
 */
export const depositsQuery = v.pipe(
  v.record(v.string(), v.fallback(v.string(), "")),
  v.transform((params) => ({ params, parsed: parseDepositsQuery(params) })),
);

function parseDepositsQuery(params: Record<string, string | undefined>): { ok: true; query: PayoutListQuery } | { ok: false; errors: Record<string, string> } {
  const { cursor, ...rest } = params;
  const checked = parseListQuery(rest, PAYOUT_FILTER_STATUSES);
  const errors: Record<string, string> = checked.ok ? {} : { ...checked.errors };
  if (cursor && !/^po_[A-Za-z0-9]{4,250}$/.test(cursor)) errors.cursor = "a next_cursor this list gave";
  if (!checked.ok || errors.cursor) return { ok: false, errors };
  const { limit, status, fromMs, toMs } = checked.query;
  return {
    ok: true,
    query: {
      limit,
      startingAfter: cursor || null,
      status: PAYOUT_FILTER_STATUSES.find((known) => known === status) ?? null,
      arrivalFromMs: fromMs,
      arrivalToMs: toMs,
    },
  };
}

export const clientParam = v.object({ number: v.pipe(v.string(), v.check(isClientNumber)) });
