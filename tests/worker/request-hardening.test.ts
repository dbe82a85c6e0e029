// The small doors (issue 13.9): malformed and oversized bodies, links built from the request
// path, bidi controls in what clients type, and the session's absolute lifetime.
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { emailQueue } from "../../worker/queue/messages";
import { dispatchPendingEmails } from "../../worker/services/emails";
import { storeHelpRequest } from "../../worker/services/help";
import { openDatabase } from "../../worker/storage/db";
import { ORIGIN, TestBrowser, seedDemoData, textOf } from "./helpers";
import { outboxRows, waitForSent } from "./help-flow";
import { installAccessJwks, signAccessToken } from "./staff-helpers";

beforeAll(async () => {
  await installAccessJwks();
  await seedDemoData();
});

function post(path: string, body: BodyInit, headers: Record<string, string>) {
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, { method: "POST", body, redirect: "manual", headers: { Origin: ORIGIN, "CF-Connecting-IP": "203.0.113.90", ...headers } }),
  );
}

describe("malformed bodies", () => {
  it.each(["/lookup", "/help", "/portal/items"])("a broken multipart body on %s is a 400 with a clear message", async (path) => {
    const response = await post(path, '--nope\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated', {
      "Content-Type": "multipart/form-data; boundary=boundary-that-never-appears",
    });
    expect(response.status).toBe(400);
    expect(textOf(await response.text())).toContain("Something went wrong and nothing was changed");
  });

  it("a well-formed multipart lookup still works", async () => {
    const boundary = "portal-test-boundary";
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = `${part("invoiceNumber", "414120")}${part("invoiceTotal", "3,150.00")}--${boundary}--\r\n`;
    const response = await post("/lookup", body, { "Content-Type": `multipart/form-data; boundary=${boundary}` });
    expect(response.status).toBe(303);
  });

  it("a form streamed without Content-Length is read whole when it is small enough", async () => {
    const bytes = new TextEncoder().encode("invoiceNumber=414120&invoiceTotal=3150");
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(bytes.slice(0, 10));
        controller.enqueue(bytes.slice(10));
        controller.close();
      },
    });
    const response = await post("/lookup", stream, { "Content-Type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(303);
  });
});

describe("body size on public routes", () => {
  const big = `invoiceNumber=413955&invoiceTotal=1&padding=${"a".repeat(100 * 1024)}`;

  it("refuses an oversized form with 413, in the client's language", async () => {
    const response = await post("/lookup", big, { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "es" });
    expect(response.status).toBe(413);
    expect(textOf(await response.text())).toContain("El formulario que envió es más grande de lo que acepta el portal");
  });

  it("counts a body sent without Content-Length as it streams", async () => {
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    const response = await post("/help", stream, { "Content-Type": "application/x-www-form-urlencoded" });
    expect(response.headers.get("Content-Length")).not.toBe(String(bytes.length));
    expect(response.status).toBe(413);
    expect(textOf(await response.text())).toContain("larger than the portal accepts");
  });

  it("refuses a webhook body past a megabyte before reading it as an event", async () => {
    const response = await post("/webhooks/stripe", JSON.stringify({ padding: "a".repeat(1100 * 1024) }), {
      "Content-Type": "application/json",
      "Stripe-Signature": "t=1,v1=00",
    });
    expect(response.status).toBe(413);
  });
});

describe("links on the 404 page", () => {
  it.each(["//evil.example/path", "/\\evil.example/path", "///evil.example"])("%s never yields a protocol-relative link", async (path) => {
    const response = await exports.default.fetch(new Request(`${ORIGIN}${path}`));
    expect(response.status).toBe(404);
    const html = await response.text();
    const hrefs = [...html.matchAll(/(?:href|action|src)="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) {
      expect(href.startsWith("//") || href.startsWith("/\\")).toBe(false);
      expect(href.startsWith("/") || href.startsWith("#")).toBe(true);
    }
    expect(hrefs.find((href) => href.includes("lang=es"))).toMatch(/^\/evil\.example(\/path)?\?lang=es$/);
  });
});

describe("bidi controls in help requests", () => {
  const RLO = "\u202e";
  const reference = "HR-B2D2AA";

  beforeAll(async () => {
    await storeHelpRequest(
      { db: openDatabase(env.DB), now: () => Date.now(), timeZone: "America/New_York", arEmail: "accountsreceivable@alvarezwhitman.example" },
      {
        type: "help_request",
        reference,
        submittedAt: Date.now(),
        language: "en",
        sessionClientNumber: null,
        draft: {
          name: `Ana ${RLO}zeréP`,
          email: "ana@brickellbay.example",
          phone: null,
          company: `Brickell${"\u2066"} Bay`,
          number: null,
          topic: "other",
          message: `Refund ${RLO}00.001$ please`,
        },
      },
    );
    await dispatchPendingEmails({ db: openDatabase(env.DB), emailQueue: emailQueue(env.EMAIL_QUEUE), now: () => Date.now() });
  });

  it("are stored as typed", async () => {
    const row = await env.DB.prepare("SELECT message FROM help_requests WHERE reference = ?").bind(reference).first<{ message: string }>();
    expect(row?.message).toBe(`Refund ${RLO}00.001$ please`);
  });

  it.each(["/staff/help", `/staff/help/${reference}`, "/staff/help/export.csv"])("are shown as visible code points on %s", async (path) => {
    const response = await exports.default.fetch(new Request(`${ORIGIN}${path}`, { headers: { "Cf-Access-Jwt-Assertion": await signAccessToken() } }));
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain("[U+202E]zeréP");
    expect(body).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });

  it("are shown as visible code points in the team's email", async () => {
    const [received] = await outboxRows("dedupe_key = ?", `help_request_received:${reference}`);
    const sent = (await waitForSent(received!.id as number))!;
    for (const part of [sent.subject, sent.text, sent.html]) expect(part).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(sent.text).toContain("Refund [U+202E]00.001$ please");
    expect(sent.text).toContain("Ana [U+202E]zeréP");
  });
});

describe("session lifetime", () => {
  it("ends a session 12 hours after sign-in however active it is, and says why", async () => {
    const browser = new TestBrowser("203.0.113.91");
    await browser.signIn("414120", "3,150.00");
    expect((await browser.get("/portal")).status).toBe(200);
    // Active a moment ago, but signed in 12 hours and a minute ago.
    await env.DB.prepare("UPDATE portal_sessions SET created_at = ?, last_seen_at = ? WHERE id = ?")
      .bind(Date.now() - 12 * 3_600_000 - 60_000, Date.now() - 10_000, browser.sessionId())
      .run();
    const id = browser.sessionId();
    const response = await browser.get("/portal");
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/?ended=lifetime");
    expect(textOf(await (await browser.get("/?ended=lifetime")).text())).toContain("sessions last at most 12 hours");
    const row = await env.DB.prepare("SELECT ended_at FROM portal_sessions WHERE id = ?").bind(id).first<{ ended_at: number | null }>();
    expect(row?.ended_at).not.toBeNull();
  });

  it("keeps a session younger than that", async () => {
    const browser = new TestBrowser("203.0.113.92");
    await browser.signIn("414120", "3,150.00");
    await env.DB.prepare("UPDATE portal_sessions SET created_at = ? WHERE id = ?")
      .bind(Date.now() - 11 * 3_600_000, browser.sessionId())
      .run();
    expect((await browser.get("/portal")).status).toBe(200);
  });
});
