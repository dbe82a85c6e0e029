// PaymentIntents and their state machine: confirmation with a token, 3D Secure, ACH settlement,
// cancellation.
import type Stripe from "stripe";
import {
  cardError,
  invalidRequest,
  missingParam,
  newId,
  noSuchObject,
  randomToken,
  readBoolean,
  readInteger,
  readMetadata,
  readString,
  rejectUnknownParams,
  requireString,
  type FormObject,
} from "../wire.ts";
import { approvedOutcome, declinedOutcome, looksLikeEmail, readAllowedTypes, SUPPORTED_TYPES } from "../methods.ts";
import { achFail, type BankOutcome } from "../test-instruments.ts";
import type { Charges } from "./charges.ts";
import type { ConfirmationTokens } from "./confirmation-tokens.ts";
import type { Events } from "./events.ts";
import { cannotExpand, paginate, readCreatedFilter, unexpectedState } from "./lists.ts";
import type { Microdeposits } from "./microdeposits.ts";
import type { PaymentMethods } from "./payment-methods.ts";
import { Resource } from "./resource.ts";
import type { IntentRecord, RequestContext, SettleOutcome, StateOptions, ThreeDSOutcome, TokenRecord } from "./types.ts";

const CANCELLABLE = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action"];

const AUTH_FAILURE_MESSAGE =
  "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.";

export class PaymentIntents extends Resource {
  readonly intents = new Map<string, IntentRecord>();
  private readonly tokens: ConfirmationTokens;
  private readonly paymentMethods: PaymentMethods;
  private readonly charges: Charges;
  private readonly microdeposits: Microdeposits;

  constructor(
    options: StateOptions,
    events: Events,
    resources: { tokens: ConfirmationTokens; paymentMethods: PaymentMethods; charges: Charges; microdeposits: Microdeposits },
  ) {
    super(options, events);
    this.tokens = resources.tokens;
    this.paymentMethods = resources.paymentMethods;
    this.charges = resources.charges;
    this.microdeposits = resources.microdeposits;
  }

  reset(): void {
    this.intents.clear();
  }

  createPaymentIntent(params: FormObject, ctx: RequestContext): Stripe.PaymentIntent {
    if (params.payment_method_types !== undefined) {
      // API version endive removed it; the SDK's own types no longer have it either.
      throw invalidRequest("Received unknown parameter: payment_method_types. On API version 2026-10-28.endive, use allowed_payment_method_types instead.", {
        param: "payment_method_types",
        code: "parameter_unknown",
      });
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
      throw invalidRequest("The Stripe emulator confirms PaymentIntents with a confirmation_token only; pass confirmation_token with confirm=true.", {
        param: "confirmation_token",
        code: "parameter_missing",
      });
    }
    // Check the token before anything exists, so a bad token leaves no PaymentIntent behind.
    const tokenRecord = tokenId === undefined ? null : this.tokens.usableToken(tokenId, allowed);

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
    const tokenRecord = this.tokens.usableToken(tokenId, record.intent.allowed_payment_method_types);
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

  intentRecord(id: string, options: { param?: string; status?: 400 | 404 } = {}): IntentRecord {
    const record = this.intents.get(id);
    if (!record) throw noSuchObject("payment_intent", id, options);
    this.microdeposits.expireMicrodepositsIfDue(record);
    return record;
  }

  /** Runs the test-number outcome. Declines throw a 402 after the state is stored, as Stripe does. */
  private confirmWith(record: IntentRecord, tokenRecord: TokenRecord, returnUrl: string | null, ctx: RequestContext): void {
    const { intent } = record;
    const { method } = tokenRecord;
    tokenRecord.token.used = true;
    tokenRecord.token.payment_intent = intent.id;

    const paymentMethod = this.paymentMethods.createPaymentMethod(method);
    record.method = method;
    record.paymentMethod = paymentMethod;
    record.charge = null;
    intent.payment_method = paymentMethod.id;
    intent.last_payment_error = null;
    intent.next_action = null;

    if (method.type === "us_bank_account" && !method.financialConnectionsAccount) {
      this.microdeposits.sendMicrodeposits(record, method, ctx);
      return;
    }
    if (method.type === "us_bank_account") {
      const charge = this.charges.createCharge(record, "pending");
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

    const charge = this.charges.createCharge(record, "failed", { code: outcome.code, declineCode: outcome.declineCode, message: outcome.message });
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
      charge = this.charges.createCharge(record, "succeeded", undefined, threeDS);
    }
    intent.latest_charge = charge.id;
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    intent.next_action = null;
    this.record("charge.succeeded", charge, ctx);
    this.record("payment_intent.succeeded", intent, ctx);
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
      this.succeed(
        record,
        {
          authentication_flow: "challenge",
          electronic_commerce_indicator: "05",
          exemption_indicator: null,
          result: "authenticated",
          result_reason: null,
          transaction_id: crypto.randomUUID(),
          version: "2.2.0",
        },
        ctx,
      );
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
      throw invalidRequest("This test bank account stays in processing. Pass outcome=succeed or outcome=fail to settle it anyway.", {
        param: "outcome",
        code: "payment_intent_unexpected_state",
      });
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

  /** Stripe's `expand[]` for the references we hold. */
  expandPaymentIntent(intent: Stripe.PaymentIntent, expand: string[]): Stripe.PaymentIntent {
    const view = structuredClone(intent);
    for (const path of expand) {
      if (path === "latest_charge") {
        view.latest_charge = typeof intent.latest_charge === "string" ? structuredClone(this.charges.getCharge(intent.latest_charge)) : null;
      } else if (path === "payment_method") {
        view.payment_method = typeof intent.payment_method === "string" ? structuredClone(this.paymentMethods.getPaymentMethod(intent.payment_method)) : null;
      } else {
        throw cannotExpand(path);
      }
    }
    return view;
  }
}
