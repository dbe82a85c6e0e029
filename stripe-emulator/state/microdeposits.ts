// ACH microdeposits for a bank account entered by hand: sent, verified on the hosted page or by
// the API, or expired.
import type Stripe from "stripe";
import { invalidRequest, missingParam, randomToken, readString, readStringArray, rejectUnknownParams, type FormObject } from "../wire.ts";
import type { BankMethod } from "../methods.ts";
import type { Charges } from "./charges.ts";
import type { Events } from "./events.ts";
import { unexpectedState } from "./lists.ts";
import { Resource } from "./resource.ts";
import type { IntentRecord, RequestContext, StateOptions } from "./types.ts";

// ACH microdeposits, as Stripe documents them: 1-2 business days to arrive, 10 days to verify,
// 3 tries for amounts and 10 for a descriptor code; test values 32 and 45, or SM11AA.
const MICRODEPOSIT_ARRIVAL_SECONDS = 2 * 24 * 60 * 60;
const MICRODEPOSIT_TIMEOUT_SECONDS = 10 * 24 * 60 * 60;
const MICRODEPOSIT_ATTEMPTS = { amounts: 3, descriptor_code: 10 } as const;
export const TEST_MICRODEPOSIT_AMOUNTS = [32, 45] as const;
/** Stripe's test amounts that simulate running out of attempts. */
const TEST_MICRODEPOSIT_EXCEED = [10, 11] as const;
export const TEST_DESCRIPTOR_CODE = "SM11AA";

const MICRODEPOSIT_TIMEOUT_MESSAGE = "Microdeposit timeout. Customer hasn't verified their bank account within the required 10 day period.";

export class Microdeposits extends Resource {
  /** Hosted verification page token -> PaymentIntent id. */
  readonly microdepositPages = new Map<string, string>();
  private readonly charges: Charges;
  /** The payment intents' lookup (which expires due microdeposits first). */
  private readonly intentRecord: (id: string) => IntentRecord;

  constructor(options: StateOptions, events: Events, charges: Charges, intentRecord: (id: string) => IntentRecord) {
    super(options, events);
    this.charges = charges;
    this.intentRecord = intentRecord;
  }

  reset(): void {
    this.microdepositPages.clear();
  }

  sendMicrodeposits(record: IntentRecord, method: BankMethod, ctx: RequestContext): void {
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
    if (amounts !== undefined && code !== undefined)
      throw invalidRequest("Provide either amounts or descriptor_code, not both.", { code: "parameters_exclusive" });
    let matched: boolean;
    if (deposits.type === "amounts") {
      if (!amounts || amounts.length !== 2) {
        throw invalidRequest("You must provide exactly two microdeposit amounts.", {
          param: "amounts",
          code: "payment_method_microdeposit_verification_amounts_invalid",
        });
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
      const charge = this.charges.createCharge(record, "pending");
      intent.latest_charge = charge.id;
      intent.status = "processing";
      this.record("charge.pending", charge, ctx);
      this.record("payment_intent.processing", intent, ctx);
      return intent;
    }
    deposits.attemptsLeft--;
    if (deposits.attemptsLeft <= 0) {
      this.failMicrodeposits(
        record,
        "payment_method_microdeposit_verification_attempts_exceeded",
        "You have exceeded the number of allowed verification attempts.",
        ctx,
      );
      throw invalidRequest("You have exceeded the number of allowed verification attempts.", {
        code: "payment_method_microdeposit_verification_attempts_exceeded",
      });
    }
    const mismatch =
      deposits.type === "amounts"
        ? {
            code: "payment_method_microdeposit_verification_amounts_mismatch",
            what: "The amounts provided do not match the amounts that were sent to the bank account.",
          }
        : {
            code: "payment_method_microdeposit_verification_descriptor_code_mismatch",
            what: "The descriptor code provided does not match the one sent to the bank account.",
          };
    throw invalidRequest(`${mismatch.what} You have ${deposits.attemptsLeft} verification attempts remaining.`, { code: mismatch.code });
  }

  /** Test helper: as if the 10 days to verify had passed. */
  expireMicrodeposits(id: string, ctx: RequestContext | null): Stripe.PaymentIntent {
    const record = this.intentRecord(id);
    if (record.intent.status !== "requires_action" || !record.microdeposits)
      throw unexpectedState(record.intent, "expire microdeposits for", ["requires_action"]);
    this.failMicrodeposits(record, "payment_method_microdeposit_verification_timeout", MICRODEPOSIT_TIMEOUT_MESSAGE, ctx);
    return record.intent;
  }

  expireMicrodepositsIfDue(record: IntentRecord): void {
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
