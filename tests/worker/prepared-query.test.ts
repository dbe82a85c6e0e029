// preparedQuery builds a query's SQL once and binds each call's values: these check that the
// values really are per call (no call sees another's), that it runs inside drizzle's db.batch
// beside ordinary queries with each result mapped to its own columns, and that writes bind too.
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../worker/storage/db";
import { preparedQuery, type Placeholders } from "../../worker/storage/prepared";
import { clients, lookupFailures } from "../../worker/storage/schema";

const db = openDatabase(env.DB);
let builds = 0;

const clientByNumber = preparedQuery((db, p: Placeholders<{ number: string }>) => {
  builds++;
  return db.select({ id: clients.id, name: clients.name }).from(clients).where(eq(clients.number, p.number)).limit(1);
});

const bumpFailures = preparedQuery((db, p: Placeholders<{ key: string; by: number }>) =>
  db
    .update(lookupFailures)
    .set({ failures: sql`${lookupFailures.failures} + ${p.by}` })
    .where(eq(lookupFailures.key, p.key))
    .returning({ key: lookupFailures.key, failures: lookupFailures.failures }),
);

beforeAll(async () => {
  await db.insert(clients).values([
    { id: 901, number: "29000901", name: "Prepared One LLC", createdAt: 1 },
    { id: 902, number: "29000902", name: "Prepared Two SA", createdAt: 1 },
  ]);
  await db.insert(lookupFailures).values([
    { key: "k:a", failures: 1, windowStartedAt: 1 },
    { key: "k:b", failures: 5, windowStartedAt: 1 },
  ]);
});

describe("preparedQuery", () => {
  it("binds each call's own values, in one batch and across batches, and builds the SQL once", async () => {
    const [one, two, none] = await db.batch([
      clientByNumber(db, { number: "29000901" }),
      clientByNumber(db, { number: "29000902" }),
      clientByNumber(db, { number: "29999999" }),
    ]);
    expect(one).toEqual([{ id: 901, name: "Prepared One LLC" }]);
    expect(two).toEqual([{ id: 902, name: "Prepared Two SA" }]);
    expect(none).toEqual([]);

    const [again] = await db.batch([clientByNumber(db, { number: "29000902" })]);
    expect(again).toEqual([{ id: 902, name: "Prepared Two SA" }]);
    expect(builds).toBe(1);
  });

  it("runs beside queries built per call, each result mapped to its own columns", async () => {
    const [prepared, built] = await db.batch([
      clientByNumber(db, { number: "29000901" }),
      db.select({ failures: lookupFailures.failures }).from(lookupFailures).where(eq(lookupFailures.key, "k:b")),
    ]);
    expect(prepared).toEqual([{ id: 901, name: "Prepared One LLC" }]);
    expect(built).toEqual([{ failures: 5 }]);
  });

  it("binds a write's values (a placeholder used inside SQL) and returns what it changed", async () => {
    const [a, b] = await db.batch([bumpFailures(db, { key: "k:a", by: 2 }), bumpFailures(db, { key: "k:b", by: 10 })]);
    expect(a).toEqual([{ key: "k:a", failures: 3 }]);
    expect(b).toEqual([{ key: "k:b", failures: 15 }]);
    const rows = await db.select({ key: lookupFailures.key, failures: lookupFailures.failures }).from(lookupFailures).orderBy(lookupFailures.key);
    expect(rows).toEqual([
      { key: "k:a", failures: 3 },
      { key: "k:b", failures: 15 },
    ]);
  });
});
