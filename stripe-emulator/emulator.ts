// The emulator's HTTP surface: routing, API keys, idempotency, CORS and response headers; the
// routes themselves live in routes/, one module per resource. Web-standard Request/Response only (no node: imports), so it runs in Node and in workerd.
import type Stripe from "stripe";
import { API_VERSION, canonicalJson, idempotencyError, invalidRequest, randomToken, readString, StripeApiError, type FormObject } from "./wire.ts";
import { EmulatorState, type RequestContext, type DisputeScenario, type SettleOutcome, type ThreeDSOutcome, type EmulatedConfirmationToken } from "./state.ts";
import { PayoutBook } from "./payouts.ts";
import type { Schema } from "./schema/types.ts";
import { WebhookDispatcher, type DeliveryRecord } from "./webhooks.ts";
import {
  errorResponse,
  json,
  jsonHeaders,
  matchRoute,
  noKey,
  parseKey,
  RawResponse,
  readParams,
  readStripeJs,
  secretKeyRequired,
  unrecognized,
  type ApiKey,
  type Refusal,
  type Route,
} from "./http.ts";
import { requestSchemas } from "./schema/requests.ts";
import { validateParams } from "./schema/validate.ts";
import type { DeliverAllOptions, RouteContext } from "./routes/context.ts";
import { chargeRoutes } from "./routes/charges.ts";
import { confirmationTokenRoutes } from "./routes/confirmation-tokens.ts";
import { disputeRoutes } from "./routes/disputes.ts";
import { emulatorRoutes } from "./routes/emulator.ts";
import { eventRoutes } from "./routes/events.ts";
import { microdepositRoutes } from "./routes/microdeposits.ts";
import { paymentIntentRoutes } from "./routes/payment-intents.ts";
import { payoutRoutes } from "./routes/payouts.ts";
import { refundRoutes } from "./routes/refunds.ts";
import { threeDSRoutes } from "./routes/three-d-secure.ts";

export { TEST_CARDS, TEST_BANK_ACCOUNTS, TEST_ROUTING_NUMBER } from "./test-instruments.ts";
export type { EmulatedConfirmationToken, SettleOutcome, ThreeDSOutcome } from "./state.ts";
export type { DeliveryRecord, DeliveryStatus } from "./webhooks.ts";
export { signPayload } from "./webhooks.ts";
export { API_VERSION } from "./wire.ts";
export type { Refusal } from "./http.ts";
export type { DeliverAllOptions } from "./routes/context.ts";

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
  /** The Stripe.js stand-in served at /v3/: startEmulatorServer passes buildStripeJs (stripe-js-build.ts). */
  stripeJsSource?: string | (() => Promise<string>);
  /** Called for each refused request (see Refusal), e.g. to log it. */
  onRefusal?: (refusal: Refusal) => void;
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

  const refusals: Refusal[] = [];
  const context: RouteContext = { state, payouts, dispatcher, dashboardToken, refusals, loadStripeJs, deliverAll, redeliver, reset };
  const routes: Route[] = [
    ...confirmationTokenRoutes(context),
    ...paymentIntentRoutes(context),
    ...microdepositRoutes(context),
    ...refundRoutes(context),
    ...disputeRoutes(context),
    ...chargeRoutes(context),
    ...payoutRoutes(context),
    ...eventRoutes(context),
    ...threeDSRoutes(context),
    ...emulatorRoutes(context),
  ];

  // A Stripe API route without a parameters schema would accept anything: refuse to start.
  const schemas = requestSchemas();
  for (const route of routes) {
    if (!route.path.source.startsWith("^\\/v1\\/")) continue;
    if (!route.params || !schemas.roots[route.params]) {
      throw new Error(`Stripe emulator: route ${route.method} ${route.path.source} needs params: <a key of REQUEST_SPECS> (got ${route.params ?? "none"}).`);
    }
  }
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
    deliveries: () =>
      state.events.eventLog
        .map((event) => dispatcher.record(event.id))
        .filter((record) => record !== undefined)
        .map(clone),
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
