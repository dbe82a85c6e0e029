// /staff/help, behind Cloudflare Access: the help inbox, one request, status and notes, the CSV
// export, and the dead letters. Every change is recorded with the staff member's email.
import type { Context } from "hono";
import { Hono } from "hono/quick";
import { HelpInboxDetail } from "../../ui/pages/staff/HelpInboxDetail";
import { helpInboxCsv } from "../../ui/pages/staff/HelpInboxCsv";
import { HelpInboxList, HelpInboxPage } from "../../ui/pages/staff/HelpInbox";
import { staffOutcomeMessage } from "../../ui/staff-outcome-messages";
import { arEmail, firmTimeZone, type AppEnv } from "../http/bindings";
import { requireStaff, type StaffIdentity } from "../http/staff-auth";
import { errorStatus } from "../http/errors";
import { deadLetterActionForm, FIRST_PAGE, helpDetailQuery, helpUpdateForm } from "../http/staff-inputs";
import { fragment, listFilterValues, listQueryMessage, redirectAfterPost } from "../http/render";
import { listQueryRefused, staffPage, translate } from "../http/staff-render";
import { valid } from "../http/validate";
import { emailQueue } from "../http/bindings";
import { closeDeadLetter, loadDeadLetters, retryDeadLetter } from "../services/dead-letters";
import { HELP_LIMITS, isoDateInZone, loadHelpDetail, loadInbox, loadWholeInbox, parseInboxQuery, updateHelpRequest } from "../services/help";

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

/** Open dead letters the inbox shows: the first page of /staff/dead-letters?status=open, which it links to. */
const DEAD_LETTERS_SHOWN = 100;
const INBOX_FILTERS = ["status", "topic", "from", "to", "limit"];

staffHelpRoutes.get("/", async (c) => {
  const t = translate(asApp(c));
  const params = c.req.query();
  const parsed = parseInboxQuery(params);
  const [page, deadLetters] = await Promise.all([
    parsed.ok ? loadInbox(inboxDeps(c), parsed.query, parsed.topic) : { rows: [], nextCursor: null },
    loadDeadLetters(c.get("deps"), { ...FIRST_PAGE, status: "open", limit: DEAD_LETTERS_SHOWN }),
  ]);
  const done = c.req.query("dead-letter");
  const notice = done === "done" ? t("staffDeadLetterDone") : done === "failed" ? t("staffDeadLetterStillFailing") : undefined;
  return staffPage(
    asApp(c),
    c.get("staff").email,
    t("staffHelpHeading"),
    <HelpInboxPage
      t={t}
      staffEmail={c.get("staff").email}
      rows={page.rows}
      filter={listFilterValues(params, INBOX_FILTERS)}
      cursor={parsed.ok ? (params.cursor ?? "") : ""}
      nextCursor={page.nextCursor}
      errors={parsed.ok ? {} : parsed.errors}
      timeZone={firmTimeZone(c.env)}
      deadLetters={deadLetters.rows}
      moreDeadLetters={deadLetters.nextCursor !== null}
      notice={notice}
    />,
    parsed.ok ? 200 : 422,
  );
});

staffHelpRoutes.get("/list", async (c) => {
  const params = c.req.query();
  const parsed = parseInboxQuery(params);
  const page = parsed.ok ? await loadInbox(inboxDeps(c), parsed.query, parsed.topic) : { rows: [], nextCursor: null };
  return fragment(
    asApp(c),
    <HelpInboxList
      t={translate(asApp(c))}
      rows={page.rows}
      filter={listFilterValues(params, INBOX_FILTERS)}
      cursor={parsed.ok ? (params.cursor ?? "") : ""}
      nextCursor={page.nextCursor}
      errors={parsed.ok ? {} : parsed.errors}
      timeZone={firmTimeZone(c.env)}
    />,
    parsed.ok ? 200 : 422,
  );
});

