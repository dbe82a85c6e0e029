import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, listFilterValues, listQueryMessage, pageOf, parseListQuery } from "../../worker/domain/cursor";
import { foldName, prefixUpperBound } from "../../worker/domain/name-fold";
import { planRefund } from "../../worker/domain/staff-refunds";
import { mergeAmountMatches, planSearch } from "../../worker/domain/staff-search";

describe("planSearch runs only the lookups the text can be", () => {
  it.each([
    ["20481736", ["client_number"]],
    ["2048 1736", ["client_number"]],
    ["413955", ["invoice_number"]],
    ["#413955", ["invoice_number"]],
    ["pi_3QabcDEF123456", ["payment_intent", "name_prefix"]],
    ["hr-abcdef", ["help_reference", "name_prefix"]],
    ["https://pay.example.com/p/abcdEFGH1234_-xy", ["pay_link", "name_prefix"]],
    ["Gómez", ["name_prefix"]],
    ["g", []],
    ["   ", []],
    ["12", ["amount_charged", "amount_on_items"]],
    ["$1,030.00", ["amount_charged", "amount_on_items"]],
    ["1030", ["amount_charged", "amount_on_items"]],
    ["$0.00", []],
  ])("%j -> %j", (query, kinds) => {
    expect(planSearch(query).map((l) => l.kind)).toEqual(kinds);
  });

  it("reads an amount as cents, as the portal's fields do", () => {
    expect(planSearch(" $1,030.00 ")).toEqual([
      { kind: "amount_charged", cents: 103_000 },
      { kind: "amount_on_items", cents: 103_000 },
    ]);
    expect(planSearch("980.4").map((l) => l.kind === "amount_charged" && l.cents)).toEqual([98_040, false]);
  });

  it("merges an amount's two lookups: each payment once, newest first, and says when there are more", () => {
    const p = (id: string, createdAt: number) => ({ id, createdAt });
    const charged = [p("c", 30), p("ach", 20), p("a", 10)];
    const onItems = [p("ach", 20), p("b", 20), p("d", 5)];
    expect(mergeAmountMatches([charged, onItems], 10)).toEqual({ shown: [p("c", 30), p("b", 20), p("ach", 20), p("a", 10), p("d", 5)], more: false });
    expect(mergeAmountMatches([charged, onItems], 3)).toEqual({ shown: [p("c", 30), p("b", 20), p("ach", 20)], more: true });
    expect(mergeAmountMatches([charged, onItems], 5).more).toBe(false);
    expect(mergeAmountMatches([[], []], 20)).toEqual({ shown: [], more: false });
  });

  it("folds the name the way the column does", () => {
    expect(planSearch("  GÓMEZ   Ñ ").find((l) => l.kind === "name_prefix")?.value).toBe("gomez n");
    expect(foldName("Ångström Éclair")).toBe("angstrom eclair");
    expect(prefixUpperBound("gomez")).toBe("gome{");
  });
});

