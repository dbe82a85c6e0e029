// /staff/help, behind Cloudflare Access: the help inbox, one request, status and notes, the CSV
// export, and the dead letters. Every change is recorded with the staff member's email.
import { Hono, type Context } from "hono";
import { HelpInboxDetail } from "../../ui/pages/staff/HelpInboxDetail";
import { helpInboxCsv } from "../../ui/pages/staff/HelpInboxCsv";
import { HelpInboxList, HelpInboxPage } from "../../ui/pages/staff/HelpInbox";
import { outcomeMessage } from "../../ui/outcome-messages";
import { arEmail, firmTimeZone, type AppEnv } from "../http/bindings";
import { requireStaff, type StaffIdentity } from "../http/staff-auth";
import { errorStatus } from "../http/errors";
import { helpUpdateForm, inboxQuery } from "../http/inputs";
import { fragment, redirectAfterPost, staffPage, translate } from "../http/render";
import { valid } from "../http/validate";
import { emailQueue } from "../http/bindings";
import { closeDeadLetter, loadDeadLetters, retryDeadLetter } from "../services/dead-letters";
import { HELP_LIMITS, isoDateInZone, loadHelpDetail, loadInbox, updateHelpRequest } from "../services/help";

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

staffHelpRoutes.get("/", valid("query", inboxQuery), async (c) => {
  const t = translate(asApp(c));
  const { filter } = c.req.valid("query");
  const [rows, deadLetters] = await Promise.all([loadInbox(inboxDeps(c), filter), loadDeadLetters(c.get("deps").db)]);
  const done = c.req.valid("query")["dead-letter"];
  const notice = done === "done" ? t("staffDeadLetterDone") : done === "failed" ? t("staffDeadLetterStillFailing") : undefined;
  return staffPage(
    asApp(c),
    c.get("staff").email,
    t("staffHelpHeading"),
    <HelpInboxPage t={t} staffEmail={c.get("staff").email} rows={rows} filter={filter} timeZone={firmTimeZone(c.env)} deadLetters={deadLetters} notice={notice} />,
  );
});

staffHelpRoutes.get("/list", valid("query", inboxQuery), async (c) => {
  const { filter } = c.req.valid("query");
  return fragment(asApp(c), <HelpInboxList t={translate(asApp(c))} rows={await loadInbox(inboxDeps(c), filter)} filter={filter} timeZone={firmTimeZone(c.env)} />);
});

staffHelpRoutes.get("/export.csv", valid("query", inboxQuery), async (c) => {
  const { filter } = c.req.valid("query");
  const csv = helpInboxCsv(translate(asApp(c)), await loadInbox(inboxDeps(c), filter, 10_000), firmTimeZone(c.env));
  const day = isoDateInZone(c.get("deps").now(), firmTimeZone(c.env));
  return c.body(csv, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="help-requests-${day}.csv"`,
    "X-Content-Type-Options": "nosniff",
  });
});

staffHelpRoutes.get(`/${REFERENCE}`, valid("query", inboxQuery), async (c) => {
  const t = translate(asApp(c));
  const detail = await loadHelpDetail(inboxDeps(c), c.req.param("reference"));
  return staffPage(
    asApp(c),
    c.get("staff").email,
    t("staffDetailHeading", { reference: detail.row.request.reference }),
    <HelpInboxDetail t={t} row={detail.row} events={detail.events} timeZone={firmTimeZone(c.env)} notice={c.req.valid("query").saved ? t("staffSaved") : undefined} />,
  );
});

staffHelpRoutes.post(`/${REFERENCE}`, valid("form", helpUpdateForm), async (c) => {
  const t = translate(asApp(c));
  const reference = c.req.param("reference");
  const form = c.req.valid("form");
  const note = form.note;
  const result = await updateHelpRequest(
    inboxDeps(c),
    reference,
    form,
    c.get("staff").email,
  );
  if (result.outcome === "saved") return redirectAfterPost(asApp(c), `/staff/help/${reference}?saved=1`);
  const error = outcomeMessage(t, result.problem, { max: HELP_LIMITS.note });
  const detail = await loadHelpDetail(inboxDeps(c), reference);
  return staffPage(
    asApp(c),
    c.get("staff").email,
    t("staffDetailHeading", { reference }),
    <HelpInboxDetail t={t} row={detail.row} events={detail.events} timeZone={firmTimeZone(c.env)} error={error} note={note} />,
    errorStatus(result.problem),
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
