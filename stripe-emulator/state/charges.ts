// Charges: one per payment attempt, as Stripe creates them behind a PaymentIntent.
import type Stripe from "stripe";
import { fingerprint, newId, noSuchObject } from "../wire.ts";
import { approvedOutcome, chargeCardDetails, declinedOutcome } from "../methods.ts";
import { Resource } from "./resource.ts";
import type { IntentRecord } from "./types.ts";

export class Charges extends Resource {
  readonly charges = new Map<string, Stripe.Charge>();

  reset(): void {
    this.charges.clear();
  }

  createCharge(
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

  getCharge(id: string): Stripe.Charge {
    const charge = this.charges.get(id);
    if (!charge) throw noSuchObject("charge", id);
    return charge;
  }
}
