// The help queue's consumer: exactly one stored request per reference whatever the redelivery,
// retries with backoff when it throws, then the dead-letter queue, stored and shown to the staff,
// who can retry. Unit tests drive the consumer with createMessageBatch; the last test goes
// through the real local queues.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { QUEUE_NAMES, type HelpRequestMessage } from "../../worker/queue/messages";
import { handleQueueBatch, queueDeps, type QueueDeps } from "../../worker/queue/consumer";
import { TestBrowser, seedDemoData, textOf } from "./helpers";
import { helpForm, helpRow, outboxRows, referenceIn } from "./help-flow";
import { mockSiteverify, staffHeaders } from "./help-staff-helpers";

beforeAll(async () => {
  await seedDemoData();
  mockSiteverify();
});

let tableAway = false;
/**
 * Makes every store fail the way a broken database would, until restored. Emails still on their
 * way are let through first, so only the help messages meet the broken table.
 */
async function breakStorage() {
  await vi.waitUntil(async () => (await count("outbox", "status IN ('pending', 'sending') AND dedupe_key NOT LIKE 'test:%'")) === 0, {
    timeout: 15_000,
    interval: 100,
  });
  await env.DB.exec("ALTER TABLE help_requests RENAME TO help_requests_away");
  tableAway = true;
}
async function restoreStorage() {
  if (!tableAway) return;
  await env.DB.exec("ALTER TABLE help_requests_away RENAME TO help_requests");
  tableAway = false;
}
afterEach(restoreStorage);

let sequence = 0;
function message(overrides: Partial<HelpRequestMessage> = {}, draft: Partial<HelpRequestMessage["draft"]> = {}): HelpRequestMessage {
  sequence++;
  return {
    type: "help_request",
    reference: `HR-QA${"23456789ABCDEFGH"[sequence % 16]}${"JKLMNPQRSTUVWXYZ"[Math.floor(sequence / 16) % 16]}2${"23456789"[sequence % 8]}`,
    submittedAt: Date.parse("2026-11-25T15:00:00Z") + sequence,
    language: "en",
    sessionClientNumber: null,
    draft: {
      name: "Ana Pérez",
      email: "ana@brickellbay.example",
      phone: null,
      company: "Brickell Bay Holdings LLC",
      number: null,
      topic: "other",
      message: "Hello",
      ...draft,
    },
    ...overrides,
  };
}

async function consume(queue: string, bodies: { id: string; body: unknown; attempts?: number }[], overrides: Partial<QueueDeps> = {}) {
  const batch = createMessageBatch(
    queue,
    bodies.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts ?? 1, body: m.body })),
  );
  const ctx = createExecutionContext();
  await handleQueueBatch(batch, { ...queueDeps(env), ...overrides });
  return getQueueResult(batch, ctx);
}

/**
 * A batch that records the delay of each retry (getQueueResult in this plugin version keeps only
 * which messages were retried, not their delaySeconds).
 */
async function consumeRecordingDelays(queue: string, bodies: { id: string; body: unknown; attempts: number }[], overrides: Partial<QueueDeps> = {}) {
  const acks: string[] = [];
  const retries: { id: string; delaySeconds?: number }[] = [];
  const messages = bodies.map((m) => ({
    id: m.id,
    timestamp: new Date(),
    attempts: m.attempts,
    body: m.body,
    ack: () => void acks.push(m.id),
    retry: (options?: QueueRetryOptions) => void retries.push({ id: m.id, delaySeconds: options?.delaySeconds }),
  }));
  const batch = {
    queue,
    messages,
    metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } },
    ackAll: () => undefined,
    retryAll: () => undefined,
  } as MessageBatch<unknown>;
  await handleQueueBatch(batch, { ...queueDeps(env), ...overrides });
  return { acks, retries };
}

async function count(table: string, where = "1 = 1", ...binds: unknown[]) {
  const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...binds)
    .first<{ n: number }>();
  return row!.n;
}

