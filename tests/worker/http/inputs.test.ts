// The HTTP boundary's schemas: bounded text, the domain's parsers called from them, and the
// problems a URL may carry checked against the domain's lists.
import { describe, expect, it } from "vitest";
import * as v from "valibot";
import { checkoutProblemQuery, confirmForm, lookupForm, paymentQuery, receiptCopyForm, selectionForm } from "../../../worker/http/inputs";
import { depositsQuery, refundForm, refundJson, staffDashboardQuery } from "../../../worker/http/staff-inputs";
import { fieldErrors } from "../../../worker/http/validate";

const KEY = "abcdefghijklmnop";

describe("portal inputs", () => {
  it("bounds typed text and reads a missing or non-text field as empty", () => {
    expect(v.parse(lookupForm, { invoiceNumber: "4".repeat(100), invoiceTotal: ["1", "2"] })).toEqual({ invoiceNumber: "4".repeat(64), invoiceTotal: "" });
  });

  it("reads one checkbox or several as a list", () => {
    expect(v.parse(selectionForm, { pay: "1" }).pay).toEqual(["1"]);
    expect(v.parse(selectionForm, { pay: ["1", "2"] }).pay).toEqual(["1", "2"]);
    expect(v.parse(selectionForm, {}).pay).toEqual([]);
  });

  it.each([
    ["12345", 12345],
    ["12.5", -1],
    ["abc", -1],
    [undefined, -1],
  ])("reads the confirmed total %s as %s cents (-1 never matches a review)", (typed, cents) => {
    expect(v.parse(confirmForm, { expectedTotalCents: typed, attemptId: "x" }).expectedTotalCents).toBe(cents);
  });

  it.each([
    [{}, undefined],
    [{ problem: "" }, undefined],
    [{ problem: "amounts_changed" }, "amounts_changed"],
    [{ problem: "errorAmountsChanged" }, "validation"],
    [{ problem: "too_much" }, "validation"],
  ])("reads the step's problem %j as %s", (query, problem) => {
    expect(v.parse(checkoutProblemQuery, query).problem).toBe(problem);
  });

  it("shows only the refresh problems on a payment page", () => {
    expect(v.parse(paymentQuery, { problem: "refresh_refused", copy: "sent" })).toEqual({ problem: "refresh_refused", copy: "sent" });
    expect(v.parse(paymentQuery, { problem: "amounts_changed", copy: "bogus" })).toEqual({ problem: undefined, copy: undefined });
  });

  it("drops a receipt copy id that is not one the page made", () => {
    expect(v.parse(receiptCopyForm, { requestId: "abcdefghijklmnop" }).requestId).toBe("abcdefghijklmnop");
    expect(v.parse(receiptCopyForm, { requestId: "short" }).requestId).toBeUndefined();
  });
});

describe("staff inputs", () => {
  it.each([
    ["", null],
    ["  ", null],
    ["1,000.00", 100_000],
    [12.5, 1250],
  ])("parses the refund amount %j with parseAmount to %s cents (empty: the rest)", (amount, cents) => {
    expect(v.parse(refundForm, { amount, key: KEY }).amount).toBe(cents);
  });

  it("refuses an amount parseAmount refuses, an unknown reason and a missing key, naming the fields", () => {
    const form = v.safeParse(refundForm, { amount: "1.001", reason: "because", key: "" });
    expect(form.success).toBe(false);
    expect(Object.keys(fieldErrors(form.issues ?? [])).sort()).toEqual(["amount", "key", "reason"]);
    const json = v.safeParse(refundJson, { amount: "-5", reason: "duplicate" });
    expect(json.success ? {} : fieldErrors(json.issues)).toEqual({ amount: 'an amount like "1,000.00", or empty for the rest' });
  });

  it("filters the dashboard by a well-formed invoice number only", () => {
    expect(v.parse(staffDashboardQuery, { invoice: " 413955 " }).invoice).toBe("413955");
    expect(v.parse(staffDashboardQuery, { invoice: "41395" }).invoice).toBeUndefined();
  });

  it("defaults the refund reason", () => {
    expect(v.parse(refundJson, {}).reason).toBe("requested_by_customer");
  });

  it("reads the deposits page size, Stripe's cursor, status and arrival days, refusing what the list never links to", () => {
    const parsed = (query: Record<string, string>) => v.parse(depositsQuery, query).parsed;
    const first = { limit: 25, startingAfter: null, status: null, arrivalFromMs: null, arrivalToMs: null };
    expect(parsed({})).toEqual({ ok: true, query: first });
    expect(parsed({ limit: "10", cursor: "po_1234" })).toEqual({ ok: true, query: { ...first, limit: 10, startingAfter: "po_1234" } });
    // from/to are inclusive UTC days, as on every list: [from 00:00, the day after to 00:00).
    expect(parsed({ status: "pending", from: "2026-11-02", to: "2026-11-03" })).toEqual({
      ok: true,
      query: { ...first, status: "pending", arrivalFromMs: Date.UTC(2026, 10, 2), arrivalToMs: Date.UTC(2026, 10, 4) },
    });
    // Stripe's payouts list does not filter on in_transit: refused here rather than sent.
    expect(parsed({ status: "in_transit" })).toMatchObject({ ok: false, errors: { status: "one of pending, paid, failed, canceled" } });
    expect(parsed({ limit: "1000", cursor: "x", status: "settled", from: "2026-02-30" })).toEqual({
      ok: false,
      errors: {
        limit: "an integer from 1 to 100",
        status: "one of pending, paid, failed, canceled",
        from: "a date as YYYY-MM-DD",
        cursor: "a next_cursor this list gave",
      },
    });
    expect(parsed({ from: "2026-11-03", to: "2026-11-02" })).toEqual({ ok: false, errors: { to: "on or after from" } });
  });
});
