import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { seedDemoData } from "./helpers";

async function counts() {
  const tables = ["clients", "items", "payments", "payment_allocations"];
  const result: Record<string, number> = {};
  for (const table of tables) result[table] = (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())!.n;
  result.pdfs = (await env.PDFS.list()).objects.length;
  return result;
}

describe("demo seed", () => {
  it("loads the guide's data once; a second run changes and duplicates nothing", async () => {
    const first = await seedDemoData();
    expect(first).toMatchObject({ clients: 2, items: 10, pdfsWritten: 7 });
    const after = await counts();
    expect(after).toEqual({ clients: 2, items: 10, payments: 2, payment_allocations: 2, pdfs: 7 });
    const second = await seedDemoData();
    expect(second.pdfsWritten).toBe(0);
    expect(await counts()).toEqual(after);
  });

  it("records 411872's 1,720.00 as a real ledger entry, not a stored balance", async () => {
    const row = await env.DB.prepare(
      "SELECT a.amount_cents, p.status, p.method FROM payment_allocations a JOIN payments p ON p.id = a.payment_id JOIN items i ON i.id = a.item_id WHERE i.invoice_number = '411872' AND i.kind = 'invoice'",
    ).first();
    expect(row).toEqual({ amount_cents: 172_000, status: "succeeded", method: "check" });
  });
});
