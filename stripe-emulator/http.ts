// Request/response plumbing for the emulator's routes: the route shape, API keys, parameters,
// JSON and error responses. Web-standard Request/Response only (no node: imports).
import type Stripe from "stripe";
import {
  authenticationError,
  decodeForm,
  decodeParams,
  invalidRequest,
  missingParam,
  readStringArray,
  readString,
  StripeApiError,
  type FormObject,
} from "./wire.ts";
import type { RequestContext } from "./state.ts";

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

export type AuthMode =
  | "secret" // sk_test_ only
  | "publishable" // pk_test_ or sk_test_ (the calls Stripe.js makes)
  | "client_secret" // sk_test_, or pk_test_ plus the PaymentIntent's client_secret
  | "helper" // sk_test_, or the dashboard's form token
  | "none";

export interface ApiKey {
  value: string;
  kind: "secret" | "publishable";
}

export interface Call {
  request: Request;
  url: URL;
  params: FormObject;
  path: Record<string, string>;
  key: ApiKey | null;
  ctx: RequestContext;
  /** True when a dashboard form made the call: answer with a redirect instead of JSON. */
  fromDashboard: boolean;
}

export type Handler = (call: Call) => unknown | Promise<unknown>;

export interface Route {
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

export const PUBLISHABLE_FIELDS = [
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
export class RawResponse {
  readonly response: Response;
  constructor(response: Response) {
    this.response = response;
  }
}

export function html(body: string, status = 200): RawResponse {
  return new RawResponse(new Response(body, { status, headers: { "Content-Type": "text/html; charset=utf-8" } }));
}

export function redirect(location: string): RawResponse {
  return new RawResponse(new Response(null, { status: 303, headers: { Location: location } }));
}

export const expandOf = (params: FormObject): string[] => readStringArray(params, "expand") ?? [];
export const noExpand = (params: FormObject): void => {
  const expand = expandOf(params);
  if (expand.length > 0) throw invalidRequest(`This property cannot be expanded (${expand[0]}).`, { param: "expand" });
};
export const id = (call: Call): string => call.path.id ?? "";
export const helperResult = (call: Call, body: unknown): unknown => (call.fromDashboard ? redirect("/_emulator/") : body);

export function matchRoute(routes: Route[], method: string | null, pathname: string): { route: Route; path: Record<string, string> } | null {
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

export async function readParams(request: Request, url: URL): Promise<FormObject> {
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

export function parseKey(authorization: string | null, fromParams: string | undefined): ApiKey | null {
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

export function noKey(): StripeApiError {
  return authenticationError(
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
  );
}

export function secretKeyRequired(): StripeApiError {
  return authenticationError("This API call cannot be made with a publishable API key. Please use a secret API key.", "secret_key_required");
}

export function unrecognized(method: string, pathname: string): StripeApiError {
  return invalidRequest(`Unrecognized request URL (${method}: ${pathname}). The Stripe emulator covers only the calls the portal makes.`, {
    status: 404,
  });
}

export function requireClientSecret(intent: Stripe.PaymentIntent, params: FormObject): void {
  const secret = readString(params, "client_secret");
  if (!secret) throw missingParam("client_secret");
  if (secret !== intent.client_secret) {
    throw invalidRequest("The client_secret provided does not match the client_secret associated with the PaymentIntent.", {
      param: "client_secret",
      code: "payment_intent_invalid_parameter",
    });
  }
}

/** What a publishable key may see of a PaymentIntent (no metadata, no charge ids), as on Stripe. */
export function publishableView(intent: Stripe.PaymentIntent): Partial<Stripe.PaymentIntent> {
  const view: Partial<Stripe.PaymentIntent> = {};
  for (const field of PUBLISHABLE_FIELDS) (view as Record<string, unknown>)[field] = structuredClone(intent[field]);
  return view;
}

export function wantsHtml(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("text/html");
}

export function jsonHeaders(): HeadersInit {
  return { "Content-Type": "application/json; charset=utf-8" };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body, null, 2), { status, headers: jsonHeaders() });
}

export function errorResponse(error: unknown): Response {
  if (error instanceof StripeApiError) {
    const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8" };
    if (error.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="Stripe"';
    // An idempotent request still in flight: the SDK retries, and by then the answer is stored.
    if (error.status === 409) headers["Stripe-Should-Retry"] = "true";
    return new Response(JSON.stringify({ error: error.body }, null, 2), { status: error.status, headers });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new Response(JSON.stringify({ error: { type: "api_error", message: `The Stripe emulator failed: ${message}` } }, null, 2), {
    status: 500,
    headers: { ...jsonHeaders(), "Stripe-Should-Retry": "false" },
  });
}

export async function readStripeJs(source: string | (() => Promise<string>) | undefined): Promise<string | null> {
  if (typeof source === "string") return source;
  if (typeof source === "function") return source();
  return null;
}
