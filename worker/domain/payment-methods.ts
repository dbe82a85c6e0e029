// The payment methods the portal offers, in one table, in the order the method page shows them:
// our name (stored in payments.method and the session), the provider's payment-method type (what
// Stripe calls it), whether a surcharge may apply (to credit funding only), whether the provider
// reports its funding (credit, debit, prepaid), whether it settles days later (a bank debit:
// verification, "processing" and a late failure each take days, so each is emailed), and the
// message keys of its labels (ui/ turns them into words). Pure and import-free: the browser's checkout script bundles it.
export const PAYMENT_METHODS = {
  ach: {
    providerType: "us_bank_account",
    surchargeable: false,
    reportsFunding: false,
    settlesLater: true,
    labels: {
      title: "achTitle",
      description: "achDescription",
      total: "total",
      payNow: "payNowAch",
      detailsIntro: "detailsIntroAch",
      /** On the client's pages and emails (a method that reports funding: when it is unknown). */
      name: "bankAccount",
      /** On the staff pages. */
      staffName: "achTitle",
      /** When the payment failed (the bank refused it after it was sent). */
      failed: "achFailedBody",
    },
  },
  card: {
    providerType: "card",
    surchargeable: true,
    reportsFunding: true,
    settlesLater: false,
    labels: {
      title: "cardTitle",
      description: "cardDescription",
      total: "cardTotal",
      payNow: "payNowCard",
      detailsIntro: "detailsIntroCard",
      name: "fundingUnknown",
      staffName: "opsCard",
      failed: "declinedBody",
    },
  },
} as const;

export type PayMethod = keyof typeof PAYMENT_METHODS;
export type ProviderMethodType = (typeof PAYMENT_METHODS)[PayMethod]["providerType"];

/** Every method, in the table's order (a tuple, for the schema's enum columns). */
export const PAY_METHODS = Object.keys(PAYMENT_METHODS) as [PayMethod, ...PayMethod[]];

export function isPayMethod(value: unknown): value is PayMethod {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(PAYMENT_METHODS, value);
}

/**
 * Payments received outside the portal and recorded from the firm's books (the demo's checks): no
 * provider, never offered in checkout; named on the client's list by a message key.
 */
export const RECORDED_METHODS = {
  check: { name: "methodCheck" },
} as const;

export type RecordedMethod = keyof typeof RECORDED_METHODS;

/** What payments.method holds: a portal method or a recorded one. */
export type StoredMethod = PayMethod | RecordedMethod;

/** Every stored method (a tuple, for the schema's enum column). */
export const STORED_METHODS = [...PAY_METHODS, ...(Object.keys(RECORDED_METHODS) as RecordedMethod[])] as [StoredMethod, ...StoredMethod[]];

export function isRecordedMethod(value: unknown): value is RecordedMethod {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(RECORDED_METHODS, value);
}

/** The method table's entry for a stored payment; null for one recorded from the books. */
export function portalMethod(method: StoredMethod): (typeof PAYMENT_METHODS)[PayMethod] | null {
  return isPayMethod(method) ? PAYMENT_METHODS[method] : null;
}

/** Our method for the provider's payment-method type. */
export function payMethodFor(providerType: ProviderMethodType): PayMethod {
  return PAY_METHODS.find((method) => PAYMENT_METHODS[method].providerType === providerType)!;
}

/** Methods whose payments wait for the bank ("processing") before they settle. */
export const LATER_SETTLING_METHODS = PAY_METHODS.filter((method) => PAYMENT_METHODS[method].settlesLater);

/** A card's funding as the provider reports it: only credit may carry the surcharge. */
export type CardFunding = "credit" | "debit" | "prepaid" | "unknown";

/** What the provider tells about the details a client entered, before anything is charged. */
export type MethodPreview =
  | { type: (typeof PAYMENT_METHODS)["card"]["providerType"]; funding: CardFunding; brand: string; last4: string }
  | { type: (typeof PAYMENT_METHODS)["ach"]["providerType"]; bankName: string; last4: string };

/** A card's funding; null for methods that have none. */
export function fundingOf(method: MethodPreview): CardFunding | null {
  return "funding" in method ? method.funding : null;
}

/** How the method reads on receipts and lists: "VISA •••• 4242", "STRIPE TEST BANK •••• 6789". */
export function methodLabel(method: MethodPreview): string {
  if ("brand" in method) return `${method.brand.toUpperCase()} •••• ${method.last4}`;
  return `${method.bankName} •••• ${method.last4}`;
}
