// Steps 5-8: method, amounts, payment details, review and confirm. Every figure is recomputed
// here from the ledger and the provider's view of the payment method; the browser only asks.
import { checkAmounts, recheckAllocations, type AmountError, type PlannedAllocation } from "../domain/amounts";
import { isEmailAddress } from "../domain/email-address";
import { PortalError, type CheckoutProblem, type DetailsProblem, type RefreshProblem } from "../domain/errors";
import { creditCardQuote, highestQuote, quote, type FeePolicy, type Quote } from "../domain/fees";
import type { ItemWithBalance } from "../domain/items";
import type { Language } from "../domain/language";
import {
  fundingOf,
  isPayMethod,
  methodLabel,
  PAY_METHODS,
  PAYMENT_METHODS,
  payMethodFor,
  portalMethod,
  type MethodPreview,
  type PayMethod,
} from "../domain/payment-methods";
import { GatewayRequestError, GatewayUnavailableError, type CreatePaymentInput, type GatewayPayment, type PaymentGateway } from "../gateways/payments";
import type { Database } from "../storage/db";
import {
  advancePayment,
  claimProviderCall,
  findPaymentByIntent,
  findPaymentForClient,
  listStrandedAttempts,
  releaseProviderCall,
  reservePayment,
  type PaymentRecord,
} from "../storage/payments-repo";
import { updateCheckout, type SessionLedger, type SessionRecord } from "../storage/sessions-repo";
import { applyGatewayPayment } from "./ledger";
import { recordReconcileFailure } from "./reconcile";
import { loadPortal, type PortalView } from "./portal";
import { newSessionId } from "./sessions";

export type { PayMethod } from "../domain/payment-methods";
export type { CheckoutProblem, RefreshProblem } from "../domain/errors";

export interface CheckoutDeps {
  db: Database;
  now: () => number;
  gateway: PaymentGateway;
  feePolicy: FeePolicy;
}

export interface CheckoutView {
  portal: PortalView;
  /** The saved selection, as items still payable now. */
  selected: ItemWithBalance[];
}

/** The selection saved by "OK", re-read against fresh balances (`ledger`: read with the session). */
export async function loadCheckout(db: Database, session: SessionRecord, ledger: SessionLedger | null = null): Promise<CheckoutView> {
  const portal = await loadPortal(db, session.clientId, ledger);
  const wanted = new Set(session.selection ?? []);
  const selected = portal.items.filter((item) => wanted.has(item.id) && item.payableCents > 0);
  if (selected.length === 0) throw new PortalError("validation", "no selection", { fieldErrors: { step: "items" } });
  return { portal, selected };
}

/** Step 5: each method's highest cost for the selection, in the method table's order. */
export function methodChoice(view: CheckoutView, policy: FeePolicy): { subtotalCents: number; quotes: { method: PayMethod; quote: Quote }[] } {
  const subtotalCents = view.selected.reduce((sum, item) => sum + item.payableCents, 0);
  return { subtotalCents, quotes: PAY_METHODS.map((method) => ({ method, quote: highestQuote(method, subtotalCents, policy) })) };
}

export async function chooseMethod(db: Database, session: SessionRecord, method: string): Promise<PayMethod> {
  if (!isPayMethod(method)) throw new PortalError("validation", "unknown method", { fieldErrors: { method: "unknown" } });
  // Changing the method invalidates payment details entered for the other one.
  await updateCheckout(db, session.id, { payMethod: method, confirmationToken: null, attemptId: null });
  return method;
}

/** Amounts shown in step 6: the saved ones if still valid for the selection, else each balance. */
export function currentAmounts(view: CheckoutView, session: SessionRecord): Map<number, string> {
  const saved = new Map((session.amounts ?? []).map((a) => [a.itemId, a.cents]));
  return new Map(view.selected.map((item) => [item.id, ((saved.get(item.id) ?? item.payableCents) / 100).toFixed(2)]));
}

