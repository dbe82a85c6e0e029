// The HTTP boundary's schemas: bounded text, the domain's parsers called from them, and the
// problems a URL may carry checked against the domain's lists.
import { describe, expect, it } from "vitest";
import * as v from "valibot";
import {
  checkoutProblemQuery,
  confirmForm,
  depositsQuery,
  lookupForm,
  paymentQuery,
  receiptCopyForm,
  refundForm,
  refundJson,
  selectionForm,
  staffDashboardQuery,
} from "../../../worker/http/inputs";
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

  it("reads the deposits page size and cursor, refusing what the list never links to", () => {
    expect(v.parse(depositsQuery, {})).toEqual({ limit: 25, startingAfter: null });
    expect(v.parse(depositsQuery, { limit: "10", cursor: "po_1234" })).toEqual({ limit: 10, startingAfter: "po_1234" });
    expect(v.safeParse(depositsQuery, { limit: "1000" }).success).toBe(false);
    expect(v.safeParse(depositsQuery, { cursor: "x" }).success).toBe(false);
  });
});
