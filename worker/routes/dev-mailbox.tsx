// /dev/mailbox: the emails of a local run, rendered. It exists only with DEV_MAILBOX=on (which
// npm start passes and the start-up check refuses next to Cloudflare Access); 404 otherwise.
import type { Context } from "hono";
import { Hono } from "hono/quick";
import { DevMailboxPage } from "../../ui/pages/DevMailboxPage";
import { devMailboxEnabled, emailConfig, firmTimeZone, type AppEnv } from "../http/bindings";
import { notFound } from "../http/errors";
import { addressedToLoopback, requireStaff, type StaffIdentity } from "../http/staff-auth";
import { page } from "../http/render";
import { translate } from "../http/staff-render";
import { loadMailbox } from "../services/emails";

type StaffEnv = AppEnv & { Variables: { staff: StaffIdentity } };

/** The render helpers take the portal's context; a staff context is one with `staff` set. */
function asApp(c: Context<StaffEnv>): Context<AppEnv> {
  return c as unknown as Context<AppEnv>;
}

export const devMailboxRoutes = new Hono<AppEnv>();
// Only on a loopback name (127.0.0.1, localhost, [::1]): a rebound DNS name is not let in.
devMailboxRoutes.use("*", async (c, next) => (devMailboxEnabled(c.env) && addressedToLoopback(c.req.raw) ? next() : notFound(c)));

const mailbox = new Hono<StaffEnv>();
mailbox.use("*", requireStaff());

mailbox.get("/", async (c) => {
  const t = translate(asApp(c));
  return page(
    asApp(c),
    t("mailboxHeading"),
    <DevMailboxPage t={t} entries={await loadMailbox(c.get("deps").db, emailConfig(c.env))} timeZone={firmTimeZone(c.env)} />,
  );
});

// Mounted after its routes are defined: Hono copies a sub-app's routes when it is mounted.
devMailboxRoutes.route("/", mailbox);
