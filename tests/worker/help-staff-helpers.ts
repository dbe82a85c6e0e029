// Staff identities for the help inbox tests: real Cloudflare Access JWTs signed with the suite's
// one test key (staff-helpers.ts), and Turnstile's siteverify answered through fetch-routes.ts.
import { SignJWT } from "jose";
import { routeFetch } from "./fetch-routes";
import { accessSigningKey } from "./staff-helpers";
import { SITEVERIFY_URL } from "../../worker/gateways/turnstile";

export const ACCESS_TEAM = "https://portal-test.cloudflareaccess.com";
export const ACCESS_CERTS = `${ACCESS_TEAM}/cdn-cgi/access/certs`;
export const ACCESS_AUDIENCE = "portal-test-aud";
export const STAFF_EMAIL = "maria.lopez@alvarezwhitman.example";

/** A valid Access JWT for `email`; options make it wrong in one way. */
export async function staffToken(
  email = STAFF_EMAIL,
  options: { audience?: string; issuer?: string; expiresIn?: string; key?: CryptoKey } = {},
): Promise<string> {
  const { privateKey, kid } = await accessSigningKey();
  return new SignJWT({ email, type: "app" })
    .setProtectedHeader({ alg: "RS256", kid })
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
