// "Your payments", receipt copies and the statement of account, through the Worker with real
// local D1: scoped to the session's client, limited, and agreeing with the summary to the cent.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { D1Meter } from "../../tools/bench/d1-meter";
import { createApp } from "../../worker/app";
import { beforeAll, describe, expect, it } from "vitest";
import { emailConfig } from "../../worker/env";
import { renderOutboxEmail } from "../../worker/services/emails";
import { openDatabase } from "../../worker/storage/db";
import { findOutbox } from "../../worker/storage/outbox-repo";
import { ORIGIN, TestBrowser, seedDemoData, textOf } from "./helpers";

const DAY = 86_400_000;
const now = Date.now();
let ip = 1;

async function signedIn(invoice: string, total: string) {
  const browser = new TestBrowser(`198.51.100.${ip++}`);
  await browser.signIn(invoice, total);
  return browser;
}
const brickell = () => signedIn("413955", "15,308.81");
const coconut = () => signedIn("414120", "3,150.00");

async function idOf(sql: string, ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(sql)
    .bind(...binds)
    .first<{ id: number }>();
  return row!.id;
}

interface Fixture {
  id: string;
  client: string;
  status: string;
  daysAgo: number;
  cents: number;
  fee?: number;
  method?: "card" | "ach";
  invoice: string;
  refunded?: number;
  disputed?: number;
  failure?: string;
  email?: string | null;
}

