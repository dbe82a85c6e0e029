import { describe, expect, it } from "vitest";
import { isEmailAddress } from "../../worker/domain/email-address";

describe("email addresses refuse control and format characters (receipt and help emails)", () => {
  it.each([
    ["NUL", "ana\u0000@brickellbay.example"],
    ["a C0 control", "ana\u0007@brickellbay.example"],
    ["escape", "ana\u001b[31m@brickellbay.example"],
    ["DEL", "ana\u007f@brickellbay.example"],
    ["NEL", "ana\u0085@brickellbay.example"],
    ["a C1 control", "ana\u009b@brickellbay.example"],
    ["a bidi override", "ana\u202e@brickellbay.example"],
    ["a zero-width space", "an\u200ba@brickellbay.example"],
  ])("refuses %s", (_case, address) => {
    expect(isEmailAddress(address)).toBe(false);
  });

  it.each(["ana@brickellbay.example", "ana.perez+receipts@brickell-bay.example", "josé@brickellbay.example"])("accepts %s", (address) => {
    expect(isEmailAddress(address)).toBe(true);
  });
});
