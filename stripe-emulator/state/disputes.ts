// Disputes: Stripe's dispute and inquiry sequences on a succeeded payment, with their balance
// transactions.
import type Stripe from "stripe";
import { invalidRequest, newId, noSuchObject } from "../wire.ts";
import type { Events } from "./events.ts";
import { unexpectedState } from "./lists.ts";
import type { PaymentIntents } from "./payment-intents.ts";
import { Resource } from "./resource.ts";
import type { DisputeScenario, RequestContext, StateOptions } from "./types.ts";

export class Disputes extends Resource {
  readonly disputes = new Map<string, Stripe.Dispute>();
  private readonly intents: PaymentIntents;

  constructor(options: StateOptions, events: Events, intents: PaymentIntents) {
    super(options, events);
    this.intents = intents;
  }

  reset(): void {
    this.disputes.clear();
  }

  /**
   * Test helper: a dispute on a succeeded payment, run through one of Stripe's real sequences
   * (docs.stripe.com/disputes/how-disputes-work, /disputes/inquiries): events and balance
   * transactions as Stripe emits them. ACH disputes are final: lost at once, funds withdrawn.
   */
  dispute(id: string, scenario: DisputeScenario | null, ctx: RequestContext | null): Stripe.Dispute {
    const record = this.intents.intentRecord(id);
    const { intent, charge } = record;
    if (intent.status !== "succeeded" || !charge) throw unexpectedState(intent, "dispute", ["succeeded"]);
    if (charge.disputed) throw invalidRequest(`Charge ${charge.id} is already disputed.`, { code: "charge_disputed" });
    const amount = charge.amount - charge.amount_refunded;
    if (amount <= 0) throw invalidRequest(`Charge ${charge.id} is fully refunded; there is nothing to dispute.`);
    const isCard = record.method?.type === "card";
    const run: DisputeScenario = isCard ? (scenario ?? "chargeback") : "ach";
    if (!isCard && scenario !== null && scenario !== "ach")
      throw invalidRequest("Bank account disputes are final: only the ach scenario applies.", { param: "scenario" });
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
