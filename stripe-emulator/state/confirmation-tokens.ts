// ConfirmationTokens: the card or bank details Stripe.js collected, checked against the test numbers.
import type Stripe from "stripe";
import {
  cardError,
  invalidRequest,
  missingParam,
  newId,
  noSuchObject,
  readInteger,
  readObject,
  readString,
  rejectUnknownParams,
  requireString,
  type FormObject,
} from "../wire.ts";
import { luhnValid, previewOf, readBankAccount, readBillingDetails, readMandate, SUPPORTED_TYPES, type BillingDetails, type MethodData } from "../methods.ts";
import {
  DEFAULT_BANK_ACCOUNT,
  TEST_BANK_ACCOUNTS,
  TEST_CARDS,
  TEST_PAYMENT_METHOD_BANKS,
  TEST_PAYMENT_METHOD_CARDS,
  TEST_ROUTING_NUMBER,
} from "../test-instruments.ts";
import type { Events } from "./events.ts";
import type { FinancialConnections } from "./financial-connections.ts";
import { Resource } from "./resource.ts";
import type { EmulatedConfirmationToken, StateOptions, TokenRecord } from "./types.ts";

const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

export class ConfirmationTokens extends Resource {
  readonly tokens = new Map<string, TokenRecord>();
  private readonly financialConnections: FinancialConnections;

  constructor(options: StateOptions, events: Events, financialConnections: FinancialConnections) {
    super(options, events);
    this.financialConnections = financialConnections;
  }

  reset(): void {
    this.tokens.clear();
  }

  createConfirmationToken(params: FormObject, client: { userAgent: string | null; ip: string | null }): EmulatedConfirmationToken {
    rejectUnknownParams(params, ["payment_method_data", "return_url", "mandate_data", "expand"]);
    const data = readObject(params, "payment_method_data");
    if (!data) throw missingParam("payment_method_data");
    rejectUnknownParams(data, ["type", "card", "us_bank_account", "billing_details", "allow_redisplay"], "payment_method_data");
    const type = requireString(data, "type", "payment_method_data[type]");
    const billing = readBillingDetails(data);
    const returnUrl = readString(params, "return_url") ?? null;
    if (returnUrl !== null && !/^https?:\/\//.test(returnUrl)) {
      throw invalidRequest("Invalid URL: return_url must be an absolute http(s) URL.", { param: "return_url", code: "url_invalid" });
    }

    let method: MethodData;
    if (type === "card") {
      method = this.readCard(data, billing);
    } else if (type === "us_bank_account") {
      method = readBankAccount(data, billing, readMandate(params, client), (id) => this.financialConnections.linkedAccounts.get(id));
    } else {
      throw invalidRequest(`The Stripe emulator supports payment_method_data[type] card and us_bank_account only (got '${type}').`, {
        param: "payment_method_data[type]",
        code: "payment_method_unsupported_type",
      });
    }

    return this.store(method, returnUrl, true);
  }

  /**
   * POST /v1/test_helpers/confirmation_tokens with one of Stripe's test PaymentMethods
   * (pm_card_visa, pm_card_visa_debit, pm_usBankAccount_success...): the server-side way to get a
   * ConfirmationToken in test mode, used by `npm run stripe:check`.
   */
  createTestConfirmationToken(params: FormObject): EmulatedConfirmationToken {
    rejectUnknownParams(params, ["payment_method", "return_url", "expand"]);
    const name = requireString(params, "payment_method");
    const billing: BillingDetails = { address: null, email: null, name: "Test Customer", phone: null, tax_id: null };
    const card = TEST_PAYMENT_METHOD_CARDS[name];
    const bank = TEST_PAYMENT_METHOD_BANKS[name];
    let method: MethodData;
    if (card) {
      const profile = TEST_CARDS[card]!;
      method = { type: "card", number: card, cvc: null, expMonth: 12, expYear: new Date(this.options.now()).getUTCFullYear() + 3, profile, billing };
    } else if (bank) {
      // Test bank tokens bypass collection and verification, as an instantly verified account.
      const mandate: Stripe.ConfirmationToken.MandateData = {
        customer_acceptance: { type: "online", online: { ip_address: "127.0.0.1", user_agent: "stripe-check" } },
      };
      method = {
        type: "us_bank_account",
        routingNumber: TEST_ROUTING_NUMBER,
        accountNumber: bank,
        holderType: "individual",
        accountType: "checking",
        profile: TEST_BANK_ACCOUNTS[bank] ?? DEFAULT_BANK_ACCOUNT,
        billing,
        mandate,
        financialConnectionsAccount: newId("fca"),
      };
    } else {
      throw invalidRequest(`No such PaymentMethod: '${name}'`, { param: "payment_method", code: "resource_missing" });
    }
    return this.store(method, readString(params, "return_url") ?? null, false);
  }

