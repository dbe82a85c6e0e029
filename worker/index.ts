// The client Worker (payment-portal), the one next to clients: the entry page, lookup, the portal
// and pay links, the help form, static assets, and the queue producers. Everything staff-facing
// (the staff pages and API, Stripe's webhooks, the development mailbox) is the staff Worker's
// (worker/staff-index.ts): its paths go to it unchanged through the STAFF service binding, so
// one hostname serves both and Cloudflare Access keeps protecting /staff. Receipt and statement
// PDFs are rendered by the staff Worker too (PDF_RENDERER), from what this Worker has read.
import { createApp } from "./app";
import { assertConfigured, type WorkerEnv } from "./env";

const app = createApp();
let configChecked = false;

/** The paths the staff Worker serves: /staff and below, /webhooks/..., /dev/mailbox. */
export function isStaffPath(pathname: string): boolean {
  return (
    pathname === "/staff" ||
    pathname.startsWith("/staff/") ||
    pathname === "/webhooks" ||
    pathname.startsWith("/webhooks/") ||
    pathname === "/dev/mailbox" ||
    pathname.startsWith("/dev/mailbox/")
  );
}

export default {
  async fetch(request, env, ctx) {
    if (!configChecked) {
      assertConfigured(env, "client");
      configChecked = true;
    }
    if (isStaffPath(new URL(request.url).pathname)) return env.STAFF.fetch(request);
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<WorkerEnv>;