export interface AmountsPreview {
  errors: Map<number, AmountError>;
  subtotalCents: number;
  cardQuote: Quote;
}

export function previewAmounts(view: CheckoutView, typed: Map<number, string>, policy: FeePolicy): AmountsPreview {
  const check = checkAmounts(view.selected, view.selected.map((item) => item.id), typed);
  return {
    errors: check.ok ? new Map() : check.errors,
    subtotalCents: check.subtotalCents,
    cardQuote: creditCardQuote(check.subtotalCents, policy),
  };
}

/** "invalid": the amounts' own errors come from previewAmounts, which the form shows. */
export async function saveAmounts(db: Database, session: SessionRecord, view: CheckoutView, typed: Map<number, string>): Promise<{ outcome: "saved" } | { outcome: "invalid" }> {
  const check = checkAmounts(view.selected, view.selected.map((item) => item.id), typed);
  if (!check.ok) return { outcome: "invalid" };
  await updateCheckout(db, session.id, { amounts: JSON.stringify(check.allocations), confirmationToken: null, attemptId: null });
  return { outcome: "saved" };
}

/** Step 7: the ConfirmationToken made by Stripe.js in the browser, and the receipt email. */
export async function saveDetails(
  db: Database,
  session: SessionRecord,
  input: { email: string; confirmationToken: string },
): Promise<{ outcome: "saved" } | { outcome: "invalid"; problem: DetailsProblem }> {
  const email = input.email.trim();
  if (!isEmailAddress(email)) return { outcome: "invalid", problem: "email_invalid" };
  if (!/^ctoken_[A-Za-z0-9_]{1,200}$/.test(input.confirmationToken)) return { outcome: "invalid", problem: "details_missing" };
  // A new attempt id per set of details: the idempotency key of the charge that may follow.
  await updateCheckout(db, session.id, { receiptEmail: email, confirmationToken: input.confirmationToken, attemptId: newSessionId() });
  return { outcome: "saved" };
}

export interface ReviewLine {
  item: ItemWithBalance;
  cents: number;
}

export interface Review {
  lines: ReviewLine[];
  method: MethodPreview;
  quote: Quote;
  attemptId: string;
  receiptEmail: string;
}

/** Back to a step, with the problem to show there. */
type BackTo = { outcome: "back"; step: "items" | "amounts" | "details"; problem: CheckoutProblem };

export type ReviewResult = { outcome: "review"; review: Review } | BackTo;

/** Step 8: the server decides the fee from the provider's view of the payment method. */
export async function buildReview(deps: CheckoutDeps, session: SessionRecord, ledger: SessionLedger | null = null): Promise<ReviewResult> {
  let view: CheckoutView;
  try {
    view = await loadCheckout(deps.db, session, ledger);
  } catch {
    return { outcome: "back", step: "items", problem: "amounts_changed" };
  }
  if (!session.amounts) return { outcome: "back", step: "amounts", problem: "amounts_changed" };
  if (!session.confirmationToken || !session.attemptId || !session.receiptEmail) return { outcome: "back", step: "details", problem: "details_missing" };
  const check = recheckAllocations(view.selected, session.amounts);
  if (!check.ok) return { outcome: "back", step: "amounts", problem: "amounts_changed" };

  let method: MethodPreview;
  try {
    const token = await deps.gateway.retrieveConfirmationToken(session.confirmationToken);
    if (token.expiresAt <= deps.now()) return { outcome: "back", step: "details", problem: "details_expired" };
    method = token.method;
  } catch (error) {
    if (error instanceof GatewayRequestError) return { outcome: "back", step: "details", problem: "details_expired" };
    if (error instanceof GatewayUnavailableError) throw new PortalError("unavailable", "provider unavailable");
    throw error;
  }
  const chosen = session.payMethod;
  if (!chosen || method.type !== PAYMENT_METHODS[chosen].providerType) return { outcome: "back", step: "details", problem: "method_mismatch" };

  const byId = new Map(view.selected.map((item) => [item.id, item]));
  const lines = check.allocations.map((a: PlannedAllocation) => ({ item: byId.get(a.itemId)!, cents: a.cents }));
  return {
    outcome: "review",
    review: { lines, method, quote: quote(check.subtotalCents, method, deps.feePolicy), attemptId: session.attemptId, receiptEmail: session.receiptEmail },
  };
}

