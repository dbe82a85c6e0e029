// Per-request set-up: dependencies, language, security headers, CSRF, and the portal session.
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, generateCookie, getCookie, setCookie } from "hono/cookie";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { PortalError } from "../domain/errors";
import { isLanguage, pickLanguage } from "../domain/language";
import { positiveIntVar, stripeOrigins, type AppEnv, type SessionCookie, type WorkerEnv } from "../env";
import { loadSessionFor, type SessionBatchPart, type SessionLedger, type SessionLoad, type SessionRecord } from "../services/sessions";
import { openDatabase } from "../storage/db";
import { parseFeePolicy } from "../domain/fees";
import type { CheckoutGateway } from "../gateways/payments";
import { isRealSiteKey } from "../gateways/turnstile";
import { signCookieValue, verifiedCookieValue } from "./cookie-signing";
import { bodyTooLarge } from "./errors";

export const SESSION_COOKIE = "portal_session";
const LANGUAGE_COOKIE = "portal_lang";

/**
 * POSTs that only recompute a total from the form as typed (the list's total as items are
 * unticked, the amounts step's total and fee): nothing is saved, so they are reads like a GET.
 */
const RECOMPUTE_POSTS = /^\/portal\/(items\/total|amounts\/preview)$/;

/** A request that writes nothing: a GET or HEAD, or a recompute POST. */
function readsOnly(c: Context<AppEnv>): boolean {
  return c.req.method === "GET" || c.req.method === "HEAD" || (c.req.method === "POST" && RECOMPUTE_POSTS.test(c.req.path));
}

/**
 * Reads that may come from the nearest replica: a client's pages at least as fresh as their own
 * last write (the bookmark in their cookie), anonymous pages whatever the replica has. Writes, the
 * confirm step (a POST) and staff pages go to the primary.
 */
function d1Constraint(c: Context<AppEnv>, cookie: SessionCookie | null): string {
  const path = c.req.path;
  if (!readsOnly(c) || path === "/staff" || path.startsWith("/staff/")) return "first-primary";
  return cookie?.bookmark ?? "first-unconstrained";
}

/**
 * `sessions`: the client Worker's; the staff Worker reads no session cookie. `gateway`: how this
 * Worker reaches the payment provider (the client Worker over RPC, the staff Worker directly).
 */
export function requestDeps(options: { sessions: boolean; gateway: (env: WorkerEnv) => CheckoutGateway }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const env = c.env;
    let gateway: CheckoutGateway | null = null;
    const cookie = options.sessions ? await readSessionCookie(c) : null;
    c.set("sessionCookie", cookie);
    const d1Session = env.DB.withSession(d1Constraint(c, cookie));
    c.set("d1Session", d1Session);
    c.set("deps", {
      // drizzle needs only prepare and batch, which a D1 session has.
      db: openDatabase(d1Session as unknown as D1Database),
      now: () => Date.now(),
      // Built on first use: most requests never talk to the payment provider.
      get gateway() {
        gateway ??= options.gateway(env);
        return gateway;
      },
      feePolicy: parseFeePolicy(env.SURCHARGE_BPS, env.SURCHARGE_ENABLED),
    });
    c.set("session", null);
    c.set("ledger", null);
    c.set("sessionExpired", false);
    await next();
  };
}

export function language(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const query = c.req.query("lang");
    const chosen = pickLanguage(query, getCookie(c, LANGUAGE_COOKIE), c.req.header("Accept-Language"));
    c.set("language", chosen);
    if (isLanguage(query)) {
      setCookie(c, LANGUAGE_COOKIE, chosen, { path: "/", sameSite: "Lax", secure: true, httpOnly: true, maxAge: 60 * 60 * 24 * 365 });
    }
    await next();
    setAnswerHeader(c, "Content-Language", chosen);
    setAnswerHeader(c, "Vary", "Accept-Language, Cookie", { append: true });
  };
}

/**
 * Sets a header of the answer from a middleware, before or after the route answers. Once a route
 * has answered, hono's c.header() copies the whole Response at every call (in case its headers are
 * immutable, as a fetched answer's are): three or four copies a page, 5% of its CPU. The answers
 * this Worker renders have mutable headers, so they are set in place; an immutable one (the staff
 * Worker's, through the service binding) still goes through c.header().
 */
export function setAnswerHeader(c: Context<AppEnv>, name: string, value: string, options: { append?: boolean } = {}): void {
  const headers = c.res.headers;
  try {
    if (options.append) headers.append(name, value);
    else headers.set(name, value);
  } catch {
    c.header(name, value, options);
  }
}

