// Emails: one path for all of them (outbox row, email queue, one consumer), exactly one email per
// event under redelivery and concurrent consumers, a crash between send and record flagged for
// the staff, failures retried and dead-lettered, lost messages re-enqueued by the cron sweep.
// Payment emails are checked against the ledger after real payments through the emulator.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../worker/staff-index";
import { createStaffApp } from "../../worker/staff-app";
import { assertConfigured, type WorkerEnv } from "../../worker/env";
import { formatCents } from "../../worker/domain/money";
import type { Mailer, OutgoingEmail } from "../../worker/gateways/mailer";
import { handleQueueBatch, queueDeps } from "../../worker/queue/consumer";
import { QUEUE_NAMES, emailQueue } from "../../worker/queue/messages";
import { dispatchPendingEmails } from "../../worker/services/emails";
import { storeHelpRequest } from "../../worker/services/help";
import { openDatabase } from "../../worker/storage/db";
import { ORIGIN, TestBrowser, seedDemoData, textOf } from "./helpers";
import { outboxRows, sentEmail, waitForSent } from "./help-flow";
import { WORKED_EXAMPLE, confirmAndFollow, enterDetails, openReview, paymentRow, selectAndChoose, signedInBrowser } from "./payment-flow";
import { BANK, CARDS, bankToken, cardToken, deliverWebhook, eventsFor, refund, settleAch } from "./stripe-helpers";
import { staffHeaders } from "./help-staff-helpers";

beforeAll(async () => {
  await seedDemoData();
});

/** The outbox rows of one payment, in order, once the real consumer has sent each of them. */
async function sentFor(paymentId: string, kinds: string[]) {
  const rows = await vi.waitUntil(
    async () => {
      const found = await outboxRows("payment_id = ?", paymentId);
      return found.length === kinds.length ? found : null;
    },
    { timeout: 15_000, interval: 100 },
  );
  expect(rows.map((r) => r.kind)).toEqual(kinds);
  return Promise.all(rows.map(async (row) => ({ row, email: (await waitForSent(row.id as number))! })));
}

async function ledgerLines(paymentId: string) {
  const rows = await env.DB.prepare(
    "SELECT items.kind, items.invoice_number, a.amount_cents FROM payment_allocations a JOIN items ON items.id = a.item_id WHERE a.payment_id = ? ORDER BY a.id",
  )
    .bind(paymentId)
    .all<{ kind: string; invoice_number: string; amount_cents: number }>();
  return rows.results.map((r) => ({
    label: r.kind === "invoice" ? `Invoice ${r.invoice_number}` : `Late fee on invoice ${r.invoice_number}`,
    cents: r.amount_cents,
  }));
}

