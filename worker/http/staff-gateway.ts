// The staff Worker's way to the payment provider: the Stripe SDK itself, which only this Worker
// bundles (the client Worker reaches it through the Checkout entrypoint: gateways/checkout-rpc.ts).
import type { Context } from "hono";
import { stripeApiBase, type AppEnv, type RequestDeps, type WorkerEnv } from "../env";
import type { PaymentGateway } from "../gateways/payments";
import { createStripeGateway } from "../gateways/stripe";

const gatewayOfEnv = new WeakMap<WorkerEnv, PaymentGateway>();

/** One gateway per isolate's environment: the SDK keeps no per-request state. */
export function stripeGatewayFor(env: WorkerEnv): PaymentGateway {
  let gateway = gatewayOfEnv.get(env);
  if (!gateway) {
    gateway = createStripeGateway({ secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: stripeApiBase(env) });
    gatewayOfEnv.set(env, gateway);
  }
  return gateway;
}

/** The request's dependencies with the whole gateway (refunds, cancels, payouts, webhooks), for staff routes. */
export function staffDeps(c: Context<AppEnv>): RequestDeps & { gateway: PaymentGateway } {
  return { ...c.get("deps"), gateway: stripeGatewayFor(c.env) };
}
