// Refunds: full or partial, against a succeeded charge; a test helper fails one later.
import type Stripe from "stripe";
import { invalidRequest, newId, noSuchObject, readInteger, readMetadata, readString, rejectUnknownParams, type FormObject } from "../wire.ts";
import type { Charges } from "./charges.ts";
import type { Events } from "./events.ts";
import { cannotExpand, paginate, readCreatedFilter } from "./lists.ts";
import type { PaymentIntents } from "./payment-intents.ts";
import { Resource } from "./resource.ts";
import type { RequestContext, StateOptions } from "./types.ts";

export class Refunds extends Resource {
  readonly refunds = new Map<string, Stripe.Refund>();
  private readonly intents: PaymentIntents;
  private readonly charges: Charges;

  constructor(options: StateOptions, events: Events, intents: PaymentIntents, charges: Charges) {
    super(options, events);
    this.intents = intents;
    this.charges = charges;
  }

  reset(): void {
    this.refunds.clear();
  }

  listRefunds(params: FormObject): { data: Stripe.Refund[]; has_more: boolean } {
    rejectUnknownParams(params, ["payment_intent", "charge", "created", "limit", "starting_after", "ending_before", "expand"]);
    const intentId = readString(params, "payment_intent");
    const chargeId = readString(params, "charge");
    const created = readCreatedFilter(params);
    if (intentId) this.intents.intentRecord(intentId, { param: "payment_intent", status: 400 });
    if (chargeId && !this.charges.charges.has(chargeId)) throw noSuchObject("charge", chargeId, { param: "charge", status: 400 });
    let refunds = [...this.refunds.values()].reverse();
    if (intentId) refunds = refunds.filter((refund) => refund.payment_intent === intentId);
    if (chargeId) refunds = refunds.filter((refund) => refund.charge === chargeId);
    if (created) refunds = refunds.filter((refund) => created(refund.created));
    return paginate(refunds, params, "refund");
  }

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
      const record = this.intents.intentRecord(intentId, { param: "payment_intent", status: 400 });
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
      charge = this.charges.charges.get(chargeId ?? "") ?? null;
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
      throw invalidRequest(`Refund amount (${dollars(amount)}) is greater than unrefunded amount on charge (${dollars(remaining)})`, {
        param: "amount",
        code: "amount_too_large",
      });
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
    const charge = typeof refund.charge === "string" ? this.charges.charges.get(refund.charge) : undefined;
    if (charge) {
      charge.amount_refunded -= refund.amount;
      charge.refunded = false;
    }
    this.record("refund.failed", refund, ctx);
    this.record("charge.refund.updated", refund, ctx);
    return refund;
  }

  expandRefund(refund: Stripe.Refund, expand: string[]): Stripe.Refund {
    const view = structuredClone(refund);
    for (const path of expand) {
      if (path === "charge") {
        view.charge = typeof refund.charge === "string" ? structuredClone(this.charges.getCharge(refund.charge)) : null;
      } else if (path === "payment_intent") {
        view.payment_intent = typeof refund.payment_intent === "string" ? structuredClone(this.intents.getPaymentIntent(refund.payment_intent)) : null;
      } else {
        throw cannotExpand(path);
      }
    }
    return view;
  }
}

function dollars(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}
