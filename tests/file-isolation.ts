// Each Worker test file starts from empty storage, and nothing from an earlier file lands later
// (tests/setup.ts calls this module around every file). It is what lets the files share one runtime
// and module graph (isolate: false in vitest.config.ts: the Worker and the stripe SDK load once
// instead of once per file, most of the suite's time).
//
// Two facts about the local runtime make that more than a reset() call:
// - reset() (workerd's deleteAllDurableObjects) wipes the storage of each Durable Object that is
//   running at that moment, ignores a wipe that fails, and skips the others. Locally D1, R2 and the
//   rate limiters are Durable Objects, and workerd stops one after 10 s without a request (keeping
//   its storage). Seen here: a D1 or R2 object stopped, then reset(), keeps its data; and in a
//   loaded full run the file after staff-import-large.test.ts began with its 50,000 rows although
//   its last D1 request was 0.3 s earlier, so a running object can keep its data too. So each
//   binding gets a request just before the reset, and D1 and R2 are checked empty after it (up to
//   three times, then the file fails saying what survived).
// - The local queue broker is never reset (its namespace cannot be evicted). A message a file sent
//   and did not wait for (an email after a post, a retry due later) would be handled during a later
//   file, against that file's rows. So at the end of a file the work it left running (waitUntil,
//   queue batches being handled) is waited for, and messages sent before a file began are
//   acknowledged without being handled, as a fresh runtime would never have delivered them.
import { applyD1Migrations, reset } from "cloudflare:test";
import { waitForGlobalWaitUntil } from "cloudflare:test-internal";
import { env } from "cloudflare:workers";
import type { WorkerEnv } from "../worker/env";
import worker from "../worker/staff-index";

interface Gate {
  /** Messages sent at or after this time belong to the running file; Infinity between files. */
  since: number;
  running: Set<Promise<void>>;
}

// On globalThis: this module is evaluated once, but the guard must hold even if it were not.
const GATE = Symbol.for("portal.tests.queue-gate");
const scope = globalThis as { [GATE]?: Gate };
const gate: Gate = (scope[GATE] ??= { since: Number.POSITIVE_INFINITY, running: new Set() });

const WRAPPED = Symbol.for("portal.tests.queue-gated");
const handlers = worker as ExportedHandler<WorkerEnv, unknown> & { [WRAPPED]?: true };
if (!handlers[WRAPPED] && handlers.queue) {
  const handle = handlers.queue.bind(handlers);
  handlers[WRAPPED] = true;
  handlers.queue = (batch, bindings, ctx) => {
    const earlier = batch.messages.filter((message) => message.timestamp.getTime() < gate.since);
    for (const message of earlier) message.ack();
    if (earlier.length === batch.messages.length) return Promise.resolve();
    const current = batch.messages.filter((message) => message.timestamp.getTime() >= gate.since);
    const view: MessageBatch<unknown> = {
      queue: batch.queue,
      messages: current,
      metadata: batch.metadata,
      ackAll: () => {
        for (const message of current) message.ack();
      },
      retryAll: (options) => {
        for (const message of current) message.retry(options);
      },
    };
    const run = Promise.resolve(handle(view, bindings, ctx));
    gate.running.add(run);
    return run.finally(() => gate.running.delete(run));
  };
}

const PROBE = "file-isolation-probe";

/** A step of this file's own that does not end is a failure naming that step, not a stalled suite. */
async function within<T>(seconds: number, step: string, work: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`test file isolation: ${step} did not end within ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([work(), stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** One request to each storage binding, so reset() finds its Durable Object running. */
async function wakeStorage(): Promise<void> {
  await env.DB.prepare("SELECT 1").first();
  await env.PDFS.head(PROBE);
  for (const limiter of [env.LOOKUP_LIMITER, env.HELP_LIMITER, env.PAY_LINK_LIMITER]) await limiter.limit({ key: PROBE });
}

/** What survived a reset: D1 tables (the runtime's own aside) and R2 objects. */
async function leftovers(): Promise<string[]> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
  ).all<{ name: string }>();
  const objects = await env.PDFS.list({ limit: 5 });
  return [...tables.results.map((t) => `D1 table ${t.name}`), ...objects.objects.map((o) => `R2 object ${o.key}`)];
}

/** Before a file: empty storage, migrated; queue messages from earlier files are dropped. */
export async function startFile(): Promise<void> {
  gate.since = Date.now();
  let left: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    await within(30, "waking the storage bindings", wakeStorage);
    await within(60, "reset()", reset);
    left = await within(30, "reading what survived reset()", leftovers);
    if (left.length === 0) break;
    console.warn(`reset() left ${left.join(", ")}: resetting again`);
  }
  if (left.length > 0) throw new Error(`storage from an earlier test file survived reset(): ${left.join(", ")}`);
  await within(30, "applying the migrations", () => applyD1Migrations(env.DB, env.TEST_MIGRATIONS));
}

/**
 * Waits until `work` has settled without resuming from it. The promises waited for here (a queue
 * batch, a request's waitUntil) are settled by code running in another I/O context: the queue
 * event's, the request's. Awaiting one directly resumes the suite's own code in that context (the
 * Workers pool runs with no_handle_cross_request_promise_resolution), and once that event has ended
 * a timer set there never fires: seen with a test that awaited a promise a queue handler resolved,
 * whose next 50 ms timer never fired. What follows the end of a file (the refusals check, vitest's
 * own hooks and their timeouts, the next file) then stalls for good, with no timeout left to end
 * it: the suite hung after a file whose last tests send emails (staff-ops.test.ts). So the
 * callbacks only flip a flag, and the waiting is done by timers of the suite's own.
 */
async function settledHere(work: () => Promise<unknown>): Promise<void> {
  let settled = false;
  work().then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** After a file: no new queue batch starts for it, and the work it left running has ended. */
export async function endFile(): Promise<void> {
  gate.since = Number.POSITIVE_INFINITY;
  await within(8, "waiting for the work the file left running", async () => {
    for (;;) {
      // Work the Worker left to waitUntil (an email hand-off after a post, say); a rejection there
      // is the Worker's own log line, not this file's result.
      await settledHere(() => waitForGlobalWaitUntil());
      if (gate.running.size === 0) return;
      await settledHere(() => Promise.allSettled([...gate.running]));
    }
  });
}
