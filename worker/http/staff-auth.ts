// Staff authentication: everything under /staff sits behind Cloudflare Access. The Access JWT
// (Cf-Access-Jwt-Assertion header or CF_Authorization cookie) is verified for signature (the
// team's JWKS), issuer, audience and expiry with jose. Locally, an explicitly configured
// development identity stands in, and it is refused whenever an Access setting is present.
import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { AppEnv } from "../env";

export interface StaffIdentity {
  email: string;
  /** "access" in production; "development" only for local runs. */
  via: "access" | "development";
}

const jwksByTeam = new Map<string, JWTVerifyGetKey>();

function teamOrigin(domain: string): string {
  return `https://${domain.replace(/^https?:\/\//, "").replace(/\/$/, "")}`;
}

export type StaffAuthConfig =
  | { mode: "access"; teamDomain: string; audience: string }
  | { mode: "development"; email: string }
  | { mode: "unconfigured" };

/** Reads the staff-auth settings; a development identity next to Access settings is an error. */
export function staffAuthConfig(env: { ACCESS_TEAM_DOMAIN?: string; ACCESS_AUD?: string; STAFF_DEV_EMAIL?: string }): StaffAuthConfig {
  const teamDomain = (env.ACCESS_TEAM_DOMAIN ?? "").trim();
  const audience = (env.ACCESS_AUD ?? "").trim();
  const devEmail = (env.STAFF_DEV_EMAIL ?? "").trim();
  if ((teamDomain || audience) && devEmail) {
    throw new Error("STAFF_DEV_EMAIL cannot be set together with ACCESS_TEAM_DOMAIN/ACCESS_AUD: remove the development identity");
  }
  if (teamDomain && audience) return { mode: "access", teamDomain, audience };
  if (devEmail) return { mode: "development", email: devEmail };
  return { mode: "unconfigured" };
}

export const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * The development identity and mailbox answer only requests addressed to this machine by a
 * loopback name: a web page that rebinds its own DNS name to 127.0.0.1 sends its own Host.
 */
export function addressedToLoopback(request: Request): boolean {
  const host = request.headers.get("Host");
  try {
    const hostName = host === null ? null : new URL(`http://${host}`).hostname;
    return LOOPBACK_HOSTS.has(new URL(request.url).hostname) && (hostName === null || LOOPBACK_HOSTS.has(hostName));
  } catch {
    return false;
  }
}

export async function verifyAccessToken(token: string, config: { teamDomain: string; audience: string }): Promise<StaffIdentity | null> {
  const issuer = teamOrigin(config.teamDomain);
  let jwks = jwksByTeam.get(issuer);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(`${issuer}/cdn-cgi/access/certs`));
    jwksByTeam.set(issuer, jwks);
  }
  try {
    const { payload } = await jwtVerify(token, jwks, { issuer, audience: config.audience, algorithms: ["RS256"] });
    const email = typeof payload.email === "string" ? payload.email : null;
    return email ? { email, via: "access" } : null;
  } catch {
    return null;
  }
}

/** 401 without a token, 403 with a bad one; nothing else is said. */
export function requireStaff(): MiddlewareHandler<AppEnv & { Variables: { staff: StaffIdentity } }> {
  return async (c, next) => {
    const config = staffAuthConfig(c.env);
    if (config.mode === "development") {
      if (!addressedToLoopback(c.req.raw)) return c.text("The development staff identity (STAFF_DEV_EMAIL) answers only on 127.0.0.1, localhost or [::1]", 403);
      c.set("staff", { email: config.email, via: "development" });
      return next();
    }
    if (config.mode === "unconfigured") return c.text("Staff access is not configured", 403);
    const token = c.req.header("Cf-Access-Jwt-Assertion") ?? getCookie(c, "CF_Authorization");
    if (!token) return c.text("Unauthorized", 401);
    const identity = await verifyAccessToken(token, config);
    if (!identity) return c.text("Forbidden", 403);
    c.set("staff", identity);
    return next();
  };
}
