// The "Need help?" form: validation at each field, escaping, Turnstile, the per-IP limit, the
// queue refusing, and the way from the form to D1 through the real queues.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/app";
import { contactWindow, isoDateInZone } from "../../worker/domain/business-days";
import { formatDayLong } from "../../ui/dates";
import { ORIGIN, TestBrowser, seedDemoData, textOf } from "./helpers";
import { helpForm, outboxRows, referenceIn, waitForHelpRow, waitForSent } from "./help-flow";
import { mockSiteverify } from "./help-staff-helpers";

let siteverify: ReturnType<typeof mockSiteverify>;
let nextIp = 1;
/** A fresh address per test, so the per-IP limit only bites where a test wants it to. */
const browser = () => new TestBrowser(`198.51.100.${nextIp++}`);

beforeAll(async () => {
  await seedDemoData();
  siteverify = mockSiteverify();
});

describe("the form", () => {
  it("has every field with its label, and no third-party script offline", async () => {
    const response = await browser().get("/help");
    const html = await response.text();
    expect(response.status).toBe(200);
    const text = textOf(html);
    for (const label of [
      "Your name",
      "Email",
      "Phone (optional)",
      "Company",
      "Client or invoice number (optional)",
      "Topic",
      "How can we help?",
      "Send request",
    ]) {
      expect(text).toContain(label);
    }
    for (const topic of ["I can't find my invoice", "Problem with a payment", "I didn't receive a payment confirmation", "Other"])
      expect(text).toContain(topic);
    expect(html).toContain('name="cf-turnstile-response" value="XXXX.DUMMY.TOKEN.XXXX"');
    expect(html).not.toContain("challenges.cloudflare.com");
    expect(response.headers.get("Content-Security-Policy")).not.toContain("challenges.cloudflare.com");
    expect(html).toMatch(/name="message"[^>]*maxlength="4000"/);
    expect(html).toMatch(/name="name"[^>]*maxlength="100"/);
  });

  it("is in Spanish as «¿Necesita ayuda?»", async () => {
    const text = textOf(await (await browser().get("/help?lang=es")).text());
    expect(text).toContain("¿Necesita ayuda?");
    expect(text).toContain("Número de cliente o de factura (opcional)");
    expect(text).toContain("No recibí la confirmación de un pago");
  });

  it("shows a session's client number read-only, and the server attaches it whatever the form says", async () => {
    const client = browser();
    await client.signIn("413955", "15,308.81");
    const html = await (await client.get("/help")).text();
    expect(html).toMatch(/id="session-client-number"[^>]*value="20481736"[^>]*readonly|id="session-client-number"[^>]*readonly[^>]*value="20481736"/);
    expect(textOf(html)).toContain("Invoice number (optional)");
    const response = await client.post("/help", helpForm({ number: "", sessionClientNumber: "29999999", session_client_number: "29999999" }));
    const reference = referenceIn(await response.text());
    expect(await waitForHelpRow(reference)).toMatchObject({ session_client_number: "20481736", typed_number: null });
  });
});

