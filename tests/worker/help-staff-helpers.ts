// Staff identities for Worker tests: real Cloudflare Access JWTs, signed with a key pair made
// here, and the team's JWKS served through one fetch spy per test file. The same spy answers
// Turnstile's siteverify for the help form; every other request goes out unchanged.
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { vi } from "vitest";
import { SITEVERIFY_URL } from "../../worker/gateways/turnstile";

export const ACCESS_TEAM = "https://portal-test.cloudflareaccess.com";
export const ACCESS_CERTS = `${ACCESS_TEAM}/cdn-cgi/access/certs`;
export const ACCESS_AUDIENCE = "portal-test-aud";
export const STAFF_EMAIL = "maria.lopez@alvarezwhitman.example";

type Route = (request: Request) => Response | Promise<Response>;
const routes = new Map<string, Route>();
let installed = false;

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

/** Answers one URL (query string ignored) from the test; a new Response per call. */
export function routeFetch(url: string, handler: Route): void {
  routes.set(url, handler);
  if (installed) return;
  installed = true;
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const route = routes.get(urlOf(input).split("?")[0]!);
    return route ? route(new Request(input, init)) : realFetch(input, init);
  });
}

let keys: Promise<{ privateKey: CryptoKey; publicJwk: JsonWebKey & { kid: string } }> | null = null;

function signingKeys() {
  keys ??= (async () => {
    const pair = await generateKeyPair("RS256", { extractable: true });
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: "help-test-key", alg: "RS256", use: "sig" };
    routeFetch(ACCESS_CERTS, () => Response.json({ keys: [publicJwk] }));
    return { privateKey: pair.privateKey, publicJwk };
  })();
  return keys;
}

/** A valid Access JWT for `email`; options make it wrong in one way. */
export async function staffToken(email = STAFF_EMAIL, options: { audience?: string; issuer?: string; expiresIn?: string; key?: CryptoKey } = {}): Promise<string> {
  const { privateKey } = await signingKeys();
  return new SignJWT({ email, type: "app" })
    .setProtectedHeader({ alg: "RS256", kid: "help-test-key" })
    .setIssuer(options.issuer ?? ACCESS_TEAM)
    .setAudience(options.audience ?? ACCESS_AUDIENCE)
    .setSubject(`staff-${email}`)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "10m")
    .sign(options.key ?? privateKey);
}

export async function staffHeaders(email = STAFF_EMAIL): Promise<Record<string, string>> {
  return { "Cf-Access-Jwt-Assertion": await staffToken(email) };
}

export interface SiteverifyCall {
  secret: string | null;
  response: string | null;
  remoteip: string | null;
}

/**
 * Turnstile's siteverify as the tests want it: a token "fail-token" fails, "down-token" makes the
 * service answer 500, anything else passes. Returns the calls made.
 */
export function mockSiteverify(): SiteverifyCall[] {
  const calls: SiteverifyCall[] = [];
  routeFetch(SITEVERIFY_URL, async (request) => {
    const body = await request.formData();
    const field = (name: string) => (typeof body.get(name) === "string" ? (body.get(name) as string) : null);
    const call = { secret: field("secret"), response: field("response"), remoteip: field("remoteip") };
    calls.push(call);
    if (call.response === "down-token") return new Response("unavailable", { status: 500 });
    return Response.json({ success: call.response !== "fail-token", "error-codes": call.response === "fail-token" ? ["invalid-input-response"] : [] });
  });
  return calls;
}
