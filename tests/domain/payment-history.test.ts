import { describe, expect, it } from "vitest";
import { maskEmail } from "../../worker/domain/email-address";
import { hasReceipt, historySince, isCopyRequestId, pageWindow, parsePage, paymentStatusWord, receiptCopiesLeft } from "../../worker/domain/payment-history";

describe("paymentStatusWord", () => {
  const p = (status: string, refundedCents = 0, disputedCents = 0) => ({ status, totalCents: 10_300, refundedCents, disputedCents });
  it.each([
    [p("created"), "in_progress"],
    [p("requires_action"), "in_progress"],
    [p("processing"), "processing"],
    [p("succeeded"), "paid"],
    [p("succeeded", 5_150), "refunded_part"],
    [p("succeeded", 10_300), "refunded_full"],
    [p("succeeded", 0, 10_300), "reversed"],
    [p("succeeded", 5_150, 5_150), "reversed"],
    [p("failed"), "failed"],
    [p("canceled"), "canceled"],
  ])("%o reads %s", (payment, word) => {
    expect(paymentStatusWord(payment)).toBe(word);
  });

  it.each([
    ["succeeded", true],
    ["processing", true],
    ["failed", false],
    ["canceled", false],
    ["requires_action", false],
    ["created", false],
  ])("a %s payment has a receipt: %s", (status, yes) => {
    expect(hasReceipt(status)).toBe(yes);
  });
});

describe("history window and pages", () => {
  it.each([
    ["2026-12-02T04:00:00Z", "2024-12-02T00:00:00.000Z"],
    ["2026-02-28T23:59:00Z", "2024-02-28T00:00:00.000Z"],
    ["2026-03-31T10:00:00Z", "2024-03-31T00:00:00.000Z"],
    ["2028-02-29T10:00:00Z", "2026-02-28T00:00:00.000Z"], // no 29th two years earlier
  ])("24 months before %s starts %s", (now, since) => {
    expect(new Date(historySince(Date.parse(now))).toISOString()).toBe(since);
  });

  it.each([
    [undefined, 1],
    ["", 1],
    ["0", 1],
    ["3", 3],
    ["-2", 1],
    ["2.5", 1],
    ["abc", 1],
    ["99999", 1],
  ])("?page=%s is page %i", (raw, page) => {
    expect(parsePage(raw)).toBe(page);
  });

  it.each([
    [0, 1, { page: 1, pages: 1, offset: 0, limit: 20 }],
    [20, 1, { page: 1, pages: 1, offset: 0, limit: 20 }],
    [21, 2, { page: 2, pages: 2, offset: 20, limit: 20 }],
    [45, 9, { page: 3, pages: 3, offset: 40, limit: 20 }], // past the end: the last page
  ])("%i rows, page %i", (rows, requested, window) => {
    expect(pageWindow(rows, requested)).toEqual(window);
  });
});

describe("receipt copies", () => {
  it.each([
    [0, 3],
    [2, 1],
    [3, 0],
    [7, 0],
  ])("%i copies this hour leave %i", (used, left) => {
    expect(receiptCopiesLeft(used)).toBe(left);
  });

  it.each([
    ["abcdefghijklmnop", true],
    ["Zx_-0123456789abcdefABCDEF", true],
    ["short", false],
    ["has space in it 0123", false],
    ["<script>alert(1)</script>", false],
  ])("copy request id %s is valid: %s", (value, ok) => {
    expect(isCopyRequestId(value)).toBe(ok);
  });
});

describe("maskEmail", () => {
  it.each([
    ["ap@brickellbay.example", "a•••@b•••.example"],
    ["j@x.co", "j•••@x•••.co"],
    ["first.last@mail.example.com", "f•••@m•••.com"],
    ["odd@localhost", "o•••@l•••"],
    ["no-at-sign", "•••"],
  ])("%s shows as %s", (address, masked) => {
    expect(maskEmail(address)).toBe(masked);
  });
});
