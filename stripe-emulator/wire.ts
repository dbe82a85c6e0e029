// Stripe's wire format: bracket-keyed form bodies in, Stripe-shaped errors out.
// Pure functions only (no state, no I/O), so they run the same in Node and workerd.

import { STRIPE_ERROR_CODES } from "./schema/requests.ts";

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export const API_VERSION = "2026-10-28.endive";

// ---------------------------------------------------------------------------
// Errors

export type StripeErrorType = "invalid_request_error" | "card_error" | "idempotency_error" | "api_error";

/** The body Stripe puts under `error`. Extra keys (payment_intent, charge...) ride along. */
export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
}

/** Thrown anywhere below the router; the router turns it into `{ error }` with `status`. */
export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  /** Stripe would accept the request; the emulator does not model what it asks for. */
  readonly unsupported: boolean;

  constructor(status: number, body: StripeErrorBody, options: { unsupported?: boolean } = {}) {
    // A code Stripe never sends would teach the Worker to branch on something that cannot happen.
    if (body.code !== undefined && !STRIPE_ERROR_CODES.has(body.code)) {
      throw new Error(`Stripe emulator bug: '${body.code}' is not one of Stripe's error codes (schema/requests.ts).`);
    }
    super(body.message);
    this.status = status;
    this.body = body;
    this.unsupported = options.unsupported ?? false;
  }
}

function docUrl(code: string | undefined): string | undefined {
  return code ? `https://docs.stripe.com/error-codes/${code.replaceAll("_", "-")}` : undefined;
}

export function invalidRequest(message: string, options: { param?: string; code?: string; status?: number } = {}): StripeApiError {
  return new StripeApiError(options.status ?? 400, {
    type: "invalid_request_error",
    message,
    ...(options.code ? { code: options.code, doc_url: docUrl(options.code) } : {}),
    ...(options.param ? { param: options.param } : {}),
  });
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { param, code: "parameter_missing" });
}

/** `status` 404 for ids in the path, 400 for ids passed as parameters (as Stripe does). */
export function noSuchObject(objectName: string, id: string, options: { param?: string; status?: 400 | 404 } = {}): StripeApiError {
  return invalidRequest(`No such ${objectName}: '${id}'`, {
    code: "resource_missing",
    param: options.param,
    status: options.status ?? 404,
  });
}

export function authenticationError(message: string, code?: string): StripeApiError {
  return new StripeApiError(401, {
    type: "invalid_request_error",
    message,
    ...(code ? { code } : {}),
  });
}

export function idempotencyError(message: string): StripeApiError {
  return new StripeApiError(400, { type: "idempotency_error", message });
}

export function cardError(code: string, message: string, extra: Omit<StripeErrorBody, "type" | "code" | "message"> = {}): StripeApiError {
  return new StripeApiError(402, {
    type: "card_error",
    code,
    message,
    doc_url: docUrl(code),
    ...extra,
  });
}

// ---------------------------------------------------------------------------
// Form decoding: `a[b][0]=x&a[b][1]=y&c[]=z` -> { a: { b: ["x", "y"] }, c: ["z"] }

// Names that would reach Object.prototype if a caller ever spread the result carelessly.
const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);

function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw invalidRequest(`Invalid parameter name: ${key}`, { param: key });
  const head = match[1] ?? "";
  const rest = match[2] ?? "";
  const segments = [head];
  for (const part of rest.matchAll(/\[([^[\]]*)\]/g)) segments.push(part[1] ?? "");
  for (const segment of segments) {
    if (FORBIDDEN_KEYS.has(segment)) throw invalidRequest(`Invalid parameter name: ${key}`, { param: key });
  }
  return segments;
}

// While decoding, every container is a plain object; `[]` appends at the next free index.
// Objects whose keys are all array indexes become arrays at the end.
type Draft = { [key: string]: string | Draft };

function insert(root: Draft, key: string, value: string): void {
  const segments = splitKey(key);
  let node: Draft = root;
  for (let i = 0; i < segments.length; i++) {
    let segment = segments[i] ?? "";
    if (segment === "") segment = String(Object.keys(node).length);
    const last = i === segments.length - 1;
    if (last) {
      if (typeof node[segment] === "object") {
        throw invalidRequest(`Invalid parameter: ${key} is both a value and a hash`, { param: key });
      }
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (typeof next === "string") {
      throw invalidRequest(`Invalid parameter: ${key} is both a value and a hash`, { param: key });
    }
    if (next === undefined) {
      const child: Draft = {};
      node[segment] = child;
      node = child;
    } else {
      node = next;
    }
  }
}

function finalize(draft: Draft): FormObject | FormValue[] {
  const keys = Object.keys(draft);
  const converted: FormObject = {};
  for (const key of keys) {
    const value = draft[key];
    if (value === undefined) continue;
    converted[key] = typeof value === "string" ? value : finalize(value);
  }
  const isArray = keys.length > 0 && keys.every((key) => /^(0|[1-9]\d{0,5})$/.test(key));
  if (!isArray) return converted;
  return keys
    .map(Number)
    .sort((a, b) => a - b)
    .map((index) => converted[String(index)] as FormValue);
}

export function decodeParams(search: URLSearchParams): FormObject {
  const draft: Draft = {};
  for (const [key, value] of search) insert(draft, key, value);
  const result = finalize(draft);
  // A body like `0=a&1=b` decodes to an array; Stripe would reject those names anyway.
  return Array.isArray(result) ? {} : result;
}

export function decodeForm(body: string): FormObject {
  return decodeParams(new URLSearchParams(body));
}

// ---------------------------------------------------------------------------
// Typed readers over decoded params. Each throws Stripe's own error shape.

export function isObject(value: FormValue | undefined): value is FormObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readObject(params: FormObject, name: string, path = name): FormObject | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.length === 0) return {};
  if (!isObject(value)) throw invalidRequest(`Invalid object: ${path}`, { param: path });
  return value;
}

