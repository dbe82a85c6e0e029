// Steps 5-8: method, amounts, payment details, review and confirm. Every figure is recomputed
// here from the ledger and the provider's view of the payment method; the browser only asks.
import { checkAmounts, recheckAllocations, type AmountError, type PlannedAllocation } from "../domain/amounts";
import { isEmailAddress } from "../domain/email-address";
import { PortalError, type CheckoutProblem, type DetailsProblem } from "../domain/errors";
import { creditCardQuote, highestQuote, quote, type FeePolicy, type Quote } from "../domain/fees";
import type { ItemWithBalance } from "../domain/items";
import type { Language } from "../domain/language";
import { amountsJson, parseReviewBasis, reviewBasisText, type ReviewBasis } from "../domain/review-basis";
import { sumCents } from "../domain/money";
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
import { GatewayRequestError, GatewayUnavailableError, type CheckoutGateway, type CreatePaymentInput, type GatewayPayment } from "../gateways/payments";
import type { BatchStatement, Database } from "../storage/db";
import {
  advancePayment,
  claimProviderCall,
  confirmAttemptPart,
  isOverpayment,
  listStrandedAttempts,
  releaseProviderCall,
  releaseProviderCallQuery,
  type PaymentRecord,
} from "../storage/payments-repo";
import { forgetDetailsQuery, updateCheckout, type SessionBatchPart, type SessionLedger, type SessionRecord } from "../storage/sessions-repo";
import { applyGatewayPayment } from "./ledger";
import { loadPortal, type PortalView } from "./portal";
import { newSessionId } from "./sessions";

export type { PayMethod } from "../domain/payment-methods";
export type { ReviewBasis } from "../domain/review-basis";
export type { CheckoutProblem, RefreshProblem } from "../domain/errors";

export interface CheckoutDeps {
  db: Database;
  now: () => number;
  gateway: CheckoutGateway;
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
  const check = checkAmounts(
    view.selected,
    view.selected.map((item) => item.id),
    typed,
  );
  return {
    errors: check.ok ? new Map() : check.errors,
    subtotalCents: check.subtotalCents,
    cardQuote: creditCardQuote(check.subtotalCents, policy),
  };
}

/** "invalid": the amounts' own errors come from previewAmounts, which the form shows. */
export async function saveAmounts(
  db: Database,
  session: SessionRecord,
  view: CheckoutView,
  typed: Map<number, string>,
): Promise<{ outcome: "saved" } | { outcome: "invalid" }> {
  const check = checkAmounts(
    view.selected,
    view.selected.map((item) => item.id),
    typed,
  );
  if (!check.ok) return { outcome: "invalid" };
  await updateCheckout(db, session.id, { amounts: amountsJson(check.allocations), confirmationToken: null, attemptId: null });
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
  /** What the review was built from, sent back by the confirm form (reviewBasisText). */
  basis: string;
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
  const basis = reviewBasisText({
    confirmationToken: session.confirmationToken,
    amounts: check.allocations,
    receiptEmail: session.receiptEmail,
    clientNumber: view.portal.client.number,
  });
  return {
    outcome: "review",
    review: {
      lines,
      method,
      quote: quote(check.subtotalCents, method, deps.feePolicy),
      attemptId: session.attemptId,
      receiptEmail: session.receiptEmail,
      basis,
    },
  };
}

export type ConfirmResult =
  | { outcome: "paid"; paymentId: string }
  | { outcome: "changed"; review: Review }
  /** Nothing recorded and nothing changed: the review again (a form without its basis). */
  | { outcome: "review"; review: Review }
  | BackTo
  | { outcome: "unavailable"; paymentId: string | null };

/** Reads the session in one batch with the caller's part (http/middleware sessionWith, with the ledger). */
export type SessionLoader = <T>(part: SessionBatchPart<T>) => Promise<{ session: SessionRecord; ledger: SessionLedger | null; part: T }>;

/**
 * Confirm, in two D1 round trips: the session's batch records the attempt, reserves its amounts
 * and claims the provider call (or finds the attempt a first click recorded); after Stripe's
 * answer, one batch records it. Safe to repeat: the payment row's id is the attempt id and the
 * provider call carries an idempotency key derived from it, so a double click, a retry or a
 * reload never charges twice; the no-overpayment trigger aborts a reservation another tab beat.
 */
