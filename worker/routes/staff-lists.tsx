// The full lists of what needs the staff's attention, paged like every staff list: payment
// alerts, payments the reconciliation could not check, and the queues' dead letters. Pages under
// /staff and the same through /staff/api as JSON; mounted inside staffRoutes (requireStaff).
import type { Context } from "hono";
import { Hono } from "hono/quick";
import { AlertsPage, DeadLettersPage, ReconcileProblemsPage } from "../../ui/pages/staff/AttentionLists";
import { firmTimeZone, type AppEnv } from "../http/bindings";
import { alertListQuery, deadLetterListQuery, reconcileProblemListQuery } from "../http/staff-inputs";
import { listFilterValues } from "../http/render";
import { listQueryRefused, staffPage, translate } from "../http/staff-render";
import { loadDeadLetters } from "../services/dead-letters";
import { listAlertsPage, listReconcileProblemsPage } from "../services/staff";

type Ctx = Context<AppEnv>;

export const staffListsRoutes = new Hono<AppEnv>();
export const staffListsApi = new Hono<AppEnv>();

function staffEmail(c: Ctx): string {
  const staff = c.get("staff");
  if (!staff) throw new Error("staff route without requireStaff()");
  return staff.email;
}

type ListCheck = ReturnType<typeof alertListQuery>;
type ListQuery = Extract<ListCheck, { ok: true }>["query"];

/**
 * What every list page does with its query: load the page when the query reads (none when it is
 * refused: the page shows why, with 422) and hand the list component its rows, filters and errors.
 */
async function listPage<R>(
  c: Ctx,
  params: Record<string, string>,
  check: ListCheck,
  load: (query: ListQuery) => Promise<{ rows: R[]; nextCursor: string | null }>,
  filterNames?: string[],
) {
  const page = check.ok ? await load(check.query) : { rows: [] as R[], nextCursor: null };
  return {
    status: check.ok ? (200 as const) : (422 as const),
    props: {
      rows: page.rows,
      nextCursor: page.nextCursor,
      filter: listFilterValues(params, filterNames),
      errors: check.ok ? {} : check.errors,
      timeZone: firmTimeZone(c.env),
    },
  };
}
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

// ---------------------------------------------------------------------------------------------
// Alerts (?kind=&from=&to=)

const ALERT_FILTERS = ["kind", "from", "to", "limit"];

staffListsRoutes.get("/alerts", async (c) => {
  const t = translate(c);
  const params = c.req.query();
  const list = await listPage(c, params, alertListQuery(params), (query) => listAlertsPage(c.get("deps"), query), ALERT_FILTERS);
  return staffPage(c, staffEmail(c), t("listAlertsHeading"), <AlertsPage t={t} {...list.props} />, list.status);
});

staffListsApi.get("/alerts", async (c) => {
  const parsed = alertListQuery(c.req.query());
  if (!parsed.ok) return listQueryRefused(c, parsed.errors);
  const page = await listAlertsPage(c.get("deps"), parsed.query);
  return c.json({ alerts: page.rows.map((alert) => ({ ...alert, at: iso(alert.at) })), next_cursor: page.nextCursor });
});

// ---------------------------------------------------------------------------------------------
// Payments the reconciliation could not check (?status= of the payment, dates of the problem)

staffListsRoutes.get("/reconcile-problems", async (c) => {
  const t = translate(c);
  const params = c.req.query();
  const list = await listPage(c, params, reconcileProblemListQuery(params), (query) => listReconcileProblemsPage(c.get("deps"), query));
  return staffPage(c, staffEmail(c), t("staffReconcileProblems"), <ReconcileProblemsPage t={t} {...list.props} />, list.status);
});

staffListsApi.get("/reconcile-problems", async (c) => {
  const parsed = reconcileProblemListQuery(c.req.query());
  if (!parsed.ok) return listQueryRefused(c, parsed.errors);
  const page = await listReconcileProblemsPage(c.get("deps"), parsed.query);
  return c.json({
    reconcile_problems: page.rows.map((problem) => ({ ...problem, reconcileErrorAt: iso(problem.reconcileErrorAt) })),
    next_cursor: page.nextCursor,
  });
});

// ---------------------------------------------------------------------------------------------
// Dead letters (?status=open|retried|handled|sent); retry and close live with the help inbox.

staffListsRoutes.get("/dead-letters", async (c) => {
  const t = translate(c);
  const params = c.req.query();
  const list = await listPage(c, params, deadLetterListQuery(params), (query) => loadDeadLetters(c.get("deps"), query));
  const done = params["dead-letter"];
  const notice = done === "done" ? t("staffDeadLetterDone") : done === "failed" ? t("staffDeadLetterStillFailing") : undefined;
  return staffPage(c, staffEmail(c), t("staffDeadLettersHeading"), <DeadLettersPage t={t} {...list.props} notice={notice} />, list.status);
});

staffListsApi.get("/dead-letters", async (c) => {
  const parsed = deadLetterListQuery(c.req.query());
  if (!parsed.ok) return listQueryRefused(c, parsed.errors);
  const page = await loadDeadLetters(c.get("deps"), parsed.query);
  return c.json({
    dead_letters: page.rows.map(({ letter, summary }) => ({
      id: letter.id,
      source: letter.source,
      reason: letter.reason,
      receivedAt: iso(letter.receivedAt),
      status: letter.resolution ?? "open",
      resolvedAt: iso(letter.resolvedAt),
      resolvedBy: letter.resolvedBy,
      summary,
    })),
    next_cursor: page.nextCursor,
  });
});
