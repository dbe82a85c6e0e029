// Staff operations against real D1 and the Stripe emulator: search (folded names, index-backed),
// cursor paging, the payment page's timeline, refunds (partial, rest, over, unsettled, double
// click), receipt resends and cancels (allowed and refused by Stripe). Each refusal changes nothing.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../../worker/domain/csv";
import { formatCents } from "../../worker/domain/money";
import { ACCENT_FOLDS, foldName } from "../../worker/domain/name-fold";
import { splitReversal } from "../../worker/domain/payments";
import { seedDemoData, textOf } from "./helpers";
import { balances, confirmAndFollow, enterDetails, openReview, paymentRow, selectAndChoose, signedInBrowser } from "./payment-flow";
import { BANK, CARDS, bankToken, cardToken, deliverWebhook, eventsFor } from "./stripe-helpers";
import { installAccessJwks, staffFetch } from "./staff-helpers";

async function pay(amounts: Record<string, string>, method: "ach" | "card", token: string) {
  const browser = await signedInBrowser();
  await selectAndChoose(browser, amounts, method);
  await enterDetails(browser, token);
  const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
  return paymentId;
}

async function deliverAll(paymentIntentId: string) {
  for (const event of await eventsFor(paymentIntentId)) expect((await deliverWebhook(event)).status).toBe(200);
}

async function stripeRefunds(paymentIntentId: string) {
  const events = await eventsFor(paymentIntentId);
  return new Set(events.filter((e) => e.type === "refund.created").map((e) => e.data.object.id));
}

async function snapshot(paymentId: string) {
  const [payment, refunds, actions, outbox] = await Promise.all([
    paymentRow(paymentId),
    env.DB.prepare("SELECT count(*) AS n FROM refunds WHERE payment_id = ?").bind(paymentId).first(),
    env.DB.prepare("SELECT count(*) AS n FROM staff_actions WHERE target = ?").bind(paymentId).first(),
    env.DB.prepare("SELECT count(*) AS n FROM outbox WHERE payment_id = ?").bind(paymentId).first(),
  ]);
  return { payment, refunds, actions, outbox };
}

let creditId = "";
let creditIntent = "";
let achId = "";

beforeAll(async () => {
  await installAccessJwks();
  await seedDemoData();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO clients (number, name, email, created_at) VALUES ('20777001', 'Gómez Ñúñez & Hijos SA', 'pagos@gomez.example', 0)"),
    env.DB.prepare("INSERT INTO clients (number, name, email, created_at) VALUES ('20777002', 'GOMEZ-ALVAREZ LLC', NULL, 0)"),
    env.DB.prepare("INSERT INTO clients (number, name, email, created_at) VALUES ('20777003', 'Gomes Trading', NULL, 0)"),
  ]);
  creditId = await pay({ "413018": "4,450.00" }, "card", await cardToken(CARDS.visaCredit));
  creditIntent = String((await paymentRow(creditId))!.stripe_payment_intent_id);
  await deliverAll(creditIntent);
  achId = await pay({ "412690": "1,000.00" }, "ach", await bankToken(BANK.settles));
}, 60_000);