export type ConfirmResult =
  | { outcome: "paid"; paymentId: string }
  | { outcome: "changed"; review: Review }
  | BackTo
  | { outcome: "unavailable"; paymentId: string | null };

/**
 * Confirm. Safe to repeat: the payment row's id is the attempt id and the provider call carries an
 * idempotency key derived from it, so a double click, a retry or a reload never charges twice.
 */
export async function confirmPayment(
  deps: CheckoutDeps,
  session: SessionRecord,
  request: { expectedTotalCents: number; attemptId: string; language: Language; returnUrl: string; clientNumber: string },
  ledger: SessionLedger | null = null,
): Promise<ConfirmResult> {
  // A second click, or a retry after an unknown outcome: continue the same attempt.
  // It resends the attempt's own frozen request, whatever details the session holds now.
  const existing = await findPaymentForClient(deps.db, session.clientId, request.attemptId);
  if (existing) return continueAttempt(deps, existing, session, { methodChecked: false });
  if (request.attemptId !== session.attemptId) return { outcome: "back", step: "details", problem: "details_missing" };

  const built = await buildReview(deps, session, ledger);
  if (built.outcome === "back") return built;
  const review = built.review;
  // Anything moved since the client saw the review (a balance, the card's funding): show the new figures.
  if (review.quote.totalCents !== request.expectedTotalCents) return { outcome: "changed", review };

  const providerRequest: CreatePaymentInput = {
    amountCents: review.quote.totalCents,
    confirmationTokenId: session.confirmationToken!,
    methodType: review.method.type,
    idempotencyKey: `portal-payment-${review.attemptId}`,
    receiptEmail: review.receiptEmail,
    returnUrl: request.returnUrl,
    description: `Client ${request.clientNumber} invoice payment`,
    metadata: {
      portal_payment_id: review.attemptId,
      client_number: request.clientNumber,
      subtotal_cents: String(review.quote.subtotalCents),
      fee_cents: String(review.quote.feeCents),
      card_funding: fundingOf(review.method) ?? "",
    },
  };
  const reserved = await reservePayment(
    deps.db,
    {
      id: review.attemptId,
      clientId: session.clientId,
      method: payMethodFor(review.method.type),
      cardFunding: fundingOf(review.method),
      methodLabel: methodLabel(review.method),
      subtotalCents: review.quote.subtotalCents,
      feeCents: review.quote.feeCents,
      totalCents: review.quote.totalCents,
      receiptEmail: review.receiptEmail,
      language: request.language,
      providerRequest: JSON.stringify(providerRequest),
      now: deps.now(),
    },
    review.lines.map((line) => ({ itemId: line.item.id, cents: line.cents })),
  );
  if (reserved === "overpayment") return { outcome: "back", step: "amounts", problem: "already_paid" };
  // "exists": a simultaneous confirm of this same attempt recorded it; continue it below.
  const payment = await findPaymentForClient(deps.db, session.clientId, review.attemptId);
  // The review above has just read this token's method: no need to read it again before charging.
  return continueAttempt(deps, payment!, session, { methodChecked: reserved === "reserved" });
}

/**
 * Sends an attempt's frozen request, or asks Stripe what became of it. An answer that may hide a
 * charge (network error, 5xx, timeout, idempotency_error) never marks the payment failed: the
 * PaymentIntent is looked up and the ledger follows it; without one, the client may retry.
 */
