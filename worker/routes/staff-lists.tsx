// The full lists of what needs the staff's attention, paged like every staff list: payment
// alerts, payments the reconciliation could not check, and the queues' dead letters. Pages under
// /staff and the same through /staff/api as JSON; mounted inside staffRoutes (requireStaff).
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { AlertsPage, DeadLettersPage, ReconcileProblemsPage } from "../../ui/pages/staff/AttentionLists";
import { firmTimeZone, type AppEnv } from "../http/bindings";
import { alertListQuery, deadLetterListQuery, reconcileProblemListQuery } from "../http/inputs";
import { listFilterValues, listQueryRefused, staffPage, translate } from "../http/render";
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

const NO_PAGE = { rows: [], nextCursor: null };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

// ---------------------------------------------------------------------------------------------
// Alerts (?kind=&from=&to=)

const ALERT_FILTERS = ["kind", "from", "to", "limit"];

staffListsRoutes.get("/alerts", async (c) => {
  const t = translate(c);
  const params = c.req.query();
  const parsed = alertListQuery(params);
  const page = parsed.ok ? await listAlertsPage(c.get("deps"), parsed.query) : NO_PAGE;
  const errors = parsed.ok ? {} : parsed.errors;
  const content = (
    <AlertsPage
      t={t}
      rows={page.rows}
      nextCursor={page.nextCursor}
      filter={listFilterValues(params, ALERT_FILTERS)}
      errors={errors}
      timeZone={firmTimeZone(c.env)}
    />
  );
  return staffPage(c, staffEmail(c), t("listAlertsHeading"), content, parsed.ok ? 200 : 422);
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
  const parsed = reconcileProblemListQuery(params);
  const page = parsed.ok ? await listReconcileProblemsPage(c.get("deps"), parsed.query) : NO_PAGE;
  const errors = parsed.ok ? {} : parsed.errors;
  const content = (
    <ReconcileProblemsPage
      t={t}
      rows={page.rows}
      nextCursor={page.nextCursor}
      filter={listFilterValues(params)}
      errors={errors}
      timeZone={firmTimeZone(c.env)}
    />
  );
  return staffPage(c, staffEmail(c), t("staffReconcileProblems"), content, parsed.ok ? 200 : 422);
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
  const parsed = deadLetterListQuery(params);
  const page = parsed.ok ? await loadDeadLetters(c.get("deps"), parsed.query) : NO_PAGE;
  const errors = parsed.ok ? {} : parsed.errors;
  const done = params["dead-letter"];
  const notice = done === "done" ? t("staffDeadLetterDone") : done === "failed" ? t("staffDeadLetterStillFailing") : undefined;
  const content = (
    <DeadLettersPage
      t={t}
      rows={page.rows}
      nextCursor={page.nextCursor}
      filter={listFilterValues(params)}
      errors={errors}
      timeZone={firmTimeZone(c.env)}
      notice={notice}
    />
  );
  return staffPage(c, staffEmail(c), t("staffDeadLettersHeading"), content, parsed.ok ? 200 : 422);
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