describe("exactly once per reference", () => {
  it("stores a request once when its message is delivered twice, and twice in one batch", async () => {
    const body = message();
    const first = await consume(QUEUE_NAMES.help, [{ id: "m-1", body }]);
    expect(first.explicitAcks).toEqual(["m-1"]);
    const second = await consume(QUEUE_NAMES.help, [{ id: "m-1", body, attempts: 2 }]);
    expect(second.explicitAcks).toEqual(["m-1"]);
    const both = await consume(QUEUE_NAMES.help, [
      { id: "m-2", body },
      { id: "m-3", body },
    ]);
    expect(both.explicitAcks).toEqual(["m-2", "m-3"]);
    expect(await count("help_requests", "reference = ?", body.reference)).toBe(1);
    const row = await helpRow(body.reference);
    expect((await outboxRows("help_request_id = ?", row!.id)).map((e) => e.kind)).toEqual(["help_request_received", "help_request_ack"]);
  });

  it("keeps a second request that drew the same reference for the staff, instead of dropping it", async () => {
    const original = message();
    await consume(QUEUE_NAMES.help, [{ id: "c-1", body: original }]);
    const other = { ...original, submittedAt: original.submittedAt + 5_000, draft: { ...original.draft, email: "someone.else@example.com" } };
    const result = await consume(QUEUE_NAMES.help, [{ id: "c-2", body: other }]);
    expect(result.explicitAcks).toEqual(["c-2"]);
    expect(await helpRow(original.reference)).toMatchObject({ email: "ana@brickellbay.example" });
    expect(await count("dead_letters", "reason = 'collision' AND body LIKE ?", "%someone.else@example.com%")).toBe(1);
  });
});

