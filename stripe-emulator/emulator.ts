// The emulator's HTTP surface: routing, API keys, idempotency, CORS and response headers.
// Web-standard Request/Response only (no node: imports), so it runs in Node and in workerd.
import type Stripe from "stripe";
import {
  API_VERSION,
  authenticationError,
  canonicalJson,
  decodeForm,
  decodeParams,
  idempotencyError,
  invalidRequest,
  missingParam,
  randomToken,
  readStringArray,
  readString,
  StripeApiError,
  type FormObject,
} from "./wire.ts";
import {
  EmulatorState,
  type RequestContext,
  DISPUTE_SCENARIOS,
  type DisputeScenario,
  type SettleOutcome,
  type ThreeDSOutcome,
  type EmulatedConfirmationToken,
} from "./state.ts";
import { PayoutBook } from "./payouts.ts";
import type { Schema } from "./schema/types.ts";
import { WebhookDispatcher, type DeliveryRecord } from "./webhooks.ts";
import { dashboardPage, messagePage, microdepositPage, threeDSPage, threeDSResultPage } from "./pages.ts";
import { requestSchemas } from "./schema/requests.ts";
import { validateParams } from "./schema/validate.ts";

export { TEST_CARDS, TEST_BANK_ACCOUNTS, TEST_ROUTING_NUMBER } from "./test-instruments.ts";
export type { EmulatedConfirmationToken, SettleOutcome, ThreeDSOutcome } from "./state.ts";
export type { DeliveryRecord, DeliveryStatus } from "./webhooks.ts";
export { signPayload } from "./webhooks.ts";
export { API_VERSION } from "./wire.ts";

export interface StripeEmulatorOptions {
  webhookSecret: string;
  /** Where events are POSTed; leave unset to only record them. */
  webhookUrl?: string;
  /** The origin browsers reach the emulator at (used in 3DS URLs), e.g. http://127.0.0.1:12111. */
  publicOrigin: string;
  /** Clock in milliseconds (Date.now by default). */
  now?: () => number;
  /** How webhooks are sent (global fetch by default). */
  deliver?: (url: string, init: RequestInit) => Promise<Response>;
  /** Waits before each automatic retry of a failed delivery. Default [1000, 5000, 25000] (inline: [50, 200]). */
  webhookRetryDelaysMs?: readonly number[];
  /**
   * "background" (default): events are sent asynchronously after the request, like Stripe.
   * "inline": events a request caused are sent before its response is returned. Use it when the
   * emulator runs inside workerd, where background work ends with the request.
   */
  webhookDelivery?: "background" | "inline";
  /** False records events without sending them until /_emulator/deliver or redeliver. Default true. */
  autoDeliverWebhooks?: boolean;
  /** The Stripe.js stand-in served at /v3/. In Node it is read from stripe-js.js by default. */
  stripeJsSource?: string | (() => Promise<string>);
  /** Called for each refused request (see Refusal), e.g. to log it. */
  onRefusal?: (refusal: Refusal) => void;
}

export interface DeliverAllOptions {
  order?: "forward" | "reverse";
  scope?: "undelivered" | "all";
}

export interface StripeEmulator {
  /** The whole HTTP surface; also usable as `Stripe.createFetchHttpClient(emulator.fetch)`. */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  readonly publicOrigin: string;
  /** All events, oldest first. */
  events(): Stripe.Event[];
  deliveries(): DeliveryRecord[];
  paymentIntent(id: string): Stripe.PaymentIntent;
  confirmationToken(id: string): EmulatedConfirmationToken;
  /** ACH: processing -> succeeded/payment_failed per the test account, or as forced. */
  settle(paymentIntentId: string, outcome?: SettleOutcome): Stripe.PaymentIntent;
  completeThreeDS(paymentIntentId: string, outcome: ThreeDSOutcome): Stripe.PaymentIntent;
  /** Runs one of Stripe's dispute sequences (default: a card chargeback with funds withdrawn). */
  dispute(paymentIntentId: string, scenario?: DisputeScenario): Stripe.Dispute;
  failRefund(refundId: string): Stripe.Refund;
  redeliver(eventId: string): Promise<DeliveryRecord>;
  deliverAll(options?: DeliverAllOptions): Promise<DeliveryRecord[]>;
  setWebhookUrl(url: string | undefined): void;
  /** Resolves when every webhook attempt (including scheduled retries) has finished. */
  webhooksIdle(): Promise<void>;
  /** Forget all objects, events and idempotency keys (not the refusals: they are the run's record). */
  reset(): void;
  /** The day's automatic payout of everything settled and not yet paid out (null: nothing to pay). */
  runPayouts(): Stripe.Payout | null;
  /** Every Stripe API request refused for its parameters or its URL since the emulator started. */
  refusals(): Refusal[];
}

/**
 * A request Stripe would refuse (`schema`: checked against the stripe package's types; `route`:
 * an API URL the emulator does not serve) or that Stripe accepts but the emulator does not model
 * (`unsupported`). Kept so a test suite can fail on any, rather than on a 400 it never looked at.
 */
