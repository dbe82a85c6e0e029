// Arabic joining and right-to-left order in PDF lines (ui/pdf/shaping.ts): what is drawn, left
// to right, for text in logical order.
import { describe, expect, it } from "vitest";
import { shapeLine } from "../../ui/pdf/shaping";

const drawn = (text: string) =>
  shapeLine(text)
    .map((c) => c.draw.toString(16).toUpperCase().padStart(4, "0"))
    .join(" ");

describe("shapeLine", () => {
  it.each([
    // meem initial, hah medial, meem medial, dal final: drawn from the left, so reversed.
    ["محمد", "FEAA FEE4 FEA4 FEE3"],
    // alef and dal do not join forward: the letter after each stands alone.
    ["ادم", "FEE1 FEA9 FE8D"],
    // lam + alef is one ligature; after a joining letter, its final form.
    ["لا", "FEFB"],
    ["سلام", "FEE1 FEFC FEB3"],
    // Harakat do not break the joining.
    ["بَب", "FE90 064E FE91"],
    // Latin is untouched.
    ["Ab 1", "0041 0062 0020 0031"],
    // A number after Arabic stays left to right, on the left of the run; reh after alef stands alone.
    ["شارع 12", "0031 0032 0020 FEC9 FEAD FE8E FEB7"],
    // Inside a left-to-right line the Arabic run is reversed in place.
    ["A بب (C)", "0041 0020 FE90 FE91 0020 0028 0043 0029"],
  ])("%s", (text, expected) => {
    expect(drawn(text)).toBe(expected);
  });

  it("remembers the logical text of every glyph, the ligature's two letters included", () => {
    expect(shapeLine("سلام").map((c) => c.text)).toEqual(["م", "لا", "س"]);
  });
});
