// The emulator's objects and their state machine, held in memory.
// Verbs here are synchronous on purpose: a request's whole state change happens in one
// turn of the event loop, so idempotency checks and concurrent requests cannot interleave.
import type Stripe from "stripe";
import {
  API_VERSION,
  cardError,
  fingerprint,
  invalidRequest,
  isObject,
  missingParam,
  newId,
  noSuchObject,
  randomToken,
  readBoolean,
  readInteger,
  readMetadata,
  readObject,
  readString,
  readStringArray,
  rejectUnknownParams,
  requireString,
  StripeApiError,
  type FormObject,
} from "./wire.ts";
import {
  approvedOutcome,
  bankDetails,
  cardDetails,
  chargeCardDetails,
  declinedOutcome,
  looksLikeEmail,
  luhnValid,
  previewOf,
  readAllowedTypes,
  readBankAccount,
  readBillingDetails,
  readMandate,
  SUPPORTED_TYPES,
  type BankMethod,
  type BillingDetails,
  type LinkedAccount,
  type MethodData,
} from "./methods.ts";
import {
  achFail,
  DEFAULT_BANK_ACCOUNT,
  TEST_BANK_ACCOUNTS,
  TEST_CARDS,
  TEST_PAYMENT_METHOD_BANKS,
  TEST_PAYMENT_METHOD_CARDS,
  TEST_ROUTING_NUMBER,
  type BankOutcome,
} from "./test-instruments.ts";


// ---------------------------------------------------------------------------
// Types

/** Stripe's ConfirmationToken plus `used`, an emulator convenience for tests and the dashboard. */
export type EmulatedConfirmationToken = Stripe.ConfirmationToken & { used: boolean };


interface TokenRecord {
  token: EmulatedConfirmationToken;
  method: MethodData;
}

/** Microdeposits sent to a bank account entered by hand, waiting for the customer to verify them. */
interface MicrodepositRecord {
  type: "amounts" | "descriptor_code";
  attemptsLeft: number;
  /** Seconds: when the deposits were sent; verification times out 10 days later. */
  sentAt: number;
  /** The secret path segment of the hosted verification page. */
  pageToken: string;
}

interface IntentRecord {
  intent: Stripe.PaymentIntent;
  microdeposits?: MicrodepositRecord | null;
  /** The method of the current attempt (kept after a failure, for the dashboard). */
  method: MethodData | null;
  paymentMethod: Stripe.PaymentMethod | null;
  charge: Stripe.Charge | null;
}

/** Which request caused a change; null for changes made by test helpers (as Stripe's automatic events). */
export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
}


export type SettleOutcome = "succeed" | "fail";
export type DisputeScenario = "chargeback" | "won" | "lost" | "inquiry" | "inquiry_escalated" | "prevented" | "ach";
export const DISPUTE_SCENARIOS: readonly DisputeScenario[] = ["chargeback", "won", "lost", "inquiry", "inquiry_escalated", "prevented", "ach"];
export type ThreeDSOutcome = "approve" | "fail";

export interface StateOptions {
  now: () => number;
  publicOrigin: string;
  /** How many webhook endpoints each new event waits for (0 or 1). */
  webhookEndpointCount: () => number;
  onEvent: (event: Stripe.Event) => void;
}

// ACH microdeposits, as Stripe documents them: 1-2 business days to arrive, 10 days to verify,
// 3 tries for amounts and 10 for a descriptor code; test values 32 and 45, or SM11AA.
const MICRODEPOSIT_ARRIVAL_SECONDS = 2 * 24 * 60 * 60;
const MICRODEPOSIT_TIMEOUT_SECONDS = 10 * 24 * 60 * 60;
const MICRODEPOSIT_ATTEMPTS = { amounts: 3, descriptor_code: 10 } as const;
export const TEST_MICRODEPOSIT_AMOUNTS = [32, 45] as const;
/** Stripe's test amounts that simulate running out of attempts. */
const TEST_MICRODEPOSIT_EXCEED = [10, 11] as const;
export const TEST_DESCRIPTOR_CODE = "SM11AA";


const CANCELLABLE = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action"];
const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

const MICRODEPOSIT_TIMEOUT_MESSAGE = "Microdeposit timeout. Customer hasn't verified their bank account within the required 10 day period.";

const AUTH_FAILURE_MESSAGE =
  "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.";

// ---------------------------------------------------------------------------

export class EmulatorState {
  readonly tokens = new Map<string, TokenRecord>();
  readonly intents = new Map<string, IntentRecord>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly disputes = new Map<string, Stripe.Dispute>();
  readonly linkedAccounts = new Map<string, LinkedAccount>();
  /** Hosted verification page token -> PaymentIntent id. */
  readonly microdepositPages = new Map<string, string>();
  /** Oldest first. */
  readonly eventLog: Stripe.Event[] = [];
  private readonly options: StateOptions;

  constructor(options: StateOptions) {
    this.options = options;
  }

  reset(): void {
    this.tokens.clear();
    this.intents.clear();
    this.charges.clear();
    this.paymentMethods.clear();
    this.refunds.clear();
    this.disputes.clear();
    this.linkedAccounts.clear();
    this.microdepositPages.clear();
    this.eventLog.length = 0;
  }

  private seconds(): number {
    return Math.floor(this.options.now() / 1000);
  }

