// `npm run seed:large`: loads a firm at its real size (tools/large-data.ts: 100,000 clients,
// 1,000,000 invoices and late fees, 200,000 payments with their allocations) into the LOCAL D1
// that `npm start` uses (.wrangler/state, or PERSIST_DIR). Rows go in as multi-row INSERTs, many
// to a db.batch, through wrangler's platform proxy. Runs once: a loaded database is left alone.
// The demo clients are untouched (npm start adds them), so the guide still works at this size.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import type { WorkerEnv } from "../worker/env";
import { generateClients, generateItems, generatePayments, LARGE } from "./large-data";
import { applyLocalMigrations, persistDir, root } from "./local";

/** D1 refuses statements over 100 KB: each INSERT carries as many rows as fit in 90 KB. */
const STATEMENT_BYTES = 90_000;
const STATEMENTS_PER_BATCH = 10;

function refuseRemote(args: string[]): void {
  // There is no remote mode: this tool writes the local persist folder and nothing else.
  const unknown = args.filter((a) => a !== "--quiet");
  if (unknown.length > 0) {
    throw new Error(`seed:large only loads the local database (.wrangler/state or PERSIST_DIR); refusing ${unknown.join(" ")}`);
  }
}

/** The SQLite files of the local D1 under the persist folder (what this tool must be writing). */
function localD1Files(): { path: string; bytes: number }[] {
  const dir = join(persistDir, "v3", "d1");
  if (!existsSync(dir)) return [];
  const files: { path: string; bytes: number }[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".sqlite")) files.push({ path, bytes: statSync(path).size });
    }
  };
  walk(dir);
  return files;
}

function sqlValue(value: string | number | null): string {
  if (value === null) return "NULL";
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

/** Inserts rows as literal multi-row INSERTs (D1 caps bound parameters at 100 a statement). */
async function insertRows(db: D1Database, table: string, columns: string[], rows: (string | number | null)[][], label: string): Promise<void> {
  const started = Date.now();
  const head = `INSERT INTO ${table} (${columns.join(", ")}) VALUES `;
  let batch: D1PreparedStatement[] = [];
  let values: string[] = [];
  let bytes = head.length;
  const flushStatement = () => {
    if (values.length > 0) batch.push(db.prepare(head + values.join(",")));
    values = [];
    bytes = head.length;
  };
  for (const row of rows) {
    const tuple = `(${row.map(sqlValue).join(",")})`;
    // UTF-8 length: accented names take two bytes a letter.
    const size = Buffer.byteLength(tuple) + 1;
    if (bytes + size > STATEMENT_BYTES) flushStatement();
    values.push(tuple);
    bytes += size;
    if (batch.length === STATEMENTS_PER_BATCH) {
      await db.batch(batch);
      batch = [];
    }
  }
  flushStatement();
  if (batch.length > 0) await db.batch(batch);
  console.log(`  ${label}: ${rows.length.toLocaleString("en-US")} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  refuseRemote(process.argv.slice(2));
  const started = Date.now();
  console.log(`seed:large into the local D1 under ${persistDir}`);
  const proxy = await getPlatformProxy<WorkerEnv>({
    configPath: join(root, "wrangler.toml"),
    persist: { path: join(persistDir, "v3") },
    remoteBindings: false,
  });
  let bytesBefore = 0;
  try {
    const db = proxy.env.DB;
    await applyLocalMigrations(db);
    const files = localD1Files();
    if (files.length === 0) throw new Error(`no local D1 database under ${persistDir} after applying migrations`);
    bytesBefore = files.reduce((sum, f) => sum + f.bytes, 0);
    const loaded = await db.prepare("SELECT 1 FROM clients WHERE number = ?").bind(LARGE.firstClientNumber).first();
    if (loaded) {
      console.log("already loaded: nothing to do");
      return;
    }
    const genStarted = Date.now();
    const clients = generateClients();
    const items = generateItems(clients);
    const payments = generatePayments(items);
    console.log(`  generated in ${((Date.now() - genStarted) / 1000).toFixed(1)} s`);
    const now = Date.UTC(2026, 10, 20);

    await insertRows(
      db,
      "clients",
      ["id", "number", "name", "email", "created_at"],
      clients.map((c) => [c.id, c.number, c.name, c.email, now]),
      "clients",
    );
    await insertRows(
      db,
      "items",
      ["id", "client_id", "kind", "invoice_number", "item_date", "original_cents", "delivery", "pdf_key", "created_at", "updated_at"],
      items.map((i) => [i.id, i.clientId, i.kind, i.invoiceNumber, i.itemDate, i.originalCents, i.delivery, null, now, now]),
      "invoices and late fees",
    );
    await insertRows(
      db,
      "payments",
      [
        "id",
        "client_id",
        "status",
        "method",
        "card_funding",
        "method_label",
        "subtotal_cents",
        "fee_cents",
        "total_cents",
        "stripe_payment_intent_id",
        "language",
        "created_at",
        "updated_at",
        "settled_at",
      ],
      payments.map((p) => [
        p.id,
        p.clientId,
        p.status,
        p.method,
        p.cardFunding,
        p.methodLabel,
        p.subtotalCents,
        p.feeCents,
        p.totalCents,
        p.stripePaymentIntentId,
        "en",
        p.createdAt,
        p.settledAt ?? p.createdAt,
        p.settledAt,
      ]),
      "payments",
    );
    await insertRows(
      db,
      "payment_allocations",
      ["id", "payment_id", "item_id", "amount_cents", "reversed_cents"],
      payments.flatMap((p) => p.allocations.map((a) => [a.id, p.id, a.itemId, a.amountCents, 0])),
      "allocations",
    );
  } finally {
    await proxy.dispose();
  }
  const bytesAfter = localD1Files().reduce((sum, f) => sum + f.bytes, 0);
  if (bytesAfter <= bytesBefore) throw new Error("the local D1 file did not grow: the rows went somewhere else");
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; local D1 now ${(bytesAfter / 1024 / 1024).toFixed(0)} MiB`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
