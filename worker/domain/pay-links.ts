// Pay links: short signed codes printed on invoices. A code is 16 base64url characters (96 bits):
//
//   k  iiii  ttttttttttt
//   |  |     └ tag: the first 66 bits of HMAC-SHA256(key k, "pay-link:v1:" + k + iiii)
//   |  └ id: 24 random bits, unique in D1 (a collision is retried), names the link's row
//   └ key id: which PAY_LINK_KEYS secret signed it, so keys can rotate
//
// 16 characters cannot hold both a 48-bit id and a 64-bit tag (6 + 48 + 64 > 96 bits), and the
// tag is what keeps codes unguessable: forging one means guessing 66 bits online, behind a
// per-IP rate limit. The id only has to be unique, and 16.7 million of them is ample for one
// firm's invoices. A code whose tag does not verify is refused before any database read.

export const PAY_LINK_CODE_LENGTH = 16;
const KEY_ID_LENGTH = 1;
const ID_LENGTH = 4;
const TAG_LENGTH = 11;
const CODE_PATTERN = /^[A-Za-z0-9_-]{16}$/;
const KEY_ID_PATTERN = /^[A-Za-z0-9]$/;
/** Secrets shorter than this are refused at start-up. */
export const MIN_SECRET_BYTES = 32;
/** Days after the due date a link works by default, and the most that may be configured. */
export const DEFAULT_DAYS_AFTER_DUE = 90;
export const MAX_DAYS_AFTER_DUE = 180;
/** Invoices are due this many days after their date. */
export const PAYMENT_TERMS_DAYS = 30;

export interface PayLinkKeyring {
  /** The key new links are signed with. */
  currentKeyId: string;
  /** Raw HMAC secrets by key id. */
  secrets: ReadonlyMap<string, Uint8Array<ArrayBuffer>>;
}

/**
 * Reads `PAY_LINK_KEYS` ("a:<base64 secret>,b:<base64 secret>") and `PAY_LINK_CURRENT_KEY`.
 * Throws with a message naming what is wrong (never the secret itself).
 */