describe("validation, at each field", () => {
  it("marks every missing field with aria-invalid and its message, and keeps what was typed", async () => {
    const response = await browser().post(
      "/help",
      helpForm({ name: "", email: "ana@", phone: "call me", company: "", number: "12345", topic: "", message: " " }),
    );
    const html = await response.text();
    expect(response.status).toBe(422);
    const expected: Record<string, string> = {
      name: "Enter your name.",
      email: "Enter a valid email address, for example name@company.com.",
      phone: "Enter a phone number with at least 7 digits, or leave it empty.",
      company: "Enter your company's name.",
      number: "Enter a client number (8 digits starting with 2) or an invoice number (6 digits starting with 4), or leave it empty.",
      topic: "Choose a topic.",
      message: "Tell us how we can help.",
    };
    for (const [field, message] of Object.entries(expected)) {
      const control = new RegExp(`<(?:input|select|textarea)[^>]*id="${field}"[^>]*>`).exec(html)?.[0] ?? "";
      expect(control, field).toContain('aria-invalid="true"');
      expect(control, field).toMatch(new RegExp(`aria-describedby="[^"]*${field}-error`));
      expect(html).toContain(`id="${field}-error">${message}</span>`);
    }
    expect(html).toContain('value="ana@"');
    expect(html).toContain('value="call me"');
  });

  it("answers htmx with the form alone, to swap in place", async () => {
    const response = await browser().post("/help", helpForm({ name: "" }), { htmx: true });
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html.startsWith('<form id="help-form"')).toBe(true);
    expect(html).not.toContain("<html");
  });

  it("says how long a field may be", async () => {
    const response = await browser().post("/help", helpForm({ message: "x".repeat(4001), company: "c".repeat(121) }));
    const text = textOf(await response.text());
    expect(response.status).toBe(422);
    expect(text).toContain("Use at most 4000 characters.");
    expect(text).toContain("Use at most 120 characters.");
  });

  it("gives HTML in every field back as inert text", async () => {
    const attack = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const fields = helpForm({ name: attack, email: attack, phone: attack, company: attack, number: attack, topic: attack, message: attack });
    const html = await (await browser().post("/help", fields)).text();
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script>alert");
  });
});

describe("Turnstile", () => {
  it("checks the token with siteverify, with the secret and the client's address", async () => {
    const before = siteverify.length;
    const client = new TestBrowser("203.0.113.99");
    const response = await client.post("/help", helpForm());
    expect(response.status).toBe(200);
    expect(siteverify.slice(before)).toEqual([{ secret: env.TURNSTILE_SECRET_KEY, response: "XXXX.DUMMY.TOKEN.XXXX", remoteip: "203.0.113.99" }]);
  });

  it("refuses a token siteverify rejects, keeping what was typed", async () => {
    const response = await browser().post("/help", helpForm({ "cf-turnstile-response": "fail-token", company: "Keep me LLC" }));
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(textOf(html)).toContain("We couldn't verify that this request comes from a person.");
    expect(html).toContain('value="Keep me LLC"');
  });

  it("refuses a post without a token, without asking siteverify", async () => {
    const before = siteverify.length;
    const { "cf-turnstile-response": _token, ...withoutToken } = helpForm();
    const response = await browser().post("/help", withoutToken);
    expect(response.status).toBe(422);
    expect(siteverify.length).toBe(before);
  });

  it("says so when siteverify is down, and keeps the form", async () => {
    const response = await browser().post("/help", helpForm({ "cf-turnstile-response": "down-token" }));
    expect(response.status).toBe(503);
    expect(textOf(await response.text())).toContain("We couldn't check the form just now.");
  });
});

describe("limits and failures", () => {
  it("limits one address to 5 requests a minute, keeping what was typed", async () => {
    const client = new TestBrowser("192.0.2.77");
    for (let i = 0; i < 5; i++) expect((await client.post("/help", helpForm())).status).toBe(200);
    const response = await client.post("/help", helpForm({ message: "Sixth one" }));
    const html = await response.text();
    expect(response.status).toBe(429);
    expect(response.headers.get("Retry-After")).toBe("60");
    expect(textOf(html)).toContain("Too many requests from your connection.");
    expect(html).toContain("Sixth one</textarea>");
  });

  it("says so when the queue refuses the request, keeps what was typed, and stores nothing", async () => {
    const refusing = { send: () => Promise.reject(new Error("queue unavailable")), sendBatch: () => Promise.reject(new Error("queue unavailable")) };
    const request = new Request(`${ORIGIN}/help`, {
      method: "POST",
      body: new URLSearchParams(helpForm({ message: "Please keep this text" })),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, "CF-Connecting-IP": "192.0.2.200" },
    });
    const response = await createApp().fetch(request, { ...env, HELP_QUEUE: refusing }, createExecutionContext());
    const html = await response.text();
    expect(response.status).toBe(503);
    expect(textOf(html)).toContain("We couldn't send your request just now, so nothing was sent.");
    expect(html).toContain("Please keep this text</textarea>");
    expect(html).toContain('value="Brickell Bay Holdings LLC"');
  });
});