describe("a consumer that throws", () => {
  it("retries the message with growing delays, and stores nothing meanwhile", async () => {
    const body = message();
    await breakStorage();
    const first = await consumeRecordingDelays(QUEUE_NAMES.help, [{ id: "r-1", body, attempts: 1 }], { retryBaseSeconds: 10 });
    expect(first).toEqual({ acks: [], retries: [{ id: "r-1", delaySeconds: 10 }] });
    const fourth = await consumeRecordingDelays(QUEUE_NAMES.help, [{ id: "r-1", body, attempts: 4 }], { retryBaseSeconds: 10 });
    expect(fourth.retries).toEqual([{ id: "r-1", delaySeconds: 80 }]);
    const ninth = await consumeRecordingDelays(QUEUE_NAMES.help, [{ id: "r-1", body, attempts: 9 }], { retryBaseSeconds: 10 });
    expect(ninth.retries).toEqual([{ id: "r-1", delaySeconds: 900 }]);
    await restoreStorage();
    expect(await helpRow(body.reference)).toBeNull();
    // The next delivery, once the cause is gone, stores it.
    const later = await consume(QUEUE_NAMES.help, [{ id: "r-1", body, attempts: 5 }], { retryBaseSeconds: 10 });
    expect(later.explicitAcks).toEqual(["r-1"]);
    expect(await helpRow(body.reference)).toMatchObject({ status: "new" });
  });

  it("retries only the message that failed, not the rest of its batch", async () => {
    const good = message();
    // An email about a payment that does not exist: rendering it throws.
    const broken = await env.DB.prepare(
      "INSERT INTO outbox (dedupe_key, kind, payment_id, recipient, language, status, attempts, created_at, enqueued_at) VALUES ('test:broken', 'payment_received', 'no-such-payment', 'x@example.com', 'en', 'pending', 0, ?, ?) RETURNING id",
    )
      .bind(Date.now(), Date.now())
      .first<{ id: number }>();
    const result = await consumeRecordingDelays(QUEUE_NAMES.email, [{ id: "b-2", body: { type: "email", outboxId: broken!.id }, attempts: 1 }], {
      retryBaseSeconds: 10,
    });
    expect(result).toEqual({ acks: [], retries: [{ id: "b-2", delaySeconds: 10 }] });
    const mixed = await consumeRecordingDelays(QUEUE_NAMES.help, [{ id: "b-1", body: good, attempts: 1 }]);
    expect(mixed.acks).toEqual(["b-1"]);
    const both = await consumeRecordingDelays(
      QUEUE_NAMES.email,
      [
        { id: "b-3", body: { type: "email", outboxId: broken!.id }, attempts: 2 },
        { id: "b-4", body: { type: "email", outboxId: 888_888 }, attempts: 1 },
      ],
      { retryBaseSeconds: 10 },
    );
    expect(both).toEqual({ acks: ["b-4"], retries: [{ id: "b-3", delaySeconds: 20 }] });
    expect(await env.DB.prepare("SELECT status, last_error FROM outbox WHERE id = ?").bind(broken!.id).first()).toEqual({
      status: "pending",
      last_error: `Error: payment no-such-payment not found for outbox ${broken!.id}`,
    });
  });

  it("ends in the dead-letter queue, stored once, shown to the staff, who retry it", async () => {
    const body = message({}, { name: "<b>Bold</b> Name", message: "<script>alert('dl')</script>" });
    const dead = [{ id: "d-1", body }];
    expect((await consume(QUEUE_NAMES.deadLetters, dead)).explicitAcks).toEqual(["d-1"]);
    expect((await consume(QUEUE_NAMES.deadLetters, dead)).explicitAcks).toEqual(["d-1"]);
    expect(await count("dead_letters", "dedupe_key = ?", `help:${body.reference}:${body.submittedAt}`)).toBe(1);

    const staff = new TestBrowser("10.20.0.1");
    const page = await (await staff.get("/staff/help", { headers: await staffHeaders() })).text();
    expect(page).toContain(`Help request ${body.reference} from &lt;b>Bold&lt;/b> Name`);
    expect(textOf(page)).toContain("Failed after every retry.");
    expect(page).not.toContain("<b>Bold</b>");
    expect(page).not.toContain("<script>alert('dl')");
    const id = Number(
      /data-dead-letter="(\d+)"/.exec(page.slice(page.indexOf(body.reference) - 2000))?.[1] ??
        /action="\/staff\/help\/dead-letters\/(\d+)\/retry"/.exec(page)![1],
    );

    const retried = await staff.post(`/staff/help/dead-letters/${id}/retry`, {}, { headers: await staffHeaders() });
    expect(retried.status).toBe(303);
    expect(retried.headers.get("Location")).toBe("/staff/help?dead-letter=done#dead-letters");
    expect(await helpRow(body.reference)).toMatchObject({ name: "<b>Bold</b> Name", status: "new" });
    const letter = await env.DB.prepare("SELECT resolved_by, resolution FROM dead_letters WHERE id = ?").bind(id).first();
    expect(letter).toEqual({ resolved_by: "maria.lopez@alvarezwhitman.example", resolution: "retried" });
  });

  it("sends a message it cannot read straight to the staff, without retrying it", async () => {
    const result = await consume(QUEUE_NAMES.help, [{ id: "u-1", body: { hello: "world" } }]);
    expect(result.explicitAcks).toEqual(["u-1"]);
    expect(result.retryMessages).toEqual([]);
    expect(await env.DB.prepare("SELECT source, reason, body FROM dead_letters WHERE dedupe_key = 'unreadable:u-1'").first()).toEqual({
      source: "unknown",
      reason: "malformed",
      body: '{"hello":"world"}',
    });
  });

  it("lets the staff close a dead letter without retrying it", async () => {
    await consume(QUEUE_NAMES.deadLetters, [{ id: "x-1", body: "not json at all" }]);
    const id = (await env.DB.prepare("SELECT id FROM dead_letters WHERE dedupe_key = 'unreadable:x-1'").first<{ id: number }>())!.id;
    const staff = new TestBrowser("10.20.0.2");
    expect((await staff.post(`/staff/help/dead-letters/${id}/close`, {}, { headers: await staffHeaders() })).status).toBe(303);
    expect(await env.DB.prepare("SELECT resolution FROM dead_letters WHERE id = ?").bind(id).first()).toEqual({ resolution: "handled" });
  });
});

describe("through the real local queues", () => {
  it("a request that cannot be stored is retried, dead-lettered and kept; nothing is lost", async () => {
    await breakStorage();
    const response = await new TestBrowser("10.20.0.3").post("/help", helpForm({ message: "Please don't lose me" }));
    expect(response.status).toBe(200);
    const reference = referenceIn(await response.text());
    const letter = await vi.waitUntil(
      () =>
        env.DB.prepare("SELECT id, reason, body FROM dead_letters WHERE dedupe_key LIKE ?")
          .bind(`help:${reference}:%`)
          .first<{ id: number; reason: string; body: string }>(),
      { timeout: 30_000, interval: 200 },
    );
    expect(letter.reason).toBe("retries");
    expect(JSON.parse(letter.body).draft.message).toBe("Please don't lose me");
    await restoreStorage();
    const staff = new TestBrowser("10.20.0.4");
    await staff.post(`/staff/help/dead-letters/${letter.id}/retry`, {}, { headers: await staffHeaders() });
    expect(await helpRow(reference)).toMatchObject({ message: "Please don't lose me" });
  }, 60_000);
});
