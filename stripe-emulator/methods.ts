// Payment details as the emulator holds them: read and checked from request params as Stripe
// checks them, and shown in Stripe's shapes (PaymentMethod, ConfirmationToken preview, Charge).
import type Stripe from "stripe";
import {
  fingerprint,
  invalidRequest,
  missingParam,
  noSuchObject,
  randomToken,
  readObject,
  readString,
  readStringArray,
  rejectUnknownParams,
  requireString,
  type FormObject,
} from "./wire.ts";
import { DEFAULT_BANK_ACCOUNT, TEST_BANK_ACCOUNTS, TEST_ROUTING_NUMBER, type TestBankAccount, type TestCard } from "./test-instruments.ts";

export type BillingDetails = Stripe.PaymentMethod.BillingDetails;

/** Raw payment details: kept only here, never serialized into a response. */
export type MethodData =
  | {
      type: "card";
      number: string;
      cvc: string | null;
      expMonth: number;
      expYear: number;
      profile: TestCard;
      billing: BillingDetails;
    }
  | {
      type: "us_bank_account";
      routingNumber: string;
      accountNumber: string;
      holderType: "individual" | "company";
      accountType: "checking" | "savings";
      profile: TestBankAccount;
      billing: BillingDetails;
      mandate: Stripe.ConfirmationToken.MandateData;
      /** Set when the account was linked through Financial Connections (instant verification). */
      financialConnectionsAccount: string | null;
    };

export type SupportedMethodType = "card" | "us_bank_account";
export const SUPPORTED_TYPES: readonly SupportedMethodType[] = ["card", "us_bank_account"];