async function continueAttempt(deps: CheckoutDeps, payment: PaymentRecord, session: SessionRecord, options: { methodChecked: boolean }): Promise<ConfirmResult> {
  if (payment.status !== "created") return { outcome: "paid", paymentId: payment.id };
  // Another request is talking to the provider about this payment right now: show its progress.
  if (!(await claimProviderCall(deps.db, payment.id, deps.now(), PROVIDER_CALL_LEASE_MS))) return { outcome: "paid", paymentId: payment.id };
  try {
    const request = payment.providerRequest ? (JSON.parse(payment.providerRequest) as CreatePaymentInput) : null;
    // An attempt recorded without its request cannot be resent exactly: only Stripe can say what it did.
    if (!request) return await followStripe(deps, payment, session, "refused");
    if (!options.methodChecked && !(await chargesQuotedMethod(deps, payment, request.confirmationTokenId))) {
      // The token to be charged is not the method the fee was quoted for: refuse rather than charge it.
      const known = await deps.gateway.findPaymentForAttempt(payment.id, payment.createdAt);
      if (known) return await applied(deps, payment, session, request, known);
      await releaseAttempt(deps, payment, "method_changed");
      await forgetDetails(deps, session, request.confirmationTokenId, true);
      return { outcome: "back", step: "details", problem: "method_mismatch" };
    }
    try {
      return await applied(deps, payment, session, request, await deps.gateway.createPayment(request));
    } catch (error) {
      if (error instanceof GatewayRequestError && error.code !== "idempotency_error") return await followStripe(deps, payment, session, "refused", request);
      if (error instanceof GatewayRequestError || error instanceof GatewayUnavailableError) return await followStripe(deps, payment, session, "unknown", request);
      throw error;
    }
  } catch (error) {
    // Stripe could not be reached to ask either: still unknown, the client may retry safely.
    if (error instanceof GatewayUnavailableError) return { outcome: "unavailable", paymentId: payment.id };
    throw error;
  } finally {
    await releaseProviderCall(deps.db, payment.id);
  }
}

async function applied(deps: CheckoutDeps, payment: PaymentRecord, session: SessionRecord, request: CreatePaymentInput, result: GatewayPayment): Promise<ConfirmResult> {
  await applyGatewayPayment(deps.db, payment, result, deps.now());
  // The token is spent whatever the outcome; a failed attempt needs new details.
  await forgetDetails(deps, session, request.confirmationTokenId, result.status === "failed");
  return { outcome: "paid", paymentId: payment.id };
}

/**
 * After an error: the PaymentIntent this attempt made, if Stripe has one, decides. Without one, a
 * refusal (an expired or used token) releases the attempt; an unknown outcome leaves it to retry.
 */
async function followStripe(deps: CheckoutDeps, payment: PaymentRecord, session: SessionRecord, outcome: "refused" | "unknown", request?: CreatePaymentInput): Promise<ConfirmResult> {
  const known = payment.stripePaymentIntentId
    ? await deps.gateway.retrievePayment(payment.stripePaymentIntentId)
    : await deps.gateway.findPaymentForAttempt(payment.id, payment.createdAt);
  if (known) {
    await applyGatewayPayment(deps.db, payment, known, deps.now());
    if (request) await forgetDetails(deps, session, request.confirmationTokenId, known.status === "failed");
    return { outcome: "paid", paymentId: payment.id };
  }
  if (outcome === "unknown") return { outcome: "unavailable", paymentId: payment.id };
  await releaseAttempt(deps, payment, request ? "details_refused" : "not_sent");
  if (request) await forgetDetails(deps, session, request.confirmationTokenId, true);
  return { outcome: "back", step: "details", problem: "details_expired" };
}

