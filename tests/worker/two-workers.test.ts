// The client Worker (worker/index.ts) serves nothing staff-facing itself: /staff, /webhooks and
// /dev/mailbox go, unchanged, to the staff Worker through its STAFF service binding, and the
// client's own app has no such routes. (The rest of the suite runs both through the composed
// entry, tests/worker-entry.ts; the browser suite runs them as two Workers.)
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import type { WorkerEnv } from "../../worker/env";
import client from "../../worker/index";

const ORIGIN = "https://portal.test";

/** The client Worker with a STAFF binding that records what reaches it. */
function clientWithRecordingStaff() {
  const forwarded: { method: string; url: string; body: string; headers: Headers }[] = [];
  const STAFF = {
    async fetch(input: Request | string | URL, init?: RequestInit) {
      const request = new Request(input, init);
      forwarded.push({ method: request.method, url: request.url, body: await request.text(), headers: request.headers });
      return new Response("from the staff Worker", { headers: { "X-From": "staff" } });
    },
    connect() {
      throw new Error("not used");
    },
  } as unknown as Fetcher;
  const fetch = (path: string, init?: RequestInit) =>
    client.fetch(
      new Request(`${ORIGIN}${path}`, init) as Request<unknown, IncomingRequestCfProperties>,
      { ...env, STAFF } as WorkerEnv,
      createExecutionContext(),
    );
  return { fetch, forwarded };
}

describe("the client Worker hands staff paths to the staff Worker", () => {
  it.each(["/staff", "/staff/", "/staff/help", "/staff/api/payments?from=2026-01-01&to=2026-12-31", "/dev/mailbox", "/webhooks/stripe"])(
    "%s goes to STAFF unchanged, and its answer comes back",
    async (path) => {
      const { fetch, forwarded } = clientWithRecordingStaff();
      const response = await fetch(path, { headers: { "Cf-Access-Jwt-Assertion": "a.b.c", "CF-Connecting-IP": "203.0.113.9" } });
      expect(response.headers.get("X-From")).toBe("staff");
      expect(await response.text()).toBe("from the staff Worker");
      expect(forwarded).toHaveLength(1);
      expect(forwarded[0]!.url).toBe(`${ORIGIN}${path}`);
      // Access's assertion and the client's address reach the staff Worker as they came.
      expect(forwarded[0]!.headers.get("Cf-Access-Jwt-Assertion")).toBe("a.b.c");
      expect(forwarded[0]!.headers.get("CF-Connecting-IP")).toBe("203.0.113.9");
    },
  );

  it("passes a webhook's body and signature through byte for byte", async () => {
    const { fetch, forwarded } = clientWithRecordingStaff();
    const body = '{"id":"evt_1","type":"payment_intent.succeeded"}';
    await fetch("/webhooks/stripe", { method: "POST", body, headers: { "Stripe-Signature": "t=1,v1=abc", "Content-Type": "application/json" } });
    expect(forwarded[0]).toMatchObject({ method: "POST", body });
    expect(forwarded[0]!.headers.get("Stripe-Signature")).toBe("t=1,v1=abc");
  });

  it.each(["/", "/healthz", "/lookup", "/portal", "/p/abc", "/help", "/staffing", "/webhooksx", "/dev/mailboxes"])(
    "%s stays with the client Worker",
    async (path) => {
      const { fetch, forwarded } = clientWithRecordingStaff();
      const response = await fetch(path);
      expect(response.headers.get("X-From")).toBeNull();
      expect(forwarded).toEqual([]);
    },
  );
});

describe("the client Worker's own app", () => {
  it.each(["/staff", "/staff/help", "/staff/api/payments", "/dev/mailbox"])("has no %s (404)", async (path) => {
    const response = await createApp().fetch(
      new Request(`http://127.0.0.1:8787${path}`),
      { ...env, STAFF_DEV_EMAIL: "dev@firm.example", DEV_MAILBOX: "on" },
      createExecutionContext(),
    );
    expect(response.status).toBe(404);
  });

  it("has no webhook endpoint (404)", async () => {
    const response = await createApp().fetch(
      new Request(`${ORIGIN}/webhooks/stripe`, { method: "POST", body: "{}", headers: { "Content-Type": "application/json", "Stripe-Signature": "t=1,v1=x" } }),
      env,
      createExecutionContext(),
    );
    expect(response.status).toBe(404);
  });
});
