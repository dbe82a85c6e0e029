// /staff/help, behind Cloudflare Access: the help inbox, one request, status and notes, the CSV
// export, and the dead letters. Every change is recorded with the staff member's email.
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { HelpInboxDetail } from "../../ui/pages/staff/HelpInboxDetail";
import { helpInboxCsv } from "../../ui/pages/staff/HelpInboxCsv";
import { HelpInboxList, HelpInboxPage } from "../../ui/pages/staff/HelpInbox";
import { HELP_LIMITS } from "../domain/help";
import { arEmail, firmTimeZone, type AppEnv } from "../env";
import { requireStaff, type StaffIdentity } from "../http/staff-auth";
import { fragment, redirectAfterPost, staffPage, translate } from "../http/render";
import { emailQueue } from "../queue/messages";
import { closeDeadLetter, loadDeadLetters, retryDeadLetter } from "../services/dead-letters";
import { loadHelpDetail, loadInbox, parseInboxFilter, updateHelpRequest } from "../services/help";
import { isoDateInZone } from "../domain/business-days";

type StaffEnv = AppEnv & { Variables: { staff: StaffIdentity } };
type Ctx = Context<StaffEnv>;

/** The render helpers take the portal's context; a staff context is one with `staff` set. */
function asApp(c: Ctx): Context<AppEnv> {
  return c as unknown as Context<AppEnv>;
}

export const staffHelpRoutes = new Hono<StaffEnv>();
staffHelpRoutes.use("*", requireStaff());

function inboxDeps(c: Ctx) {
  return { db: c.get("deps").db, now: c.get("deps").now, timeZone: firmTimeZone(c.env) };
}

const REFERENCE = ":reference{HR-[2-9A-HJ-NP-Z]{6}}";

staffHelpRoutes.get("/", async (c) => {
  const t = translate(asApp(c));
  const filter = parseInboxFilter({ status: c.req.query("status"), topic: c.req.query("topic") });
  const [rows, deadLetters] = await Promise.all([loadInbox(inboxDeps(c), filter), loadDeadLetters(c.get("deps").db)]);
  const done = c.req.query("dead-letter");
  const notice = done === "done" ? t("staffDeadLetterDone") : done === "failed" ? t("staffDeadLetterStillFailing") : undefined;
  return staffPage(
    asApp(c),
    c.get("staff").email,
    t("staffHelpHeading"),
    <HelpInboxPage t={t} staffEmail={c.get("staff").email} rows={rows} filter={filter} timeZone={firmTimeZone(c.env)} deadLetters={deadLetters} notice={notice} />,
  );
});

staffHelpRoutes.get("/list", async (c) => {
  const filter = parseInboxFilter({ status: c.req.query("status"), topic: c.req.query("topic") });
  return fragment(asApp(c), <HelpInboxList t={translate(asApp(c))} rows={await loadInbox(inboxDeps(c), filter)} filter={filter} timeZone={firmTimeZone(c.env)} />);
});

staffHelpRoutes.get("/export.csv", async (c) => {
  const filter = parseInboxFilter({ status: c.req.query("status"), topic: c.req.query("topic") });
  const csv = helpInboxCsv(translate(asApp(c)), await loadInbox(inboxDeps(c), filter, 10_000), firmTimeZone(c.env));
  const day = isoDateInZone(c.get("deps").now(), firmTimeZone(c.env));
  return c.body(csv, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="help-requests-${day}.csv"`,
    "X-Content-Type-Options": "nosniff",
  });
});

staffHelpRoutes.get(`/${REFERENCE}`, async (c) => {
  const t = translate(asApp(c));
  const detail = await loadHelpDetail(inboxDeps(c), c.req.param("reference"));
  return staffPage(
    asApp(c),
    c.get("staff").email,
    t("staffDetailHeading", { reference: detail.row.request.reference }),
    <HelpInboxDetail t={t} row={detail.row} events={detail.events} timeZone={firmTimeZone(c.env)} notice={c.req.query("saved") ? t("staffSaved") : undefined} />,
  );
});

staffHelpRoutes.post(`/${REFERENCE}`, async (c) => {
  const t = translate(asApp(c));
  const reference = c.req.param("reference");
  const form = await c.req.parseBody();
  const note = String(form.note ?? "").slice(0, 10_000);
  const result = await updateHelpRequest(
    inboxDeps(c),
    reference,
    { status: String(form.status ?? ""), note, seenStatus: String(form.seenStatus ?? "") },
    c.get("staff").email,
  );
  if (result.outcome === "saved") return redirectAfterPost(asApp(c), `/staff/help/${reference}?saved=1`);
  const error =
    result.outcome === "conflict"
      ? t("errorStaffConflict")
      : { status: t("errorStaffStatus"), note_too_long: t("errorStaffNoteTooLong", { max: HELP_LIMITS.note }), nothing_to_record: t("errorStaffNothing") }[result.error];
  const detail = await loadHelpDetail(inboxDeps(c), reference);
  return staffPage(
    asApp(c),
    c.get("staff").email,
    t("staffDetailHeading", { reference }),
    <HelpInboxDetail t={t} row={detail.row} events={detail.events} timeZone={firmTimeZone(c.env)} error={error} note={note} />,
    result.outcome === "conflict" ? 409 : 422,
  );
});

staffHelpRoutes.post("/dead-letters/:id{[0-9]{1,12}}/retry", async (c) => {
  const outcome = await retryDeadLetter(
    { ...inboxDeps(c), emailQueue: emailQueue(c.env.EMAIL_QUEUE), arEmail: arEmail(c.env) },
    Number(c.req.param("id")),
    c.get("staff").email,
  );
  return redirectAfterPost(asApp(c), `/staff/help?dead-letter=${outcome}#dead-letters`);
});

staffHelpRoutes.post("/dead-letters/:id{[0-9]{1,12}}/close", async (c) => {
  await closeDeadLetter(inboxDeps(c), Number(c.req.param("id")), c.get("staff").email);
  return redirectAfterPost(asApp(c), "/staff/help?dead-letter=done#dead-letters");
});