async function insertPayment(p: Fixture) {
  const clientId = await idOf("SELECT id FROM clients WHERE number = ?", p.client);
  const itemId = await idOf("SELECT id FROM items WHERE kind = 'invoice' AND invoice_number = ?", p.invoice);
  const fee = p.fee ?? 0;
  const method = p.method ?? "card";
  const at = now - p.daysAgo * DAY;
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO payments (id, client_id, status, method, card_funding, subtotal_cents, fee_cents, total_cents, refunded_cents, disputed_cents,
        method_label, receipt_email, language, stripe_payment_intent_id, failure_code, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'en', ?, ?, ?, ?)`,
    ).bind(
      p.id,
      clientId,
      p.status,
      method,
      method === "card" ? (fee ? "credit" : "debit") : null,
      p.cents,
      fee,
      p.cents + fee,
      p.refunded ?? 0,
      p.disputed ?? 0,
      method === "card" ? "VISA •••• 5556" : "STRIPE TEST BANK •••• 6789",
      p.email === undefined ? "ap@brickellbay.example" : p.email,
      `pi_${p.id}`,
      p.failure ?? null,
      at,
      at,
    ),
    env.DB.prepare("INSERT INTO payment_allocations (payment_id, item_id, amount_cents, reversed_cents) VALUES (?, ?, ?, ?)").bind(
      p.id,
      itemId,
      p.cents,
      Math.min(p.cents, (p.refunded ?? 0) + (p.disputed ?? 0)),
    ),
  ]);
}

beforeAll(async () => {
  await seedDemoData();
  for (const p of [
    { id: "ss-paid", client: "20481736", status: "succeeded", daysAgo: 2, cents: 10_000, invoice: "413955" },
    { id: "ss-credit", client: "20481736", status: "succeeded", daysAgo: 3, cents: 20_000, fee: 600, invoice: "413955", refunded: 5_150 },
    { id: "ss-ach", client: "20481736", status: "processing", daysAgo: 1, cents: 30_000, method: "ach" as const, invoice: "413018" },
    { id: "ss-failed", client: "20481736", status: "failed", daysAgo: 4, cents: 40_000, method: "ach" as const, invoice: "413018", failure: "account_closed" },
    { id: "ss-started", client: "20481736", status: "created", daysAgo: 0, cents: 1_000, invoice: "413018" },
    { id: "ss-old", client: "20481736", status: "succeeded", daysAgo: 800, cents: 1_000, invoice: "413955" },
    { id: "ss-other", client: "20993410", status: "succeeded", daysAgo: 1, cents: 5_000, invoice: "414120", email: "office@coconutgrove.example" },
  ]) {
    await insertPayment(p);
  }
});

describe("Your payments", () => {
  it("lists this client's payments of the last 24 months, newest first, with the status in words", async () => {
    const browser = await brickell();
    const response = await browser.get("/portal/payments");
    const html = await response.text();
    expect(response.status).toBe(200);
    const ids = [...html.matchAll(/data-payment="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.slice(0, 4)).toEqual(["ss-ach", "ss-paid", "ss-credit", "ss-failed"]);
    // The demo's checks from 2026 are in the window; attempts not yet sent, old ones and other clients' are not.
    expect(ids).not.toContain("ss-started");
    expect(ids).not.toContain("ss-old");
    expect(ids).not.toContain("ss-other");
    const text = textOf(html);
    expect(text).toContain("Processing at the bank");
    expect(text).toContain("Refunded in part ($51.50)");
    expect(text).toContain("$206.00 $6.00 VISA •••• 5556");
    expect(text).toContain("Failed: the bank account is closed");
    expect(html).toContain('href="/portal/payments/ss-paid/receipt.pdf"');
    expect(html).not.toContain('href="/portal/payments/ss-failed/receipt.pdf"');
    // A payment at the bank makes the list poll itself; htmx gets the list alone.
    expect(html).toContain('hx-trigger="every 4s"');
    const fragment = await (await browser.get("/portal/payments", { htmx: true })).text();
    expect(fragment.startsWith('<section id="payments-list"')).toBe(true);
  });

  it("reads in Spanish", async () => {
    const browser = await brickell();
    const text = textOf(await (await browser.get("/portal/payments?lang=es")).text());
    expect(text).toContain("Sus pagos");
    expect(text).toContain("En proceso en el banco");
    expect(text).toContain("No se completó: la cuenta bancaria está cerrada");
  });

  it("pages 20 at a time; a page past the end shows the last one", async () => {
    for (let i = 0; i < 20; i++) {
      await insertPayment({
        id: `ss-page-${String(i).padStart(2, "0")}`,
        client: "20993410",
        status: "succeeded",
        daysAgo: 10 + i,
        cents: 100,
        invoice: "414120",
      });
    }
    const browser = await coconut();
    const first = await (await browser.get("/portal/payments")).text();
    expect(first.match(/data-payment=/g)).toHaveLength(20);
    expect(textOf(first)).toContain("Page 1 of 2");
    expect(first).toContain('href="/portal/payments?page=2"');
    const last = await (await browser.get("/portal/payments?page=9")).text();
    expect([...last.matchAll(/data-payment="([^"]+)"/g)].map((m) => m[1])).toEqual(["ss-page-19"]);
    expect(textOf(last)).toContain("Page 2 of 2");

    // A count that is not a multiple of the page size (22 = 20 + 2): still the last page, not a 500.
    await insertPayment({ id: "ss-page-20", client: "20993410", status: "succeeded", daysAgo: 40, cents: 100, invoice: "414120" });
    const past = await browser.get("/portal/payments?page=9");
    expect(past.status).toBe(200);
    expect([...(await past.text()).matchAll(/data-payment="([^"]+)"/g)].map((m) => m[1])).toEqual(["ss-page-19", "ss-page-20"]);
  });

  it("answers another client's payment exactly like a missing one", async () => {
    const browser = await brickell();
    for (const [theirs, missing] of [
      ["/portal/payments/ss-other", "/portal/payments/no-such-payment"],
      ["/portal/payments/ss-other/receipt.pdf", "/portal/payments/no-such-payment/receipt.pdf"],
      ["/portal/payments/ss-other/status", "/portal/payments/no-such-payment/status"],
    ] as const) {
      const [a, b] = [await browser.get(theirs), await browser.get(missing)];
      expect(a.status).toBe(404);
      expect(b.status).toBe(404);
      // Identical but for the path in the language switch.
      expect((await a.text()).replaceAll("ss-other", "no-such-payment")).toBe(await b.text());
    }
    const [a, b] = [
      await browser.post("/portal/payments/ss-other/receipt-copy", { requestId: "aaaaaaaaaaaaaaaaaaaaaa01" }),
      await browser.post("/portal/payments/no-such-payment/receipt-copy", { requestId: "aaaaaaaaaaaaaaaaaaaaaa02" }),
    ];
    expect([a.status, b.status]).toEqual([404, 404]);
    expect((await a.text()).replaceAll("ss-other", "no-such-payment")).toBe(await b.text());
    const copies = await env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE payment_id = 'ss-other'").first<{ n: number }>();
    expect(copies!.n).toBe(0);
  });

  it("never shows a receipt PDF for a payment that moved no money", async () => {
    const browser = await brickell();
    expect((await browser.get("/portal/payments/ss-failed/receipt.pdf")).status).toBe(404);
    const pdf = await browser.get("/portal/payments/ss-ach/receipt.pdf");
    expect(pdf.status).toBe(200);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
  });
});

describe("Email me this receipt", () => {
  async function copiesOf(paymentId: string) {
    const rows = await env.DB.prepare("SELECT id, recipient, language, status FROM outbox WHERE payment_id = ? AND kind = 'receipt_copy' ORDER BY id")
      .bind(paymentId)
      .all<{ id: number; recipient: string; language: string; status: string }>();
    return rows.results;
  }

  it("shows the address masked and sends the copy there, to the client alone", async () => {
    const browser = await brickell();
    const page = await (await browser.get("/portal/payments/ss-paid")).text();
    expect(textOf(page)).toContain("We will send a copy to a•••@b•••.example, the address this payment was made with.");
    expect(page).not.toContain("ap@brickellbay.example");
    expect(page).not.toMatch(/name="email"/);
    const requestId = /name="requestId" value="([^"]+)"/.exec(page)![1]!;
    const response = await browser.post("/portal/payments/ss-paid/receipt-copy", { requestId });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/portal/payments/ss-paid?copy=sent");
    const after = textOf(await (await browser.get("/portal/payments/ss-paid?copy=sent")).text());
    expect(after).toContain("A copy of this receipt is on its way to a•••@b•••.example.");
    const [copy] = await copiesOf("ss-paid");
    expect(copy).toMatchObject({ recipient: "ap@brickellbay.example", language: "en" });
    const db = openDatabase(env.DB);
    const email = await renderOutboxEmail(db, (await findOutbox(db, copy!.id))!, emailConfig(env));
    expect(email).toMatchObject({ to: ["ap@brickellbay.example"], cc: [], subject: "Copy of your receipt: $100.00" });
    expect(email.text).toContain("Invoice 413955");
  });

  it("the same form posted twice is one copy", async () => {
    const browser = await brickell();
    const form = { requestId: "double-click-0123456789" };
    const [a, b] = await Promise.all([
      browser.post("/portal/payments/ss-credit/receipt-copy", form),
      browser.post("/portal/payments/ss-credit/receipt-copy", form),
    ]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(await copiesOf("ss-credit")).toHaveLength(1);
  });

  it("allows 3 copies an hour per payment, then says so and sends nothing", async () => {
    const browser = await brickell();
    const results = [];
    for (let i = 0; i < 4; i++) {
      const response = await browser.post("/portal/payments/ss-ach/receipt-copy", { requestId: `limit-test-request-${i}0000` });
      results.push(response.headers.get("Location"));
    }
    expect(results).toEqual([...Array(3).fill("/portal/payments/ss-ach?copy=sent"), "/portal/payments/ss-ach?copy=limited"]);
    expect(await copiesOf("ss-ach")).toHaveLength(3);
    const page = textOf(await (await browser.get("/portal/payments/ss-ach?copy=limited&lang=es")).text());
    expect(page).toContain("Ya pidió 3 copias de este recibo en la última hora.");
    // Copies older than an hour no longer count.
    await env.DB.prepare("UPDATE outbox SET created_at = created_at - 3600001 WHERE payment_id = 'ss-ach' AND kind = 'receipt_copy'").run();
    const again = await browser.post("/portal/payments/ss-ach/receipt-copy", { requestId: "limit-test-request-after-an-hour" });
    expect(again.headers.get("Location")).toBe("/portal/payments/ss-ach?copy=sent");
  });

  it("offers no copy for a failed payment and refuses one", async () => {
    const browser = await brickell();
    const page = await (await browser.get("/portal/payments/ss-failed")).text();
    expect(page).not.toContain("receipt-copy");
    expect((await browser.post("/portal/payments/ss-failed/receipt-copy", { requestId: "failed-payment-request-01" })).status).toBe(404);
    expect(await copiesOf("ss-failed")).toHaveLength(0);
  });
});

describe("statement of account", () => {
  it("totals equal the summary's to the cent, aging included", async () => {
    const browser = await brickell();
    const summary = textOf(await (await browser.get("/portal")).text());
    const total = /Total outstanding (\$[\d,]+\.\d\d)/.exec(summary)![1]!;
    const html = await (await browser.get("/portal/statement")).text();
    const text = textOf(html);
    expect(text).toContain(`Total outstanding: ${total}`);
    // Open items foot, then the aging foot: both the summary's total.
    expect(text.match(new RegExp(`Total outstanding ${total.replace(/[$.]/g, "\\$&")}`, "g"))).toHaveLength(2);
    const aging = [...html.matchAll(/<td class="num" data-label="Balance">(\$[\d,]+\.\d\d)<\/td>/g)].map((m) => m[1]!);
    const agingTable = /<caption class="visually-hidden">Balances by days past due<\/caption>[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!;
    const bucketCents = [...agingTable.matchAll(/<td class="num" data-label="Balance">\$([\d,]+)\.(\d\d)<\/td>/g)].map(
      (m) => Number(m[1]!.replace(/,/g, "")) * 100 + Number(m[2]),
    );
    expect(bucketCents).toHaveLength(5);
    expect(bucketCents.reduce((a, b) => a + b, 0)).toBe(Number(total.replace(/[$,.]/g, "")));
    expect(aging.length).toBeGreaterThan(5);
    expect(text).toContain("Alvarez & Whitman CPAs");
    expect(text).toContain("Payments of the last 90 days");
    expect(text).toContain("STRIPE TEST BANK •••• 6789 (pending at the bank) $300.00");
    expect(text).not.toContain("pi_ss-failed");
  });

  it("is in the client's language and downloads as a PDF", async () => {
    const browser = await brickell();
    const text = textOf(await (await browser.get("/portal/statement?lang=es")).text());
    expect(text).toContain("Estado de cuenta");
    expect(text).toContain("Más de 90 días de atraso");
    const pdf = await browser.get("/portal/statement.pdf");
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toMatch(/^attachment; filename="Statement-20481736-\d{4}-\d\d-\d\d\.pdf"$/);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
  });

  it("needs a session", async () => {
    const response = await new TestBrowser("198.51.100.250").get("/portal/statement.pdf");
    expect(response.status).toBe(303);
  });
});

describe("D1 round trips", () => {
  /** Round trips of one request with this browser's cookies, through the app itself. */
  async function tripsOf(browser: TestBrowser, path: string, form?: Record<string, string>) {
    const meter = new D1Meter();
    const headers = new Headers({ Cookie: `__Host-portal_session=${browser.cookie("__Host-portal_session")}` });
    let body: URLSearchParams | undefined;
    if (form) {
      headers.set("Origin", ORIGIN);
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(form);
    }
    const ctx = createExecutionContext();
    const response = await createApp().fetch(
      new Request(`${ORIGIN}${path}`, { method: form ? "POST" : "GET", headers, body, redirect: "manual" }),
      { ...env, DB: meter.wrap(env.DB) },
      ctx,
    );
    await response.arrayBuffer();
    await waitOnExecutionContext(ctx);
    return { status: response.status, trips: meter.sequential };
  }

  it("each page is one round trip, its session included; asking for a copy writes in one", async () => {
    const browser = await brickell();
    // The session costs the same on every portal request: measured on a path that does nothing else.
    const session = await tripsOf(browser, "/portal/no-such-page");
    expect(session.status).toBe(404);
    for (const path of [
      "/portal/payments",
      "/portal/payments?page=9",
      "/portal/payments/ss-paid",
      "/portal/payments/ss-ach/status",
      "/portal/payments/ss-paid/receipt.pdf",
      "/portal/statement",
      "/portal/statement.pdf",
    ]) {
      const { status, trips } = await tripsOf(browser, path);
      expect([path, status, trips]).toEqual([path, 200, 1]);
    }
    // The copy is one batch; the email dispatch after every portal post is the second.
    const post = await tripsOf(browser, "/portal/payments/ss-credit/receipt-copy", { requestId: "round-trip-request-0001" });
    expect(post.status).toBe(303);
    expect(post.trips - session.trips).toBeLessThanOrEqual(2);
  });
});
