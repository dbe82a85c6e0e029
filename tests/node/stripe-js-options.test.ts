// The option shapes in stripe-emulator/stripe-js-options.ts are held to @stripe/stripe-js's types
// by `npm run typecheck`; this keeps the copy the served stand-in carries identical to them.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { optionsBlock } from "../../stripe-emulator/stripe-js-options.ts";

const source = readFileSync(new URL("../../stripe-emulator/stripe-js/options.js", import.meta.url), "utf8");

describe("Stripe.js stand-in options", () => {
  it("carries the generated option shapes unchanged (else run npm run stripe-js:options)", () => {
    expect(source).toContain(optionsBlock());
  });
});