  // -------------------------------------------------------------------------
  // Confirmation tokens

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
      method = readBankAccount(data, billing, readMandate(params, client), (id) => this.linkedAccounts.get(id));
    } else {
      throw invalidRequest(
        `The Stripe emulator supports payment_method_data[type] card and us_bank_account only (got '${type}').`,
        { param: "payment_method_data[type]", code: "payment_method_unsupported_type" },
      );
    }

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
      use_stripe_sdk: true,
      used: false,
    };
    this.tokens.set(token.id, { token, method });
    return token;
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
      const mandate: Stripe.ConfirmationToken.MandateData = { customer_acceptance: { type: "online", online: { ip_address: "127.0.0.1", user_agent: "stripe-check" } } };
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
      return_url: readString(params, "return_url") ?? null,
      setup_future_usage: null,
      setup_intent: null,
      shipping: null,
      use_stripe_sdk: false,
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

  // -------------------------------------------------------------------------
  // Payment intents

  createPaymentIntent(params: FormObject, ctx: RequestContext): Stripe.PaymentIntent {
    if (params.payment_method_types !== undefined) {
      // API version endive removed it; the SDK's own types no longer have it either.
      throw invalidRequest(
        "Received unknown parameter: payment_method_types. On API version 2026-10-28.endive, use allowed_payment_method_types instead.",
        { param: "payment_method_types", code: "parameter_unknown" },
      );
    }
    rejectUnknownParams(params, [
      "amount",
      "currency",
      "confirm",
      "confirmation_token",
      "allowed_payment_method_types",
      "metadata",
      "description",
      "receipt_email",
      "return_url",
      "expand",
      "capture_method",
      "statement_descriptor",
      "statement_descriptor_suffix",
    ]);
    const amount = readInteger(params, "amount");
    if (amount === undefined) throw missingParam("amount");
    if (amount < 50) {
      throw invalidRequest("Amount must be at least $0.50 usd", { param: "amount", code: "amount_too_small" });
    }
    if (amount > 99_999_999) {
      throw invalidRequest("Amount must be no more than $999,999.99", { param: "amount", code: "amount_too_large" });
    }
    const currency = requireString(params, "currency").toLowerCase();
    if (currency !== "usd") {
      throw invalidRequest(`The Stripe emulator supports currency usd only (got '${currency}').`, { param: "currency" });
    }
    const captureMethod = readString(params, "capture_method") ?? "automatic_async";
    if (captureMethod !== "automatic" && captureMethod !== "automatic_async") {
      throw invalidRequest("The Stripe emulator supports capture_method automatic and automatic_async only.", {
        param: "capture_method",
      });
    }
    const allowed = readAllowedTypes(params);
    const receiptEmail = readString(params, "receipt_email") ?? null;
    if (receiptEmail !== null && receiptEmail !== "" && !looksLikeEmail(receiptEmail)) {
      throw invalidRequest(`Invalid email address: ${receiptEmail}`, { param: "receipt_email", code: "email_invalid" });
    }
    const confirm = readBoolean(params, "confirm") ?? false;
    const tokenId = readString(params, "confirmation_token");
    if (tokenId !== undefined && !confirm) {
      throw invalidRequest("You can only pass confirmation_token when confirm=true.", { param: "confirmation_token" });
    }
    if (confirm && tokenId === undefined) {
      throw invalidRequest(
        "The Stripe emulator confirms PaymentIntents with a confirmation_token only; pass confirmation_token with confirm=true.",
        { param: "confirmation_token", code: "parameter_missing" },
      );
    }
    // Check the token before anything exists, so a bad token leaves no PaymentIntent behind.
    const tokenRecord = tokenId === undefined ? null : this.usableToken(tokenId, allowed);

    const id = newId("pi");
    const intent: Stripe.PaymentIntent = {
      id,
      object: "payment_intent",
      allowed_payment_method_types: allowed,
      amount,
      amount_capturable: 0,
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: allowed ? null : { allow_redirects: "always", enabled: true },
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod,
      client_secret: `${id}_secret_${randomToken(25)}`,
      confirmation_method: "automatic",
      created: this.seconds(),
      currency,
      customer: null,
      customer_account: null,
      description: readString(params, "description") || null,
      excluded_payment_method_types: null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      managed_payments: null,
      metadata: readMetadata(params) ?? {},
      next_action: null,
      on_behalf_of: null,
      payment_method: null,
      payment_method_configuration_details: null,
      payment_method_options: null,
      payment_method_types: allowed ?? [...SUPPORTED_TYPES],
      payment_record: null,
      processing: null,
      receipt_email: receiptEmail || null,
      review: null,
      setup_future_usage: null,
      shipping: null,
      source: null,
      statement_descriptor: readString(params, "statement_descriptor") || null,
      statement_descriptor_suffix: readString(params, "statement_descriptor_suffix") || null,
      status: "requires_payment_method",
      transfer_data: null,
      transfer_group: null,
    };
    const record: IntentRecord = { intent, method: null, paymentMethod: null, charge: null };
    this.intents.set(id, record);
    this.record("payment_intent.created", intent, ctx);

    if (tokenRecord) this.confirmWith(record, tokenRecord, readString(params, "return_url") ?? null, ctx);
    return intent;
  }

  confirmPaymentIntent(id: string, params: FormObject, ctx: RequestContext): Stripe.PaymentIntent {
    rejectUnknownParams(params, ["confirmation_token", "return_url", "receipt_email", "expand"]);
    const record = this.intentRecord(id);
    const status = record.intent.status;
    if (status !== "requires_payment_method" && status !== "requires_confirmation") {
      throw unexpectedState(record.intent, "confirm", ["requires_payment_method", "requires_confirmation"]);
    }
    const tokenId = readString(params, "confirmation_token");
    if (tokenId === undefined) throw missingParam("confirmation_token");
    const tokenRecord = this.usableToken(tokenId, record.intent.allowed_payment_method_types);
    const receiptEmail = readString(params, "receipt_email");
    if (receiptEmail !== undefined) record.intent.receipt_email = receiptEmail || null;
    this.confirmWith(record, tokenRecord, readString(params, "return_url") ?? null, ctx);
    return record.intent;
  }

  getPaymentIntent(id: string): Stripe.PaymentIntent {
    return this.intentRecord(id).intent;
  }

  listPaymentIntents(): Stripe.PaymentIntent[] {
    return [...this.intents.values()].map((record) => record.intent).reverse();
  }

  /** The raw test profile behind an intent, for the dashboard (never the number itself). */
  describeMethod(id: string): string | null {
    const method = this.intents.get(id)?.method;
    if (!method) return null;
    return method.type === "card"
      ? `${method.profile.brand} ${method.profile.funding} •••• ${method.number.slice(-4)} (${method.profile.note})`
      : `bank •••• ${method.accountNumber.slice(-4)} (${method.profile.note})`;
  }

  private intentRecord(id: string, options: { param?: string; status?: 400 | 404 } = {}): IntentRecord {
    const record = this.intents.get(id);
    if (!record) throw noSuchObject("payment_intent", id, options);
    this.expireMicrodepositsIfDue(record);
    return record;
  }

  private usableToken(id: string, allowed: readonly string[] | null): TokenRecord {
    const record = this.tokens.get(id);
    if (!record) throw noSuchObject("confirmation_token", id, { param: "confirmation_token", status: 400 });
    if (record.token.used) {
      throw invalidRequest(
        `ConfirmationToken ${id} has already been used. Create a new ConfirmationToken to confirm another payment.`,
        { param: "confirmation_token", code: "token_already_used" },
      );
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

  /** Runs the test-number outcome. Declines throw a 402 after the state is stored, as Stripe does. */
  private confirmWith(record: IntentRecord, tokenRecord: TokenRecord, returnUrl: string | null, ctx: RequestContext): void {
    const { intent } = record;
    const { method } = tokenRecord;
    tokenRecord.token.used = true;
    tokenRecord.token.payment_intent = intent.id;

    const paymentMethod = this.createPaymentMethod(method);
    record.method = method;
    record.paymentMethod = paymentMethod;
    record.charge = null;
    intent.payment_method = paymentMethod.id;
    intent.last_payment_error = null;
    intent.next_action = null;

    if (method.type === "us_bank_account" && !method.financialConnectionsAccount) {
      this.sendMicrodeposits(record, method, ctx);
      return;
    }
    if (method.type === "us_bank_account") {
      const charge = this.createCharge(record, "pending");
      intent.latest_charge = charge.id;
      intent.status = "processing";
      this.record("charge.pending", charge, ctx);
      this.record("payment_intent.processing", intent, ctx);
      return;
    }

    const outcome = method.profile.outcome;
    if (outcome.kind === "three_d_secure") {
      intent.status = "requires_action";
      const challengeUrl = `${this.options.publicOrigin}/_emulator/3ds/${intent.id}?client_secret=${encodeURIComponent(intent.client_secret ?? "")}`;
      intent.next_action = {
        type: "use_stripe_sdk",
        use_stripe_sdk: {
          type: "three_d_secure_redirect",
          stripe_js: challengeUrl,
          source: newId("src"),
          directory_server_name: method.profile.brand,
          return_url: returnUrl ?? tokenRecord.token.return_url,
        },
      };
      this.record("payment_intent.requires_action", intent, ctx);
      return;
    }
    if (outcome.kind === "succeed") {
      this.succeed(record, null, ctx);
      return;
    }

    const charge = this.createCharge(record, "failed", { code: outcome.code, declineCode: outcome.declineCode, message: outcome.message });
    intent.latest_charge = charge.id;
    intent.status = "requires_payment_method";
    intent.payment_method = null;
    intent.last_payment_error = {
      type: "card_error",
      code: outcome.code,
      decline_code: outcome.declineCode,
      message: outcome.message,
      charge: charge.id,
      doc_url: `https://docs.stripe.com/error-codes/${outcome.code.replaceAll("_", "-")}`,
      payment_method: paymentMethod,
    };
    this.record("charge.failed", charge, ctx);
    this.record("payment_intent.payment_failed", intent, ctx);
    throw cardError(outcome.code, outcome.message, {
      decline_code: outcome.declineCode,
      charge: charge.id,
      payment_intent: structuredClone(intent),
      payment_method: structuredClone(paymentMethod),
    });
  }

  private succeed(record: IntentRecord, threeDS: Stripe.Charge.PaymentMethodDetails.Card.ThreeDSecure | null, ctx: RequestContext | null): void {
    const { intent } = record;
    let charge = record.charge;
    if (charge && charge.status === "pending") {
      charge.status = "succeeded";
      charge.paid = true;
      charge.outcome = approvedOutcome();
    } else {
      charge = this.createCharge(record, "succeeded", undefined, threeDS);
    }
    intent.latest_charge = charge.id;
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    intent.next_action = null;
    this.record("charge.succeeded", charge, ctx);
    this.record("payment_intent.succeeded", intent, ctx);
  }

  // -------------------------------------------------------------------------
  // ACH: instant verification (Financial Connections) and microdeposits

  /** The test institution's account picker in Stripe.js: links an account, instantly verified. */
  linkAccount(params: FormObject): { id: string; object: "financial_connections.account"; institution_name: string; last4: string } {
    rejectUnknownParams(params, ["routing_number", "account_number"]);
    const routingNumber = requireString(params, "routing_number");
    const accountNumber = requireString(params, "account_number");
    if (routingNumber !== TEST_ROUTING_NUMBER) {
      throw invalidRequest(`The test institution only has accounts at routing number ${TEST_ROUTING_NUMBER}.`, { param: "routing_number", code: "routing_number_invalid" });
    }
    if (!/^\d{4,17}$/.test(accountNumber)) throw invalidRequest("Account number must have between 4 and 17 digits.", { param: "account_number", code: "account_number_invalid" });
    const account: LinkedAccount = { id: newId("fca"), routingNumber, accountNumber };
    this.linkedAccounts.set(account.id, account);
    return { id: account.id, object: "financial_connections.account", institution_name: "Test Institution", last4: accountNumber.slice(-4) };
  }

  private sendMicrodeposits(record: IntentRecord, method: BankMethod, ctx: RequestContext): void {
    const { intent } = record;
    // Stripe sends a descriptor code by default; this emulator uses amounts for company accounts so both paths run.
    const type = method.holderType === "company" ? "amounts" : "descriptor_code";
    const sentAt = this.seconds();
    const pageToken = `pacs_test_${randomToken(24)}`;
    record.microdeposits = { type, attemptsLeft: MICRODEPOSIT_ATTEMPTS[type], sentAt, pageToken };
    this.microdepositPages.set(pageToken, intent.id);
    intent.status = "requires_action";
    intent.next_action = {
      type: "verify_with_microdeposits",
      verify_with_microdeposits: {
        arrival_date: sentAt + MICRODEPOSIT_ARRIVAL_SECONDS,
        hosted_verification_url: `${this.options.publicOrigin}/_emulator/microdeposit/${pageToken}`,
        microdeposit_type: type,
      },
    };
    this.record("payment_intent.requires_action", intent, ctx);
  }

  /** The PaymentIntent behind a hosted verification page token, or null. */
  intentForMicrodepositPage(token: string): Stripe.PaymentIntent | null {
    const id = this.microdepositPages.get(token);
    return id ? this.intentRecord(id).intent : null;
  }

  microdepositType(id: string): "amounts" | "descriptor_code" | null {
    return this.intentRecord(id).microdeposits?.type ?? null;
  }

  /** POST /v1/payment_intents/:id/verify_microdeposits: right values start the debit, wrong ones use up attempts. */
  verifyMicrodeposits(id: string, params: FormObject, ctx: RequestContext | null): Stripe.PaymentIntent {
    rejectUnknownParams(params, ["amounts", "descriptor_code", "expand"]);
    const record = this.intentRecord(id);
    const { intent } = record;
    const deposits = record.microdeposits;
    if (intent.status !== "requires_action" || intent.next_action?.type !== "verify_with_microdeposits" || !deposits) {
      throw unexpectedState(intent, "verify microdeposits for", ["requires_action"]);
    }
    const amounts = params.amounts === undefined ? undefined : readAmounts(params);
    const code = readString(params, "descriptor_code");
    if (amounts !== undefined && code !== undefined) throw invalidRequest("Provide either amounts or descriptor_code, not both.", { code: "parameters_exclusive" });
    let matched: boolean;
    if (deposits.type === "amounts") {
      if (!amounts || amounts.length !== 2) {
        throw invalidRequest("You must provide exactly two microdeposit amounts.", { param: "amounts", code: "payment_method_microdeposit_verification_amounts_invalid" });
      }
      if (amounts[0] === TEST_MICRODEPOSIT_EXCEED[0] && amounts[1] === TEST_MICRODEPOSIT_EXCEED[1]) deposits.attemptsLeft = 1;
      matched = amounts[0] === TEST_MICRODEPOSIT_AMOUNTS[0] && amounts[1] === TEST_MICRODEPOSIT_AMOUNTS[1];
    } else {
      if (!code) throw missingParam("descriptor_code");
      matched = code.trim().toUpperCase() === TEST_DESCRIPTOR_CODE;
    }
    if (matched) {
      record.microdeposits = null;
      intent.next_action = null;
      const charge = this.createCharge(record, "pending");
      intent.latest_charge = charge.id;
      intent.status = "processing";
      this.record("charge.pending", charge, ctx);
      this.record("payment_intent.processing", intent, ctx);
      return intent;
    }
    deposits.attemptsLeft--;
    if (deposits.attemptsLeft <= 0) {
      this.failMicrodeposits(record, "payment_method_microdeposit_verification_attempts_exceeded", "You have exceeded the number of allowed verification attempts.", ctx);
      throw invalidRequest("You have exceeded the number of allowed verification attempts.", {
        code: "payment_method_microdeposit_verification_attempts_exceeded",
      });
    }
    const mismatch =
      deposits.type === "amounts"
        ? { code: "payment_method_microdeposit_verification_amounts_mismatch", what: "The amounts provided do not match the amounts that were sent to the bank account." }
        : { code: "payment_method_microdeposit_verification_descriptor_code_mismatch", what: "The descriptor code provided does not match the one sent to the bank account." };
    throw invalidRequest(`${mismatch.what} You have ${deposits.attemptsLeft} verification attempts remaining.`, { code: mismatch.code });
  }

  /** Test helper: as if the 10 days to verify had passed. */
  expireMicrodeposits(id: string, ctx: RequestContext | null): Stripe.PaymentIntent {
    const record = this.intentRecord(id);
    if (record.intent.status !== "requires_action" || !record.microdeposits) throw unexpectedState(record.intent, "expire microdeposits for", ["requires_action"]);
    this.failMicrodeposits(record, "payment_method_microdeposit_verification_timeout", MICRODEPOSIT_TIMEOUT_MESSAGE, ctx);
    return record.intent;
  }

  private expireMicrodepositsIfDue(record: IntentRecord): void {
    const deposits = record.microdeposits;
    if (!deposits || record.intent.status !== "requires_action") return;
    if (this.seconds() < deposits.sentAt + MICRODEPOSIT_TIMEOUT_SECONDS) return;
    this.failMicrodeposits(record, "payment_method_microdeposit_verification_timeout", MICRODEPOSIT_TIMEOUT_MESSAGE, null);
  }

  /** Verification failed for good: as Stripe, the PaymentIntent needs a new payment method. */
  private failMicrodeposits(record: IntentRecord, code: string, message: string, ctx: RequestContext | null): void {
    const { intent } = record;
    record.microdeposits = null;
    intent.status = "requires_payment_method";
    intent.next_action = null;
    intent.payment_method = null;
    intent.last_payment_error = {
      type: "invalid_request_error",
      code,
      message,
      payment_method_type: "us_bank_account",
      ...(record.paymentMethod ? { payment_method: record.paymentMethod } : {}),
    };
    this.record("payment_intent.payment_failed", intent, ctx);
  }

  cancelPaymentIntent(id: string, params: FormObject, ctx: RequestContext): Stripe.PaymentIntent {
    rejectUnknownParams(params, ["cancellation_reason", "expand"]);
    const record = this.intentRecord(id);
    const reason = readString(params, "cancellation_reason") ?? null;
    const reasons = ["abandoned", "duplicate", "fraudulent", "requested_by_customer"];
    if (reason !== null && !reasons.includes(reason)) {
      throw invalidRequest(`Invalid cancellation_reason: must be one of ${reasons.join(", ")}`, { param: "cancellation_reason" });
    }
    const { intent } = record;
    if (!CANCELLABLE.includes(intent.status)) throw unexpectedState(intent, "cancel", CANCELLABLE);
    intent.status = "canceled";
    intent.canceled_at = this.seconds();
    intent.cancellation_reason = reason;
    intent.next_action = null;
    record.microdeposits = null;
    this.record("payment_intent.canceled", intent, ctx);
    return intent;
  }

  /** The browser's 3D Secure answer. `clientSecret` must match unless the caller holds the secret key. */
  completeThreeDS(id: string, outcome: ThreeDSOutcome, ctx: RequestContext | null): Stripe.PaymentIntent {
    const record = this.intentRecord(id);
    const { intent } = record;
    if (intent.status !== "requires_action" || intent.next_action?.type !== "use_stripe_sdk") {
      throw unexpectedState(intent, "authenticate", ["requires_action"]);
    }
    if (outcome === "approve") {
      this.succeed(record, {
        authentication_flow: "challenge",
        electronic_commerce_indicator: "05",
        exemption_indicator: null,
        result: "authenticated",
        result_reason: null,
        transaction_id: crypto.randomUUID(),
        version: "2.2.0",
      }, ctx);
      return intent;
    }
    intent.status = "requires_payment_method";
    intent.next_action = null;
    intent.payment_method = null;
    intent.last_payment_error = {
      // Real Stripe reports this one as invalid_request_error; the code is what to branch on.
      type: "card_error",
      code: "payment_intent_authentication_failure",
      message: AUTH_FAILURE_MESSAGE,
      doc_url: "https://docs.stripe.com/error-codes/payment-intent-authentication-failure",
      ...(record.paymentMethod ? { payment_method: record.paymentMethod } : {}),
    };
    this.record("payment_intent.payment_failed", intent, ctx);
    return intent;
  }

  /** ACH: processing -> succeeded or payment_failed, as the test account says unless forced. */
  settle(id: string, forced: SettleOutcome | null, ctx: RequestContext | null): Stripe.PaymentIntent {
    const record = this.intentRecord(id);
    const { intent, method } = record;
    if (intent.status !== "processing" || method?.type !== "us_bank_account") {
      throw unexpectedState(intent, "settle", ["processing"]);
    }
    const planned = method.profile.outcome;
    let outcome: BankOutcome = planned;
    if (forced === "succeed") outcome = { kind: "succeed" };
    if (forced === "fail") outcome = planned.kind === "fail" ? planned : achFail("insufficient_funds");
    if (outcome.kind === "stay_processing") {
      throw invalidRequest(
        "This test bank account stays in processing. Pass outcome=succeed or outcome=fail to settle it anyway.",
        { param: "outcome", code: "payment_intent_unexpected_state" },
      );
    }
    if (outcome.kind === "succeed") {
      this.succeed(record, null, ctx);
      return intent;
    }
    const charge = record.charge;
    if (charge) {
      charge.status = "failed";
      charge.paid = false;
      charge.failure_code = outcome.code;
      charge.failure_message = outcome.message;
      charge.failure_balance_transaction = newId("txn");
      charge.outcome = declinedOutcome(outcome.code);
    }
    intent.status = "requires_payment_method";
    intent.payment_method = null;
    intent.last_payment_error = {
      type: "card_error",
      code: outcome.code,
      message: outcome.message,
      payment_method_type: "us_bank_account",
      ...(charge ? { charge: charge.id } : {}),
      ...(record.paymentMethod ? { payment_method: record.paymentMethod } : {}),
    };
    if (charge) this.record("charge.failed", charge, ctx);
    this.record("payment_intent.payment_failed", intent, ctx);
    return intent;
  }

  /**
   * Test helper: a dispute on a succeeded payment, run through one of Stripe's real sequences
   * (docs.stripe.com/disputes/how-disputes-work, /disputes/inquiries): events and balance
   * transactions as Stripe emits them. ACH disputes are final: lost at once, funds withdrawn.
   */
  dispute(id: string, scenario: DisputeScenario | null, ctx: RequestContext | null): Stripe.Dispute {
    const record = this.intentRecord(id);
    const { intent, charge } = record;
    if (intent.status !== "succeeded" || !charge) throw unexpectedState(intent, "dispute", ["succeeded"]);
    if (charge.disputed) throw invalidRequest(`Charge ${charge.id} is already disputed.`, { code: "charge_disputed" });
    const amount = charge.amount - charge.amount_refunded;
    if (amount <= 0) throw invalidRequest(`Charge ${charge.id} is fully refunded; there is nothing to dispute.`);
    const isCard = record.method?.type === "card";
    const run: DisputeScenario = isCard ? (scenario ?? "chargeback") : "ach";
    if (!isCard && scenario !== null && scenario !== "ach") throw invalidRequest("Bank account disputes are final: only the ach scenario applies.", { param: "scenario" });
    const created = this.seconds();
    const inquiry = run === "inquiry" || run === "inquiry_escalated";
    const dispute: Stripe.Dispute = {
      id: newId("du"),
      object: "dispute",
      amount,
      balance_transactions: [],
      charge: charge.id,
      created,
      currency: charge.currency,
      enhanced_eligibility_types: [],
      evidence: emptyEvidence(),
      evidence_details: {
        due_by: isCard ? created + 7 * 24 * 60 * 60 : null,
        enhanced_eligibility: {},
        has_evidence: false,
        past_due: false,
        submission_count: 0,
        submission_method: "not_submitted",
      },
      intended_submission_method: null,
      is_charge_refundable: inquiry,
      livemode: false,
      metadata: {},
      payment_intent: intent.id,
      reason: isCard ? (inquiry ? "general" : "fraudulent") : "debit_not_authorized",
      status: run === "ach" ? "lost" : inquiry ? "warning_needs_response" : run === "prevented" ? "prevented" : "needs_response",
    };
    charge.disputed = true;
    this.disputes.set(dispute.id, dispute);
    const emit = (type: Stripe.Event.Type) => this.record(type, dispute, ctx);
    const withdraw = () => {
      dispute.balance_transactions.push(this.disputeTransaction(dispute, -amount, "Chargeback withdrawal"));
      emit("charge.dispute.funds_withdrawn");
    };
    emit("charge.dispute.created");
    switch (run) {
      case "ach":
      case "chargeback":
        withdraw();
        break;
      case "won":
      case "lost":
        withdraw();
        dispute.evidence_details.has_evidence = true;
        dispute.evidence_details.submission_count = 1;
        dispute.evidence_details.submission_method = "manual";
        dispute.status = "under_review";
        emit("charge.dispute.updated");
        dispute.status = run;
        emit("charge.dispute.closed");
        if (run === "won") {
          dispute.balance_transactions.push(this.disputeTransaction(dispute, amount, "Chargeback reversal"));
          emit("charge.dispute.funds_reinstated");
        }
        break;
      case "inquiry":
        dispute.status = "warning_under_review";
        emit("charge.dispute.updated");
        dispute.status = "warning_closed";
        emit("charge.dispute.closed");
        break;
      case "inquiry_escalated":
        dispute.status = "needs_response";
        dispute.is_charge_refundable = false;
        emit("charge.dispute.updated");
        withdraw();
        break;
      case "prevented":
        emit("charge.dispute.closed");
        break;
    }
    return dispute;
  }

  getDispute(id: string): Stripe.Dispute {
    const dispute = this.disputes.get(id);
    if (!dispute) throw noSuchObject("dispute", id);
    return dispute;
  }

  private disputeTransaction(dispute: Stripe.Dispute, amount: number, description: string): Stripe.BalanceTransaction {
    const fee = amount < 0 ? 1500 : 0;
    const created = this.seconds();
    return {
      id: newId("txn"),
      object: "balance_transaction",
      amount,
      available_on: created,
      balance_type: "payments",
      created,
      currency: dispute.currency,
      description: `${description} for ${typeof dispute.charge === "string" ? dispute.charge : dispute.charge.id}`,
      exchange_rate: null,
      fee,
      fee_details: fee ? [{ amount: fee, application: null, currency: dispute.currency, description: "Dispute fee", type: "stripe_fee" }] : [],
      net: amount - fee,
      reporting_category: amount < 0 ? "dispute" : "dispute_reversal",
      source: dispute.id,
      status: "available",
      type: "adjustment",
    };
  }

  listRefunds(params: FormObject): { data: Stripe.Refund[]; has_more: boolean } {
    rejectUnknownParams(params, ["payment_intent", "charge", "created", "limit", "starting_after", "ending_before", "expand"]);
    const intentId = readString(params, "payment_intent");
    const chargeId = readString(params, "charge");
    const created = readCreatedFilter(params);
    if (intentId) this.intentRecord(intentId, { param: "payment_intent", status: 400 });
    if (chargeId && !this.charges.has(chargeId)) throw noSuchObject("charge", chargeId, { param: "charge", status: 400 });
    let refunds = [...this.refunds.values()].reverse();
    if (intentId) refunds = refunds.filter((refund) => refund.payment_intent === intentId);
    if (chargeId) refunds = refunds.filter((refund) => refund.charge === chargeId);
    if (created) refunds = refunds.filter((refund) => created(refund.created));
    return paginate(refunds, params, "refund");
  }

  listPaymentIntentsPage(params: FormObject): { data: Stripe.PaymentIntent[]; has_more: boolean } {
    rejectUnknownParams(params, ["created", "customer", "customer_account", "limit", "starting_after", "ending_before", "expand"]);
    const created = readCreatedFilter(params);
    const customer = readString(params, "customer");
    let intents = this.listPaymentIntents();
    if (created) intents = intents.filter((intent) => created(intent.created));
    if (customer) intents = intents.filter((intent) => intent.customer === customer);
    if (readString(params, "customer_account")) intents = [];
    return paginate(intents, params, "payment_intent");
  }

  // -------------------------------------------------------------------------
  // Refunds

  createRefund(params: FormObject, ctx: RequestContext): Stripe.Refund {
    rejectUnknownParams(params, ["payment_intent", "charge", "amount", "metadata", "reason", "expand"]);
    const intentId = readString(params, "payment_intent");
    const chargeId = readString(params, "charge");
    if (!intentId && !chargeId) {
      throw invalidRequest("One of the following params should be provided for this request: payment_intent or charge.", {
        code: "parameter_missing",
      });
    }
    let charge: Stripe.Charge | null;
    if (intentId) {
      const record = this.intentRecord(intentId, { param: "payment_intent", status: 400 });
      charge = record.charge;
      if (record.intent.status !== "succeeded" || !charge || charge.status !== "succeeded") {
        throw invalidRequest(`This PaymentIntent (${intentId}) does not have a successful charge to refund.`, {
          param: "payment_intent",
          code: "charge_not_refundable",
        });
      }
      if (chargeId && chargeId !== charge.id) {
        throw invalidRequest("The charge and payment_intent parameters do not match.", { param: "charge" });
      }
    } else {
      charge = this.charges.get(chargeId ?? "") ?? null;
      if (!charge) throw noSuchObject("charge", chargeId ?? "", { param: "charge", status: 400 });
      if (charge.status !== "succeeded") {
        throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, { param: "charge", code: "charge_not_refundable" });
      }
    }
    if (charge.disputed) {
      throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: "charge_disputed" });
    }
    const remaining = charge.amount - charge.amount_refunded;
    if (remaining <= 0) {
      throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: "charge_already_refunded" });
    }
    const amount = readInteger(params, "amount") ?? remaining;
    if (amount <= 0) throw invalidRequest("Invalid positive integer", { param: "amount", code: "parameter_invalid_integer" });
    if (amount > remaining) {
      throw invalidRequest(
        `Refund amount (${dollars(amount)}) is greater than unrefunded amount on charge (${dollars(remaining)})`,
        { param: "amount", code: "amount_too_large" },
      );
    }
    const reason = readString(params, "reason") ?? null;
    const reasons = ["duplicate", "fraudulent", "requested_by_customer"];
    if (reason !== null && !reasons.includes(reason)) {
      throw invalidRequest(`Invalid reason: must be one of ${reasons.join(", ")}`, { param: "reason" });
    }

    const refund: Stripe.Refund = {
      id: newId("re"),
      object: "refund",
      amount,
      balance_transaction: newId("txn"),
      charge: charge.id,
      created: this.seconds(),
      currency: charge.currency,
      customer: null,
      customer_account: null,
      metadata: readMetadata(params) ?? {},
      payment_intent: typeof charge.payment_intent === "string" ? charge.payment_intent : null,
      payment_method: charge.payment_method,
      reason,
      receipt_number: null,
      source_transfer_reversal: null,
      status: "succeeded",
      transfer_reversal: null,
    };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.refunds.set(refund.id, refund);
    this.record("refund.created", refund, ctx);
    this.record("charge.refunded", charge, ctx);
    return refund;
  }

  getRefund(id: string): Stripe.Refund {
    const refund = this.refunds.get(id);
    if (!refund) throw noSuchObject("refund", id);
    return refund;
  }

  /** Test helper: a refund that looked fine fails later (test card 4000000000005126's story). */
  failRefund(id: string, ctx: RequestContext | null): Stripe.Refund {
    const refund = this.getRefund(id);
    if (refund.status !== "succeeded" && refund.status !== "pending") {
      throw invalidRequest(`Refund ${id} has status ${refund.status}; only a succeeded or pending refund can fail.`);
    }
    refund.status = "failed";
    refund.failure_reason = "expired_or_canceled_card";
    refund.failure_balance_transaction = newId("txn");
    const charge = typeof refund.charge === "string" ? this.charges.get(refund.charge) : undefined;
    if (charge) {
      charge.amount_refunded -= refund.amount;
      charge.refunded = false;
    }
    this.record("refund.failed", refund, ctx);
    this.record("charge.refund.updated", refund, ctx);
    return refund;
  }

  getCharge(id: string): Stripe.Charge {
    const charge = this.charges.get(id);
    if (!charge) throw noSuchObject("charge", id);
    return charge;
  }

  getPaymentMethod(id: string): Stripe.PaymentMethod {
    const paymentMethod = this.paymentMethods.get(id);
    if (!paymentMethod) throw noSuchObject("payment_method", id);
    return paymentMethod;
  }

  // -------------------------------------------------------------------------
  // Events

  getEvent(id: string): Stripe.Event {
    const event = this.eventLog.find((candidate) => candidate.id === id);
    if (!event) throw noSuchObject("event", id);
    return event;
  }

  listEvents(params: FormObject): { data: Stripe.Event[]; has_more: boolean } {
    rejectUnknownParams(params, ["limit", "starting_after", "ending_before", "type", "types", "created", "delivery_success", "expand"]);
    const limit = readInteger(params, "limit") ?? 10;
    if (limit < 1 || limit > 100) throw invalidRequest("Limit must be between 1 and 100.", { param: "limit" });
    const type = readString(params, "type");
    const types = readStringArray(params, "types");
    const created = readCreatedFilter(params);
    let events = [...this.eventLog].reverse();
    if (type) events = events.filter((event) => typeMatches(type, event.type));
    if (types) events = events.filter((event) => types.some((pattern) => typeMatches(pattern, event.type)));
    if (created) events = events.filter((event) => created(event.created));

    const startingAfter = readString(params, "starting_after");
    const endingBefore = readString(params, "ending_before");
    if (startingAfter) {
      const index = events.findIndex((event) => event.id === startingAfter);
      if (index < 0) throw noSuchObject("event", startingAfter, { param: "starting_after", status: 400 });
      events = events.slice(index + 1);
      return { data: events.slice(0, limit), has_more: events.length > limit };
    }
    if (endingBefore) {
      const index = events.findIndex((event) => event.id === endingBefore);
      if (index < 0) throw noSuchObject("event", endingBefore, { param: "ending_before", status: 400 });
      const before = events.slice(0, index);
      return { data: before.slice(Math.max(0, before.length - limit)), has_more: before.length > limit };
    }
    return { data: events.slice(0, limit), has_more: events.length > limit };
  }

  private record(type: Stripe.Event.Type, object: object, ctx: RequestContext | null): void {
    const event = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: this.seconds(),
      // A snapshot: later changes to the object must not rewrite history.
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: this.options.webhookEndpointCount(),
      request: { id: ctx?.requestId ?? null, idempotency_key: ctx?.idempotencyKey ?? null },
      type,
    } as Stripe.Event;
    this.eventLog.push(event);
    this.options.onEvent(event);
  }

  // -------------------------------------------------------------------------
  // Views

  /** Stripe's `expand[]` for the references we hold. */
  expandPaymentIntent(intent: Stripe.PaymentIntent, expand: string[]): Stripe.PaymentIntent {
    const view = structuredClone(intent);
    for (const path of expand) {
      if (path === "latest_charge") {
        view.latest_charge = typeof intent.latest_charge === "string" ? structuredClone(this.getCharge(intent.latest_charge)) : null;
      } else if (path === "payment_method") {
        view.payment_method =
          typeof intent.payment_method === "string" ? structuredClone(this.getPaymentMethod(intent.payment_method)) : null;
      } else {
        throw cannotExpand(path);
      }
    }
    return view;
  }

  expandRefund(refund: Stripe.Refund, expand: string[]): Stripe.Refund {
    const view = structuredClone(refund);
    for (const path of expand) {
      if (path === "charge") {
        view.charge = typeof refund.charge === "string" ? structuredClone(this.getCharge(refund.charge)) : null;
      } else if (path === "payment_intent") {
        view.payment_intent =
          typeof refund.payment_intent === "string" ? structuredClone(this.getPaymentIntent(refund.payment_intent)) : null;
      } else {
        throw cannotExpand(path);
      }
    }
    return view;
  }

  // -------------------------------------------------------------------------
  // Object builders

  private createPaymentMethod(method: MethodData): Stripe.PaymentMethod {
    const base = {
      id: newId("pm"),
      object: "payment_method" as const,
      allow_redisplay: "unspecified" as const,
      billing_details: structuredClone(method.billing),
      created: this.seconds(),
      customer: null,
      customer_account: null,
      livemode: false,
      metadata: {},
    };
    const paymentMethod: Stripe.PaymentMethod =
      method.type === "card"
        ? { ...base, type: "card", card: cardDetails(method, method.cvc === null ? null : "pass") }
        : { ...base, type: "us_bank_account", us_bank_account: bankDetails(method) };
    this.paymentMethods.set(paymentMethod.id, paymentMethod);
    return paymentMethod;
  }

  private createCharge(
    record: IntentRecord,
    status: "succeeded" | "pending" | "failed",
    failure?: { code: string; declineCode: string; message: string },
    threeDS: Stripe.Charge.PaymentMethodDetails.Card.ThreeDSecure | null = null,
  ): Stripe.Charge {
    const { intent, method, paymentMethod } = record;
    if (!method || !paymentMethod) throw new Error("createCharge needs a payment method");
    const charge: Stripe.Charge = {
      id: newId("ch"),
      object: "charge",
      amount: intent.amount,
      amount_captured: status === "failed" ? 0 : intent.amount,
      amount_refunded: 0,
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: status === "failed" ? null : newId("txn"),
      billing_details: structuredClone(method.billing),
      calculated_statement_descriptor: "STRIPE EMULATOR",
      captured: status !== "failed",
      created: this.seconds(),
      currency: intent.currency,
      customer: null,
      description: intent.description,
      disputed: false,
      failure_balance_transaction: null,
      failure_code: failure?.code ?? null,
      failure_message: failure?.message ?? null,
      fraud_details: {},
      livemode: false,
      metadata: { ...intent.metadata },
      on_behalf_of: null,
      outcome: failure ? declinedOutcome(failure.declineCode) : approvedOutcome(),
      paid: status === "succeeded",
      payment_intent: intent.id,
      payment_method: paymentMethod.id,
      payment_method_details:
        method.type === "card"
          ? { type: "card", card: chargeCardDetails(method, intent.amount, status, threeDS) }
          : {
              type: "us_bank_account",
              us_bank_account: {
                account_holder_type: method.holderType,
                account_type: method.accountType,
                bank_name: "STRIPE TEST BANK",
                fingerprint: fingerprint(`${method.routingNumber}:${method.accountNumber}`),
                last4: method.accountNumber.slice(-4),
                payment_reference: null,
                routing_number: method.routingNumber,
              },
            },
      receipt_email: intent.receipt_email,
      receipt_number: null,
      receipt_url: null,
      refunded: false,
      review: null,
      shipping: null,
      source: null,
      source_transfer: null,
      statement_descriptor: intent.statement_descriptor,
      statement_descriptor_suffix: intent.statement_descriptor_suffix,
      status,
      transfer_data: null,
      transfer_group: null,
    };
    this.charges.set(charge.id, charge);
    record.charge = charge;
    return charge;
  }
}

