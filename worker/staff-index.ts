// The staff Worker (payment-portal-staff): the staff pages and API (behind Cloudflare Access),
// Stripe's webhooks, the development mailbox, the queue consumers (help requests, emails, dead
// letters) and the cron jobs; and the receipt and statement PDFs, rendered for the client Worker
// through its PDF_RENDERER binding. It has no route of its own: requests reach it through the
// client Worker's STAFF service binding (worker/index.ts).
import { WorkerEntrypoint } from "cloudflare:workers";
import { translator } from "../ui/i18n";
import { renderReceiptPdf, renderTextDocumentPdf, type ReceiptPdfRequest } from "../ui/receipt-pdf";
import type { TextDocument } from "../ui/text-document";
import { assertConfigured, lockoutPolicy, paymentActionTimeoutMs, type WorkerEnv } from "./env";
import { settle, type CheckoutService } from "./gateways/checkout-rpc";
import type { CreatePaymentInput } from "./gateways/payments";
import { stripeGatewayFor } from "./http/staff-gateway";
import { emailQueue } from "./queue/messages";
import { handleQueueBatch, queueDeps } from "./queue/consumer";
import { sweepOutbox } from "./services/emails";
import { purgeExpiredLockouts } from "./services/lookup";
import { reconcile, recoverRefunds } from "./services/reconcile";
import { createStaffApp } from "./staff-app";
import { openDatabase } from "./storage/db";
import { log } from "./logger";

const app = createStaffApp();
let configChecked = false;

function checkConfig(env: WorkerEnv): void {
  if (!configChecked) {
    assertConfigured(env, "staff");
    configChecked = true;
  }
}

export default {
  async fetch(request, env, ctx) {
    checkConfig(env);
    return app.fetch(request, env, ctx);
  },

  async queue(batch, env) {
    checkConfig(env);
    await handleQueueBatch(batch, queueDeps(env));
  },

  // Every minute: re-enqueue outbox emails whose message was lost and drop ended lockout windows;
  // every tenth minute also reconcile payments with Stripe (stored webhooks not yet applied,
  // payments without news).
  async scheduled(controller, env, ctx) {
    checkConfig(env);
    const db = openDatabase(env.DB);
    ctx.waitUntil(sweepOutbox({ db, emailQueue: emailQueue(env.EMAIL_QUEUE), now: () => Date.now() }));
    ctx.waitUntil(purgeExpiredLockouts({ db, now: () => Date.now(), policy: lockoutPolicy(env) }));
    if (new Date(controller.scheduledTime).getUTCMinutes() % 10 === 0) {
      const gateway = stripeGatewayFor(env);
      ctx.waitUntil(
        reconcile({ db, gateway, now: () => Date.now(), actionTimeoutMs: paymentActionTimeoutMs(env) }).then((report) => log.info("reconciled", { ...report })),
      );
      ctx.waitUntil(recoverRefunds({ db, gateway, now: () => Date.now() }).then((report) => log.info("refunds recovered", { ...report })));
    }
  },
} satisfies ExportedHandler<WorkerEnv, unknown>;

/**
 * The client Worker's PDF_RENDERER binding: the receipt and the statement of account as PDFs,
 * from the view the client Worker has already read in its one D1 round trip (this reads nothing
 * but the fonts, from the static assets). The PDF writer and its fonts stay out of the client Worker.
 */
export class PdfRenderer extends WorkerEntrypoint<WorkerEnv> {
  /** The receipt, in the client's language. */
  receipt(request: ReceiptPdfRequest): Promise<Uint8Array> {
    const { language, ...receipt } = request;
    return renderReceiptPdf(this.env.ASSETS, { ...receipt, t: translator(language) });
  }

  /** A text document the client Worker built and showed as a page (the statement of account). */
  textDocument(doc: TextDocument): Promise<Uint8Array> {
    return renderTextDocumentPdf(this.env.ASSETS, doc);
  }
}

/**
 * The client Worker's CHECKOUT binding: the four provider calls a client's checkout makes, run
 * with the Stripe SDK and key that only this Worker holds. Nothing else (refunds, cancels,
 * payouts) is offered to the client Worker. Failures come back as values (gateways/checkout-rpc.ts).
 */
export class Checkout extends WorkerEntrypoint<WorkerEnv> implements CheckoutService {
  retrieveConfirmationToken(id: string) {
    return settle(() => stripeGatewayFor(this.env).retrieveConfirmationToken(id));
  }

  createPayment(input: CreatePaymentInput) {
    return settle(() => stripeGatewayFor(this.env).createPayment(input));
  }

  retrievePayment(paymentIntentId: string) {
    return settle(() => stripeGatewayFor(this.env).retrievePayment(paymentIntentId));
  }

  findPaymentForAttempt(portalPaymentId: string, createdSince: number) {
    return settle(() => stripeGatewayFor(this.env).findPaymentForAttempt(portalPaymentId, createdSince));
  }
}