export async function confirmPayment(
  deps: CheckoutDeps,
  request: { expectedTotalCents: number; attemptId: string; basis: string; language: Language; returnUrl: string },
  load: SessionLoader,
): Promise<ConfirmResult> {
  const reservation = await reservationFromBasis(deps, request);
  const loaded = await load(confirmAttemptPart(request.attemptId, { now: deps.now(), leaseMs: PROVIDER_CALL_LEASE_MS }, reservation)).catch(
    (error: unknown) => {
      if (isOverpayment(error)) return null;
      throw error;
    },
  );
  // Part of it was paid, or reserved, in another window or tab first: nothing of this attempt was recorded.
  if (!loaded) return { outcome: "back", step: "amounts", problem: "already_paid" };
  const { session, ledger, part } = loaded;
  // Recorded now, or by an earlier click (a retry after an unknown outcome): continue that attempt.
  // It resends the attempt's own frozen request, whatever details the session holds now.
  if (part.payment) return continueAttempt(deps, part.payment, session, { claimed: part.claimed, methodChecked: part.reserved });
  if (request.attemptId !== session.attemptId) return { outcome: "back", step: "details", problem: "details_missing" };
  // Nothing recorded: the review's basis no longer holds (or the form had none). Built again, the
  // review says why: a step to go back to, new figures, or (all the same) the review to confirm.
  const built = await buildReview(deps, session, ledger);
  if (built.outcome === "back") return built;
  if (built.review.quote.totalCents !== request.expectedTotalCents) return { outcome: "changed", review: built.review };
  return { outcome: "review", review: built.review };
}

/**
 * The attempt the review's basis describes, priced now: the token's method from Stripe (a
 * network call, no D1), the fee from it. Null when there is nothing to record: no basis, a token
 * Stripe refuses or has let expire, or a total other than the one the client confirmed.
 */
async function reservationFromBasis(
  deps: CheckoutDeps,
  request: { expectedTotalCents: number; attemptId: string; basis: string; language: Language; returnUrl: string },
) {
  const basis = parseReviewBasis(request.basis);
  if (!basis || !request.attemptId) return null;
  let method: MethodPreview;
  try {
    const token = await deps.gateway.retrieveConfirmationToken(basis.confirmationToken);
    if (token.expiresAt <= deps.now()) return null;
    method = token.method;
  } catch (error) {
    if (error instanceof GatewayRequestError || error instanceof GatewayUnavailableError) return null;
    throw error;
  }
  const figures = quote(sumCents(basis.amounts.map((a) => a.cents)), method, deps.feePolicy);
  if (figures.totalCents !== request.expectedTotalCents) return null;
  const providerRequest: CreatePaymentInput = {
    amountCents: figures.totalCents,
    confirmationTokenId: basis.confirmationToken,
    methodType: method.type,
    idempotencyKey: `portal-payment-${request.attemptId}`,
    receiptEmail: basis.receiptEmail,
    returnUrl: request.returnUrl,
    description: `Client ${basis.clientNumber} invoice payment`,
    metadata: {
      portal_payment_id: request.attemptId,
      client_number: basis.clientNumber,
      subtotal_cents: String(figures.subtotalCents),
      fee_cents: String(figures.feeCents),
      card_funding: fundingOf(method) ?? "",
    },
  };
  const payMethod = payMethodFor(method.type);
  return {
    payment: {
      method: payMethod,
      cardFunding: fundingOf(method),
      methodLabel: methodLabel(method),
      subtotalCents: figures.subtotalCents,
      feeCents: figures.feeCents,
      totalCents: figures.totalCents,
      receiptEmail: basis.receiptEmail,
      language: request.language,
      providerRequest: JSON.stringify(providerRequest),
      now: deps.now(),
    },
    allocations: basis.amounts,
    // The session's method must be the token's: a card quote is never recorded for bank details.
    holds: {
      confirmationToken: basis.confirmationToken,
      amountsJson: amountsJson(basis.amounts),
      payMethod,
      receiptEmail: basis.receiptEmail,
      clientNumber: basis.clientNumber,
    },
  } satisfies Parameters<typeof confirmAttemptPart>[2];
}

/** The provider-call lease, released in the batch that records what the call brought (or at the end). */
interface Lease {
  release: BatchStatement;
  held: boolean;
}

/**
 * Sends an attempt's frozen request, or asks Stripe what became of it. An answer that may hide a
 * charge (network error, 5xx, timeout, idempotency_error) never marks the payment failed: the
 * PaymentIntent is looked up and the ledger follows it; without one, the client may retry.
 */