describe("from the form to D1 through the real queues", () => {
  it("answers at once with a reference and the dates, then the consumer stores it and both emails go out", async () => {
    const response = await browser().post("/help", helpForm());
    const html = await response.text();
    expect(response.status, html).toBe(200);
    const reference = referenceIn(html);
    const window = contactWindow(isoDateInZone(Date.now(), "America/New_York"));
    expect(textOf(html)).toContain(
      `Our team will contact you within 1-2 business days: between ${formatDayLong(window.from, "en")} and ${formatDayLong(window.to, "en")}.`,
    );
    const row = await waitForHelpRow(reference);
    expect(row).toMatchObject({
      name: "Ana Pérez",
      email: "ana@brickellbay.example",
      phone: "(305) 555-0100",
      topic: "payment_problem",
      status: "new",
      typed_number: "413955",
      due_date: window.to,
    });
    const emails = await outboxRows("help_request_id = ?", row!.id);
    expect(emails.map((e) => [e.kind, e.recipient, e.language])).toEqual([
      ["help_request_received", "accountsreceivable@alvarezwhitman.example", "en"],
      ["help_request_ack", "ana@brickellbay.example", "en"],
    ]);
    const toTeam = await waitForSent(emails[0]!.id as number);
    expect(toTeam).toMatchObject({ to_addresses: "accountsreceivable@alvarezwhitman.example", reply_to: "ana@brickellbay.example" });
    expect(toTeam!.subject).toBe(`Help request ${reference}: Problem with a payment`);
    expect(toTeam!.text).toContain("My card was charged twice for invoice 413955.\nCan you check?");
    const ack = await waitForSent(emails[1]!.id as number);
    expect(ack!.subject).toBe(`We received your help request ${reference}`);
    expect(ack!.text).not.toContain("charged twice");
  });

  it("answers in Spanish with Spanish weekdays", async () => {
    const response = await browser().post("/help?lang=es", helpForm());
    const html = await response.text();
    const window = contactWindow(isoDateInZone(Date.now(), "America/New_York"));
    expect(textOf(html)).toContain(`entre el ${formatDayLong(window.from, "es")} y el ${formatDayLong(window.to, "es")}`);
    expect(formatDayLong("2026-11-27", "es")).toBe("viernes, 11/27/2026");
    const row = await waitForHelpRow(referenceIn(html));
    expect(row!.language).toBe("es");
  });

  it("swaps the confirmation in place of the form for htmx", async () => {
    const response = await browser().post("/help", helpForm(), { htmx: true });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html.startsWith('<section id="help-form"')).toBe(true);
    expect(await waitForHelpRow(referenceIn(html))).toMatchObject({ status: "new" });
  });
});

describe("FAQ", () => {
  it("answers the firm's questions with the configured fee and address", async () => {
    const text = textOf(await (await browser().get("/faq")).text());
    expect(text).toContain("By ACH (a transfer from a US bank account), by debit card or by credit card.");
    expect(text).toContain("Every invoice, electronic or paper, can be paid online. Only electronic invoices have a PDF");
    expect(text).toContain("Credit cards carry a 3% processing fee");
    expect(text).toContain("accounts can't be created");
    expect(text).toContain("contact you within 1-2 business days");
    expect(text).toContain("accountsreceivable@alvarezwhitman.example");
  });

  it("is «Preguntas frecuentes» in Spanish", async () => {
    const text = textOf(await (await browser().get("/faq?lang=es")).text());
    expect(text).toContain("Preguntas frecuentes");
    expect(text).toContain("Las tarjetas de crédito tienen un cargo por procesamiento de 3%");
  });
});
