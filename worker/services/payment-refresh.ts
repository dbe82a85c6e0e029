// After the confirm: the payment page asks Stripe how an attempt ended (3D Secure, microdeposits,
// a redirect back from the bank), for the owning client only. Never throws for a provider problem.
import type { RefreshProblem } from "../domain/errors";
import { GatewayRequestError, GatewayUnavailableError } from "../gateways/payments";
import { findPaymentByIntent, findPaymentForClient, type PaymentRecord } from "../storage/payments-repo";
import { PortalError } from "../domain/errors";
import type { CheckoutDeps } from "./checkout";
import { applyGatewayPayment, recordReconcileFailure } from "./ledger";

/**
 * The payment a Stripe return URL names, for this client only: another client's PaymentIntent is
 * "not found", exactly like a missing one. Asks the provider once, so the page is current.
 */
export async function refreshReturnedPayment(deps: CheckoutDeps, clientId: number, paymentIntentId: string): Promise<string> {
  const found = /^pi_[A-Za-z0-9_]{1,200}$/.test(paymentIntentId) ? await findPaymentByIntent(deps.db, paymentIntentId) : null;
  if (!found || found.clientId !== clientId) throw new PortalError("not_found", "no such payment");
  await refreshPayment(deps, found.clientId, found.id);
  return found.id;
}

/**
 * The client secret Stripe.js needs while the bank asks the client to confirm (3D Secure), for the
 * owning session's page only; none for anything else. The provider unreachable: no secret, and why.
 */
export async function actionSecret(
  deps: CheckoutDeps,
  payment: Pick<PaymentRecord, "status" | "stripePaymentIntentId" | "verificationUrl">,
): Promise<{ clientSecret: string | null; problem: RefreshProblem | null }> {
  if (payment.status !== "requires_action" || !payment.stripePaymentIntentId || payment.verificationUrl) return { clientSecret: null, problem: null };
  try {
    return { clientSecret: (await deps.gateway.retrievePayment(payment.stripePaymentIntentId)).clientSecret, problem: null };
  } catch (error) {
    if (error instanceof GatewayRequestError || error instanceof GatewayUnavailableError) return { clientSecret: null, problem: "refresh_unavailable" };
    throw error;
  }
}

/**
 * How "check again" ended: the payment as it stands now ("current": the provider was asked if the
 * payment was still waiting on it), or as it stood, because the provider could not say.
 */
export type RefreshResult = { outcome: "current"; payment: PaymentRecord } | { outcome: "unanswered"; payment: PaymentRecord; problem: RefreshProblem };

/** After 3D Secure or microdeposits: ask the provider how it ended. Never throws for a provider problem. */
export async function refreshPayment(deps: CheckoutDeps, clientId: number, paymentId: string): Promise<RefreshResult> {
  const payment = await findPaymentForClient(deps.db, clientId, paymentId);
  if (!payment) throw new PortalError("not_found", "no such payment");
  let problem: RefreshProblem | null = null;
  if (payment.stripePaymentIntentId && (payment.status === "requires_action" || payment.status === "created" || payment.status === "processing")) {
    try {
      const result = await deps.gateway.retrievePayment(payment.stripePaymentIntentId);
      await applyGatewayPayment(deps.db, payment, result, deps.now());
    } catch (error) {
      if (error instanceof GatewayUnavailableError) problem = "refresh_unavailable";
      else if (error instanceof GatewayRequestError) {
        // The provider refuses to answer about this payment (e.g. 404): staff must look at it.
        await recordReconcileFailure(deps.db, payment.id, error, deps.now());
        problem = "refresh_refused";
      } else throw error;
    }
  }
  const now = (await findPaymentForClient(deps.db, clientId, paymentId))!;
  return problem ? { outcome: "unanswered", payment: now, problem } : { outcome: "current", payment: now };
}