describe("payment emails, rendered from the ledger", () => {
  it("payment received by credit card: every item, the fee as its own line, the total, method and reference; AR copied", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, WORKED_EXAMPLE, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const payment = (await paymentRow(paymentId))!;
    const { email } = (await sentFor(paymentId, ["payment_received"]))[0]!;
    expect(email.to_addresses).toBe("ap@brickellbay.example");
    expect(email.cc_addresses).toBe("accountsreceivable@alvarezwhitman.example");
    expect(email.reply_to).toBe("accountsreceivable@alvarezwhitman.example");
    expect(email.subject).toBe("Payment received: $45,100.36");

    const lines = await ledgerLines(paymentId);
    expect(lines.length).toBe(5);
    for (const line of lines) {
      expect(email.text).toContain(`${line.label}: ${formatCents(line.cents)}`);
      expect(email.html).toContain(`<td>${line.label}</td><td align="right">${formatCents(line.cents)}</td>`);
    }
    expect(lines.reduce((sum, l) => sum + l.cents, 0)).toBe(payment.subtotal_cents);
    expect(email.text).toContain(`Subtotal: ${formatCents(payment.subtotal_cents as number)}`);
    expect(email.text).toContain("Subtotal: $43,786.76");
    expect(email.text).toContain("Transaction fees: $1,313.60");
    expect(email.text).toContain("Total: $45,100.36");
    expect(email.text).toContain("Payment method: Credit card · VISA •••• 4242");
    expect(email.text).toContain(`Reference: ${payment.stripe_payment_intent_id}`);
    expect(email.text).toContain("Client: Brickell Bay Holdings LLC (20481736)");
    expect(email.html).toContain('<th align="left" scope="row">Transaction fees</th><td align="right">$1,313.60</td>');
    expect(email.html).not.toMatch(/<script|style=/);
  });

  it("ACH: payment pending, then payment failed with what to do", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413402": "1,000.00" }, "ach");
    await enterDetails(browser, await bankToken(BANK.noAccount));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const [pending] = await sentFor(paymentId, ["payment_pending"]);
    expect(pending!.email.subject).toBe("Payment submitted: $1,000.00 by ACH");
    expect(pending!.email.text).toContain("Banks take up to 4 business days to settle ACH payments");
    expect(pending!.email.text).toContain("Invoice 413402: $1,000.00");
    expect(pending!.email.text).toContain("Transaction fees: $0.00");
    expect(pending!.email.text).toContain("Payment method: Bank account (ACH) · STRIPE TEST BANK •••• 1116");

    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
    await settleAch(intent);
    for (const event of await eventsFor(intent)) await deliverWebhook(event);
    const [, failed] = await sentFor(paymentId, ["payment_pending", "payment_failed"]);
    expect(failed!.email.subject).toBe("Payment not completed: $1,000.00");
    expect(failed!.email.text).toContain("Your bank could not complete your ACH payment of $1,000.00: the bank account could not be found.");
    expect(failed!.email.text).toContain("What to do: check the account details with your bank, then pay again");
    expect(failed!.email.cc_addresses).toBe("accountsreceivable@alvarezwhitman.example");
  });

  it("ACH that settles: pending, then received", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413402": "500.00" }, "ach");
    await enterDetails(browser, await bankToken(BANK.settles));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
    await settleAch(intent);
    for (const event of await eventsFor(intent)) await deliverWebhook(event);
    const [, received] = await sentFor(paymentId, ["payment_pending", "payment_received"]);
    expect(received!.email.text).toContain("We received your payment of $500.00.");
  });

  it("refund issued: the amount refunded so far and the fee's share, from the ledger", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413955": "1,000.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaCredit));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
    await refund(intent, 10_300); // a tenth of 1,030.00
    for (const event of await eventsFor(intent)) await deliverWebhook(event);
    const row = (await paymentRow(paymentId))!;
    expect(row).toMatchObject({ total_cents: 103_000, refunded_cents: 10_300, fee_refunded_cents: 300 });
    const [, refunded] = await sentFor(paymentId, ["payment_received", "refund_issued"]);
    expect(refunded!.email.subject).toBe("Refund issued: $103.00");
    expect(refunded!.email.text).toContain(`We issued a refund on your payment ${intent}. Refunded so far: $103.00 of $1,030.00.`);
    expect(refunded!.email.text).toContain("The refund includes $3.00 of transaction fees.");
    expect(refunded!.email.text).toMatch(/Refunds\n\d{2}\/\d{2}\/\d{4}: \$103\.00/);
  });

  it("is in the client's language", async () => {
    const browser = await signedInBrowser("414120", "3,150.00");
    await browser.get("/portal?lang=es");
    await selectAndChoose(browser, { "414120": "100.00" }, "card", "20993410");
    await enterDetails(browser, await cardToken(CARDS.visaDebit), "office@coconutgrovedental.example");
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    const { row, email } = (await sentFor(paymentId, ["payment_received"]))[0]!;
    expect(row.language).toBe("es");
    expect(email.subject).toBe("Pago recibido: $100.00");
    expect(email.text).toContain("Factura 414120: $100.00");
    expect(email.text).toContain("Cargos por transacción: $0.00");
    expect(email.text).toContain("Forma de pago: Tarjeta de débito · VISA •••• 5556");
    expect(email.html).toContain('<html lang="es">');
  });
});

