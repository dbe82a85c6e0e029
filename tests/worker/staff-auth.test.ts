// Everything under /staff needs a valid Cloudflare Access token: signature against the team's
// JWKS, issuer, audience and expiry. Tokens here are signed with a key made in the test.
import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createStaffApp } from "../../worker/staff-app";
import { assertConfigured, type WorkerEnv } from "../../worker/env";
import { staffAuthConfig } from "../../worker/http/staff-auth";
import { ORIGIN, seedDemoData, textOf } from "./helpers";
import { ACCESS_ISSUER, installAccessJwks, signAccessToken, STAFF_EMAIL, type TokenOptions } from "./staff-helpers";

beforeAll(async () => {
  await installAccessJwks();
  await seedDemoData();
});

async function withToken(path: string, token: string | null, how: "header" | "cookie" = "header") {
  const headers = new Headers();
  if (token !== null) headers.set(how === "header" ? "Cf-Access-Jwt-Assertion" : "Cookie", how === "header" ? token : `CF_Authorization=${token}`);
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, { headers }));
}

describe("a valid Access token opens the staff pages and API", () => {
  it("in the Cf-Access-Jwt-Assertion header", async () => {
    const page = await withToken("/staff", await signAccessToken());
    expect(page.status).toBe(200);
    expect(textOf(await page.text())).toContain(`Signed in as ${STAFF_EMAIL}`);
    const api = await withToken("/staff/api/pay-links", await signAccessToken());
    expect(api.status).toBe(200);
    expect(api.headers.get("Content-Type")).toMatch(/application\/json/);
  });

  it("in the CF_Authorization cookie", async () => {
    const response = await withToken("/staff/api/pay-links", await signAccessToken({ email: "another@alvarezwhitman.example" }), "cookie");
    expect(response.status).toBe(200);
  });
});

describe("anything else is refused, saying nothing", () => {
  it("no token: 401", async () => {
    for (const path of ["/staff", "/staff/api/pay-links", "/staff/api/payments?from=2026-01-01&to=2026-01-31", "/staff/invoices/413955.pdf"]) {
      const response = await withToken(path, null);
      expect(response.status, path).toBe(401);
      expect(await response.text()).toBe("Unauthorized");
    }
  });

  it.each<[string, TokenOptions]>([
    ["a wrong audience", { audience: "another-application-aud" }],
    ["a wrong issuer", { issuer: "https://attacker.cloudflareaccess.com" }],
    ["an issuer on plain http", { issuer: ACCESS_ISSUER.replace("https:", "http:") }],
    ["an expired token", { expiresIn: -120 }],
    ["a bad signature (same key id, another key)", { badSignature: true }],
    ["no email claim", { email: null }],
  ])("%s: 403", async (_case, options) => {
    for (const path of ["/staff", "/staff/api/pay-links"]) {
      const response = await withToken(path, await signAccessToken(options));
      expect(response.status, path).toBe(403);
      expect(await response.text()).toBe("Forbidden");
    }
  });

  it("a tampered payload: 403", async () => {
    const [header, , signature] = (await signAccessToken()).split(".");
    const forged = btoa(
      JSON.stringify({ email: "boss@alvarezwhitman.example", iss: ACCESS_ISSUER, aud: [env.ACCESS_AUD], exp: Math.floor(Date.now() / 1000) + 600 }),
    )
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    expect((await withToken("/staff", `${header}.${forged}.${signature}`)).status).toBe(403);
  });

  it("garbage in the header: 403", async () => {
    expect((await withToken("/staff", "not-a-jwt")).status).toBe(403);
  });

  it("client pages do not need (or look at) the token", async () => {
    expect((await withToken("/", null)).status).toBe(200);
  });
});

describe("the development identity", () => {
  it("is refused next to Access settings", () => {
    expect(() => staffAuthConfig({ ACCESS_TEAM_DOMAIN: "firm.cloudflareaccess.com", ACCESS_AUD: "aud", STAFF_DEV_EMAIL: "dev@firm.example" })).toThrow(
      /STAFF_DEV_EMAIL/,
    );
    expect(() => staffAuthConfig({ ACCESS_AUD: "aud", STAFF_DEV_EMAIL: "dev@firm.example" })).toThrow(/STAFF_DEV_EMAIL/);
  });

  it("is used only without Access settings", () => {
    expect(staffAuthConfig({ STAFF_DEV_EMAIL: "dev@firm.example" })).toEqual({ mode: "development", email: "dev@firm.example" });
    expect(staffAuthConfig({ ACCESS_TEAM_DOMAIN: "firm.cloudflareaccess.com", ACCESS_AUD: "aud" })).toMatchObject({ mode: "access" });
    expect(staffAuthConfig({})).toEqual({ mode: "unconfigured" });
  });
});

describe("the development identity answers only loopback names (DNS rebinding)", () => {
  const local = { ...env, ACCESS_TEAM_DOMAIN: "", ACCESS_AUD: "", STAFF_DEV_EMAIL: "dev@firm.example" } as WorkerEnv;
  const get = (url: string, host?: string) =>
    createStaffApp().fetch(new Request(url, { headers: host ? { Host: host } : {} }), local, createExecutionContext());

  it.each(["http://127.0.0.1:8787/staff", "http://localhost:8787/staff", "http://[::1]:8787/staff"])("%s: the staff page", async (url) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(textOf(await response.text())).toContain("dev@firm.example");
  });

  it.each([
    ["another host name", "http://portal.evil.example:8787/staff/api/payments?from=2020-01-01&to=2030-12-31&format=json", undefined],
    ["a rebound name in the Host header", "http://127.0.0.1:8787/staff/api/payments?from=2020-01-01&to=2030-12-31&format=json", "rebind.evil.example:8787"],
    ["a loopback-looking subdomain", "http://127.0.0.1.evil.example/staff", undefined],
  ])("%s: refused with 403 and the reason", async (_case, url, host) => {
    const response = await get(url, host);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("answers only on 127.0.0.1, localhost or [::1]");
  });

  it("refuses to start with a non-loopback PUBLIC_ORIGIN", () => {
    expect(() => assertConfigured({ ...local, PUBLIC_ORIGIN: "https://pay.alvarezwhitman.example" })).toThrow(
      /STAFF_DEV_EMAIL are for local development only and answer only on 127\.0\.0\.1, localhost or \[::1\], but PUBLIC_ORIGIN is https:\/\/pay\.alvarezwhitman\.example/,
    );
    expect(() => assertConfigured({ ...local, DEV_MAILBOX: "on", PUBLIC_ORIGIN: "https://pay.alvarezwhitman.example" })).toThrow(
      /STAFF_DEV_EMAIL and DEV_MAILBOX are for local development only/,
    );
    expect(() => assertConfigured({ ...local, PUBLIC_ORIGIN: "http://127.0.0.1:8787" })).not.toThrow();
    expect(() => assertConfigured(local)).not.toThrow();
  });
});
