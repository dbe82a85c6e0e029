// Staff requests in Worker tests: real Cloudflare Access JWTs, signed with an RSA key made here,
// whose JWKS is served for the team's certs URL by a spy on fetch (every other request goes out
// untouched). Call installAccessJwks() in beforeAll, then send staffHeaders() with each request.
import { env, exports } from "cloudflare:workers";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { routeFetch } from "./fetch-routes";
import { ORIGIN } from "./helpers";

export const ACCESS_ISSUER = `https://${env.ACCESS_TEAM_DOMAIN}`;
export const ACCESS_CERTS_URL = `${ACCESS_ISSUER}/cdn-cgi/access/certs`;
export const STAFF_EMAIL = "ar-staff@alvarezwhitman.example";
const KEY_ID = "portal-test-access-key";

interface AccessKeys {
  privateKey: CryptoKey;
  /** Same key id, different key: its signatures must fail. */
  impostorKey: CryptoKey;
  jwks: { keys: JWK[] };
}

let keys: Promise<AccessKeys> | null = null;

function accessKeys(): Promise<AccessKeys> {
  keys ??= (async () => {
    const real = await generateKeyPair("RS256", { extractable: true });
    const impostor = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(real.publicKey)), kid: KEY_ID, alg: "RS256", use: "sig" };
    return { privateKey: real.privateKey, impostorKey: impostor.privateKey, jwks: { keys: [jwk] } };
  })();
  return keys;
}

/** Serves the test key's JWKS at the Access certs URL; safe to call more than once. */
export async function installAccessJwks(): Promise<void> {
  const { jwks } = await accessKeys();
  routeFetch(ACCESS_CERTS_URL, () => Response.json(jwks));
}

/** The one Access signing key of the Worker tests (the Worker caches the team's JWKS per isolate). */
export async function accessSigningKey(): Promise<{ privateKey: CryptoKey; kid: string }> {
  await installAccessJwks();
  return { privateKey: (await accessKeys()).privateKey, kid: KEY_ID };
}

export interface TokenOptions {
  email?: string | null;
  audience?: string;
  issuer?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Sign with a different key under the same key id. */
  badSignature?: boolean;
}

/** An Access application token as Cloudflare issues it (RS256, aud array, email claim). */
export async function signAccessToken(options: TokenOptions = {}): Promise<string> {
  const { privateKey, impostorKey } = await accessKeys();
  const now = Math.floor(Date.now() / 1000);
  const expiresIn = options.expiresIn ?? 600;
  const payload = options.email === null ? {} : { email: options.email ?? STAFF_EMAIL, type: "app", identity_nonce: "test" };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "RS256", kid: KEY_ID })
    .setIssuer(options.issuer ?? ACCESS_ISSUER)
    .setAudience([options.audience ?? env.ACCESS_AUD])
    .setSubject("00000000-0000-0000-0000-000000000001")
    .setIssuedAt(now - 60 + Math.min(0, expiresIn))
    .setNotBefore(now - 60 + Math.min(0, expiresIn))
    .setExpirationTime(now + expiresIn)
    .sign(options.badSignature ? impostorKey : privateKey);
}

/** Headers with a valid Access token for `email`, as Access adds them in front of the Worker. */
export async function staffHeaders(email = STAFF_EMAIL): Promise<Record<string, string>> {
  return { "Cf-Access-Jwt-Assertion": await signAccessToken({ email }) };
}

/** A staff request straight to the Worker: Access headers, and the Origin a browser sends on posts. */
export async function staffFetch(path: string, init: RequestInit & { form?: Record<string, string>; json?: unknown; email?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(await staffHeaders(init.email))) if (!headers.has(name)) headers.set(name, value);
  let body = init.body;
  if (init.form) {
    body = new URLSearchParams(init.form);
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers.set("Content-Type", "application/json");
  }
  const method = init.method ?? (init.form || init.json !== undefined ? "POST" : "GET");
  if (method !== "GET" && !headers.has("Origin")) headers.set("Origin", ORIGIN);
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { method, headers, body, redirect: "manual" }));
}
