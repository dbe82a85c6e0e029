// The Worker suite's one entry in workerd: both Workers composed into one, as the tests need
// them (auxiliary Workers would have to be pre-built JS). Its fetch is the client Worker's own
// (worker/index.ts), whose STAFF, PDF_RENDERER and CHECKOUT service bindings vitest.config.ts points
// back at this Worker's StaffWorker, PdfRenderer and Checkout entrypoints: the staff Worker's own handlers, so only
// the hop differs from production (a loopback instead of a second Worker). Queue batches and cron
// events go to the staff Worker's handlers, as in production; the bindings are the union of both
// configurations (vitest.config.ts).
import { WorkerEntrypoint } from "cloudflare:workers";
import type { WorkerEnv } from "../worker/env";
import client from "../worker/index";
import staff from "../worker/staff-index";

export { Checkout, PdfRenderer } from "../worker/staff-index";

/** The staff Worker's HTTP side, where the client Worker's STAFF binding lands. */
export class StaffWorker extends WorkerEntrypoint<WorkerEnv> {
  override fetch(request: Request): Promise<Response> {
    return staff.fetch(request as Request<unknown, IncomingRequestCfProperties>, this.env, this.ctx);
  }
}

export default {
  fetch: client.fetch,
  // Looked up on each batch, not once: tests/file-isolation.ts wraps the staff Worker's handler.
  queue: (batch, env) => staff.queue(batch, env),
  scheduled: staff.scheduled,
} satisfies ExportedHandler<WorkerEnv, unknown>;
