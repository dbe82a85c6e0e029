// The client's checkout talks to the payment provider through the staff Worker: the Stripe SDK
// (almost half the client Worker's code) and the secret key live there only. The staff Worker's
// Checkout entrypoint (worker/staff-index.ts) runs the four calls a checkout makes and answers
// with an outcome; this side turns the outcome back into the gateway's own errors, so the checkout
// code cannot tell the hop is there.
//
// Errors are carried as values because Workers RPC keeps only an error's message and name across
// the hop: GatewayRequestError's code, which the checkout reads, would be lost.
import { GatewayRequestError, GatewayUnavailableError } from "../domain/gateway-errors";
import type { CheckoutGateway } from "./payments";

export type GatewayOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: "request"; message: string; code: string | null }
  | { ok: false; error: "unavailable"; message: string };

/** The staff Worker's side: a gateway call's result or its expected failure, as a value. Anything else is thrown. */
export async function settle<T>(call: () => Promise<T>): Promise<GatewayOutcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (error instanceof GatewayRequestError) return { ok: false, error: "request", message: error.message, code: error.code };
    if (error instanceof GatewayUnavailableError) return { ok: false, error: "unavailable", message: error.message };
    throw error;
  }
}

/** What the client Worker's CHECKOUT binding offers (the staff Worker's Checkout entrypoint): each checkout call, answering with an outcome. */
export type CheckoutService = {
  [Call in keyof CheckoutGateway]: (...args: Parameters<CheckoutGateway[Call]>) => Promise<GatewayOutcome<Awaited<ReturnType<CheckoutGateway[Call]>>>>;
};

/**
 * The client Worker's side. A hop that fails (the staff Worker unreachable, or it threw) is
 * GatewayUnavailableError: the outcome is unknown, as when Stripe itself does not answer, and the
 * checkout already handles that safely (the payment's idempotency key, then a lookup by attempt).
 */
export function checkoutGatewayOverRpc(service: CheckoutService): CheckoutGateway {
  async function call<T>(hop: () => Promise<GatewayOutcome<T>>): Promise<T> {
    let outcome: GatewayOutcome<T>;
    try {
      outcome = await hop();
    } catch (error) {
      throw new GatewayUnavailableError(`checkout service: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (outcome.ok) return outcome.value;
    if (outcome.error === "request") throw new GatewayRequestError(outcome.message, outcome.code);
    throw new GatewayUnavailableError(outcome.message);
  }
  return {
    retrieveConfirmationToken: (id) => call(() => service.retrieveConfirmationToken(id)),
    createPayment: (input) => call(() => service.createPayment(input)),
    retrievePayment: (paymentIntentId) => call(() => service.retrievePayment(paymentIntentId)),
    findPaymentForAttempt: (portalPaymentId, createdSince) => call(() => service.findPaymentForAttempt(portalPaymentId, createdSince)),
  };
}