/** Re-reads the token about to be charged: same type, funding and card as the quote, or false. */
async function chargesQuotedMethod(deps: CheckoutDeps, payment: PaymentRecord, tokenId: string): Promise<boolean> {
  let method: MethodPreview;
  try {
    method = (await deps.gateway.retrieveConfirmationToken(tokenId)).method;
  } catch (error) {
    if (error instanceof GatewayRequestError) return false;
    throw error;
  }
  if (method.type !== portalMethod(payment.method)?.providerType || methodLabel(method) !== payment.methodLabel) return false;
  return fundingOf(method) === payment.cardFunding;
}

/** Releases the reservation of an attempt Stripe never charged. */
async function releaseAttempt(deps: CheckoutDeps, payment: PaymentRecord, code: "not_sent" | "method_changed" | "details_refused"): Promise<void> {
  await advancePayment(deps.db, { paymentId: payment.id, to: "failed", from: ["created"], failureCode: code, failureMessage: null, now: deps.now() }, null);
}

/** Clears the session's details only if they are the ones this attempt used (not newer ones). */
async function forgetDetails(deps: CheckoutDeps, session: SessionRecord, tokenId: string, attemptOver: boolean): Promise<void> {
  if (session.confirmationToken !== tokenId) return;
  await updateCheckout(deps.db, session.id, attemptOver ? { confirmationToken: null, attemptId: null } : { confirmationToken: null });
}

/**
 * A client coming back: attempts recorded but never answered (an outage while paying) are settled
 * at once instead of holding the items for a day. Stripe is asked; what it never received is
 * released, and the session's details are kept under a new attempt id so the client can retry.
 */
export async function settleStrandedAttempts(deps: CheckoutDeps, session: SessionRecord, stranded?: PaymentRecord[]): Promise<SessionRecord> {
  const released: string[] = [];
  for (const payment of stranded ?? (await listStrandedAttempts(deps.db, session.clientId, deps.now()))) {
    if (!(await claimProviderCall(deps.db, payment.id, deps.now(), PROVIDER_CALL_LEASE_MS))) continue;
    try {
      const known = await deps.gateway.findPaymentForAttempt(payment.id, payment.createdAt);
      if (known) await applyGatewayPayment(deps.db, payment, known, deps.now());
      else {
        await releaseAttempt(deps, payment, "not_sent");
        released.push(payment.id);
      }
    } catch (error) {
      if (!(error instanceof GatewayUnavailableError)) throw error;
    } finally {
      await releaseProviderCall(deps.db, payment.id);
    }
  }
  if (!session.attemptId || !released.includes(session.attemptId)) return session;
  const attemptId = newSessionId();
  await updateCheckout(deps.db, session.id, { attemptId });
  return { ...session, attemptId };
}

/**
 * settleStrandedAttempts with what the session's batch read: the ledger stays usable only when
 * there was nothing to settle (settling changes balances).
 */
export async function settleWithLedger(
  deps: CheckoutDeps,
  session: SessionRecord,
  ledger: SessionLedger | null,
): Promise<{ session: SessionRecord; ledger: SessionLedger | null }> {
  const settled = await settleStrandedAttempts(deps, session, ledger?.stranded);
  return { session: settled, ledger: ledger && ledger.stranded.length === 0 ? ledger : null };
}

/** Longer than the SDK's timeout with its retries, so a lease never ends while a call is alive. */
const PROVIDER_CALL_LEASE_MS = 90_000;

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

/** After 3D Secure or microdeposits: ask the provider how it ended. Never throws for a provider problem. */
export async function refreshPayment(
  deps: CheckoutDeps,
  clientId: number,
  paymentId: string,
): Promise<{ payment: PaymentRecord; problem: RefreshProblem | null }> {
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
  return { payment: (await findPaymentForClient(deps.db, clientId, paymentId))!, problem };
}

/** A credit card's total beside the amounts, when the chosen method may carry the fee. */
export function surchargeQuoteFor(method: PayMethod | null, preview: AmountsPreview): Quote | null {
  return method && PAYMENT_METHODS[method].surchargeable ? preview.cardQuote : null;
}
