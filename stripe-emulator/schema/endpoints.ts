// Which of the `stripe` package's types each Stripe API endpoint of the emulator is checked
// against. The one list to extend when the emulator serves a new endpoint: add the params type
// here, name it in the route (`params:` in emulator.ts), then `npm run stripe:schema`.

/** A type exported by a file under node_modules/stripe/esm/resources/, e.g. "PaymentIntents". */
export interface TypeRef {
  file: string;
  /** Dotted inside namespaces, e.g. "TestHelpers.ConfirmationTokenCreateParams". */
  name: string;
}

export interface RequestSpec extends TypeRef {
  /**
   * Properties grafted onto the type, by path. Used once: Stripe.js posts the raw card to
   * /v1/confirmation_tokens, a call the server SDK cannot make (its test-helper twin has no card).
   */
  add?: { path: string[]; prop: string; type: TypeRef }[];
  /** Enum values added to a string property at `path`, e.g. the `card` payment method type. */
  addValues?: { path: string[]; prop: string; values: string[] }[];
}

const own = (file: string, name: string): RequestSpec => ({ file, name });

export const REQUEST_SPECS: Record<string, RequestSpec> = {
  // What Stripe.js's createConfirmationToken sends: the test helper's parameters (the same API
  // object) plus the raw card, shaped as PaymentMethodCreateParams takes it.
  "StripeJs.ConfirmationTokenCreateParams": {
    file: "TestHelpers/ConfirmationTokens",
    name: "TestHelpers.ConfirmationTokenCreateParams",
    add: [{ path: ["payment_method_data"], prop: "card", type: { file: "PaymentMethods", name: "PaymentMethodCreateParams.Card" } }],
    addValues: [{ path: ["payment_method_data"], prop: "type", values: ["card"] }],
  },
  "TestHelpers.ConfirmationTokenCreateParams": own("TestHelpers/ConfirmationTokens", "TestHelpers.ConfirmationTokenCreateParams"),
  ConfirmationTokenRetrieveParams: own("ConfirmationTokens", "ConfirmationTokenRetrieveParams"),
  PaymentIntentCreateParams: own("PaymentIntents", "PaymentIntentCreateParams"),
  PaymentIntentRetrieveParams: own("PaymentIntents", "PaymentIntentRetrieveParams"),
  PaymentIntentListParams: own("PaymentIntents", "PaymentIntentListParams"),
  PaymentIntentConfirmParams: own("PaymentIntents", "PaymentIntentConfirmParams"),
  PaymentIntentCancelParams: own("PaymentIntents", "PaymentIntentCancelParams"),
  PaymentIntentVerifyMicrodepositsParams: own("PaymentIntents", "PaymentIntentVerifyMicrodepositsParams"),
  RefundCreateParams: own("Refunds", "RefundCreateParams"),
  RefundRetrieveParams: own("Refunds", "RefundRetrieveParams"),
  RefundListParams: own("Refunds", "RefundListParams"),
  ChargeRetrieveParams: own("Charges", "ChargeRetrieveParams"),
  ChargeListParams: own("Charges", "ChargeListParams"),
  PaymentMethodRetrieveParams: own("PaymentMethods", "PaymentMethodRetrieveParams"),
  DisputeRetrieveParams: own("Disputes", "DisputeRetrieveParams"),
  DisputeListParams: own("Disputes", "DisputeListParams"),
  PayoutRetrieveParams: own("Payouts", "PayoutRetrieveParams"),
  PayoutListParams: own("Payouts", "PayoutListParams"),
  BalanceTransactionRetrieveParams: own("BalanceTransactions", "BalanceTransactionRetrieveParams"),
  BalanceTransactionListParams: own("BalanceTransactions", "BalanceTransactionListParams"),
  EventRetrieveParams: own("Events", "EventRetrieveParams"),
  EventListParams: own("Events", "EventListParams"),
};

/** Response types by the `object` field of what the emulator sends (checked in tests only). */
export const RESPONSE_TYPES: Record<string, TypeRef> = {
  confirmation_token: { file: "ConfirmationTokens", name: "ConfirmationToken" },
  payment_intent: { file: "PaymentIntents", name: "PaymentIntent" },
  payment_method: { file: "PaymentMethods", name: "PaymentMethod" },
  charge: { file: "Charges", name: "Charge" },
  refund: { file: "Refunds", name: "Refund" },
  dispute: { file: "Disputes", name: "Dispute" },
  payout: { file: "Payouts", name: "Payout" },
  balance_transaction: { file: "BalanceTransactions", name: "BalanceTransaction" },
  event: { file: "Events", name: "Event" },
};