/** Only the payment-details step and the 3D Secure step may load or talk to Stripe. */
function isPaymentPage(c: Context<AppEnv>): boolean {
  const path = new URL(c.req.url).pathname;
  return path === "/portal/details" || /^\/portal\/payments\/[^/]+$/.test(path);
}

function stripeSources(kind: "script" | "connect" | "frame") {
  return (c: Context<AppEnv>) => (isPaymentPage(c) ? stripeOrigins(c.env)[kind].join(" ") : "");
}

/** The help form loads Turnstile only with a real sitekey (never offline or in tests). */
function turnstileSources(c: Context<AppEnv>): string {
  return new URL(c.req.url).pathname === "/help" && isRealSiteKey(c.env.TURNSTILE_SITE_KEY ?? "") ? "https://challenges.cloudflare.com" : "";
}

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'", NONCE, stripeSources("script"), turnstileSources],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'", stripeSources("connect")],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      frameSrc: ["'self'", stripeSources("frame"), turnstileSources],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    strictTransportSecurity: "max-age=63072000; includeSubDomains",
    xFrameOptions: "DENY",
    referrerPolicy: "strict-origin-when-cross-origin",
    crossOriginOpenerPolicy: "same-origin",
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });
}

/** Rejects cross-site form posts (Origin and Sec-Fetch-Site checks). */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return csrf();
}

/** Client forms are a few kilobytes; Stripe's events stay well under a megabyte. */
const FORM_BODY_LIMIT = 64 * 1024;
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * Limits what the public routes read: 413 past it, from Content-Length or counted while the body
 * streams in. Staff routes sit behind Access and set their own limits (PDF uploads).
 */
export function publicBodyLimits(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const path = c.req.path;
    const body = c.req.raw.body;
    if (!body || path === "/staff" || path.startsWith("/staff/")) return next();
    const maxSize = path.startsWith("/webhooks/") ? WEBHOOK_BODY_LIMIT : FORM_BODY_LIMIT;
    const declared = c.req.header("Content-Length");
    if (declared !== undefined && !c.req.header("Transfer-Encoding")) return Number(declared) > maxSize ? bodyTooLarge(c) : next();
    // hono/body-limit re-wraps the used request here, which workerd reads as empty: collect the
    // chunks ourselves and hand the route a fresh request with the same method and headers.
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxSize) {
        await reader.cancel();
        return bodyTooLarge(c);
      }
      chunks.push(value);
    }
    const whole = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      whole.set(chunk, offset);
      offset += chunk.length;
    }
    c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers: c.req.raw.headers, body: whole });
    return next();
  };
}

/**
 * Parses a form body once, before any route: a malformed one (a broken multipart boundary) is a
 * 400, not an error inside the route. Routes then read Hono's cached parse.
 */
export function formBodies(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = c.req.header("Content-Type")?.split(";")[0]?.trim().toLowerCase();
    const hasBody = c.req.method !== "GET" && c.req.method !== "HEAD";
    if (hasBody && (type === "multipart/form-data" || type === "application/x-www-form-urlencoded")) {
      try {
        await c.req.parseBody();
      } catch {
        throw new HTTPException(400, { message: "malformed form body" });
      }
    }
    await next();
  };
}

function idleMs(c: Context<AppEnv>): number {
  return positiveIntVar(c.env.SESSION_IDLE_MINUTES, 30) * 60_000;
}

/** Pages whose data is the session client's ledger: read in the session's own batch. */
const LEDGER_PAGES = /^\/portal(\/(items(\/total)?|pay|amounts(\/preview)?|details|review))?$/;

/**
 * Requests whose route reads the session itself, through `sessionWith`, in one batch with what
 * only the route knows (a payment id, a page number, the confirm's reservation), or that start a
 * session and need only the cookie's id (a pay link, a lookup). The middleware leaves the read to them.
 */
const ROUTE_READS_SESSION: [method: "GET" | "POST", path: RegExp][] = [
  ["GET", /^\/portal\/payments(\/[^/]+(\/status|\/receipt\.pdf)?)?$/],
  ["GET", /^\/portal\/invoices\/[^/]+$/],
  ["GET", /^\/portal\/statement(\.pdf)?$/],
  ["POST", /^\/portal\/confirm$/],
  ["GET", /^\/p\/[^/]+$/],
  ["POST", /^\/lookup$/],
];