/** Every request the filters keep (no page, no cursor): the file is never cut short. */
staffHelpRoutes.get("/export.csv", async (c) => {
  const parsed = parseInboxQuery({ ...c.req.query(), limit: undefined, cursor: undefined });
  if (!parsed.ok) return c.text(listQueryMessage(parsed.errors), 400);
  const csv = helpInboxCsv(translate(asApp(c)), await loadWholeInbox(inboxDeps(c), parsed.query, parsed.topic), firmTimeZone(c.env));
  const day = isoDateInZone(c.get("deps").now(), firmTimeZone(c.env));
  return c.body(csv, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="help-requests-${day}.csv"`,
    "X-Content-Type-Options": "nosniff",
  });
});

/** GET /staff/api/help-requests: the inbox as JSON, paged like every staff list (mounted by routes/staff.tsx). */
export const staffHelpApi = new Hono<AppEnv>();

staffHelpApi.get("/help-requests", async (c) => {
  const parsed = parseInboxQuery(c.req.query());
  if (!parsed.ok) return listQueryRefused(c, parsed.errors);
  const page = await loadInbox({ db: c.get("deps").db, now: c.get("deps").now, timeZone: firmTimeZone(c.env) }, parsed.query, parsed.topic);
  return c.json({
    help_requests: page.rows.map(({ request, overdue }) => ({
      reference: request.reference,
      submittedAt: new Date(request.submittedAt).toISOString(),
      status: request.status,
      topic: request.topic,
      name: request.name,
      company: request.company,
      email: request.email,
      phone: request.phone,
      clientNumber: request.sessionClientNumber ?? request.typedNumber,
      dueDate: request.dueDate,
      overdue,
    })),
    next_cursor: page.nextCursor,
  });
});

staffHelpRoutes.get(`/${REFERENCE}`, valid("query", helpDetailQuery), async (c) => {
  const t = translate(asApp(c));
  const detail = await loadHelpDetail(inboxDeps(c), c.req.param("reference"));
  return staffPage(
    asApp(c),
    c.get("staff").email,
    t("staffDetailHeading", { reference: detail.row.request.reference }),
    <HelpInboxDetail
      t={t}
      row={detail.row}
      events={detail.events}
      timeZone={firmTimeZone(c.env)}
      notice={c.req.valid("query").saved ? t("staffSaved") : undefined}
    />,
  );
});

staffHelpRoutes.post(`/${REFERENCE}`, valid("form", helpUpdateForm), async (c) => {
  const t = translate(asApp(c));
  const reference = c.req.param("reference");
  const form = c.req.valid("form");
  const note = form.note;
  const result = await updateHelpRequest(inboxDeps(c), reference, form, c.get("staff").email);
  if (result.outcome === "saved") return redirectAfterPost(asApp(c), `/staff/help/${reference}?saved=1`);
  const error = staffOutcomeMessage(t, result.problem, { max: HELP_LIMITS.note });
  const detail = await loadHelpDetail(inboxDeps(c), reference);
  return staffPage(
    asApp(c),
    c.get("staff").email,
    t("staffDetailHeading", { reference }),
    <HelpInboxDetail t={t} row={detail.row} events={detail.events} timeZone={firmTimeZone(c.env)} error={error} note={note} />,
    errorStatus(result.problem),
  );
});

/** Back to where the staff member pressed the button: the inbox, or the full list of dead letters. */
function afterDeadLetter(back: "inbox" | "list", outcome: "done" | "failed"): string {
  return back === "list" ? `/staff/dead-letters?status=open&dead-letter=${outcome}` : `/staff/help?dead-letter=${outcome}#dead-letters`;
}

staffHelpRoutes.post("/dead-letters/:id{[0-9]{1,12}}/retry", valid("form", deadLetterActionForm), async (c) => {
  const outcome = await retryDeadLetter(
    { ...inboxDeps(c), emailQueue: emailQueue(c.env.EMAIL_QUEUE), arEmail: arEmail(c.env) },
    Number(c.req.param("id")),
    c.get("staff").email,
  );
  return redirectAfterPost(asApp(c), afterDeadLetter(c.req.valid("form").back, outcome));
});

staffHelpRoutes.post("/dead-letters/:id{[0-9]{1,12}}/close", valid("form", deadLetterActionForm), async (c) => {
  await closeDeadLetter(inboxDeps(c), Number(c.req.param("id")), c.get("staff").email);
  return redirectAfterPost(asApp(c), afterDeadLetter(c.req.valid("form").back, "done"));
});