describe("exactly one email per event", () => {
  let paymentId: string;
  beforeAll(async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413955": "10.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaDebit));
    paymentId = (await confirmAndFollow(browser, await openReview(browser))).paymentId;
    await sentFor(paymentId, ["payment_received"]);
  });

  let rowSequence = 0;
  /** A pending outbox row that no dispatcher will pick up: only the test's consumer sees it. */
  async function pendingRow(fields: { status?: string; claimedAt?: number } = {}) {
    const now = Date.now();
    const row = await env.DB.prepare(
      "INSERT INTO outbox (dedupe_key, kind, payment_id, recipient, language, status, attempts, created_at, enqueued_at, claimed_at) VALUES (?, 'payment_received', ?, 'ap@brickellbay.example', 'en', ?, 0, ?, ?, ?) RETURNING id",
    )
      .bind(`test:${++rowSequence}:${now}`, paymentId, fields.status ?? "pending", now, now, fields.claimedAt ?? null)
      .first<{ id: number }>();
    return row!.id;
  }

  function recorder(behaviour?: (email: OutgoingEmail) => Promise<void>) {
    const sent: OutgoingEmail[] = [];
    const mailer: Mailer = {
      async send(email) {
        await behaviour?.(email);
        sent.push(email);
      },
    };
    return { sent, mailer };
  }

  function batchOf(queue: string, messages: { id: string; body: unknown; attempts?: number }[]) {
    const acks: string[] = [];
    const retries: { id: string; delaySeconds?: number }[] = [];
    const batch = {
      queue,
      metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } },
      ackAll: () => undefined,
      retryAll: () => undefined,
      messages: messages.map((m) => ({
        id: m.id,
        timestamp: new Date(),
        attempts: m.attempts ?? 1,
        body: m.body,
        ack: () => void acks.push(m.id),
        retry: (options?: QueueRetryOptions) => void retries.push({ id: m.id, delaySeconds: options?.delaySeconds }),
      })),
    } as MessageBatch<unknown>;
    return { batch, acks, retries };
  }

  it("sends once when the message is delivered again, or twice in one batch", async () => {
    const id = await pendingRow();
    const { sent, mailer } = recorder();
    const deps = { ...queueDeps(env), mailer };
    const first = batchOf(QUEUE_NAMES.email, [{ id: "e-1", body: { type: "email", outboxId: id } }]);
    await handleQueueBatch(first.batch, deps);
    const again = batchOf(QUEUE_NAMES.email, [
      { id: "e-1", body: { type: "email", outboxId: id }, attempts: 2 },
      { id: "e-2", body: { type: "email", outboxId: id } },
    ]);
    await handleQueueBatch(again.batch, deps);
    expect(first.acks).toEqual(["e-1"]);
    expect(again.acks).toEqual(["e-1", "e-2"]);
    expect(sent).toHaveLength(1);
    expect(await outboxRows("id = ?", id)).toMatchObject([{ status: "sent", attempts: 1 }]);
    const recorded = await sentEmail(id);
    expect(recorded).toMatchObject({ subject: sent[0]!.subject, text: sent[0]!.text, html: sent[0]!.html, to_addresses: "ap@brickellbay.example" });
  });

  it("lets one of two simultaneous consumers send; the other waits for the claim's lease", async () => {
    const id = await pendingRow();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { sent, mailer } = recorder(() => gate);
    const deps = { ...queueDeps(env), mailer };
    const a = batchOf(QUEUE_NAMES.email, [{ id: "c-1", body: { type: "email", outboxId: id } }]);
    const b = batchOf(QUEUE_NAMES.email, [{ id: "c-2", body: { type: "email", outboxId: id } }]);
    const first = handleQueueBatch(a.batch, deps);
    await vi.waitUntil(async () => (await outboxRows("id = ? AND status = 'sending'", id)).length === 1);
    await handleQueueBatch(b.batch, deps);
    release();
    await first;
    expect(sent).toHaveLength(1);
    expect(a.acks).toEqual(["c-1"]);
    expect(b.retries).toHaveLength(1);
    expect(b.retries[0]!.delaySeconds).toBeGreaterThan(290);
  });

  it("never resends after a consumer stopped between sending and recording: the staff see it and decide", async () => {
    const stale = await pendingRow({ status: "sending", claimedAt: Date.now() - 6 * 60_000 });
    const fresh = await pendingRow({ status: "sending", claimedAt: Date.now() - 60_000 });
    const { sent, mailer } = recorder();
    const deps = { ...queueDeps(env), mailer };
    const run = batchOf(QUEUE_NAMES.email, [
      { id: "s-1", body: { type: "email", outboxId: stale }, attempts: 2 },
      { id: "s-2", body: { type: "email", outboxId: fresh }, attempts: 2 },
    ]);
    await handleQueueBatch(run.batch, deps);
    expect(sent).toHaveLength(0);
    expect(run.acks).toEqual(["s-1"]);
    expect(run.retries.map((r) => r.id)).toEqual(["s-2"]);
    expect(await outboxRows("id = ?", stale)).toMatchObject([{ status: "unconfirmed" }]);
    expect(await outboxRows("id = ?", fresh)).toMatchObject([{ status: "sending" }]);

    const staff = new TestBrowser("10.40.0.1");
    const page = await (await staff.get("/staff/help", { headers: await staffHeaders() })).text();
    expect(textOf(page)).toContain(`Email #${stale} (payment_received) to ap@brickellbay.example`);
    expect(textOf(page)).toContain("This email may not have been sent");
    const letter = (await env.DB.prepare("SELECT id FROM dead_letters WHERE dedupe_key LIKE ?").bind(`email-unconfirmed:${stale}:%`).first<{ id: number }>())!;
    // The staff checked with the client and send it again: through the real queue this time.
    await staff.post(`/staff/help/dead-letters/${letter.id}/retry`, {}, { headers: await staffHeaders() });
    const resent = await waitForSent(stale);
    expect(resent!.subject).toBe("Payment received: $10.00");
  });

  it("retries a send the provider refuses, then fails it for the staff after the last retry", async () => {
    const id = await pendingRow();
    const refusing: Mailer = { send: () => Promise.reject(new Error("550 mailbox unavailable")) };
    const deps = { ...queueDeps(env), mailer: refusing, retryBaseSeconds: 10 };
    const attempt = batchOf(QUEUE_NAMES.email, [{ id: "f-1", body: { type: "email", outboxId: id }, attempts: 3 }]);
    await handleQueueBatch(attempt.batch, deps);
    expect(attempt.retries).toEqual([{ id: "f-1", delaySeconds: 40 }]);
    const [row] = await outboxRows("id = ?", id);
    expect(row).toMatchObject({ status: "pending", last_error: "Error: 550 mailbox unavailable", claimed_at: null });
    expect(row!.enqueued_at as number).toBeGreaterThan(Date.now() + 30_000);

    // Every retry failed: the dead-letter queue hands it over, twice for good measure.
    const dead = batchOf(QUEUE_NAMES.deadLetters, [{ id: "f-1", body: { type: "email", outboxId: id } }]);
    await handleQueueBatch(dead.batch, deps);
    await handleQueueBatch(batchOf(QUEUE_NAMES.deadLetters, [{ id: "f-1", body: { type: "email", outboxId: id } }]).batch, deps);
    expect(await outboxRows("id = ?", id)).toMatchObject([{ status: "failed" }]);
    expect(
      (await env.DB.prepare("SELECT count(*) AS n FROM dead_letters WHERE dedupe_key LIKE ?").bind(`email-failed:${id}:%`).first<{ n: number }>())!.n,
    ).toBe(1);

    const staff = new TestBrowser("10.40.0.2");
    const page = textOf(await (await staff.get("/staff/help", { headers: await staffHeaders() })).text());
    expect(page).toContain(`Email #${id} (payment_received) to ap@brickellbay.example`);
    expect(page).toContain("Last error: Error: 550 mailbox unavailable");
  });

  it("does not fail an email that a duplicate message delivered meanwhile", async () => {
    const id = await pendingRow();
    const { mailer } = recorder();
    await handleQueueBatch(batchOf(QUEUE_NAMES.email, [{ id: "g-1", body: { type: "email", outboxId: id } }]).batch, { ...queueDeps(env), mailer });
    await handleQueueBatch(batchOf(QUEUE_NAMES.deadLetters, [{ id: "g-2", body: { type: "email", outboxId: id } }]).batch, queueDeps(env));
    expect(await outboxRows("id = ?", id)).toMatchObject([{ status: "sent" }]);
    expect(
      (await env.DB.prepare("SELECT count(*) AS n FROM dead_letters WHERE dedupe_key LIKE ?").bind(`email-failed:${id}:%`).first<{ n: number }>())!.n,
    ).toBe(0);
  });
});