// ---------------------------------------------------------------------------
// Helpers


function dollars(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

function unexpectedState(intent: Stripe.PaymentIntent, action: string, allowed: readonly string[]): StripeApiError {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    code: "payment_intent_unexpected_state",
    message: `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be used: ${allowed.join(", ")}.`,
    doc_url: "https://docs.stripe.com/error-codes/payment-intent-unexpected-state",
    payment_intent: structuredClone(intent),
  });
}

function cannotExpand(path: string): StripeApiError {
  return invalidRequest(`This property cannot be expanded (${path}).`, { param: "expand" });
}

function typeMatches(pattern: string, type: string): boolean {
  // Stripe allows a trailing wildcard such as `payment_intent.*`.
  return pattern.endsWith(".*") ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

/** Stripe's cursor pagination over a newest-first list. */
function paginate<T extends { id: string }>(items: T[], params: FormObject, objectName: string): { data: T[]; has_more: boolean } {
  const limit = readInteger(params, "limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest("Limit must be between 1 and 100.", { param: "limit" });
  const startingAfter = readString(params, "starting_after");
  const endingBefore = readString(params, "ending_before");
  if (startingAfter) {
    const index = items.findIndex((item) => item.id === startingAfter);
    if (index < 0) throw noSuchObject(objectName, startingAfter, { param: "starting_after", status: 400 });
    const after = items.slice(index + 1);
    return { data: after.slice(0, limit), has_more: after.length > limit };
  }
  if (endingBefore) {
    const index = items.findIndex((item) => item.id === endingBefore);
    if (index < 0) throw noSuchObject(objectName, endingBefore, { param: "ending_before", status: 400 });
    const before = items.slice(0, index);
    return { data: before.slice(Math.max(0, before.length - limit)), has_more: before.length > limit };
  }
  return { data: items.slice(0, limit), has_more: items.length > limit };
}

function readCreatedFilter(params: FormObject): ((created: number) => boolean) | null {
  const raw = params.created;
  if (raw === undefined) return null;
  if (typeof raw === "string") {
    const exact = readInteger(params, "created");
    return (created) => created === exact;
  }
  if (!isObject(raw)) throw invalidRequest("Invalid created filter", { param: "created" });
  rejectUnknownParams(raw, ["gt", "gte", "lt", "lte"], "created");
  const gt = readInteger(raw, "gt", "created[gt]");
  const gte = readInteger(raw, "gte", "created[gte]");
  const lt = readInteger(raw, "lt", "created[lt]");
  const lte = readInteger(raw, "lte", "created[lte]");
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}


/** amounts[0]=32&amounts[1]=45: two positive integers (cents). */
function readAmounts(params: FormObject): number[] {
  const raw = readStringArray(params, "amounts") ?? [];
  const amounts = raw.map((value) => (/^\d{1,9}$/.test(value) ? Number(value) : NaN));
  if (amounts.some((amount) => !Number.isInteger(amount) || amount <= 0)) {
    throw invalidRequest("Invalid integer: amounts must be positive integers (cents).", { param: "amounts", code: "parameter_invalid_integer" });
  }
  return amounts;
}


function emptyEvidence(): Stripe.Dispute.Evidence {
  return {
    access_activity_log: null,
    billing_address: null,
    cancellation_policy: null,
    cancellation_policy_disclosure: null,
    cancellation_rebuttal: null,
    customer_communication: null,
    customer_email_address: null,
    customer_name: null,
    customer_purchase_ip: null,
    customer_signature: null,
    duplicate_charge_documentation: null,
    duplicate_charge_explanation: null,
    duplicate_charge_id: null,
    enhanced_evidence: {},
    product_description: null,
    receipt: null,
    refund_policy: null,
    refund_policy_disclosure: null,
    refund_refusal_explanation: null,
    service_date: null,
    service_documentation: null,
    shipping_address: null,
    shipping_carrier: null,
    shipping_date: null,
    shipping_documentation: null,
    shipping_tracking_number: null,
    uncategorized_file: null,
    uncategorized_text: null,
  };
}
