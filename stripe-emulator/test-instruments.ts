// Test numbers (docs.stripe.com/testing): the cards, bank accounts and test PaymentMethods the
// emulator accepts, and how each behaves. Anything else is refused, as Stripe refuses real card
// numbers in test mode.

export type CardOutcome = { kind: "succeed" } | { kind: "decline"; code: string; declineCode: string; message: string } | { kind: "three_d_secure" };

export interface TestCard {
  brand: "visa" | "mastercard" | "amex" | "discover";
  funding: "credit" | "debit" | "prepaid";
  outcome: CardOutcome;
  note: string;
}

export const SUCCEED: CardOutcome = { kind: "succeed" };
export const decline = (code: string, declineCode: string, message: string): CardOutcome => ({
  kind: "decline",
  code,
  declineCode,
  message,
});

export const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  "4242424242424242": { brand: "visa", funding: "credit", outcome: SUCCEED, note: "Visa credit, succeeds" },
  "4000056655665556": { brand: "visa", funding: "debit", outcome: SUCCEED, note: "Visa debit, succeeds" },
  "5555555555554444": { brand: "mastercard", funding: "credit", outcome: SUCCEED, note: "Mastercard credit, succeeds" },
  "5200828282828210": { brand: "mastercard", funding: "debit", outcome: SUCCEED, note: "Mastercard debit, succeeds" },
  "5105105105105100": { brand: "mastercard", funding: "prepaid", outcome: SUCCEED, note: "Mastercard prepaid, succeeds" },
  "378282246310005": { brand: "amex", funding: "credit", outcome: SUCCEED, note: "American Express credit, succeeds" },
  "6011111111111117": { brand: "discover", funding: "credit", outcome: SUCCEED, note: "Discover credit, succeeds" },
  "4000000000000259": { brand: "visa", funding: "credit", outcome: SUCCEED, note: "succeeds; dispute it with the dispute helper" },
  "4000000000005126": { brand: "visa", funding: "credit", outcome: SUCCEED, note: "succeeds; its refunds can be failed with the refund helper" },
  "4000002760003184": { brand: "visa", funding: "credit", outcome: { kind: "three_d_secure" }, note: "3D Secure always required" },
  "4000000000003220": { brand: "visa", funding: "credit", outcome: { kind: "three_d_secure" }, note: "3D Secure 2 required" },
  "4000000000000002": {
    brand: "visa",
    funding: "credit",
    outcome: decline("card_declined", "generic_decline", "Your card was declined."),
    note: "declined (generic_decline)",
  },
  "4000000000009995": {
    brand: "visa",
    funding: "credit",
    outcome: decline("card_declined", "insufficient_funds", "Your card has insufficient funds."),
    note: "declined (insufficient_funds)",
  },
  "4000000000009987": {
    brand: "visa",
    funding: "credit",
    outcome: decline("card_declined", "lost_card", "Your card was declined."),
    note: "declined (lost_card)",
  },
  "4000000000000069": {
    brand: "visa",
    funding: "credit",
    outcome: decline("expired_card", "expired_card", "Your card has expired."),
    note: "declined (expired_card)",
  },
  "4000000000000127": {
    brand: "visa",
    funding: "credit",
    outcome: decline("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."),
    note: "declined (incorrect_cvc)",
  },
  "4000000000000119": {
    brand: "visa",
    funding: "credit",
    outcome: decline("processing_error", "processing_error", "An error occurred while processing your card. Try again in a little bit."),
    note: "declined (processing_error)",
  },
};

export type BankOutcome = { kind: "succeed" } | { kind: "fail"; code: string; message: string } | { kind: "stay_processing" };

export interface TestBankAccount {
  outcome: BankOutcome;
  note: string;
}

export const TEST_ROUTING_NUMBER = "110000000";

export const ACH_FAILURES: Readonly<Record<string, string>> = {
  account_closed: "The customer's bank account has been closed.",
  no_account: "The customer's bank account could not be located.",
  insufficient_funds: "The customer's account has insufficient funds to cover this payment.",
  debit_not_authorized: "The customer has notified their bank that this payment was unauthorized.",
};

export const achFail = (code: string): BankOutcome => ({ kind: "fail", code, message: ACH_FAILURES[code] ?? "The payment failed." });

export const TEST_BANK_ACCOUNTS: Readonly<Record<string, TestBankAccount>> = {
  "000123456789": { outcome: { kind: "succeed" }, note: "processing, then succeeds" },
  "000111111113": { outcome: achFail("account_closed"), note: "processing, then fails: account closed" },
  "000111111116": { outcome: achFail("no_account"), note: "processing, then fails: no account" },
  "000222222227": { outcome: achFail("insufficient_funds"), note: "processing, then fails: insufficient funds" },
  "000333333335": { outcome: achFail("debit_not_authorized"), note: "processing, then fails: debit not authorized" },
  "000555555559": { outcome: { kind: "succeed" }, note: "succeeds; dispute it with the dispute helper" },
  "000000000009": { outcome: { kind: "stay_processing" }, note: "stays processing unless an outcome is forced" },
};

/** Stripe's test PaymentMethod ids (docs.stripe.com/testing) and the test numbers they stand for. */
export const TEST_PAYMENT_METHOD_CARDS: Readonly<Record<string, string>> = {
  pm_card_visa: "4242424242424242",
  pm_card_visa_debit: "4000056655665556",
  pm_card_mastercard: "5555555555554444",
  pm_card_mastercard_debit: "5200828282828210",
  pm_card_mastercard_prepaid: "5105105105105100",
};
export const TEST_PAYMENT_METHOD_BANKS: Readonly<Record<string, string>> = {
  pm_usBankAccount_success: "000123456789",
  pm_usBankAccount_accountClosed: "000111111113",
  pm_usBankAccount_noAccount: "000111111116",
  pm_usBankAccount_insufficientFunds: "000222222227",
  pm_usBankAccount_debitNotAuthorized: "000333333335",
  pm_usBankAccount_dispute: "000555555559",
  pm_usBankAccount_processing: "000000000009",
};

// Any other account number at the test routing number behaves like 000123456789.
export const DEFAULT_BANK_ACCOUNT: TestBankAccount = { outcome: { kind: "succeed" }, note: "processing, then succeeds" };
