// Invoice and client numbers. The firm's invoices are 6 digits starting with 4; its client
// numbers are 8 digits starting with 2, and clients often type one for the other.

export type LookupNumber = { kind: "invoice"; number: string } | { kind: "client_number" } | { kind: "empty" } | { kind: "invalid" };

/** Why a typed lookup number is not an invoice number. */
export type LookupNumberError = Exclude<LookupNumber["kind"], "invoice">;

export function classifyLookupNumber(input: string): LookupNumber {
  const compact = input.replace(/[\s-]/g, "").replace(/^#/, "");
  if (compact === "") return { kind: "empty" };
  if (/^4\d{5}$/.test(compact)) return { kind: "invoice", number: compact };
  if (/^2\d{7}$/.test(compact)) return { kind: "client_number" };
  return { kind: "invalid" };
}

export function isInvoiceNumber(value: string): boolean {
  return /^4\d{5}$/.test(value);
}

export function isClientNumber(value: string): boolean {
  return /^2\d{7}$/.test(value);
}