async function continueAttempt(
  deps: CheckoutDeps,
  payment: PaymentRecord,
  session: SessionRecord,
  options: { claimed: boolean; methodChecked: boolean },
): Promise<ConfirmResult> {
  // Settled, or another request is talking to the provider about it right now: show its progress.
  if (payment.status !== "created" || !options.claimed) return { outcome: "paid", paymentId: payment.id };
  const lease: Lease = { release: releaseProviderCallQuery(deps.db, payment.id), held: true };
  try {
    const request = payment.providerRequest ? (JSON.parse(payment.providerRequest) as CreatePaymentInput) : null;
    // An attempt recorded without its request cannot be resent exactly: only Stripe can say what it did.
    if (!request) return await followStripe(deps, payment, session, lease, "refused");
    if (!options.methodChecked && !(await chargesQuotedMethod(deps, payment, request.confirmationTokenId))) {
      // The token to be charged is not the method the fee was quoted for: refuse rather than charge it.
      const known = await deps.gateway.findPaymentForAttempt(payment.id, payment.createdAt);
      if (known) return await applied(deps, payment, session, lease, request, known);
      await releaseAttempt(deps, payment, "method_changed", [forgetDetailsQuery(deps.db, session.id, request.confirmationTokenId, true), lease.release]);
      lease.held = false;
      return { outcome: "back", step: "details", problem: "method_mismatch" };
    }
    try {
      return await applied(deps, payment, session, lease, request, await deps.gateway.createPayment(request));
    } catch (error) {
      if (error instanceof GatewayRequestError && error.code !== "idempotency_error")
        return await followStripe(deps, payment, session, lease, "refused", request);
      if (error instanceof GatewayRequestError || error instanceof GatewayUnavailableError)
        return await followStripe(deps, payment, session, lease, "unknown", request);
      throw error;
    }
  } catch (error) {
    // Stripe could not be reached to ask either: still unknown, the client may retry safely.
    if (error instanceof GatewayUnavailableError) return { outcome: "unavailable", paymentId: payment.id };
    throw error;
  } finally {
    if (lease.held) await releaseProviderCall(deps.db, payment.id);
  }
}

/** Stripe's answer, the session's spent details and the lease: one batch. */
async function applied(
  deps: CheckoutDeps,
  payment: PaymentRecord,
  session: SessionRecord,
  lease: Lease,
  request: CreatePaymentInput,
  result: GatewayPayment,
): Promise<ConfirmResult> {
  // The token is spent whatever the outcome; a failed attempt needs new details.
  await applyGatewayPayment(deps.db, payment, result, deps.now(), [
    forgetDetailsQuery(deps.db, session.id, request.confirmationTokenId, result.status === "failed"),
    lease.release,
  ]);
  lease.held = false;
  return { outcome: "paid", paymentId: payment.id };
}

/**
 * After an error: the PaymentIntent this attempt made, if Stripe has one, decides. Without one, a
 * refusal (an expired or used token) releases the attempt; an unknown outcome leaves it to retry.
 */
async function followStripe(
  deps: CheckoutDeps,
  payment: PaymentRecord,
  session: SessionRecord,
  lease: Lease,
  outcome: "refused" | "unknown",
  request?: CreatePaymentInput,
): Promise<ConfirmResult> {
  const known = payment.stripePaymentIntentId
    ? await deps.gateway.retrievePayment(payment.stripePaymentIntentId)
    : await deps.gateway.findPaymentForAttempt(payment.id, payment.createdAt);
  if (known) {
    if (request) return applied(deps, payment, session, lease, request, known);
    await applyGatewayPayment(deps.db, payment, known, deps.now(), [lease.release]);
    lease.held = false;
    return { outcome: "paid", paymentId: payment.id };
  }
  if (outcome === "unknown") return { outcome: "unavailable", paymentId: payment.id };
  await releaseAttempt(deps, payment, request ? "details_refused" : "not_sent", [
    ...(request ? [forgetDetailsQuery(deps.db, session.id, request.confirmationTokenId, true)] : []),
    lease.release,
  ]);
  lease.held = false;
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

/** Releases the reservation of an attempt Stripe never charged, with the caller's writes that go with it. */
async function releaseAttempt(
  deps: CheckoutDeps,
  payment: PaymentRecord,
  code: "not_sent" | "method_changed" | "details_refused",
  also: BatchStatement[] = [],
): Promise<void> {
  await advancePayment(
    deps.db,
    { paymentId: payment.id, to: "failed", from: ["created"], failureCode: code, failureMessage: null, now: deps.now() },
    null,
    null,
    also,
  );
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

/** A credit card's total beside the amounts, when the chosen method may carry the fee. */
export function surchargeQuoteFor(method: PayMethod | null, preview: AmountsPreview): Quote | null {
  return method && PAYMENT_METHODS[method].surchargeable ? preview.cardQuote : null;
}
