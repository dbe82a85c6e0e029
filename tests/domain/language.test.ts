import { describe, expect, it } from "vitest";
import { pickLanguage } from "../../worker/domain/language";

describe("pickLanguage", () => {
  it.each<[string | undefined, string | undefined, string | undefined, string]>([
    ["es", undefined, "en-US", "es"],
    [undefined, "es", "en-US", "es"],
    ["en", "es", "es-MX", "en"],
    [undefined, undefined, "es-MX,es;q=0.9,en;q=0.8", "es"],
    [undefined, undefined, "de-DE,en;q=0.5,es;q=0.4", "en"],
    [undefined, undefined, "de-DE,es;q=0.5,en;q=0.4", "es"],
    [undefined, undefined, "es;q=0", "en"],
    ["xx", "yy", undefined, "en"],
  ])("query %s, cookie %s, Accept-Language %s -> %s", (query, cookie, accept, expected) => {
    expect(pickLanguage(query, cookie, accept)).toBe(expected);
  });
});