export function readString(params: FormObject, name: string, path = name): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidRequest(`Invalid string: ${path}`, { param: path });
  return value;
}

export function requireString(params: FormObject, name: string, path = name): string {
  const value = readString(params, name, path);
  if (value === undefined || value === "") throw missingParam(path);
  return value;
}

export function readInteger(params: FormObject, name: string, path = name): number | undefined {
  const value = readString(params, name, path);
  if (value === undefined) return undefined;
  if (!/^-?\d{1,15}$/.test(value)) {
    throw invalidRequest(`Invalid integer: ${value}`, { param: path, code: "parameter_invalid_integer" });
  }
  return Number(value);
}

export function readBoolean(params: FormObject, name: string, path = name): boolean | undefined {
  const value = readString(params, name, path);
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalidRequest(`Invalid boolean: ${value}`, { param: path });
}

export function readStringArray(params: FormObject, name: string, path = name): string[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalidRequest(`Invalid array`, { param: path });
  return value.map((item, index) => {
    if (typeof item !== "string") throw invalidRequest(`Invalid string: ${path}[${index}]`, { param: `${path}[${index}]` });
    return item;
  });
}

/** Stripe metadata: up to 50 string keys (40 chars) with string values (500 chars). */
export function readMetadata(params: FormObject, name = "metadata"): Record<string, string> | undefined {
  const raw = params[name];
  if (raw === undefined) return undefined;
  if (raw === "") return {};
  if (!Array.isArray(raw) && !isObject(raw)) throw invalidRequest(`Invalid object: ${name}`, { param: name });
  // `metadata[0]=x` decodes to an array; treat indexes as the string keys they were.
  const entries: [string, FormValue][] = Array.isArray(raw) ? raw.map((value, index) => [String(index), value]) : Object.entries(raw);
  if (entries.length > 50) throw invalidRequest("Metadata can have at most 50 keys.", { param: name });
  const metadata: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (typeof value !== "string") throw invalidRequest(`Invalid string: ${name}[${key}]`, { param: `${name}[${key}]` });
    if (key.length > 40) throw invalidRequest(`Metadata keys can be at most 40 characters.`, { param: `${name}[${key}]` });
    if (value.length > 500) throw invalidRequest(`Metadata values can be at most 500 characters.`, { param: `${name}[${key}]` });
    // An empty value unsets the key, as on Stripe.
    if (value !== "") metadata[key] = value;
  }
  return metadata;
}

/**
 * The parameters a handler models. Requests are first validated against Stripe's own types
 * (schema/validate.ts), so anything else here is a parameter Stripe accepts and the emulator
 * ignores: refused (and recorded as `unsupported`) rather than silently dropped.
 */
export function rejectUnknownParams(params: FormObject, allowed: readonly string[], prefix?: string): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) {
      const name = prefix ? `${prefix}[${key}]` : key;
      throw new StripeApiError(
        400,
        {
          type: "invalid_request_error",
          message: `The Stripe emulator does not model the parameter ${name} (Stripe accepts it); add it in stripe-emulator/state/ if the portal needs it.`,
          param: name,
        },
        { unsupported: true },
      );
    }
  }
}

// ---------------------------------------------------------------------------
// Ids and fingerprints

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomToken(length: number): string {
  let out = "";
  while (out.length < length) {
    // 248 is the largest multiple of 62 below 256: skipping bytes above it keeps the draw uniform.
    for (const byte of crypto.getRandomValues(new Uint8Array(length))) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

/** JSON with sorted keys, so two decodings of the same parameters compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A stable, non-reversible-looking fingerprint (FNV-1a); not security-relevant, only test data. */
export function fingerprint(input: string): string {
  let hash = 0x811c9dc5;
  let hash2 = 0x01000193;
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    hash = Math.imul(hash ^ code, 0x01000193) >>> 0;
    hash2 = Math.imul(hash2 ^ code, 0x811c9dc5) >>> 0;
  }
  return (toBase62(hash) + toBase62(hash2)).slice(0, 16).padEnd(16, "0");
}

function toBase62(n: number): string {
  let out = "";
  let value = n;
  do {
    out += ALPHABET[value % 62];
    value = Math.floor(value / 62);
  } while (value > 0);
  return out.padEnd(8, "x");
}

export function escapeHtml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}