describe("the cron sweep", () => {
  it("re-enqueues an email whose queue message was lost, and the consumer sends it", async () => {
    const browser = await signedInBrowser();
    await selectAndChoose(browser, { "413955": "20.00" }, "card");
    await enterDetails(browser, await cardToken(CARDS.visaDebit));
    const { paymentId } = await confirmAndFollow(browser, await openReview(browser));
    await sentFor(paymentId, ["payment_received"]);
    const twoMinutesAgo = Date.now() - 120_000;
    const lost = (await env.DB.prepare(
      "INSERT INTO outbox (dedupe_key, kind, payment_id, recipient, language, status, attempts, created_at, enqueued_at) VALUES ('test:lost', 'payment_received', ?, 'ap@brickellbay.example', 'en', 'pending', 0, ?, ?) RETURNING id",
    )
      .bind(paymentId, twoMinutesAgo, twoMinutesAgo)
      .first<{ id: number }>())!.id;
    const stale = (await env.DB.prepare(
      "INSERT INTO outbox (dedupe_key, kind, payment_id, recipient, language, status, attempts, created_at, enqueued_at, claimed_at) VALUES ('test:stale', 'payment_received', ?, 'ap@brickellbay.example', 'en', 'sending', 1, ?, ?, ?) RETURNING id",
    )
      .bind(paymentId, twoMinutesAgo - 600_000, twoMinutesAgo - 600_000, twoMinutesAgo - 600_000)
      .first<{ id: number }>())!.id;
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "* * * * *" }), env as WorkerEnv, ctx);
    await waitOnExecutionContext(ctx);
    expect((await waitForSent(lost))!.subject).toBe("Payment received: $20.00");
    expect(await outboxRows("id = ?", stale)).toMatchObject([{ status: "unconfirmed" }]);
  });
});

