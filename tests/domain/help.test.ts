import { describe, expect, it } from "vitest";
import { checkHelpRequest, checkStaffUpdate, isHelpReference, multiLine, referenceFromBytes, singleLine, type HelpInput } from "../../worker/domain/help";
import { retryDelaySeconds } from "../../worker/domain/retry";

const VALID: HelpInput = {
  name: "Ana Pérez",
  email: "ana@brickellbay.example",
  phone: "",
  company: "Brickell Bay Holdings LLC",
  number: "",
  topic: "payment_problem",
  message: "My card was charged twice.",
};

describe("help request checks", () => {
  it("accepts a complete request and cleans whitespace", () => {
    const result = checkHelpRequest({ ...VALID, name: "  Ana \t Pérez ", message: "Line one\r\nLine two\u0007 ", number: " 413-955 " });
    expect(result).toEqual({
      ok: true,
      draft: { ...VALID, name: "Ana Pérez", phone: null, number: "413955", message: "Line one\nLine two" },
    });
  });

  it.each<[string, Partial<HelpInput>, string, string]>([
    ["no name", { name: "" }, "name", "required"],
    ["a 101-character name", { name: "x".repeat(101) }, "name", "too_long"],
    ["no email", { email: "" }, "email", "required"],
    ["half an email", { email: "ana@" }, "email", "format"],
    ["an email with a header after it", { email: "ana@example.com\r\nBcc: victim@example.com" }, "email", "format"],
    ["a phone in words", { phone: "call me" }, "phone", "format"],
    ["a 5-digit phone", { phone: "12345" }, "phone", "format"],
    ["a 31-character phone", { phone: "1".repeat(31) }, "phone", "too_long"],
    ["a blank company", { company: " " }, "company", "required"],
    ["a 5-digit number", { number: "12345" }, "number", "format"],
    ["an unknown topic", { topic: "refund_please" }, "topic", "required"],
    ["no topic", { topic: "" }, "topic", "required"],
    ["a blank message", { message: "  \n " }, "message", "required"],
    ["a 4,001-character message", { message: "x".repeat(4001) }, "message", "too_long"],
  ])("%s: %s %s", (_label, change, field, error) => {
    const result = checkHelpRequest({ ...VALID, ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual({ [field]: error });
  });

  it.each(["(305) 555-0100", "+1 305 555 0100", "305.555.0100 ext. 12", "3055550100x7"])("accepts the phone %j", (phone) => {
    expect(checkHelpRequest({ ...VALID, phone }).ok).toBe(true);
  });

  it.each(["20481736", "413955", "#413955"])("accepts the number %j", (number) => {
    expect(checkHelpRequest({ ...VALID, number }).ok).toBe(true);
  });

  it("keeps markup as typed: it is text, escaped where shown", () => {
    const result = checkHelpRequest({ ...VALID, name: "<script>alert(1)</script>", message: "<img src=x onerror=alert(1)>" });
    expect(result.ok && result.draft.name).toBe("<script>alert(1)</script>");
  });

  it("makes single-line fields one line and keeps a message's lines", () => {
    expect(singleLine("a\nb\r\nc\u0000d")).toBe("a b c d");
    expect(multiLine("a\r\n\r\nb\u0000")).toBe("a\n\nb");
  });
});

describe("references", () => {
  it("are HR- and six unambiguous symbols", () => {
    const reference = referenceFromBytes(new Uint8Array([0, 1, 31, 32, 255, 100]));
    expect(reference).toBe("HR-23Z2Z6");
    expect(isHelpReference(reference)).toBe(true);
  });

  it.each(["HR-23ZZO0", "hr-23zz22", "HR-23ZZ2", "XX-23ZZ22", "HR-I1ZZ22"])("refuses %j", (value) => {
    expect(isHelpReference(value)).toBe(false);
  });
});

describe("staff updates", () => {
  it.each<[string, string, string, string, ReturnType<typeof checkStaffUpdate>]>([
    ["a status change alone", "new", "in_progress", "", { ok: true, status: "in_progress", note: null }],
    ["a note alone", "new", "new", "Called the client.", { ok: true, status: "new", note: "Called the client." }],
    ["neither", "new", "new", "  ", { ok: false, error: "nothing_to_record" }],
    ["an unknown status", "new", "closed", "", { ok: false, error: "status" }],
    ["a 2,001-character note", "new", "answered", "x".repeat(2001), { ok: false, error: "note_too_long" }],
  ])("%s", (_label, current, status, note, expected) => {
    expect(checkStaffUpdate(current as "new", status, note)).toEqual(expected);
  });
});

describe("retry backoff", () => {
  it.each([
    [1, 10, 10],
    [2, 10, 20],
    [5, 10, 160],
    [8, 10, 900], // capped at 15 minutes
    [50, 10, 900],
    [3, 0, 0],
  ])("attempt %i with base %i s waits %i s", (attempts, base, expected) => {
    expect(retryDelaySeconds(attempts, base)).toBe(expected);
  });
});
