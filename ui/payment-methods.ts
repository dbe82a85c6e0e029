// How a payment method reads, from the method tables' label keys: by its funding ("Credit card")
// when the method reports one and the payment has it, else by its name.
import { isPayMethod, PAYMENT_METHODS, RECORDED_METHODS, type CardFunding, type PayMethod, type StoredMethod } from "../worker/domain/payment-methods";
import type { MessageKey, Translate } from "./i18n/client";

const FUNDING: Record<CardFunding, MessageKey> = { credit: "fundingCredit", debit: "fundingDebit", prepaid: "fundingPrepaid", unknown: "fundingUnknown" };

export function nameKey<K extends string>(method: PayMethod, funding: string | null, name: K): K | MessageKey {
  if (!PAYMENT_METHODS[method].reportsFunding || !funding) return name;
  return Object.hasOwn(FUNDING, funding) ? FUNDING[funding as CardFunding] : "fundingUnknown";
}

/** For the client: "Credit card", "Bank account (ACH)", "Check". */
export function methodName(t: Translate, method: StoredMethod, funding: string | null): string {
  if (!isPayMethod(method)) return t(RECORDED_METHODS[method].name);
  return t(nameKey(method, funding, PAYMENT_METHODS[method].labels.name));
}