/** A Financial Connections account at the emulator's test institution (instant verification). */
export interface LinkedAccount {
  id: string;
  routingNumber: string;
  accountNumber: string;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

export function readAllowedTypes(params: FormObject): SupportedMethodType[] | null {
  const types = readStringArray(params, "allowed_payment_method_types");
  if (types === undefined) return null;
  if (types.length === 0) {
    throw invalidRequest("allowed_payment_method_types must not be empty.", { param: "allowed_payment_method_types" });
  }
  return types.map((type, index) => {
    if (!SUPPORTED_TYPES.includes(type as SupportedMethodType)) {
      throw invalidRequest(`The Stripe emulator supports allowed_payment_method_types card and us_bank_account only (got '${type}').`, {
        param: `allowed_payment_method_types[${index}]`,
        code: "payment_method_unsupported_type",
      });
    }
    return type as SupportedMethodType;
  });
}

export function readBillingDetails(data: FormObject): BillingDetails {
  const billing = readObject(data, "billing_details", "payment_method_data[billing_details]") ?? {};
  rejectUnknownParams(billing, ["name", "email", "phone", "address"], "payment_method_data[billing_details]");
  const path = (name: string) => `payment_method_data[billing_details][${name}]`;
  const email = readString(billing, "email", path("email")) || null;
  if (email !== null && !looksLikeEmail(email)) {
    throw invalidRequest(`Invalid email address: ${email}`, { param: path("email"), code: "email_invalid" });
  }
  const address = readObject(billing, "address", path("address"));
  let parsedAddress: Stripe.Address | null = null;
  if (address) {
    const fields = ["city", "country", "line1", "line2", "postal_code", "state"] as const;
    rejectUnknownParams(address, fields, path("address"));
    parsedAddress = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
    for (const field of fields) parsedAddress[field] = readString(address, field, `${path("address")}[${field}]`) || null;
  }
  return {
    address: parsedAddress,
    email,
    name: readString(billing, "name", path("name")) || null,
    phone: readString(billing, "phone", path("phone")) || null,
    tax_id: null,
  };
}

export function readMandate(params: FormObject, client: { userAgent: string | null; ip: string | null }): Stripe.ConfirmationToken.MandateData {
  const mandate = readObject(params, "mandate_data");
  const acceptance = mandate ? readObject(mandate, "customer_acceptance", "mandate_data[customer_acceptance]") : undefined;
  const online = acceptance ? readObject(acceptance, "online", "mandate_data[customer_acceptance][online]") : undefined;
  return {
    customer_acceptance: {
      type: (acceptance && readString(acceptance, "type", "mandate_data[customer_acceptance][type]")) || "online",
      online: {
        ip_address: (online && readString(online, "ip_address")) || client.ip,
        user_agent: (online && readString(online, "user_agent")) || client.userAgent,
      },
    },
  };
}

export function readBankAccount(
  data: FormObject,
  billing: BillingDetails,
  mandate: Stripe.ConfirmationToken.MandateData,
  linked: (id: string) => LinkedAccount | undefined,
): MethodData {
  const bank = readObject(data, "us_bank_account", "payment_method_data[us_bank_account]");
  if (!bank) throw missingParam("payment_method_data[us_bank_account]");
  rejectUnknownParams(
    bank,
    ["routing_number", "account_number", "account_holder_type", "account_type", "financial_connections_account"],
    "payment_method_data[us_bank_account]",
  );
  const path = (name: string) => `payment_method_data[us_bank_account][${name}]`;
  if (!billing.name) throw missingParam("payment_method_data[billing_details][name]");

  // Instant verification: the account comes from Financial Connections, not typed numbers.
  const linkedId = readString(bank, "financial_connections_account", path("financial_connections_account"));
  if (linkedId !== undefined) {
    if (bank.routing_number !== undefined || bank.account_number !== undefined) {
      throw invalidRequest("Provide either financial_connections_account or account and routing numbers, not both.", {
        param: path("financial_connections_account"),
        code: "parameters_exclusive",
      });
    }
    const account = linked(linkedId);
    if (!account) throw noSuchObject("financial_connections.account", linkedId, { param: path("financial_connections_account"), status: 400 });
    return {
      type: "us_bank_account",
      routingNumber: account.routingNumber,
      accountNumber: account.accountNumber,
      holderType: readString(bank, "account_holder_type", path("account_holder_type")) === "company" ? "company" : "individual",
      accountType: readString(bank, "account_type", path("account_type")) === "savings" ? "savings" : "checking",
      profile: TEST_BANK_ACCOUNTS[account.accountNumber] ?? DEFAULT_BANK_ACCOUNT,
      billing,
      mandate,
      financialConnectionsAccount: account.id,
    };
  }

  const routingNumber = requireString(bank, "routing_number", path("routing_number"));
  if (!/^\d{9}$/.test(routingNumber)) {
    throw invalidRequest("Routing number must have 9 digits.", { param: path("routing_number"), code: "routing_number_invalid" });
  }
  if (routingNumber !== TEST_ROUTING_NUMBER) {
    throw invalidRequest(`Invalid routing number: the Stripe emulator accepts test routing number ${TEST_ROUTING_NUMBER} only.`, {
      param: path("routing_number"),
      code: "routing_number_invalid",
    });
  }
  const accountNumber = requireString(bank, "account_number", path("account_number"));
  if (!/^\d{4,17}$/.test(accountNumber)) {
    throw invalidRequest("Account number must have between 4 and 17 digits.", {
      param: path("account_number"),
      code: "account_number_invalid",
    });
  }
  const holderType = readString(bank, "account_holder_type", path("account_holder_type")) || "individual";
  if (holderType !== "individual" && holderType !== "company") {
    throw invalidRequest("account_holder_type must be individual or company.", { param: path("account_holder_type") });
  }
  const accountType = readString(bank, "account_type", path("account_type")) || "checking";
  if (accountType !== "checking" && accountType !== "savings") {
    throw invalidRequest("account_type must be checking or savings.", { param: path("account_type") });
  }
  return {
    type: "us_bank_account",
    routingNumber,
    accountNumber,
    holderType,
    accountType,
    profile: TEST_BANK_ACCOUNTS[accountNumber] ?? DEFAULT_BANK_ACCOUNT,
    billing,
    mandate,
    financialConnectionsAccount: null,
  };
}

export type CardMethod = Extract<MethodData, { type: "card" }>;
export type BankMethod = Extract<MethodData, { type: "us_bank_account" }>;

export function cardDetails(method: CardMethod, cvcCheck: string | null): Stripe.PaymentMethod.Card {
  const { profile } = method;
  return {
    brand: profile.brand,
    checks: {
      address_line1_check: null,
      address_postal_code_check: method.billing.address?.postal_code ? "pass" : null,
      cvc_check: cvcCheck,
    },
    country: "US",
    display_brand: profile.brand === "amex" ? "american_express" : profile.brand,
    exp_month: method.expMonth,
    exp_year: method.expYear,
    fingerprint: fingerprint(method.number),
    funding: profile.funding,
    generated_from: null,
    last4: method.number.slice(-4),
    networks: { available: [profile.brand], preferred: null },
    regulated_status: "unregulated",
    three_d_secure_usage: { supported: true },
    wallet: null,
  };
}

export function bankDetails(method: BankMethod): Stripe.PaymentMethod.UsBankAccount {
  return {
    account_holder_type: method.holderType,
    account_type: method.accountType,
    bank_name: "STRIPE TEST BANK",
    financial_connections_account: method.financialConnectionsAccount,
    fingerprint: fingerprint(`${method.routingNumber}:${method.accountNumber}`),
    last4: method.accountNumber.slice(-4),
    networks: { preferred: "ach", supported: ["ach"] },
    routing_number: method.routingNumber,
    status_details: null,
  };
}

export function previewOf(method: MethodData): Stripe.ConfirmationToken.PaymentMethodPreview {
  const base = {
    allow_redisplay: "unspecified" as const,
    billing_details: structuredClone(method.billing),
    customer: null,
    customer_account: null,
  };
  // Before confirmation nothing has been checked yet: Stripe reports the CVC as unchecked.
  return method.type === "card"
    ? { ...base, type: "card", card: cardDetails(method, method.cvc === null ? null : "unchecked") }
    : { ...base, type: "us_bank_account", us_bank_account: bankDetails(method) };
}

export function chargeCardDetails(
  method: CardMethod,
  amount: number,
  status: "succeeded" | "pending" | "failed",
  threeDS: Stripe.Charge.PaymentMethodDetails.Card.ThreeDSecure | null,
): Stripe.Charge.PaymentMethodDetails.Card {
  const card = cardDetails(method, method.cvc === null ? null : "pass");
  return {
    amount_authorized: status === "failed" ? null : amount,
    authorization_code: status === "failed" ? null : String(100000 + (amount % 900000)),
    brand: card.brand,
    checks: card.checks,
    country: card.country,
    electronic_commerce_indicator: threeDS ? "05" : null,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    extended_authorization: { status: "disabled" },
    fingerprint: card.fingerprint ?? null,
    funding: card.funding,
    incremental_authorization: { status: "unavailable" },
    installments: null,
    last4: card.last4,
    mandate: null,
    multicapture: { status: "unavailable" },
    network: method.profile.brand,
    network_token: { used: false },
    network_transaction_id: status === "failed" ? null : randomToken(15),
    overcapture: { maximum_amount_capturable: amount, status: "unavailable" },
    regulated_status: "unregulated",
    three_d_secure: threeDS,
    transaction_link_id: null,
    wallet: null,
  };
}

export function approvedOutcome(): Stripe.Charge.Outcome {
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: "approved_by_network",
    reason: null,
    risk_level: "normal",
    risk_score: 20,
    seller_message: "Payment complete.",
    type: "authorized",
  };
}

export function declinedOutcome(reason: string): Stripe.Charge.Outcome {
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: "declined_by_network",
    reason,
    risk_level: "normal",
    risk_score: 20,
    seller_message:
      reason === "generic_decline" ? "The bank did not return any further details with this decline." : `The bank returned the decline code \`${reason}\`.`,
    type: "issuer_declined",
  };
}