describe("help emails", () => {
  it("give the team everything the client typed as text, and the client an acknowledgment that repeats none of it", async () => {
    const attack = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const reference = "HR-EM2A2B";
    await storeHelpRequest(
      { db: openDatabase(env.DB), now: () => Date.now(), timeZone: "America/New_York", arEmail: "accountsreceivable@alvarezwhitman.example" },
      {
        type: "help_request",
        reference,
        submittedAt: Date.now(),
        language: "es",
        sessionClientNumber: "20481736",
        draft: {
          name: attack,
          email: "ana@brickellbay.example",
          phone: attack.slice(0, 30),
          company: attack,
          number: "413955",
          topic: "no_confirmation",
          message: `${attack}\nsecond line`,
        },
      },
    );
    // The help consumer dispatches its emails right after storing; here the test does it.
    await dispatchPendingEmails({ db: openDatabase(env.DB), emailQueue: emailQueue(env.EMAIL_QUEUE), now: () => Date.now() });
    const [received, ack] = await outboxRows("dedupe_key IN (?, ?)", `help_request_received:${reference}`, `help_request_ack:${reference}`);
    const toTeam = (await waitForSent(received!.id as number))!;
    expect(toTeam.html).not.toContain("<script");
    expect(toTeam.html).not.toContain("<img");
    expect(toTeam.html).toContain("&lt;script>alert(&quot;x&quot;)&lt;/script>&lt;img src=x onerror=alert(1)>");
    expect(toTeam.html).toContain("<br/>second line");
    expect(toTeam.text).toContain(`Message:\n${attack}\nsecond line`);
    expect(toTeam.text).toContain("Client number (from the portal session): 20481736");
    expect(toTeam.subject).toBe(`Help request ${reference}: I didn't receive a payment confirmation`);
    const toClient = (await waitForSent(ack!.id as number))!;
    expect(toClient.subject).toBe(`Recibimos su solicitud de ayuda ${reference}`);
    expect(toClient.text).not.toContain("alert");
    expect(toClient.text).toContain("No recibí la confirmación de un pago");
    expect(toClient.reply_to).toBe("accountsreceivable@alvarezwhitman.example");
  });
});

