// Walks steps 4-8 as a browser would, for payment tests.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { TestBrowser } from "./helpers";

let nextIp = 1;

export async function signedInBrowser(invoiceNumber = "413955", total = "15,308.81"): Promise<TestBrowser> {
  const browser = new TestBrowser(`10.9.${Math.floor(nextIp / 250)}.${nextIp++ % 250}`);
  await browser.signIn(invoiceNumber, total);
  return browser;
}

/** Item ids of one client keyed "411872" for invoices and "fee:411872" for late fees. */
export async function itemIds(clientNumber = "20481736"): Promise<Map<string, number>> {
  const rows = await env.DB.prepare(
    "SELECT items.id, items.kind, items.invoice_number FROM items JOIN clients ON clients.id = items.client_id WHERE clients.number = ?",
  )
    .bind(clientNumber)
    .all<{ id: number; kind: string; invoice_number: string }>();
  return new Map(rows.results.map((r) => [`${r.kind === "invoice" ? "" : "fee:"}${r.invoice_number}`, r.id]));
}

/** The guide's worked example: everything but the two newest invoices, rounded down to the thousand. */
export const WORKED_EXAMPLE: Record<string, string> = {
  "411872": "12,000.00",
  "fee:411872": "786.76",
  "412305": "9,000.00",
  "412690": "18,000.00",
  "413018": "4,000.00",
};

export async function selectAndChoose(browser: TestBrowser, amounts: Record<string, string>, method: "ach" | "card", clientNumber = "20481736") {
  const ids = await itemIds(clientNumber);
  const keys = Object.keys(amounts);
  const ok = await browser.post("/portal/items", { pay: keys.map((k) => String(ids.get(k))), action: "ok" });
  expect(ok.status).toBe(303);
  expect((await browser.post("/portal/pay", { method })).status).toBe(303);
  const form: Record<string, string> = {};
  for (const key of keys) form[`amount-${ids.get(key)}`] = amounts[key]!;
  const saved = await browser.post("/portal/amounts", form);
  expect(saved.status, await saved.clone().text()).toBe(303);
  return ids;
}

export async function enterDetails(browser: TestBrowser, token: string, email = "ap@brickellbay.example") {
  const response = await browser.post("/portal/details", { email, confirmationToken: token });
  expect(response.status, await response.clone().text()).toBe(303);
  expect(response.headers.get("Location")).toBe("/portal/review");
}

export interface ReviewForm {
  html: string;
  attemptId: string;
  expectedTotalCents: string;
  /** The review's basis (a hidden field the browser posts back). */
  basis: string;
}

/** The confirm form's hidden fields, read from a review page. */
export function reviewFields(html: string): Omit<ReviewForm, "html"> {
  const field = (name: string) => unescapeHtml(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!);
  return { attemptId: field("attemptId"), expectedTotalCents: field("expectedTotalCents"), basis: field("basis") };
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export async function openReview(browser: TestBrowser): Promise<ReviewForm> {
  const response = await browser.get("/portal/review");
  const html = await response.text();
  expect(response.status, html).toBe(200);
  return { html, ...reviewFields(html) };
}

/** Posts the confirm form as a browser would: every hidden field given (a hand-made post may omit the basis). */
export async function confirm(browser: TestBrowser, review: Pick<ReviewForm, "attemptId" | "expectedTotalCents"> & { basis?: string }) {
  return browser.post("/portal/confirm", {
    attemptId: review.attemptId,
    expectedTotalCents: review.expectedTotalCents,
    ...(review.basis === undefined ? {} : { basis: review.basis }),
  });
}

/** Confirms and follows to the result page; returns the payment id and the page. */
export async function confirmAndFollow(browser: TestBrowser, review: ReviewForm) {
  const response = await confirm(browser, review);
  expect(response.status, await response.clone().text()).toBe(303);
  const location = response.headers.get("Location")!;
  const paymentId = location.split("/").pop()!;
  const page = await (await browser.get(location)).text();
  return { paymentId, page };
}

export async function paymentRow(id: string) {
  return env.DB.prepare("SELECT * FROM payments WHERE id = ?").bind(id).first<Record<string, unknown>>();
}

export async function outboxFor(paymentId: string) {
  const rows = await env.DB.prepare("SELECT kind, recipient, language FROM outbox WHERE payment_id = ? ORDER BY id").bind(paymentId).all();
  return rows.results as { kind: string; recipient: string; language: string }[];
}

export async function balances(clientNumber = "20481736"): Promise<Map<string, { balance: number; reserved: number }>> {
  const rows = await env.DB.prepare(
    `SELECT items.kind, items.invoice_number, items.original_cents -
        coalesce((SELECT sum(a.amount_cents - a.reversed_cents) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE a.item_id = items.id AND p.status = 'succeeded'), 0) AS balance,
        coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE a.item_id = items.id AND p.status IN ('created','requires_action','processing')), 0) AS reserved
     FROM items JOIN clients ON clients.id = items.client_id WHERE clients.number = ?`,
  )
    .bind(clientNumber)
    .all<{ kind: string; invoice_number: string; balance: number; reserved: number }>();
  return new Map(rows.results.map((r) => [`${r.kind === "invoice" ? "" : "fee:"}${r.invoice_number}`, { balance: r.balance, reserved: r.reserved }]));
}

/** Puts the ledger back to the demo data, so each test starts from the guide's balances. */
export async function resetLedger() {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM outbox"),
    env.DB.prepare("DELETE FROM refunds"),
    env.DB.prepare("DELETE FROM disputes"),
    env.DB.prepare("DELETE FROM stripe_events"),
    env.DB.prepare("DELETE FROM payment_allocations WHERE payment_id NOT LIKE 'demo-%'"),
    env.DB.prepare("DELETE FROM payments WHERE id NOT LIKE 'demo-%'"),
    env.DB.prepare("DELETE FROM lookup_failures"),
  ]);
}