export function parseKeyring(keys: string | undefined, currentKeyId: string | undefined): PayLinkKeyring {
  const secrets = new Map<string, Uint8Array<ArrayBuffer>>();
  const entries = (keys ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error("PAY_LINK_KEYS is missing (wrangler secret put PAY_LINK_KEYS, e.g. a:<base64 of 32 random bytes>)");
  for (const entry of entries) {
    const colon = entry.indexOf(":");
    const id = colon === -1 ? "" : entry.slice(0, colon);
    if (!KEY_ID_PATTERN.test(id)) throw new Error("PAY_LINK_KEYS entries must look like <one letter or digit>:<base64 secret>");
    if (secrets.has(id)) throw new Error(`PAY_LINK_KEYS names key "${id}" twice`);
    const secret = decodeBase64(entry.slice(colon + 1));
    if (!secret || secret.length < MIN_SECRET_BYTES) throw new Error(`PAY_LINK_KEYS key "${id}" must be base64 of at least ${MIN_SECRET_BYTES} random bytes`);
    secrets.set(id, secret);
  }
  const current = (currentKeyId ?? "").trim();
  if (!secrets.has(current)) throw new Error(`PAY_LINK_CURRENT_KEY "${current}" is not one of the keys in PAY_LINK_KEYS`);
  return { currentKeyId: current, secrets };
}

/** PAY_LINK_DAYS_AFTER_DUE: empty means 90; more than 180 is refused at start-up. */
export function parseDaysAfterDue(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_DAYS_AFTER_DUE;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new Error(`PAY_LINK_DAYS_AFTER_DUE must be a whole number of days, got "${value}"`);
  if (days > MAX_DAYS_AFTER_DUE) throw new Error(`PAY_LINK_DAYS_AFTER_DUE ${days} is above the ${MAX_DAYS_AFTER_DUE}-day ceiling`);
  return days;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  const normalized = text.trim().replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(normalized)) return null;
  try {
    return Uint8Array.from(atob(normalized), (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** A new random id: 3 bytes are exactly 4 base64url characters. */
export function randomLinkId(randomBytes: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  return base64url(randomBytes(3));
}

async function tagFor(secret: Uint8Array<ArrayBuffer>, keyId: string, id: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", secret, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`pay-link:v1:${keyId}${id}`)));
  // 9 bytes are 12 characters; the first 11 carry 66 bits.
  return base64url(mac.slice(0, 9)).slice(0, TAG_LENGTH);
}

/** Signs a link id with the current key. */
export async function signPayLinkCode(keyring: PayLinkKeyring, id: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{4}$/.test(id)) throw new Error("a pay link id is 4 base64url characters");
  const secret = keyring.secrets.get(keyring.currentKeyId)!;
  return `${keyring.currentKeyId}${id}${await tagFor(secret, keyring.currentKeyId, id)}`;
}

/**
 * Checks a code's format and tag, with no database: null for anything forged, altered,
 * truncated, extended, or signed by a key that is not configured (any more).
 */
export async function verifyPayLinkCode(keyring: PayLinkKeyring, code: string): Promise<{ keyId: string; id: string } | null> {
  if (!CODE_PATTERN.test(code)) return null;
  const keyId = code.slice(0, KEY_ID_LENGTH);
  const id = code.slice(KEY_ID_LENGTH, KEY_ID_LENGTH + ID_LENGTH);
  const secret = keyring.secrets.get(keyId);
  if (!secret) return null;
  const expected = await tagFor(secret, keyId, id);
  return constantTimeEqual(expected, code.slice(KEY_ID_LENGTH + ID_LENGTH)) ? { keyId, id } : null;
}

/** Compares two equal-length ASCII strings without an early exit. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export function payLinkUrl(origin: string, code: string): string {
  return `${origin.replace(/\/$/, "")}/p/${code}`;
}

const DAY_MS = 86_400_000;

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The last day a link works: `daysAfterDue` after the invoice's due date. A link minted for an
 * invoice already past due (a reminder, or a replacement for a revoked link) counts from the day
 * it was minted instead, or it would be born expired. Dates are UTC calendar days.
 */
export function payLinkExpiry(invoiceDate: string, mintedAt: number, daysAfterDue: number): { expiresOn: string; expiresAt: number } {
  const due = addDays(invoiceDate, PAYMENT_TERMS_DAYS);
  const minted = new Date(mintedAt).toISOString().slice(0, 10);
  const expiresOn = addDays(due > minted ? due : minted, daysAfterDue);
  // Usable through the whole of that day.
  return { expiresOn, expiresAt: Date.parse(`${expiresOn}T00:00:00Z`) + DAY_MS };
}

/** The last day a link works (ISO), from the instant it stops working. */
export function payLinkLastDay(expiresAt: number): string {
  return new Date(expiresAt - DAY_MS).toISOString().slice(0, 10);
}

export type PayLinkState = "active" | "expired" | "revoked";

export function payLinkState(link: { expiresAt: number; revokedAt: number | null }, now: number): PayLinkState {
  if (link.revokedAt !== null) return "revoked";
  if (now >= link.expiresAt) return "expired";
  return "active";
}

/** What staff see of where a link was opened from: the network, not the address. */
export { ipPrefix } from "./ip";

export type BrowserFamily = "Chrome" | "Safari" | "Firefox" | "Edge" | "Other";

/** The browser family from a User-Agent, for staff: enough to tell a client from a mail scanner. */
export function browserFamily(userAgent: string | undefined | null): BrowserFamily {
  const ua = userAgent ?? "";
  if (/Edg(e|A|iOS)?\//.test(ua)) return "Edge";
  if (/OPR\/|Opera|SamsungBrowser\/|YaBrowser\//.test(ua)) return "Other";
  if (/Firefox\/|FxiOS\//.test(ua)) return "Firefox";
  if (/Chrome\/|CriOS\/|Chromium\//.test(ua)) return "Chrome";
  if (/Safari\//.test(ua) && /Version\//.test(ua)) return "Safari";
  return "Other";
}
