// What a staff member did to a payment, read back from the action's stored details so the
// payment's timeline can say it in words ("refunded $103.00 ...") rather than show raw JSON.

export type PaymentStaffAction =
  | { action: "refund_payment"; amountCents: number; feePartCents: number; reason: string; refundId: string }
  | { action: "resend_receipt"; to: string }
  | { action: "cancel_payment"; from: string };

function parseDetails(details: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(details);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isCents = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown): value is string => typeof value === "string" && value !== "";

/**
 * The action in words the timeline can render, or null for an action it has no words for (or
 * details of an older shape): the timeline then shows the action's name alone.
 */
export function paymentStaffAction(action: string, details: string): PaymentStaffAction | null {
  const d = parseDetails(details);
  if (!d) return null;
  switch (action) {
    case "refund_payment":
      return isCents(d.amountCents) && isCents(d.feePartCents) && isText(d.reason) && isText(d.refundId)
        ? { action, amountCents: d.amountCents, feePartCents: d.feePartCents, reason: d.reason, refundId: d.refundId }
        : null;
    case "resend_receipt":
      return isText(d.to) ? { action, to: d.to } : null;
    case "cancel_payment":
      return isText(d.from) ? { action, from: d.from } : null;
    default:
      return null;
  }
}
