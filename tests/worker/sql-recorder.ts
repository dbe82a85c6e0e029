// Records every SQL statement the Worker sends to D1 while a test drives it (pages, payments,
// webhooks, staff pages), so tests can check each one's query plan. It wraps the methods of the
// D1 binding's own classes in this isolate, which the Worker under test shares with the test, so
// it sees the statements of any code path, however the repositories are written.
import { env } from "cloudflare:workers";

export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

type AnyFn = (...args: unknown[]) => unknown;

interface Patch {
  target: Record<string, unknown>;
  name: string;
  original: unknown;
}

function statementOf(value: unknown): RecordedStatement {
  const statement = value as { statement?: unknown; params?: unknown };
  if (typeof statement.statement !== "string") throw new Error("the SQL recorder cannot see this D1 statement's SQL (workerd's D1 classes changed?)");
  return { sql: statement.statement, params: Array.isArray(statement.params) ? statement.params : [] };
}

/** Starts recording; call stop() in a finally (or afterAll) to put the binding back. */
export function recordSql(): { statements: RecordedStatement[]; stop: () => void } {
  const statements: RecordedStatement[] = [];
  const patches: Patch[] = [];
  const patch = (target: Record<string, unknown>, name: string, wrap: (original: AnyFn) => AnyFn) => {
    const original = target[name];
    if (typeof original !== "function") throw new Error(`D1 binding has no ${name}()`);
    if (patches.some((p) => p.target === target && p.name === name)) return;
    patches.push({ target, name, original });
    target[name] = wrap(original as AnyFn);
  };

  const statementProto = Object.getPrototypeOf(env.DB.prepare("SELECT 1")) as Record<string, unknown>;
  for (const name of ["first", "all", "run", "raw"]) {
    patch(
      statementProto,
      name,
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          statements.push(statementOf(this));
          return original.apply(this, args);
        },
    );
  }
  // Batches go through the database object and through Sessions API sessions.
  const batchOwners = [Object.getPrototypeOf(env.DB) as Record<string, unknown>];
  if (typeof env.DB.withSession === "function") batchOwners.push(Object.getPrototypeOf(env.DB.withSession("first-primary")) as Record<string, unknown>);
  // A database's batch may run through its session's: record each batch once, at the outer call.
  let inBatch = false;
  for (const owner of batchOwners) {
    patch(
      owner,
      "batch",
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          if (inBatch) return original.apply(this, args);
          for (const statement of args[0] as unknown[]) statements.push(statementOf(statement));
          inBatch = true;
          try {
            return original.apply(this, args);
          } finally {
            inBatch = false;
          }
        },
    );
  }
  return {
    statements,
    stop: () => {
      for (const p of patches.reverse()) p.target[p.name] = p.original;
    },
  };
}

export interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

export async function queryPlan(statement: RecordedStatement): Promise<PlanRow[]> {
  const result = await env.DB.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
    .bind(...statement.params)
    .all<PlanRow>();
  return result.results;
}