export interface Refusal {
  kind: "schema" | "unsupported" | "route";
  method: string;
  path: string;
  status: number;
  code: string | null;
  param: string | null;
  message: string;
}

// ---------------------------------------------------------------------------

type AuthMode =
  | "secret" // sk_test_ only
  | "publishable" // pk_test_ or sk_test_ (the calls Stripe.js makes)
  | "client_secret" // sk_test_, or pk_test_ plus the PaymentIntent's client_secret
  | "helper" // sk_test_, or the dashboard's form token
  | "none";

interface ApiKey {
  value: string;
  kind: "secret" | "publishable";
}

interface Call {
  request: Request;
  url: URL;
  params: FormObject;
  path: Record<string, string>;
  key: ApiKey | null;
  ctx: RequestContext;
  /** True when a dashboard form made the call: answer with a redirect instead of JSON. */
  fromDashboard: boolean;
}

type Handler = (call: Call) => unknown | Promise<unknown>;

interface Route {
  method: "GET" | "POST";
  path: RegExp;
  auth: AuthMode;
  /** Browser-facing: CORS headers and the Stripe.js habit of sending `key` as a parameter. */
  browser?: boolean;
  /** Stripe API POST: honours Idempotency-Key. */
  idempotent?: boolean;
  /**
   * Stripe API routes: the parameters type (a key of REQUEST_SPECS in schema/endpoints.ts) every
   * request is validated against before the handler runs. Required for /v1/ paths.
   */
  params?: string;
  handle: Handler;
}

interface StoredResponse {
  method: string;
  path: string;
  fingerprint: string;
  storedAt: number;
  status: number;
  body: string;
  inFlight: boolean;
}

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const DEFAULT_RETRY_DELAYS_MS = [1000, 5000, 25000];
const DEFAULT_INLINE_RETRY_DELAYS_MS = [50, 200];
const PUBLISHABLE_FIELDS = [
  "id",
  "object",
  "allowed_payment_method_types",
  "amount",
  "automatic_payment_methods",
  "canceled_at",
  "cancellation_reason",
  "capture_method",
  "client_secret",
  "confirmation_method",
  "created",
  "currency",
  "description",
  "last_payment_error",
  "livemode",
  "next_action",
  "payment_method",
  "payment_method_types",
  "processing",
  "receipt_email",
  "setup_future_usage",
  "shipping",
  "source",
  "status",
] as const;

/** A body returned by a handler that is not Stripe JSON. */
class RawResponse {
  readonly response: Response;
  constructor(response: Response) {
    this.response = response;
  }
}

function html(body: string, status = 200): RawResponse {
  return new RawResponse(new Response(body, { status, headers: { "Content-Type": "text/html; charset=utf-8" } }));
}

function redirect(location: string): RawResponse {
  return new RawResponse(new Response(null, { status: 303, headers: { Location: location } }));
}

// ---------------------------------------------------------------------------

