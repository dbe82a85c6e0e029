import { describe, expect, it } from "vitest";
import { classifyLookupNumber } from "../../worker/domain/numbers";

describe("classifyLookupNumber tells invoice numbers from client numbers", () => {
  it.each([
    ["413955", { kind: "invoice", number: "413955" }],
    [" 413 955 ", { kind: "invoice", number: "413955" }],
    ["#413955", { kind: "invoice", number: "413955" }],
    ["20481736", { kind: "client_number" }],
    ["2048-1736", { kind: "client_number" }],
    ["", { kind: "empty" }],
    ["513955", { kind: "invalid" }],
    ["41395", { kind: "invalid" }],
    ["4139555", { kind: "invalid" }],
    ["30481736", { kind: "invalid" }],
    ["41a955", { kind: "invalid" }],
  ])("%j is %j", (input, expected) => {
    expect(classifyLookupNumber(input)).toEqual(expected);
  });
});
