// The data behind `npm run seed:large`: the promised sizes, the same rows on every run, numbers
// the portal accepts, never a demo client's, and no item paid beyond its total (D1's
// overpayment trigger would abort the load halfway otherwise).
import { describe, expect, it } from "vitest";
import { isClientNumber, isInvoiceNumber } from "../../worker/domain/numbers";
import { DEMO_CLIENTS } from "../../tools/demo-data";
import { generateClients, generateItems, generatePayments, LARGE } from "../../tools/large-data";

describe("the large seed's data", () => {
  const clients = generateClients();
  const items = generateItems(clients);
  const payments = generatePayments(items);

  it("has a firm's size: 100,000 clients, a million items, 200,000 payments", () => {
    expect(clients).toHaveLength(100_000);
    expect(items).toHaveLength(1_000_000);
    expect(payments).toHaveLength(200_000);
    expect(items.filter((i) => i.kind === "invoice").length).toBeGreaterThan(98_000);
  });

  it("is the same on every run", () => {
    const again = generatePayments(generateItems(generateClients()));
    expect(again.slice(0, 50)).toEqual(payments.slice(0, 50));
    expect(again.at(-1)).toEqual(payments.at(-1));
    // A million rows again: slow on a busy two-core machine.
  }, 60_000);

  it("uses valid numbers, each once, none of the demo's", () => {
    const demoClients = new Set(DEMO_CLIENTS.map((c) => c.number));
    const demoInvoices = new Set(DEMO_CLIENTS.flatMap((c) => c.invoices.map((i) => i.number)));
    expect(clients.every((c) => isClientNumber(c.number) && !demoClients.has(c.number))).toBe(true);
    expect(new Set(clients.map((c) => c.number)).size).toBe(clients.length);
    const invoices = items.filter((i) => i.kind === "invoice").map((i) => i.invoiceNumber);
    expect(invoices.every((n) => isInvoiceNumber(n) && !demoInvoices.has(n) && n < "499000")).toBe(true);
    expect(new Set(invoices).size).toBe(invoices.length);
    const lateFeeKeys = items.filter((i) => i.kind === "late_fee").map((i) => `${i.invoiceNumber}|${i.itemDate}`);
    expect(new Set(lateFeeKeys).size).toBe(lateFeeKeys.length);
    expect(clients.some((c) => c.name.includes("Gómez"))).toBe(true);
    expect(clients.some((c) => c.name.includes("O'Brien"))).toBe(true);
  });

  it("never pays an item beyond its total, and pays only the payer's own items", () => {
    const byId = new Map(items.map((i) => [i.id, i]));
    const paid = new Map<number, number>();
    const wrong: string[] = [];
    for (const payment of payments) {
      if (payment.subtotalCents !== payment.allocations.reduce((sum, a) => sum + a.amountCents, 0)) wrong.push(`${payment.id} subtotal`);
      if (payment.totalCents !== payment.subtotalCents + payment.feeCents) wrong.push(`${payment.id} total`);
      for (const allocation of payment.allocations) {
        const item = byId.get(allocation.itemId)!;
        if (item.clientId !== payment.clientId || allocation.amountCents <= 0) wrong.push(`${payment.id} allocation ${allocation.id}`);
        if (payment.status !== "failed") paid.set(item.id, (paid.get(item.id) ?? 0) + allocation.amountCents);
      }
    }
    for (const [id, cents] of paid) if (cents > byId.get(id)!.originalCents) wrong.push(`item ${id} overpaid`);
    expect(wrong).toEqual([]);
    expect(LARGE.firstItemId).toBe(items[0]!.id);
  });
});
