// PaymentMethods: one per confirmation, built from the token's card or bank account.
import type Stripe from "stripe";
import { newId, noSuchObject } from "../wire.ts";
import { bankDetails, cardDetails, type MethodData } from "../methods.ts";
import { Resource } from "./resource.ts";

export class PaymentMethods extends Resource {
  readonly paymentMethods = new Map<string, Stripe.PaymentMethod>();

  reset(): void {
    this.paymentMethods.clear();
  }

  createPaymentMethod(method: MethodData): Stripe.PaymentMethod {
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

  getPaymentMethod(id: string): Stripe.PaymentMethod {
    const paymentMethod = this.paymentMethods.get(id);
    if (!paymentMethod) throw noSuchObject("payment_method", id);
    return paymentMethod;
  }
}