describe("search", () => {
  it("folds names in SQL exactly as in JavaScript, for every accented letter", async () => {
    const sample = ACCENT_FOLDS.map(([char]) => char).join("") + "ABCxyz";
    const row = await env.DB.prepare("INSERT INTO clients (number, name, created_at) VALUES ('20777999', ?, 0) RETURNING name_folded")
      .bind(sample)
      .first<{ name_folded: string }>();
    expect(row!.name_folded).toBe(foldName(sample));
    expect(foldName("Gómez Ñúñez")).toBe("gomez nunez");
    await env.DB.prepare("DELETE FROM clients WHERE number = '20777999'").run();
  });

  it('"gomez" finds "Gómez" and "GOMEZ-ALVAREZ" but not "Gomes"', async () => {
    const response = await staffFetch("/staff/api/search?q=gomez");
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { type: string; clientNumber: string; name: string }[] };
    expect(
      body.results
        .filter((r) => r.type === "client")
        .map((r) => r.name)
        .sort(),
    ).toEqual(["GOMEZ-ALVAREZ LLC", "Gómez Ñúñez & Hijos SA"]);
    const accented = (await (await staffFetch(`/staff/api/search?q=${encodeURIComponent("GÓMEZ ñ")}`)).json()) as { results: { name: string }[] };
    expect(accented.results.map((r) => r.name)).toEqual(["Gómez Ñúñez & Hijos SA"]);
  });

  it("finds a client number, an invoice, a payment by reference and by PaymentIntent", async () => {
    const byClient = (await (await staffFetch("/staff/api/search?q=20481736")).json()) as { results: { type: string; clientNumber: string }[] };
    expect(byClient.results).toEqual([expect.objectContaining({ type: "client", clientNumber: "20481736" })]);
    const byInvoice = (await (await staffFetch("/staff/api/search?q=413018")).json()) as { results: { type: string; invoiceNumber: string }[] };
    expect(byInvoice.results).toEqual([expect.objectContaining({ type: "invoice", invoiceNumber: "413018", clientNumber: "20481736" })]);
    const byIntent = (await (await staffFetch(`/staff/api/search?q=${creditIntent}`)).json()) as { results: { type: string; paymentId: string }[] };
    expect(byIntent.results).toEqual([expect.objectContaining({ type: "payment", paymentId: creditId, matchedBy: "payment_intent" })]);
    const byId = (await (await staffFetch(`/staff/api/search?q=${creditId}`)).json()) as { results: { type: string; paymentId: string }[] };
    expect(byId.results.filter((r) => r.type === "payment")).toEqual([expect.objectContaining({ paymentId: creditId, matchedBy: "payment_id" })]);
  });

  it("finds payments by amount: what was charged, or what it paid on items", async () => {
    type Found = { results: { type: string; paymentId: string; matchedBy: string }[]; morePayments: boolean };
    const search = async (q: string) => (await (await staffFetch(`/staff/api/search?q=${encodeURIComponent(q)}`)).json()) as Found;
    const credit = (await paymentRow(creditId))!;
    const charged = Number(credit.total_cents);
    const onItems = Number(credit.subtotal_cents);
    expect(charged).not.toBe(onItems);
    for (const q of [formatCents(charged), formatCents(onItems), String(onItems / 100)]) {
      const found = await search(q);
      expect(
        found.results.filter((r) => r.paymentId === creditId),
        q,
      ).toEqual([expect.objectContaining({ type: "payment", matchedBy: "amount" })]);
      expect(found.morePayments, q).toBe(false);
    }
    expect((await search("$0.01")).results).toEqual([]);
    const page = textOf(await (await staffFetch(`/staff/search?q=${encodeURIComponent(formatCents(charged))}`)).text());
    expect(page).toContain(`Payments (`);
    expect(page).toContain(formatCents(charged));
  });

  it("uses an index for every lookup (no table scans)", async () => {
    const plans = [
      ["SELECT id FROM clients WHERE name_folded >= ? AND name_folded < ? ORDER BY name_folded LIMIT 21", ["gomez", "gome{"]],
      ["SELECT id FROM payments WHERE stripe_payment_intent_id = ?", ["pi_x"]],
      ["SELECT id FROM payments WHERE total_cents = ? ORDER BY created_at DESC, id DESC LIMIT 21", [103_000]],
      ["SELECT id FROM payments WHERE subtotal_cents = ? ORDER BY created_at DESC, id DESC LIMIT 21", [103_000]],
      ["SELECT id FROM items WHERE kind = 'invoice' AND invoice_number = ?", ["413018"]],
      ["SELECT id FROM pay_links WHERE code = ?", ["abcdefghijklmnop"]],
      ["SELECT id FROM help_requests WHERE reference = ?", ["HR-ABCDEF"]],
      ["SELECT id FROM payments WHERE status = ? AND created_at < ? ORDER BY created_at DESC, id DESC LIMIT 26", ["succeeded", 1]],
    ] as const;
    for (const [query, params] of plans) {
      const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query}`)
        .bind(...params)
        .all<{ detail: string }>();
      const detail = rows.results.map((r) => r.detail).join(" | ");
      expect(detail, query).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|USING PRIMARY KEY/);
      expect(detail, query).not.toMatch(/^SCAN \w+$|\| SCAN \w+( |$)/);
    }
  });

  it("shows results grouped on the page", async () => {
    const html = await (await staffFetch("/staff/search?q=gomez")).text();
    expect(html).toContain('class="result-group result-client"');
    expect(textOf(html)).toContain("Gómez Ñúñez & Hijos SA");
  });
});

describe("cursor paging", () => {
  it("walks every payment newest first with limit=1, each once, then stops", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await staffFetch(`/staff/api/payments/list?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { payments: { id: string; createdAt: string }[]; next_cursor: string | null };
      expect(body.payments.length).toBeLessThanOrEqual(1);
      seen.push(...body.payments.map((p) => p.id));
      cursor = body.next_cursor;
    } while (cursor);
    const all = await env.DB.prepare("SELECT id FROM payments ORDER BY created_at DESC, id DESC").all<{ id: string }>();
    expect(seen).toEqual(all.results.map((r) => r.id));
  });

  it("filters by status and date range, and refuses bad limits, cursors and dates", async () => {
    const processing = (await (await staffFetch("/staff/api/payments/list?status=processing")).json()) as { payments: { id: string }[] };
    expect(processing.payments.map((p) => p.id)).toEqual([achId]);
    const none = (await (await staffFetch("/staff/api/payments/list?from=2020-01-01&to=2020-01-31")).json()) as { payments: unknown[] };
    expect(none.payments).toEqual([]);
    for (const query of ["limit=101", "limit=0", "cursor=nope", "status=lost", "from=2026-13-01", "from=2026-02-01&to=2026-01-01"]) {
      const response = await staffFetch(`/staff/api/payments/list?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { message: string }).message, query).toMatch(/^bad list query: (limit|cursor|status|from|to) must be /);
    }
    const page = await staffFetch("/staff/payments?limit=1");
    expect(await page.text()).toContain('rel="next"');
  });
});

describe("client and payment pages", () => {
  it("unknown or malformed ids answer 404, page and API", async () => {
    for (const path of [
      "/staff/clients/20999999",
      "/staff/clients/abc",
      "/staff/payments/nope-nope",
      "/staff/api/payments/nope-nope",
      "/staff/api/clients/20999999",
    ]) {
      expect((await staffFetch(path)).status, path).toBe(404);
    }
    const refund = await staffFetch("/staff/api/payments/nope-nope/refunds", { json: { amount: "1.00" } });
    expect(refund.status).toBe(404);
  });

  it("the client page lists balances, payments and help; the payment page a timeline in the firm's zone", async () => {
    const client = await staffFetch("/staff/clients/20481736");
    expect(client.status).toBe(200);
    expect(textOf(await client.text())).toContain("Invoice 413018");
    // The total the client owes, as the portal shows it (pending payments not deducted), and what is in flight.
    const owed = [...(await balances()).values()];
    const clientText = textOf(await (await staffFetch("/staff/clients/20481736")).text());
    const outstanding = owed.reduce((sum, item) => sum + Math.max(item.balance, 0), 0);
    const pending = owed.reduce((sum, item) => sum + item.reserved, 0);
    expect(clientText).toContain(`Total outstanding ${formatCents(outstanding)} ${formatCents(pending)}`);
    // An e-invoice opens its PDF; a paper invoice says it has none; link states and help in words.
    expect(clientText).toContain("Invoice 412305 Paper invoice: no PDF");
    expect(clientText).toMatch(/Invoice 413955 Active ·/);
    const pdf = await staffFetch("/staff/invoices/413955.pdf");
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");
    for (const missing of ["412305", "499999"]) expect((await staffFetch(`/staff/invoices/${missing}.pdf`)).status, missing).toBe(404);
    const spanishClient = textOf(await (await staffFetch("/staff/clients/20993410", { headers: { "Accept-Language": "es" } })).text());
    expect(spanishClient).toContain("Este cliente no ha enviado solicitudes de ayuda.");
    expect(spanishClient).toMatch(/Factura 414120 Activo ·/);

    const page = await (await staffFetch(`/staff/payments/${creditId}`)).text();
    expect(textOf(page)).toContain("Times in America/New_York");
    expect(page).toContain("payment_intent.succeeded");
    expect(page).toContain("attempt_recorded");
    // The forms post to this payment (a column-name clash once made them post to the client's id).
    expect(page).toContain(`action="/staff/payments/${creditId}/refunds"`);
    const json = (await (await staffFetch(`/staff/api/payments/${creditId}`)).json()) as { payment: { id: string }; client: { number: string } };
    expect(json.payment.id).toBe(creditId);
    expect(json.client.number).toBe("20481736");
  });
});

describe("refunds", () => {
  it("refuses a refund on a payment that has not settled, changing nothing", async () => {
    const before = await snapshot(achId);
    const response = await staffFetch(`/staff/api/payments/${achId}/refunds`, { json: { amount: "" } });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: "not_settled" });
    expect(await snapshot(achId)).toEqual(before);
  });

  it("refuses more than is left, changing nothing (Stripe is not asked)", async () => {
    const before = await snapshot(creditId);
    const refundsBefore = await stripeRefunds(creditIntent);
    const response = await staffFetch(`/staff/api/payments/${creditId}/refunds`, { json: { amount: "5,000.00" } });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe("too_much");
    expect(body.message).toContain("$4,583.50");
    expect(await snapshot(creditId)).toEqual(before);
    expect(await stripeRefunds(creditIntent)).toEqual(refundsBefore);
    expect((await staffFetch(`/staff/api/payments/${creditId}/refunds`, { json: { amount: "ten" } })).status).toBe(422);
  });

  it("a partial refund goes to Stripe, is applied when the webhook arrives, with the fee pro rata and an email", async () => {
    const request = () =>
      staffFetch(`/staff/api/payments/${creditId}/refunds`, {
        json: { amount: "1,000.00", reason: "requested_by_customer" },
        headers: { "Idempotency-Key": "double-click-test-1" },
      });
    const first = await request();
    expect(first.status, await first.clone().text()).toBe(202);
    const second = await request();
    const [a, b] = [(await first.json()) as { refund: { id: string } }, (await second.json()) as { refund: { id: string } }];
    expect(b.refund.id).toBe(a.refund.id);
    expect((await stripeRefunds(creditIntent)).size).toBe(1);
    // Nothing in the ledger until Stripe says so.
    expect(await paymentRow(creditId)).toMatchObject({ refunded_cents: 0 });
    const balanceBefore = (await balances()).get("413018")!.balance;

    await deliverAll(creditIntent);
    const row = (await paymentRow(creditId))!;
    const allocations = await env.DB.prepare("SELECT id, amount_cents FROM payment_allocations WHERE payment_id = ?")
      .bind(creditId)
      .all<{ id: number; amount_cents: number }>();
    const expected = splitReversal(
      {
        totalCents: Number(row.total_cents),
        feeCents: Number(row.fee_cents),
        allocations: allocations.results.map((x) => ({ id: x.id, amountCents: x.amount_cents })),
      },
      100_000,
    );
    expect(row).toMatchObject({ refunded_cents: 100_000, fee_refunded_cents: expected.feeReversedCents });
    expect(expected.feeReversedCents).toBe(2_912);
    expect((await balances()).get("413018")!.balance).toBe(balanceBefore + 100_000 - 2_912);
    const emails = await env.DB.prepare("SELECT kind, recipient, language FROM outbox WHERE payment_id = ? AND kind = 'refund_issued'").bind(creditId).all();
    expect(emails.results).toEqual([{ kind: "refund_issued", recipient: "ap@brickellbay.example", language: "en" }]);
    const actions = await env.DB.prepare("SELECT email, action FROM staff_actions WHERE target = ? AND action = 'refund_payment'").bind(creditId).all();
    expect(actions.results).toEqual([{ email: "ar-staff@alvarezwhitman.example", action: "refund_payment" }]);
    // The payment's timeline says it in words, in the staff member's language, not as stored JSON.
    const timeline = textOf(await (await staffFetch(`/staff/payments/${creditId}`)).text());
    expect(timeline).toContain(`ar-staff@alvarezwhitman.example refunded $1,000.00, $29.12 of it the card fee: Requested by the client. ${a.refund.id}`);
    expect(timeline).not.toContain('"amountCents"');
    const spanish = textOf(await (await staffFetch(`/staff/payments/${creditId}`, { headers: { "Accept-Language": "es" } })).text());
    expect(spanish).toContain("ar-staff@alvarezwhitman.example reembolsó $1,000.00, de ello $29.12 de la comisión de tarjeta: Solicitado por el cliente.");
  });

  it("a double-clicked refund form refunds once; an empty amount refunds the rest", async () => {
    const page = await (await staffFetch(`/staff/payments/${creditId}`)).text();
    const key = /name="key" value="([^"]+)"/.exec(page)![1]!;
    const post = () => staffFetch(`/staff/payments/${creditId}/refunds`, { form: { amount: "", reason: "duplicate", key } });
    const [one, two] = await Promise.all([post(), post()]);
    expect([one.status, two.status]).toEqual([303, 303]);
    expect((await stripeRefunds(creditIntent)).size).toBe(2);
    await deliverAll(creditIntent);
    expect(await paymentRow(creditId)).toMatchObject({ refunded_cents: 458_350, fee_refunded_cents: 13_350 });
    expect(textOf(await (await staffFetch(`/staff/payments/${creditId}`)).text())).toContain(
      "refunded $3,583.50, $104.38 of it the card fee: Duplicate payment.",
    );
    const after = await staffFetch(`/staff/api/payments/${creditId}/refunds`, { json: {} });
    expect(await after.json()).toMatchObject({ error: "nothing_left" });
  });
});

describe("receipts and cancels", () => {
  it("resends the receipt to a typed address, recorded", async () => {
    const response = await staffFetch(`/staff/api/payments/${creditId}/receipt`, { json: { to: "books@brickellbay.example" } });
    expect(response.status).toBe(202);
    const row = await env.DB.prepare("SELECT kind, recipient FROM outbox WHERE payment_id = ? AND dedupe_key LIKE 'resend:%'").bind(creditId).first();
    expect(row).toEqual({ kind: "payment_received", recipient: "books@brickellbay.example" });
    const action = await env.DB.prepare("SELECT email FROM staff_actions WHERE target = ? AND action = 'resend_receipt'").bind(creditId).first();
    expect(action).toEqual({ email: "ar-staff@alvarezwhitman.example" });
    expect(textOf(await (await staffFetch(`/staff/payments/${creditId}`)).text())).toContain(
      "ar-staff@alvarezwhitman.example sent the receipt again to books@brickellbay.example.",
    );
    expect((await staffFetch(`/staff/api/payments/${creditId}/receipt`, { json: { to: "not-an-address" } })).status).toBe(422);
  });

  it("a cancel Stripe refuses (ACH already at the bank) says so and changes nothing", async () => {
    const before = await snapshot(achId);
    const response = await staffFetch(`/staff/api/payments/${achId}/cancel`, { method: "POST" });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: string; message: string };
    expect(body.error).toBe("stripe_refused_cancel");
    expect(body.message).toContain("bank debit already sent to the bank");
    expect(await snapshot(achId)).toEqual(before);
  });

  it("cancels a payment waiting for 3D Secure: canceled at Stripe, reservation released, client emailed", async () => {
    const id = await pay({ "413402": "2,000.00" }, "card", await cardToken(CARDS.threeDS));
    expect((await balances()).get("413402")!.reserved).toBe(200_000);
    const response = await staffFetch(`/staff/api/payments/${id}/cancel`, { method: "POST" });
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await paymentRow(id)).toMatchObject({ status: "canceled" });
    expect((await balances()).get("413402")!.reserved).toBe(0);
    const email = await env.DB.prepare("SELECT kind, recipient FROM outbox WHERE payment_id = ?").bind(id).all();
    expect(email.results).toEqual([{ kind: "payment_canceled", recipient: "ap@brickellbay.example" }]);
    expect((await staffFetch(`/staff/api/payments/${id}/cancel`, { method: "POST" })).status).toBe(409);
    expect(textOf(await (await staffFetch(`/staff/payments/${id}`)).text())).toContain(
      "ar-staff@alvarezwhitman.example canceled the payment at Stripe (status then: Waiting for 3D Secure).",
    );
  });
});

describe("deposits", () => {
  it("a payout lists its charges and refunds with Stripe's fees, matched to our payments, and reconciles to the cent with the payments export", async () => {
    const paid = await pay({ "412305": "2,000.00" }, "card", await cardToken(CARDS.mastercardCredit));
    const intent = String((await paymentRow(paid))!.stripe_payment_intent_id);
    expect((await staffFetch(`/staff/api/payments/${paid}/refunds`, { json: { amount: "515.00" } })).status).toBe(202);
    await deliverAll(intent);

    const run = await fetch(`${env.STRIPE_API_BASE}/_emulator/payouts/run`, { method: "POST", headers: { Authorization: `Bearer ${env.STRIPE_SECRET_KEY}` } });
    const { payout } = (await run.json()) as { payout: { id: string; amount: number } };
    expect(payout.id).toMatch(/^po_/);

    const list = (await (await staffFetch("/staff/api/deposits?limit=100")).json()) as { deposits: { id: string }[] };
    expect(list.deposits.map((d) => d.id)).toContain(payout.id);
    const deposit = (await (await staffFetch(`/staff/api/deposits/${payout.id}`)).json()) as {
      amountCents: number;
      totals: { grossCents: number; feeCents: number; netCents: number };
      lines: { type: string; grossCents: number; feeCents: number; netCents: number; paymentId: string | null; invoiceNumbers: string | null }[];
    };
    // The deposit adds up: every line's net, and the total, is gross less Stripe's fee.
    expect(deposit.totals.netCents).toBe(deposit.amountCents);
    expect(deposit.totals.grossCents - deposit.totals.feeCents).toBe(deposit.totals.netCents);
    for (const line of deposit.lines) expect(line.grossCents - line.feeCents).toBe(line.netCents);

    // Our lines against the payments export, to the cent.
    const mine = deposit.lines.filter((l) => l.paymentId);
    const ids = new Set(mine.map((l) => l.paymentId!));
    expect(ids).toContain(paid);
    const charge = mine.find((l) => l.paymentId === paid && l.type === "charge")!;
    expect(charge).toMatchObject({ grossCents: 206_000, feeCents: Math.round(206_000 * 0.029) + 30, invoiceNumbers: "412305" });
    const exported = (await (await staffFetch(`/staff/api/payments?from=2026-01-01&to=${new Date().toISOString().slice(0, 10)}&format=json`)).json()) as {
      rows: { payment_id: string; amount_applied: string; amount_refunded: string; fee: string; fee_refunded: string }[];
    };
    const cents = (text: string) => Math.round(Number(text) * 100);
    const byPayment = new Map<string, { charged: number; refunded: number }>();
    for (const row of exported.rows.filter((r) => ids.has(r.payment_id))) {
      const entry = byPayment.get(row.payment_id) ?? { charged: cents(row.fee), refunded: cents(row.fee_refunded) };
      entry.charged += cents(row.amount_applied);
      entry.refunded += cents(row.amount_refunded);
      byPayment.set(row.payment_id, entry);
    }
    for (const id of ids) {
      const gross = mine.filter((l) => l.paymentId === id && l.type === "charge").reduce((s, l) => s + l.grossCents, 0);
      const refunded = mine.filter((l) => l.paymentId === id && l.type === "refund").reduce((s, l) => s - l.grossCents, 0);
      expect({ id, gross, refunded }).toEqual({ id, gross: byPayment.get(id)!.charged, refunded: byPayment.get(id)!.refunded });
    }

    const csv = await staffFetch(`/staff/api/deposits/${payout.id}?format=csv`);
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = await csv.text();
    expect(text).toContain(`,charge,`);
    // The payment id as the CSV writes it: a random id can start with "-", which gets the
    // apostrophe that keeps a spreadsheet from reading it as a formula (1 run in 64 did).
    expect(text).toMatch(new RegExp(`,${csvCell(paid)},20481736,Brickell Bay Holdings LLC,412305,2060\\.00,60\\.04,1999\\.96\\r\\n`));
    expect(text).toMatch(/,-515\.00,0\.00,-515\.00\r\n/);
    expect((await staffFetch("/staff/api/deposits/po_doesnotexist")).status).toBe(404);
    expect((await staffFetch("/staff/api/deposits?limit=500")).status).toBe(400);
    const page = await (await staffFetch(`/staff/deposits/${payout.id}`)).text();
    expect(textOf(page)).toContain("Stripe fees");
  });

  it("filters deposits by status and arrival day at Stripe, pages with Older keeping the filters, and refuses a filter it cannot read", async () => {
    // Two payouts arriving the same day: Stripe gives the day at midnight UTC.
    for (const amount of ["100.00", "200.00"]) {
      await pay({ "413402": amount }, "card", await cardToken(CARDS.visaDebit));
      await fetch(`${env.STRIPE_API_BASE}/_emulator/payouts/run`, { method: "POST", headers: { Authorization: `Bearer ${env.STRIPE_SECRET_KEY}` } });
    }
    type Deposit = { id: string; status: string; arrivalDate: string };
    const list = async (query: string) => {
      const response = await staffFetch(`/staff/api/deposits?${query}`);
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as { deposits: Deposit[]; next_cursor: string | null };
    };
    const all = (await list("limit=100")).deposits;
    const day = all[0]!.arrivalDate.slice(0, 10);
    expect(all[0]!.arrivalDate).toBe(`${day}T00:00:00.000Z`);
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    const before = new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
    const onDay = all.filter((d) => d.status === "paid" && d.arrivalDate.startsWith(day)).map((d) => d.id);
    expect(onDay.length).toBeGreaterThanOrEqual(2);

    // Every deposit the filter keeps matches it, and none that matches is left out.
    const kept = (await list(`limit=100&status=paid&from=${day}&to=${day}`)).deposits;
    for (const d of kept) expect(d).toMatchObject({ status: "paid", arrivalDate: `${day}T00:00:00.000Z` });
    expect(kept.map((d) => d.id)).toEqual(expect.arrayContaining(onDay));
    expect((await list(`limit=100&from=${next}`)).deposits.filter((d) => onDay.includes(d.id))).toEqual([]);
    expect((await list(`limit=100&to=${before}`)).deposits.filter((d) => onDay.includes(d.id))).toEqual([]);
    expect((await list("limit=100&status=pending")).deposits.filter((d) => onDay.includes(d.id))).toEqual([]);

    // Paging through Stripe keeps the filters: one per page, newest first, no repeats.
    const first = await list(`limit=1&status=paid&from=${day}&to=${day}`);
    expect(first.deposits).toHaveLength(1);
    expect(first.next_cursor).toBe(first.deposits[0]!.id);
    const second = await list(`limit=1&status=paid&from=${day}&to=${day}&cursor=${first.next_cursor}`);
    expect(second.deposits).toHaveLength(1);
    expect(second.deposits[0]!.id).not.toBe(first.deposits[0]!.id);
    expect(onDay).toContain(second.deposits[0]!.id);

    // The page: the filters, the arrival-day hint, and an Older link that carries them to the next page.
    const page = await (await staffFetch(`/staff/deposits?status=paid&from=${day}&to=${day}&limit=1`)).text();
    expect(textOf(page)).toContain("arrival days");
    expect(page).toMatch(/<option value="pending"[^>]*>Pending<\/option>/);
    expect(page).not.toContain('<option value="in_transit"');
    expect(page).toMatch(/<option value="paid" selected[^>]*>Paid<\/option>/);
    const older = /<a href="(\/staff\/deposits\?[^"]+)" rel="next"/.exec(page)?.[1]?.replace(/&amp;/g, "&");
    expect(older).toBeDefined();
    const olderParams = new URL(older!, "https://portal.example").searchParams;
    expect(Object.fromEntries(olderParams)).toEqual({ status: "paid", from: day, to: day, limit: "1", cursor: first.next_cursor });
    const spanish = await (await staffFetch(`/staff/deposits?status=paid`, { headers: { "Accept-Language": "es" } })).text();
    expect(spanish).toMatch(/<option value="paid"[^>]*>Pagado<\/option>/);
    expect(textOf(spanish)).toContain("días de llegada");
    const olderPage = await staffFetch(older!);
    expect(olderPage.status).toBe(200);
    expect(await olderPage.text()).toContain(second.deposits[0]!.id);

    // What the list cannot read: a 400 with the sentence on the API, a 422 naming the fields on the page.
    const refused = async (query: string) => {
      const response = await staffFetch(`/staff/api/deposits?${query}`);
      expect(response.status).toBe(400);
      return ((await response.json()) as { message: string }).message;
    };
    expect(await refused("status=settled")).toBe("bad list query: status must be one of pending, paid, failed, canceled");
    expect(await refused("from=2026-02-30")).toBe("bad list query: from must be a date as YYYY-MM-DD");
    expect(await refused(`from=${next}&to=${day}`)).toBe("bad list query: to must be on or after from");
    expect(await refused("cursor=pi_123")).toBe("bad list query: cursor must be a next_cursor this list gave");
    const bad = await staffFetch("/staff/deposits?status=settled&to=2026-13-01");
    expect(bad.status).toBe(422);
    expect(textOf(await bad.text())).toContain("These filters are not valid: status, to.");
  });
});