describe("the development mailbox", () => {
  it("does not exist unless DEV_MAILBOX is on", async () => {
    expect((await new TestBrowser("10.40.0.4").get("/dev/mailbox", { headers: await staffHeaders() })).status).toBe(404);
  });

  it("shows every email, rendered, with its HTML in a sandboxed frame", async () => {
    const local = { ...env, DEV_MAILBOX: "on", ACCESS_TEAM_DOMAIN: "", ACCESS_AUD: "", STAFF_DEV_EMAIL: "ar-staff@alvarezwhitman.example" } as WorkerEnv;
    // npm start serves it on 127.0.0.1 (the only names it answers: see the next test).
    const response = await createStaffApp().fetch(new Request("http://127.0.0.1:8787/dev/mailbox"), local, createExecutionContext());
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(textOf(html)).toContain("Payment received: $45,100.36");
    expect(textOf(html)).toContain("Help request HR-EM2A2B");
    // A bare sandbox attribute: every restriction on (no scripts, no same-origin access).
    expect(html).toMatch(/<iframe class="mail-html" sandbox srcdoc="&lt;!doctype html>/);
    expect(html).not.toContain("<script>alert");
    expect(response.headers.get("Content-Security-Policy")).toContain("default-src 'none'");
  });

  it("does not exist for a name other than 127.0.0.1, localhost or [::1] (a rebound DNS name)", async () => {
    const local = { ...env, DEV_MAILBOX: "on", ACCESS_TEAM_DOMAIN: "", ACCESS_AUD: "", STAFF_DEV_EMAIL: "ar-staff@alvarezwhitman.example" } as WorkerEnv;
    const offSite = await createStaffApp().fetch(new Request(`${ORIGIN}/dev/mailbox`), local, createExecutionContext());
    expect(offSite.status).toBe(404);
    const rebound = await createStaffApp().fetch(
      new Request("http://127.0.0.1:8787/dev/mailbox", { headers: { Host: "rebind.evil.example:8787" } }),
      local,
      createExecutionContext(),
    );
    expect(rebound.status).toBe(404);
    expect(await rebound.text()).not.toContain("Payment received");
    const localhost = await createStaffApp().fetch(new Request("http://localhost:8787/dev/mailbox"), local, createExecutionContext());
    expect(localhost.status).toBe(200);
  });

  it("is refused at start-up next to Cloudflare Access, like the other development switches", () => {
    const base = { ...env } as WorkerEnv;
    expect(() => assertConfigured(base)).not.toThrow();
    expect(() => assertConfigured({ ...base, DEV_MAILBOX: "on" })).toThrow(/DEV_MAILBOX cannot be on together with ACCESS_TEAM_DOMAIN/);
    expect(() => assertConfigured({ ...base, TURNSTILE_SECRET_KEY: "1x0000000000000000000000000000000AA" })).toThrow(
      /always-pass test secret while Cloudflare Access is configured/,
    );
    expect(() => assertConfigured({ ...base, TURNSTILE_SITE_KEY: "0x4AAAAAAArealkey", TURNSTILE_SECRET_KEY: "2x0000000000000000000000000000000AA" })).toThrow(
      /test secrets while TURNSTILE_SITE_KEY is a real sitekey/,
    );
    expect(() => assertConfigured({ ...base, TURNSTILE_SECRET_KEY: "" })).toThrow(/TURNSTILE_SECRET_KEY is missing/);
    expect(() => assertConfigured({ ...base, EMAIL_FROM: "not an address" })).toThrow(/EMAIL_FROM/);
    expect(() => assertConfigured({ ...base, FIRM_TIME_ZONE: "Mars/Olympus" })).toThrow(/FIRM_TIME_ZONE/);
  });
});