export function createStripeEmulator(options: StripeEmulatorOptions): StripeEmulator {
  const now = options.now ?? (() => Date.now());
  const publicOrigin = options.publicOrigin.replace(/\/+$/, "");
  const dashboardToken = randomToken(32);
  const idempotency = new Map<string, StoredResponse>();
  const inline = options.webhookDelivery === "inline";

  const dispatcher: WebhookDispatcher = new WebhookDispatcher(options.webhookUrl, {
    secret: options.webhookSecret,
    deliver: options.deliver ?? ((url, init) => fetch(url, init)),
    now,
    retryDelaysMs: options.webhookRetryDelaysMs ?? (inline ? DEFAULT_INLINE_RETRY_DELAYS_MS : DEFAULT_RETRY_DELAYS_MS),
    autoDeliver: options.autoDeliverWebhooks ?? true,
    inline,
    eventById: (id) => state.events.eventLog.find((event) => event.id === id),
    onDelivered: (event) => {
      event.pending_webhooks = 0;
    },
  });

  const state: EmulatorState = new EmulatorState({
    now,
    publicOrigin,
    webhookEndpointCount: () => dispatcher.endpointCount,
    onEvent: (event) => dispatcher.enqueue(event),
  });

  const payouts = new PayoutBook(state, now);

  let stripeJs: Promise<string | null> | null = null;
  const loadStripeJs = (): Promise<string | null> => {
    stripeJs ??= readStripeJs(options.stripeJsSource).catch(() => null);
    return stripeJs;
  };

  // -------------------------------------------------------------------------
  // Helper verbs shared by the HTTP test helpers and the object API.

  function deliverAll(deliverOptions: DeliverAllOptions = {}): Promise<DeliveryRecord[]> {
    if (!dispatcher.url) throw invalidRequest("No webhook URL is configured, so there is nowhere to deliver events.");
    const scope = deliverOptions.scope ?? "undelivered";
    let events = state.events.eventLog.filter((event) => scope === "all" || dispatcher.record(event.id)?.status !== "delivered");
    if (deliverOptions.order === "reverse") events = [...events].reverse();
    return dispatcher.deliverMany(events.map((event) => event.id));
  }

  function redeliver(eventId: string): Promise<DeliveryRecord> {
    state.events.getEvent(eventId);
    if (!dispatcher.url) throw invalidRequest("No webhook URL is configured, so there is nowhere to deliver events.");
    return dispatcher.redeliver(eventId);
  }

  function reset(): void {
    state.reset();
    payouts.reset();
    dispatcher.reset();
    idempotency.clear();
  }

  // -------------------------------------------------------------------------
  // Routes

  const expandOf = (params: FormObject): string[] => readStringArray(params, "expand") ?? [];
  const noExpand = (params: FormObject): void => {
    const expand = expandOf(params);
    if (expand.length > 0) throw invalidRequest(`This property cannot be expanded (${expand[0]}).`, { param: "expand" });
  };
  const id = (call: Call): string => call.path.id ?? "";
  const helperResult = (call: Call, body: unknown): unknown => (call.fromDashboard ? redirect("/_emulator/") : body);

  const routes: Route[] = [
    {
      method: "POST",
      path: /^\/v1\/confirmation_tokens$/,
      auth: "publishable",
      params: "StripeJs.ConfirmationTokenCreateParams",
      browser: true,
      idempotent: true,
      handle: ({ params, request }) => {
        noExpand(params);
        return wireToken(state.confirmationTokens.createConfirmationToken(params, {
          userAgent: request.headers.get("user-agent"),
          ip: request.headers.get("cf-connecting-ip") ?? request.headers.get("x-forwarded-for"),
        }));
      },
    },
    {
      method: "POST",
      path: /^\/v1\/test_helpers\/confirmation_tokens$/,
      params: "TestHelpers.ConfirmationTokenCreateParams",
      auth: "secret",
      idempotent: true,
      handle: ({ params }) => {
        noExpand(params);
        return state.confirmationTokens.createTestConfirmationToken(params);
      },
    },
    {
      method: "GET",
      path: /^\/v1\/confirmation_tokens\/(?<id>[^/]+)$/,
      auth: "secret",
      params: "ConfirmationTokenRetrieveParams",
      handle: (call) => {
        noExpand(call.params);
        return wireToken(state.confirmationTokens.getConfirmationToken(id(call)));
      },
    },
    {
      method: "POST",
      path: /^\/v1\/payment_intents$/,
      auth: "secret",
      params: "PaymentIntentCreateParams",
      idempotent: true,
      handle: ({ params, ctx }) => {
        const intent = state.paymentIntents.createPaymentIntent(params, ctx);
        return state.paymentIntents.expandPaymentIntent(intent, expandOf(params));
      },
    },
    {
      method: "GET",
      path: /^\/v1\/payment_intents$/,
      params: "PaymentIntentListParams",
      auth: "secret",
      handle: ({ params }) => {
        noExpand(params);
        return { object: "list", url: "/v1/payment_intents", ...state.paymentIntents.listPaymentIntentsPage(params) };
      },
    },
    {
      method: "GET",
      path: /^\/v1\/payment_intents\/(?<id>[^/]+)$/,
      auth: "client_secret",
      params: "PaymentIntentRetrieveParams",
      browser: true,
      handle: (call) => {
        const intent = state.paymentIntents.getPaymentIntent(id(call));
        if (call.key?.kind === "secret") return state.paymentIntents.expandPaymentIntent(intent, expandOf(call.params));
        requireClientSecret(intent, call.params);
        noExpand(call.params);
        return publishableView(intent);
      },
    },
    {
      method: "POST",
      path: /^\/v1\/payment_intents\/(?<id>[^/]+)\/confirm$/,
      auth: "secret",
      params: "PaymentIntentConfirmParams",
      idempotent: true,
      handle: (call) => state.paymentIntents.expandPaymentIntent(state.paymentIntents.confirmPaymentIntent(id(call), call.params, call.ctx), expandOf(call.params)),
    },
    {
      method: "POST",
      path: /^\/v1\/payment_intents\/(?<id>[^/]+)\/cancel$/,
      auth: "secret",
      params: "PaymentIntentCancelParams",
      idempotent: true,
      handle: (call) => state.paymentIntents.expandPaymentIntent(state.paymentIntents.cancelPaymentIntent(id(call), call.params, call.ctx), expandOf(call.params)),
    },
    {
      method: "POST",
      path: /^\/v1\/payment_intents\/(?<id>[^/]+)\/verify_microdeposits$/,
      params: "PaymentIntentVerifyMicrodepositsParams",
      auth: "client_secret",
      browser: true,
      idempotent: true,
      handle: (call) => {
        const intent = state.paymentIntents.getPaymentIntent(id(call));
        if (call.key?.kind !== "secret") {
          requireClientSecret(intent, call.params);
          noExpand(call.params);
        }
        delete call.params.client_secret;
        const verified = state.microdeposits.verifyMicrodeposits(intent.id, call.params, call.ctx);
        return call.key?.kind === "secret" ? state.paymentIntents.expandPaymentIntent(verified, expandOf(call.params)) : publishableView(verified);
      },
    },
    {
      method: "POST",
      path: /^\/v1\/refunds$/,
      auth: "secret",
      params: "RefundCreateParams",
      idempotent: true,
      handle: ({ params, ctx }) => state.refunds.expandRefund(state.refunds.createRefund(params, ctx), expandOf(params)),
    },
    {
      method: "GET",
      path: /^\/v1\/refunds$/,
      params: "RefundListParams",
      auth: "secret",
      handle: ({ params }) => {
        noExpand(params);
        return { object: "list", url: "/v1/refunds", ...state.refunds.listRefunds(params) };
      },
    },
    {
      method: "GET",
      path: /^\/v1\/disputes\/(?<id>[^/]+)$/,
      params: "DisputeRetrieveParams",
      auth: "secret",
      handle: (call) => {
        noExpand(call.params);
        return state.disputes.getDispute(id(call));
      },
    },
    {
      method: "GET",
      path: /^\/v1\/refunds\/(?<id>[^/]+)$/,
      auth: "secret",
      params: "RefundRetrieveParams",
      handle: (call) => state.refunds.expandRefund(state.refunds.getRefund(id(call)), expandOf(call.params)),
    },
    {
      method: "GET",
      path: /^\/v1\/charges\/(?<id>[^/]+)$/,
      auth: "secret",
      params: "ChargeRetrieveParams",
      handle: (call) => {
        noExpand(call.params);
        return state.charges.getCharge(id(call));
      },
    },
    {
      method: "GET",
      path: /^\/v1\/payment_methods\/(?<id>[^/]+)$/,
      auth: "secret",
      params: "PaymentMethodRetrieveParams",
      handle: (call) => {
        noExpand(call.params);
        return state.paymentMethods.getPaymentMethod(id(call));
      },
    },
    {
      method: "GET",
      path: /^\/v1\/payouts$/,
      params: "PayoutListParams",
      auth: "secret",
      handle: ({ params }) => ({ object: "list", url: "/v1/payouts", ...payouts.listPayouts(params) }),
    },
    {
      method: "GET",
      path: /^\/v1\/balance_transactions$/,
      params: "BalanceTransactionListParams",
      auth: "secret",
      handle: ({ params }) => ({ object: "list", url: "/v1/balance_transactions", ...payouts.listBalanceTransactions(params) }),
    },
    {
      // Test helper: the day's automatic payout (Stripe runs it daily; npm start's server does too).
      method: "POST",
      path: /^\/_emulator\/payouts\/run$/,
      auth: "helper",
      handle: (call) => helperResult(call, { payout: payouts.run() }),
    },
    {
      method: "GET",
      path: /^\/v1\/events$/,
      auth: "secret",
      params: "EventListParams",
      handle: ({ params }) => ({ object: "list", url: "/v1/events", ...state.events.listEvents(params) }),
    },
    {
      method: "GET",
      path: /^\/v1\/events\/(?<id>[^/]+)$/,
      auth: "secret",
      params: "EventRetrieveParams",
      handle: (call) => {
        noExpand(call.params);
        return state.events.getEvent(id(call));
      },
    },
    {
      method: "GET",
      path: /^\/(?:v3\/?|stripe-js\.js)$/,
      auth: "none",
      browser: true,
      handle: async () => {
        const source = await loadStripeJs();
        if (source === null) {
          return new RawResponse(
            new Response("// The Stripe.js stand-in was not provided to this emulator (option stripeJsSource).\n", {
              status: 404,
              headers: { "Content-Type": "text/javascript; charset=utf-8" },
            }),
          );
        }
        return new RawResponse(
          new Response(source, { headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" } }),
        );
      },
    },
    {
      method: "GET",
      path: /^\/_emulator\/3ds\/(?<id>[^/]+)$/,
      auth: "none",
      browser: true,
      handle: (call) => {
        const intent = state.paymentIntents.intents.get(id(call))?.intent;
        const secret = readString(call.params, "client_secret");
        if (!intent || !secret || secret !== intent.client_secret) {
          return html(messagePage("Not found", "No such 3D Secure challenge for this client secret."), 404);
        }
        if (intent.status !== "requires_action") {
          return html(messagePage("Nothing to authenticate", `This payment is ${intent.status}.`), 409);
        }
        return html(threeDSPage(intent, secret));
      },
    },
    {
      method: "POST",
      path: /^\/_emulator\/3ds\/(?<id>[^/]+)\/complete$/,
      auth: "none", // checked in the handler: secret key, or the PaymentIntent's client_secret
      browser: true,
      handle: (call) => {
        const intent = state.paymentIntents.getPaymentIntent(id(call));
        if (call.key?.kind !== "secret") requireClientSecret(intent, call.params);
        const outcome = readThreeDSOutcome(call.params);
        const returnUrl = intent.next_action?.use_stripe_sdk?.return_url;
        state.paymentIntents.completeThreeDS(intent.id, outcome, null);
        if (!wantsHtml(call.request)) return call.key?.kind === "secret" ? intent : publishableView(intent);
        // A plain form post from the challenge page: behave like Stripe's redirect flow.
        if (typeof returnUrl === "string" && returnUrl) {
          const target = new URL(returnUrl);
          target.searchParams.set("payment_intent", intent.id);
          target.searchParams.set("payment_intent_client_secret", intent.client_secret ?? "");
          target.searchParams.set("redirect_status", intent.status === "succeeded" ? "succeeded" : "failed");
          return redirect(target.toString());
        }
        return html(threeDSResultPage(intent));
      },
    },
    {
      method: "POST",
      path: /^\/_emulator\/payment_intents\/(?<id>[^/]+)\/settle$/,
      auth: "helper",
      handle: (call) => {
        const outcome = readString(call.params, "outcome") || null;
        if (outcome !== null && outcome !== "succeed" && outcome !== "fail") {
          throw invalidRequest("outcome must be succeed or fail.", { param: "outcome" });
        }
        return helperResult(call, state.paymentIntents.settle(id(call), outcome, null));
      },
    },
    // ACH: the test institution's instant verification, the hosted microdeposit page, and its expiry.
    {
      method: "POST",
      path: /^\/_emulator\/financial_connections\/accounts$/,
      auth: "publishable",
      browser: true,
      handle: (call) => state.financialConnections.linkAccount(call.params),
    },
    {
      method: "GET",
      path: /^\/_emulator\/microdeposit\/(?<id>[^/]+)$/,
      auth: "none",
      browser: true,
      handle: (call) => microdepositPageFor(id(call), null),
    },
    {
      method: "POST",
      path: /^\/_emulator\/microdeposit\/(?<id>[^/]+)$/,
      auth: "none", // the page token in the URL is the credential, as on Stripe's hosted page
      browser: true,
      handle: (call) => {
        const intent = state.microdeposits.intentForMicrodepositPage(id(call));
        if (!intent) return html(messagePage("Not found", "No such verification page."), 404);
        const form: FormObject =
          state.microdeposits.microdepositType(intent.id) === "amounts"
            ? { amounts: [readString(call.params, "amount_1") ?? "", readString(call.params, "amount_2") ?? ""] }
            : { descriptor_code: readString(call.params, "descriptor_code") ?? "" };
        try {
          state.microdeposits.verifyMicrodeposits(intent.id, form, null);
        } catch (error) {
          if (error instanceof StripeApiError) return microdepositPageFor(id(call), error.body.message);
          throw error;
        }
        return microdepositPageFor(id(call), null);
      },
    },
    {
      method: "POST",
      path: /^\/_emulator\/payment_intents\/(?<id>[^/]+)\/expire_microdeposits$/,
      auth: "helper",
      handle: (call) => helperResult(call, state.microdeposits.expireMicrodeposits(id(call), null)),
    },
    {
      method: "POST",
      path: /^\/_emulator\/payment_intents\/(?<id>[^/]+)\/authenticate$/,
      auth: "helper",
      handle: (call) => helperResult(call, state.paymentIntents.completeThreeDS(id(call), readThreeDSOutcome(call.params), null)),
    },
    {
      method: "POST",
      path: /^\/_emulator\/payment_intents\/(?<id>[^/]+)\/dispute$/,
      auth: "helper",
      handle: (call) => {
        const scenario = readString(call.params, "scenario") || null;
        if (scenario !== null && !DISPUTE_SCENARIOS.includes(scenario as DisputeScenario)) {
          throw invalidRequest(`scenario must be one of ${DISPUTE_SCENARIOS.join(", ")}.`, { param: "scenario" });
        }
        return helperResult(call, state.disputes.dispute(id(call), scenario as DisputeScenario | null, null));
      },
    },
    {
      method: "POST",
      path: /^\/_emulator\/refunds\/(?<id>[^/]+)\/fail$/,
      auth: "helper",
      handle: (call) => helperResult(call, state.refunds.failRefund(id(call), null)),
    },
    {
      method: "GET",
      path: /^\/_emulator\/events$/,
      auth: "secret",
      handle: () => ({
        object: "list",
        data: state.events.eventLog,
        deliveries: state.events.eventLog.map((event) => dispatcher.record(event.id) ?? null),
      }),
    },
    {
      method: "POST",
      path: /^\/_emulator\/events\/(?<id>[^/]+)\/redeliver$/,
      auth: "helper",
      handle: async (call) => {
        const record = await redeliver(id(call));
        return helperResult(call, { object: "delivery", ...record });
      },
    },
    {
      method: "POST",
      path: /^\/_emulator\/deliver$/,
      auth: "helper",
      handle: async (call) => {
        const order = readString(call.params, "order") || "forward";
        const scope = readString(call.params, "scope") || "undelivered";
        if (order !== "forward" && order !== "reverse") throw invalidRequest("order must be forward or reverse.", { param: "order" });
        if (scope !== "undelivered" && scope !== "all") throw invalidRequest("scope must be undelivered or all.", { param: "scope" });
        const records = await deliverAll({ order, scope });
        return helperResult(call, { object: "list", data: records });
      },
    },
    {
      method: "GET",
      path: /^\/_emulator\/refusals$/,
      auth: "secret",
      handle: () => ({ object: "list", data: refusals }),
    },
    {
      method: "POST",
      path: /^\/_emulator\/reset$/,
      auth: "secret",
      handle: () => {
        reset();
        return { reset: true };
      },
    },
    {
      method: "GET",
      path: /^\/_emulator\/?$/,
      auth: "none",
      handle: () =>
        html(
          dashboardPage({
            token: dashboardToken,
            webhookUrl: dispatcher.url,
            intents: state.paymentIntents.listPaymentIntents().map((intent) => ({
              intent,
              method: state.paymentIntents.describeMethod(intent.id),
              disputed: typeof intent.latest_charge === "string" && state.charges.charges.get(intent.latest_charge)?.disputed === true,
            })),
            refunds: [...state.refunds.refunds.values()].reverse(),
            events: [...state.events.eventLog].reverse().map((event) => ({ event, delivery: dispatcher.record(event.id) })),
          }),
        ),
    },
    {
      method: "GET",
      path: /^\/$/,
      auth: "none",
      handle: () => redirect("/_emulator/"),
    },
  ];

  function microdepositPageFor(token: string, error: string | null): RawResponse {
    const intent = state.microdeposits.intentForMicrodepositPage(token);
    if (!intent) return html(messagePage("Not found", "No such verification page."), 404);
    return html(microdepositPage(intent, state.microdeposits.microdepositType(intent.id), token, error), error ? 400 : 200);
  }

  // A Stripe API route without a parameters schema would accept anything: refuse to start.
  const schemas = requestSchemas();
  for (const route of routes) {
    if (!route.path.source.startsWith("^\\/v1\\/")) continue;
    if (!route.params || !schemas.roots[route.params]) {
      throw new Error(`Stripe emulator: route ${route.method} ${route.path.source} needs params: <a key of REQUEST_SPECS> (got ${route.params ?? "none"}).`);
    }
  }
  const refusals: Refusal[] = [];
  const refuse = (kind: Refusal["kind"], method: string, path: string, error: StripeApiError): void => {
    refusals.push({ kind, method, path, status: error.status, code: error.body.code ?? null, param: error.body.param ?? null, message: error.message });
    options.onRefusal?.(refusals.at(-1) as Refusal);
  };

  // -------------------------------------------------------------------------
  // Request handling

  async function handle(request: Request): Promise<Response> {
    const response = await respond(request);
    if (inline) await dispatcher.flushInline();
    return response;
  }

  async function respond(request: Request): Promise<Response> {
    const requestId = `req_${randomToken(14)}`;
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const matched = matchRoute(routes, method === "OPTIONS" || method === "HEAD" ? null : method, url.pathname);
    const browser = matched?.route.browser ?? routes.some((route) => route.browser && route.path.test(url.pathname));
    const idempotencyKey = method === "POST" ? request.headers.get("idempotency-key") : null;

    const finish = (response: Response, replayed = false): Response => {
      const headers = new Headers(response.headers);
      headers.set("Request-Id", requestId);
      headers.set("Stripe-Version", API_VERSION);
      if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-cache, no-store");
      if (idempotencyKey) headers.set("Idempotency-Key", idempotencyKey);
      if (replayed) headers.set("Idempotent-Replayed", "true");
      if (browser) {
        headers.set("Access-Control-Allow-Origin", "*");
        headers.set("Access-Control-Expose-Headers", "Request-Id, Stripe-Version, Idempotent-Replayed");
      }
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    };

    if (method === "OPTIONS") {
      if (!browser) return finish(errorResponse(unrecognized(method, url.pathname)));
      return finish(
        new Response(null, {
          status: 204,
          headers: {
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Authorization, Content-Type, Stripe-Version, Idempotency-Key",
            "Access-Control-Max-Age": "600",
          },
        }),
      );
    }

    let claimed: StoredResponse | null = null;
    try {
      if (!matched) {
        const error = unrecognized(method, url.pathname);
        if (url.pathname.startsWith("/v1/")) refuse("route", method, url.pathname, error);
        throw error;
      }
      const { route, path } = matched;
      const params = await readParams(request, url);
      const key = authenticate(route, request, params);
      let fromDashboard = false;
      if (route.auth === "helper" && key === null) {
        if (readString(params, "dashboard_token") !== dashboardToken) throw noKey();
        fromDashboard = true;
      }
      delete params.dashboard_token;
      if (route.params) {
        try {
          // Stripe.js authenticates browser calls on a PaymentIntent with its client_secret, a
          // parameter the server-side types leave out of some calls (verify_microdeposits): it is
          // checked by the route's auth, not the schema.
          const checked = route.auth === "client_secret" ? Object.fromEntries(Object.entries(params).filter(([name]) => name !== "client_secret")) : params;
          validateParams(schemas.roots[route.params] as Schema, checked as FormObject, schemas.resolve);
        } catch (error) {
          if (error instanceof StripeApiError) refuse("schema", method, url.pathname, error);
          throw error;
        }
      }

      if (route.idempotent && idempotencyKey !== null) {
        const found = checkIdempotency(idempotencyKey, method, url.pathname, params);
        if (found) return finish(new Response(found.body, { status: found.status, headers: jsonHeaders() }), true);
        claimed = claimIdempotency(idempotencyKey, method, url.pathname, params);
      }

      const ctx: RequestContext = { requestId, idempotencyKey };
      const result = await route.handle({ request, url, params, path, key, ctx, fromDashboard });
      const response = result instanceof RawResponse ? result.response : json(result);
      if (claimed) await settleIdempotency(idempotencyKey ?? "", claimed, response.clone());
      return finish(response);
    } catch (error) {
      if (error instanceof StripeApiError && error.unsupported) refuse("unsupported", method, url.pathname, error);
      const response = errorResponse(error);
      // Stripe saves the outcome of an executed request (a decline included), not a rejected one.
      if (claimed) {
        if (response.status === 402 || response.status >= 500) await settleIdempotency(idempotencyKey ?? "", claimed, response.clone());
        else idempotency.delete(idempotencyKey ?? "");
      }
      return finish(response);
    }
  }

  function authenticate(route: Route, request: Request, params: FormObject): ApiKey | null {
    // Stripe.js sends the publishable key as a `key` parameter so its requests stay CORS-simple.
    const fromParams = route.browser ? readString(params, "key") : undefined;
    delete params.key;
    delete params._stripe_version;
    const key = parseKey(request.headers.get("authorization"), fromParams);
    switch (route.auth) {
      case "none":
        return key;
      case "secret":
        if (!key) throw noKey();
        if (key.kind !== "secret") throw secretKeyRequired();
        return key;
      case "publishable":
      case "client_secret":
        if (!key) throw noKey();
        return key;
      case "helper":
        if (key && key.kind !== "secret") throw secretKeyRequired();
        return key;
    }
  }

  function checkIdempotency(key: string, method: string, path: string, params: FormObject): StoredResponse | null {
    if (key.length > 255) throw invalidRequest("Idempotency-Key must be at most 255 characters long.", { param: "Idempotency-Key" });
    const stored = idempotency.get(key);
    if (!stored) return null;
    if (now() - stored.storedAt > IDEMPOTENCY_TTL_MS) {
      idempotency.delete(key);
      return null;
    }
    if (stored.method !== method || stored.path !== path || stored.fingerprint !== canonicalJson(params)) {
      throw idempotencyError(
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    if (stored.inFlight) {
      // The SDK retries 409s, and by then the first request's answer is stored.
      throw new StripeApiError(409, {
        type: "idempotency_error",
        message: "There is currently another in-progress request using this Idempotency-Key. Please try again later.",
      });
    }
    return stored;
  }

  function claimIdempotency(key: string, method: string, path: string, params: FormObject): StoredResponse {
    const entry: StoredResponse = { method, path, fingerprint: canonicalJson(params), storedAt: now(), status: 0, body: "", inFlight: true };
    idempotency.set(key, entry);
    return entry;
  }

  async function settleIdempotency(key: string, entry: StoredResponse, response: Response): Promise<void> {
    entry.status = response.status;
    entry.body = await response.text();
    entry.inFlight = false;
    idempotency.set(key, entry);
  }

  // -------------------------------------------------------------------------

  const clone = <T>(value: T): T => structuredClone(value);

  return {
    publicOrigin,
    fetch(input, init) {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      return handle(request);
    },
    events: () => clone(state.events.eventLog),
    deliveries: () => state.events.eventLog.map((event) => dispatcher.record(event.id)).filter((record) => record !== undefined).map(clone),
    paymentIntent: (intentId) => clone(state.paymentIntents.getPaymentIntent(intentId)),
    confirmationToken: (tokenId) => clone(state.confirmationTokens.getConfirmationToken(tokenId)),
    settle: (intentId, outcome) => clone(state.paymentIntents.settle(intentId, outcome ?? null, null)),
    completeThreeDS: (intentId, outcome) => clone(state.paymentIntents.completeThreeDS(intentId, outcome, null)),
    dispute: (intentId, scenario) => clone(state.disputes.dispute(intentId, scenario ?? null, null)),
    failRefund: (refundId) => clone(state.refunds.failRefund(refundId, null)),
    runPayouts: () => clone(payouts.run()),
    redeliver: async (eventId) => clone(await redeliver(eventId)),
    deliverAll: (deliverOptions) => deliverAll(deliverOptions),
    setWebhookUrl: (url) => {
      dispatcher.url = url;
    },
    webhooksIdle: () => dispatcher.idle(),
    reset,
    refusals: () => clone(refusals),
  };
}

// ---------------------------------------------------------------------------
// Request/response plumbing

function matchRoute(routes: Route[], method: string | null, pathname: string): { route: Route; path: Record<string, string> } | null {
  if (method === null) return null;
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.path.exec(pathname);
    if (match) {
      const path: Record<string, string> = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) path[name] = decodeURIComponent(value);
      return { route, path };
    }
  }
  return null;
}

async function readParams(request: Request, url: URL): Promise<FormObject> {
  const query = decodeParams(url.searchParams);
  if (request.method.toUpperCase() !== "POST") return query;
  const body = await request.text();
  const contentType = (request.headers.get("content-type") ?? "").toLowerCase();
  if (body !== "" && contentType !== "" && !contentType.startsWith("application/x-www-form-urlencoded")) {
    throw invalidRequest(
      `Invalid request: unsupported Content-Type ${contentType}. The Stripe API (and this emulator) expects application/x-www-form-urlencoded.`,
    );
  }
  // Body parameters win over query parameters of the same name.
  return { ...query, ...decodeForm(body) };
}

function parseKey(authorization: string | null, fromParams: string | undefined): ApiKey | null {
  let value: string | undefined = fromParams;
  if (authorization) {
    const [scheme, credentials = ""] = authorization.trim().split(/\s+/, 2);
    if (scheme?.toLowerCase() === "bearer") value = credentials;
    else if (scheme?.toLowerCase() === "basic") value = (atobSafe(credentials) ?? "").split(":")[0];
    else throw authenticationError("Invalid Authorization header. Use 'Authorization: Bearer sk_test_...'.");
  }
  if (value === undefined || value === "") return null;
  if (/^(sk|pk|rk)_live_/.test(value)) {
    throw authenticationError(
      `The Stripe emulator is test-mode only and refuses live API keys (${maskKey(value)}). Use a sk_test_/pk_test_ key.`,
      "livemode_mismatch",
    );
  }
  const match = /^(sk|pk|rk)_test_[A-Za-z0-9_]{1,250}$/.exec(value);
  if (!match) throw authenticationError(`Invalid API Key provided: ${maskKey(value)}`);
  return { value, kind: match[1] === "pk" ? "publishable" : "secret" };
}

function atobSafe(value: string): string | null {
  try {
    return atob(value);
  } catch {
    return null;
  }
}

function maskKey(key: string): string {
  return key.length <= 12 ? "*".repeat(key.length) : `${key.slice(0, 8)}${"*".repeat(Math.min(key.length - 12, 20))}${key.slice(-4)}`;
}

function noKey(): StripeApiError {
  return authenticationError(
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
  );
}

function secretKeyRequired(): StripeApiError {
  return authenticationError(
    "This API call cannot be made with a publishable API key. Please use a secret API key.",
    "secret_key_required",
  );
}

function unrecognized(method: string, pathname: string): StripeApiError {
  return invalidRequest(`Unrecognized request URL (${method}: ${pathname}). The Stripe emulator covers only the calls the portal makes.`, {
    status: 404,
  });
}

function requireClientSecret(intent: Stripe.PaymentIntent, params: FormObject): void {
  const secret = readString(params, "client_secret");
  if (!secret) throw missingParam("client_secret");
  if (secret !== intent.client_secret) {
    throw invalidRequest("The client_secret provided does not match the client_secret associated with the PaymentIntent.", {
      param: "client_secret",
      code: "payment_intent_invalid_parameter",
    });
  }
}

function readThreeDSOutcome(params: FormObject): ThreeDSOutcome {
  const outcome = readString(params, "outcome");
  if (outcome !== "approve" && outcome !== "fail") throw invalidRequest("outcome must be approve or fail.", { param: "outcome" });
  return outcome;
}

/** The token as Stripe sends it: without the emulator's own `used` flag (see payment_intent). */
function wireToken({ used: _used, ...token }: EmulatedConfirmationToken): Stripe.ConfirmationToken {
  return token;
}

/** What a publishable key may see of a PaymentIntent (no metadata, no charge ids), as on Stripe. */
function publishableView(intent: Stripe.PaymentIntent): Partial<Stripe.PaymentIntent> {
  const view: Partial<Stripe.PaymentIntent> = {};
  for (const field of PUBLISHABLE_FIELDS) (view as Record<string, unknown>)[field] = structuredClone(intent[field]);
  return view;
}

function wantsHtml(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("text/html");
}

function jsonHeaders(): HeadersInit {
  return { "Content-Type": "application/json; charset=utf-8" };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body, null, 2), { status, headers: jsonHeaders() });
}

function errorResponse(error: unknown): Response {
  if (error instanceof StripeApiError) {
    const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8" };
    if (error.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="Stripe"';
    // An idempotent request still in flight: the SDK retries, and by then the answer is stored.
    if (error.status === 409) headers["Stripe-Should-Retry"] = "true";
    return new Response(JSON.stringify({ error: error.body }, null, 2), { status: error.status, headers });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new Response(
    JSON.stringify({ error: { type: "api_error", message: `The Stripe emulator failed: ${message}` } }, null, 2),
    { status: 500, headers: { ...jsonHeaders(), "Stripe-Should-Retry": "false" } },
  );
}

interface FileSystemLike {
  readFileSync(path: URL, encoding: "utf8"): string;
}

async function readStripeJs(source: StripeEmulatorOptions["stripeJsSource"]): Promise<string | null> {
  if (typeof source === "string") return source;
  if (typeof source === "function") return source();
  // Node only: read the file next to this module without a static node: import (workerd has none).
  const processLike = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const fs = processLike?.getBuiltinModule?.("node:fs") as FileSystemLike | undefined;
  return fs ? fs.readFileSync(new URL("./stripe-js.js", import.meta.url), "utf8") : null;
}