describe("cursors and list queries", () => {
  it("round-trips a cursor and rejects anything else", () => {
    expect(decodeCursor(encodeCursor({ at: 1_764_000_000_000, id: "abc_-1" }))).toEqual({ at: 1_764_000_000_000, id: "abc_-1" });
    expect(decodeCursor("nope")).toBeNull();
    expect(decodeCursor(btoa(JSON.stringify(["x", "y"])))).toBeNull();
  });

  it.each([
    [{}, { ok: true }],
    [{ limit: "100" }, { ok: true }],
    [{ limit: "101" }, { ok: false }],
    [{ limit: "1.5" }, { ok: false }],
    [{ status: "succeeded" }, { ok: true }],
    [{ status: "won" }, { ok: false }],
    [{ from: "2026-02-30" }, { ok: false }],
    [{ from: "2026-03-01", to: "2026-02-01" }, { ok: false }],
  ])("%j -> %j", (params, expected) => {
    expect(parseListQuery(params, ["succeeded", "failed"])).toMatchObject(expected);
  });

  it("a list keyed by integer ids refuses a cursor that carries another kind of id", () => {
    const integer = encodeCursor({ at: 5, id: "42" });
    const text = encodeCursor({ at: 5, id: "pay_abc" });
    expect(parseListQuery({ cursor: integer }, [], { integerIds: true })).toMatchObject({ ok: true, query: { cursor: { at: 5, id: "42" } } });
    expect(parseListQuery({ cursor: text }, [], { integerIds: true })).toMatchObject({ ok: false, errors: { cursor: expect.any(String) } });
    expect(parseListQuery({ cursor: text }, [])).toMatchObject({ ok: true });
  });

  it("a list whose rows have a kind filters on ?kind= and names it when refused", () => {
    const kinds = ["refund_refused", "webhook_api_version"];
    expect(parseListQuery({ kind: "refund_refused", status: "anything" }, kinds, { statusParam: "kind" })).toMatchObject({
      ok: true,
      query: { status: "refund_refused" },
    });
    expect(parseListQuery({ kind: "lost" }, kinds, { statusParam: "kind" })).toEqual({
      ok: false,
      errors: { kind: "one of refund_refused, webhook_api_version" },
    });
  });

  it("says what is wrong with a refused query in one sentence, field by field", () => {
    const check = parseListQuery({ limit: "500", status: "lost", to: "June" }, ["new"]);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(listQueryMessage(check.errors)).toBe(
      "bad list query: limit must be an integer from 1 to 100; status must be one of new; to must be a date as YYYY-MM-DD",
    );
  });

  it("keeps a list's filter values as typed, for its form and its Older link", () => {
    expect(listFilterValues({ status: "new", limit: "5", cursor: "x", other: "y" })).toEqual({ status: "new", from: "", to: "", limit: "5" });
    expect(listFilterValues({ topic: "other" }, ["topic"])).toEqual({ topic: "other" });
  });

  it("pages with limit + 1 rows: a next cursor only when there is more", () => {
    const rows = [3, 2, 1].map((n) => ({ at: n, id: String(n) }));
    expect(pageOf(rows, 3, (r) => r).nextCursor).toBeNull();
    const page = pageOf(rows, 2, (r) => r);
    expect(page.rows).toHaveLength(2);
    expect(decodeCursor(page.nextCursor!)).toEqual({ at: 2, id: "2" });
  });
});

describe("planRefund", () => {
  const payment = {
    status: "succeeded",
    totalCents: 103_000,
    feeCents: 3_000,
    refundedCents: 0,
    disputedCents: 0,
    allocations: [
      { id: 1, amountCents: 60_000 },
      { id: 2, amountCents: 40_000 },
    ],
  };
  it.each([
    [null, { ok: true, amountCents: 103_000, feePartCents: 3_000, leftAfterCents: 0 }],
    [10_300, { ok: true, amountCents: 10_300, feePartCents: 300, itemsPartCents: 10_000 }],
    [103_001, { ok: false, error: "too_much", leftCents: 103_000 }],
    [0, { ok: false, error: "zero" }],
  ])("%j -> %j", (amount, expected) => {
    expect(planRefund(payment, amount)).toMatchObject(expected);
  });

  it("counts earlier refunds and disputes, and refuses unsettled payments", () => {
    expect(planRefund({ ...payment, refundedCents: 100_000 }, 3_001)).toMatchObject({ ok: false, error: "too_much", leftCents: 3_000 });
    expect(planRefund({ ...payment, refundedCents: 50_000, disputedCents: 53_000 }, null)).toMatchObject({ ok: false, error: "nothing_left" });
    expect(planRefund({ ...payment, status: "processing" }, null)).toMatchObject({ ok: false, error: "not_settled" });
    // The fee parts of successive refunds add up to the whole fee, as the ledger's split does.
    const first = planRefund(payment, 33_333);
    const rest = planRefund({ ...payment, refundedCents: 33_333 }, null);
    expect(first.ok && rest.ok && first.feePartCents + rest.feePartCents).toBe(3_000);
  });
});
