// Payouts (bank deposits) for the emulator: balance transactions derived from what the state
// holds (each succeeded charge with Stripe's fee, each refund that has not failed), and a payout
// run that sweeps every settled, not yet paid out transaction into one payout, as Stripe's daily
// automatic payouts do. Fees follow Stripe's US list prices: cards 2.9% + 30¢, ACH 0.8% capped at $5.
import type Stripe from "stripe";
import type { EmulatorState } from "./state.ts";
import { paginate, readRangeFilter } from "./state/lists.ts";
import { invalidRequest, newId, noSuchObject, readString, rejectUnknownParams, type FormObject } from "./wire.ts";

const DAY = 24 * 60 * 60;

/** What a payout's status can be. */
export const PAYOUT_STATUSES = ["pending", "in_transit", "paid", "failed", "canceled"] as const;
/** What GET /v1/payouts?status= accepts: Stripe documents these four (not in_transit). */
export const PAYOUT_LIST_STATUSES = ["pending", "paid", "failed", "canceled"] as const;

export function stripeFee(amount: number, method: "card" | "us_bank_account"): number {
  if (method === "us_bank_account") return Math.min(500, Math.round(amount * 0.008));
  return Math.round(amount * 0.029) + 30;
}

function transaction(fields: {
  id: string;
  amount: number;
  fee: number;
  created: number;
  source: string;
  type: "charge" | "refund" | "payout";
  description: string | null;
  category: string;
}): Stripe.BalanceTransaction {
  return {
    id: fields.id,
    object: "balance_transaction",
    amount: fields.amount,
    available_on: fields.created,
    balance_type: "payments",
    created: fields.created,
    currency: "usd",
    description: fields.description,
    exchange_rate: null,
    fee: fields.fee,
    fee_details: fields.fee ? [{ amount: fields.fee, application: null, currency: "usd", description: "Stripe processing fees", type: "stripe_fee" }] : [],
    net: fields.amount - fields.fee,
    reporting_category: fields.category,
    source: fields.source,
    status: "available",
    type: fields.type,
  };
}

export class PayoutBook {
  readonly payouts: Stripe.Payout[] = [];
  /** Balance transaction id -> the payout that carried it. */
  private readonly paidIn = new Map<string, string>();
  private readonly payoutTransactions = new Map<string, Stripe.BalanceTransaction>();

  constructor(
    private readonly state: EmulatorState,
    private readonly now: () => number,
  ) {}

  reset(): void {
    this.payouts.length = 0;
    this.paidIn.clear();
    this.payoutTransactions.clear();
  }

  /** Every balance transaction the state implies, oldest first. */
  transactions(): Stripe.BalanceTransaction[] {
    const list: Stripe.BalanceTransaction[] = [];
    for (const charge of this.state.charges.charges.values()) {
      if (charge.status !== "succeeded" || typeof charge.balance_transaction !== "string") continue;
      const method = charge.payment_method_details?.type === "us_bank_account" ? "us_bank_account" : "card";
      list.push(
        transaction({
          id: charge.balance_transaction,
          amount: charge.amount,
          fee: stripeFee(charge.amount, method),
          created: charge.created,
          source: charge.id,
          type: "charge",
          description: charge.description,
          category: "charge",
        }),
      );
    }
    for (const refund of this.state.refunds.refunds.values()) {
      if (refund.status === "failed" || refund.status === "canceled" || typeof refund.balance_transaction !== "string") continue;
      list.push(
        transaction({
          id: refund.balance_transaction,
          amount: -refund.amount,
          fee: 0,
          created: refund.created,
          source: refund.id,
          type: "refund",
          description: "REFUND FOR PAYMENT",
          category: "refund",
        }),
      );
    }
    list.push(...this.payoutTransactions.values());
    return list.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
  }

  /** The daily payout: everything available now and not paid out yet, if it adds up to more than zero. */
  run(): Stripe.Payout | null {
    const nowSeconds = Math.floor(this.now() / 1000);
    const due = this.transactions().filter((t) => t.type !== "payout" && !this.paidIn.has(t.id) && t.available_on <= nowSeconds);
    const amount = due.reduce((sum, t) => sum + t.net, 0);
    if (due.length === 0 || amount <= 0) return null;
    const id = newId("po");
    const txn = transaction({
      id: newId("txn"),
      amount: -amount,
      fee: 0,
      created: nowSeconds,
      source: id,
      type: "payout",
      description: "STRIPE PAYOUT",
      category: "payout",
    });
    const payout: Stripe.Payout = {
      id,
      object: "payout",
      amount,
      application_fee: null,
      application_fee_amount: null,
      // Stripe gives the arrival as a day: midnight UTC of the bank day the money lands.
      arrival_date: (Math.floor(nowSeconds / DAY) + 2) * DAY,
      automatic: true,
      balance_transaction: txn.id,
      created: nowSeconds,
      currency: "usd",
      description: "STRIPE PAYOUT",
      destination: "ba_emulator_firm_operating",
      failure_balance_transaction: null,
      failure_code: null,
      failure_message: null,
      livemode: false,
      metadata: {},
      method: "standard",
      original_payout: null,
      payout_method: null,
      reconciliation_status: "completed",
      reversed_by: null,
      source_type: "card",
      statement_descriptor: null,
      status: "paid",
      trace_id: null,
      type: "bank_account",
    };
    for (const t of due) this.paidIn.set(t.id, id);
    this.paidIn.set(txn.id, id);
    this.payoutTransactions.set(txn.id, txn);
    this.payouts.push(payout);
    return payout;
  }

  listPayouts(params: FormObject): { data: Stripe.Payout[]; has_more: boolean } {
    rejectUnknownParams(params, ["limit", "starting_after", "ending_before", "arrival_date", "created", "destination", "status", "expand"]);
    const status = readString(params, "status");
    if (status !== undefined && !(PAYOUT_LIST_STATUSES as readonly string[]).includes(status)) {
      throw invalidRequest(`Invalid status: must be one of ${PAYOUT_LIST_STATUSES.slice(0, -1).join(", ")}, or ${PAYOUT_LIST_STATUSES.at(-1)}`, {
        param: "status",
      });
    }
    const arrival = readRangeFilter(params, "arrival_date");
    const created = readRangeFilter(params, "created");
    const destination = readString(params, "destination");
    const newestFirst = [...this.payouts]
      .reverse()
      .filter(
        (p) =>
          (!status || p.status === status) &&
          (!arrival || arrival(p.arrival_date)) &&
          (!created || created(p.created)) &&
          (!destination || p.destination === destination),
      );
    return paginate(newestFirst, params, "payout");
  }

  listBalanceTransactions(params: FormObject): { data: Stripe.BalanceTransaction[]; has_more: boolean } {
    rejectUnknownParams(params, ["limit", "starting_after", "ending_before", "created", "currency", "payout", "source", "type", "expand"]);
    const payout = readString(params, "payout");
    if (payout && !this.payouts.some((p) => p.id === payout)) throw noSuchObject("payout", payout, { param: "payout", status: 400 });
    const type = readString(params, "type");
    const source = readString(params, "source");
    const newestFirst = this.transactions()
      .reverse()
      .filter((t) => (!payout || this.paidIn.get(t.id) === payout) && (!type || t.type === type) && (!source || t.source === source));
    return paginate(newestFirst, params, "balance_transaction");
  }
}