function routeReadsSession(c: Context<AppEnv>): boolean {
  const method = c.req.method === "HEAD" ? "GET" : c.req.method;
  return ROUTE_READS_SESSION.some(([m, path]) => m === method && path.test(c.req.path));
}

/**
 * Loads the session if the cookie names a live one; never fails the request. One D1 round trip,
 * with the page's ledger on the checkout pages; the routes in ROUTE_READS_SESSION get a reader
 * instead and make that one trip themselves. After the route, the cookie is signed again with the
 * idle clock and the newest D1 bookmark, unless the route started or ended a session itself.
 */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookie = c.get("sessionCookie");
    let touchedAt: number | null = null;
    if (cookie) {
      const { db, now } = c.get("deps");
      // A write moves the idle clock in its own batch; a read does once a minute at most.
      const write = !readsOnly(c);
      const read = async <T>(part: SessionBatchPart<T> | null, ledger: boolean): Promise<SessionLoad<T>> => {
        const check = await loadSessionFor(db, cookie.id, now(), sessionLimits(c), { touchedAt: cookie.touchedAt, write, ledger, part });
        if (check.state === "active") {
          c.set("session", check.session);
          c.set("ledger", check.ledger);
          touchedAt = check.touchedAt;
        } else {
          clearSessionCookie(c);
          c.set("sessionExpired", check.state === "expired" ? check.reason : false);
        }
        return check;
      };
      if (routeReadsSession(c)) c.set("sessionReader", read);
      else await read(null, LEDGER_PAGES.test(c.req.path));
    }
    await next();
    if (cookie && touchedAt !== null && !c.get("sessionCookieWritten")) await writeSessionCookie(c, cookie.id, touchedAt);
  };
}

/**
 * For the routes in ROUTE_READS_SESSION: the live session, its ledger if asked, and the route's
 * own part, in one D1 round trip. Without a live session, back to the entry page with a message.
 */
export async function sessionWith<T>(
  c: Context<AppEnv>,
  part: SessionBatchPart<T>,
  options: { ledger?: boolean } = {},
): Promise<{ session: SessionRecord; ledger: SessionLedger | null; part: T }> {
  const reader = c.get("sessionReader");
  if (!reader) throw new PortalError("session_expired", "no live session");
  const check = await reader(part, options.ledger ?? false);
  if (check.state !== "active") throw new PortalError("session_expired", "no live session");
  return { session: check.session, ledger: check.ledger, part: check.part };
}

function sessionLimits(c: Context<AppEnv>) {
  return { idleMs: idleMs(c), maxAgeMs: positiveIntVar(c.env.SESSION_MAX_HOURS, 12) * 3_600_000 };
}

/** Portal routes: without a live session, back to the entry page with a message. */
export function requireSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // A route that reads its own session checks it there (sessionWith).
    if (!c.get("session") && !c.get("sessionReader")) throw new PortalError("session_expired", "no live session");
    await next();
  };
}

const BOOKMARK = /^[A-Za-z0-9-]{1,200}$/;

async function readSessionCookie(c: Context<AppEnv>): Promise<SessionCookie | null> {
  const value = await verifiedCookieValue(getCookie(c, SESSION_COOKIE, "host"), c.env.SESSION_SECRET);
  if (!value) return null;
  const [id = "", touched = "", bookmark = ""] = value.split("~");
  if (!id) return null;
  const touchedAt = /^\d{1,15}$/.test(touched) ? Number(touched) : null;
  return { id, touchedAt, bookmark: BOOKMARK.test(bookmark) ? bookmark : null };
}

/** Signs the session cookie: the row id, when the idle clock last moved, the newest D1 bookmark. */
export async function writeSessionCookie(c: Context<AppEnv>, id: string, touchedAt: number): Promise<void> {
  const bookmark = c.get("d1Session").getBookmark() ?? c.get("sessionCookie")?.bookmark ?? "";
  c.set("sessionCookieWritten", true);
  const signed = await signCookieValue(`${id}~${touchedAt}~${bookmark}`, c.env.SESSION_SECRET);
  const cookie = generateCookie(SESSION_COOKIE, signed, {
    prefix: "host",
    path: "/",
    secure: true,
    httpOnly: true,
    sameSite: "Lax",
    maxAge: Math.floor(idleMs(c) / 1000),
  });
  setAnswerHeader(c, "Set-Cookie", cookie, { append: true });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  c.set("sessionCookieWritten", true);
  deleteCookie(c, SESSION_COOKIE, { prefix: "host", path: "/", secure: true });
}

export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("CF-Connecting-IP") ?? "unknown";
}