  /** Records a new ConfirmationToken for `method`, as both creation paths answer it. */
  private store(method: MethodData, returnUrl: string | null, useStripeSdk: boolean): EmulatedConfirmationToken {
    const created = this.seconds();
    const token: EmulatedConfirmationToken = {
      id: newId("ctoken"),
      object: "confirmation_token",
      created,
      expires_at: created + TOKEN_LIFETIME_SECONDS,
      livemode: false,
      mandate_data: method.type === "us_bank_account" ? method.mandate : null,
      metadata: null,
      payment_intent: null,
      payment_method_options: method.type === "card" ? { card: { cvc_token: null } } : null,
      payment_method_preview: previewOf(method),
      return_url: returnUrl,
      setup_future_usage: null,
      setup_intent: null,
      shipping: null,
      use_stripe_sdk: useStripeSdk,
      used: false,
    };
    this.tokens.set(token.id, { token, method });
    return token;
  }

  getConfirmationToken(id: string): EmulatedConfirmationToken {
    const record = this.tokens.get(id);
    if (!record) throw noSuchObject("confirmation_token", id);
    return record.token;
  }

  private readCard(data: FormObject, billing: BillingDetails): MethodData {
    const card = readObject(data, "card", "payment_method_data[card]");
    if (!card) throw missingParam("payment_method_data[card]");
    rejectUnknownParams(card, ["number", "exp_month", "exp_year", "cvc"], "payment_method_data[card]");
    const path = (name: string) => `payment_method_data[card][${name}]`;

    const number = requireString(card, "number", path("number"));
    if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) {
      throw cardError("incorrect_number", "Your card number is incorrect.", { param: path("number") });
    }
    const profile = TEST_CARDS[number];
    if (!profile) {
      throw cardError(
        "card_declined",
        "Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://docs.stripe.com/testing.",
        { decline_code: "test_mode_live_card", param: path("number") },
      );
    }

    const expMonth = readInteger(card, "exp_month", path("exp_month"));
    if (expMonth === undefined) throw missingParam(path("exp_month"));
    if (expMonth < 1 || expMonth > 12) {
      throw cardError("invalid_expiry_month", "Your card's expiration month is invalid.", { param: path("exp_month") });
    }
    let expYear = readInteger(card, "exp_year", path("exp_year"));
    if (expYear === undefined) throw missingParam(path("exp_year"));
    if (expYear < 100) expYear += 2000;
    const today = new Date(this.options.now());
    const thisYear = today.getUTCFullYear();
    if (expYear < thisYear || expYear > thisYear + 50) {
      throw cardError("invalid_expiry_year", "Your card's expiration year is invalid.", { param: path("exp_year") });
    }
    if (expYear === thisYear && expMonth < today.getUTCMonth() + 1) {
      throw cardError("invalid_expiry_month", "Your card's expiration month is invalid.", { param: path("exp_month") });
    }

    const cvc = readString(card, "cvc", path("cvc")) ?? null;
    const cvcLength = profile.brand === "amex" ? 4 : 3;
    if (cvc !== null && !new RegExp(`^\\d{${cvcLength}}$`).test(cvc)) {
      throw cardError("invalid_cvc", "Your card's security code is invalid.", { param: path("cvc") });
    }
    return { type: "card", number, cvc, expMonth, expYear, profile, billing };
  }

  usableToken(id: string, allowed: readonly string[] | null): TokenRecord {
    const record = this.tokens.get(id);
    if (!record) throw noSuchObject("confirmation_token", id, { param: "confirmation_token", status: 400 });
    if (record.token.used) {
      throw invalidRequest(`ConfirmationToken ${id} has already been used. Create a new ConfirmationToken to confirm another payment.`, {
        param: "confirmation_token",
        code: "token_already_used",
      });
    }
    if (record.token.expires_at !== null && this.seconds() >= record.token.expires_at) {
      // Stripe's error codes have none for an expired ConfirmationToken: no code, the param says which.
      throw invalidRequest(`ConfirmationToken ${id} has expired. Create a new ConfirmationToken.`, { param: "confirmation_token" });
    }
    const type = record.method.type;
    const permitted = allowed ?? SUPPORTED_TYPES;
    if (!permitted.includes(type)) {
      throw invalidRequest(
        `The payment method type '${type}' of this ConfirmationToken is not allowed for this PaymentIntent. Allowed types: ${permitted.join(", ")}.`,
        { param: "confirmation_token", code: "payment_intent_incompatible_payment_method" },
      );
    }
    return record;
  }
}
