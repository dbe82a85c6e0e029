// Ledger changes (a confirm, a webhook, a refund) write their emails to the outbox inside their
// own D1 batch. After a post that can change the ledger, once the response is decided, the rows no
// one has enqueued yet go on the email queue. If this is missed, the cron sweep enqueues them.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { emailQueue } from "../queue/messages";
import { log } from "../logger";
import { dispatchPendingEmails } from "../services/emails";

const LEDGER_PATHS = ["/portal/", "/webhooks/", "/staff/"];
/** Portal posts that only save the client's progress on their session: no outbox, no extra trip. */
const PROGRESS_POSTS = new Set([
  "/portal/items",
  "/portal/items/total",
  "/portal/pay",
  "/portal/amounts",
  "/portal/amounts/preview",
  "/portal/details",
  "/portal/keepalive",
]);

export function dispatchEmailsAfterWrites(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    // Public posts (lookup, help) never write the outbox: they cost no extra D1 write.
    if (c.req.method !== "POST" || !LEDGER_PATHS.some((prefix) => c.req.path.startsWith(prefix)) || PROGRESS_POSTS.has(c.req.path)) return;
    // Left to waitUntil, and started on a timer once the handler has returned its response: the
    // hand-off never counts among the request's round trips, however the runtime schedules it.
    const work = new Promise((resolve) => setTimeout(resolve, 0))
      .then(() => dispatchPendingEmails({ db: c.get("deps").db, emailQueue: emailQueue(c.env.EMAIL_QUEUE), now: c.get("deps").now }))
      .catch((error: unknown) => log.error("email dispatch failed", {}, error));
    let ctx: { waitUntil(promise: Promise<unknown>): void } | undefined;
    try {
      ctx = c.executionCtx;
    } catch {
      ctx = undefined;
    }
    if (ctx) ctx.waitUntil(work);
    else await work;
  };
}
