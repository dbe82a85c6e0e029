// How a payment method reads on the staff pages (ui/payment-methods.ts has the client's words).
import { isPayMethod, PAYMENT_METHODS, type StoredMethod } from "../worker/domain/payment-methods";
import type { Translate } from "./i18n";
import { nameKey } from "./payment-methods";

/** For the staff: "Credit card", "ACH"; a payment recorded from the books by its stored name ("check"). */
export function staffMethodName(t: Translate, method: StoredMethod, funding: string | null): string {
  if (!isPayMethod(method)) return method;
  return t(nameKey(method, funding, PAYMENT_METHODS[method].labels.staffName));
}
