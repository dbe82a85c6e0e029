// The card surcharge. Only credit cards may carry it: debit, prepaid and unknown funding never do,
// whatever the configuration. It is computed once, on the payment's total, rounded half up.
import type { Cents } from "./money";
import { fundingOf, payMethodFor, PAYMENT_METHODS, type MethodPreview, type PayMethod } from "./payment-methods";

/** 3%: the ceiling card networks allow. */
export const MAX_SURCHARGE_BPS = 300;

export interface FeePolicy {
  /** Basis points: 300 = 3%. */
  surchargeBps: number;
  /** Off for firms in states that ban surcharges. */
  surchargeEnabled: boolean;
}

/** Reads the policy from configuration; a rate above 3% is refused at start-up. */
export function parseFeePolicy(rateBps: string | undefined, enabled: string | undefined): FeePolicy {
  const bps = rateBps === undefined || rateBps === "" ? MAX_SURCHARGE_BPS : Number(rateBps);
  if (!Number.isInteger(bps) || bps < 0) throw new Error(`SURCHARGE_BPS must be a whole number of basis points, got "${rateBps}"`);
  if (bps > MAX_SURCHARGE_BPS) throw new Error(`SURCHARGE_BPS ${bps} is above the ${MAX_SURCHARGE_BPS} (3%) ceiling`);
  const on = enabled === undefined || enabled === "" ? true : !["false", "0", "off", "no"].includes(enabled.toLowerCase());
  return { surchargeBps: bps, surchargeEnabled: on && bps > 0 };
}

/** bps of an amount, rounded half up to the cent, in integer arithmetic. */
export function surchargeOf(amountCents: Cents, bps: number): Cents {
  return Math.floor((amountCents * bps + 5_000) / 10_000);
}

/** The fee for a payment method; zero for everything but a credit card (of a surchargeable method). */
export function feeFor(method: MethodPreview, subtotalCents: Cents, policy: FeePolicy): Cents {
  if (!PAYMENT_METHODS[payMethodFor(method.type)].surchargeable || fundingOf(method) !== "credit") return 0;
  return policy.surchargeEnabled ? surchargeOf(subtotalCents, policy.surchargeBps) : 0;
}

export interface Quote {
  subtotalCents: Cents;
  feeCents: Cents;
  totalCents: Cents;
}

export function quote(subtotalCents: Cents, method: MethodPreview, policy: FeePolicy): Quote {
  return withFee(subtotalCents, feeFor(method, subtotalCents, policy));
}

function withFee(subtotalCents: Cents, feeCents: Cents): Quote {
  return { subtotalCents, feeCents, totalCents: subtotalCents + feeCents };
}

/** The most a method can cost, shown before the client picks one: a credit card's, if it may carry the fee. */
export function highestQuote(method: PayMethod, subtotalCents: Cents, policy: FeePolicy): Quote {
  const surcharged = PAYMENT_METHODS[method].surchargeable && policy.surchargeEnabled;
  return withFee(subtotalCents, surcharged ? surchargeOf(subtotalCents, policy.surchargeBps) : 0);
}

/** What a credit card would cost (the amounts step shows it beside the amounts). */
export function creditCardQuote(subtotalCents: Cents, policy: FeePolicy): Quote {
  return highestQuote("card", subtotalCents, policy);
}

/** Percentage for display: 300 -> "3%", 250 -> "2.5%". */
export function formatRate(bps: number): string {
  return `${(bps / 100).toString()}%`;
}
