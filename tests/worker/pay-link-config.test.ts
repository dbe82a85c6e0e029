// The Worker refuses to start with pay link settings that are missing or unsafe.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { assertConfigured, payLinkSettings, type WorkerEnv } from "../../worker/env";

const good = env as unknown as WorkerEnv;
const KEY = btoa("k".repeat(32));

describe("pay link configuration at start-up", () => {
  it("accepts the test configuration", () => {
    expect(() => assertConfigured(good)).not.toThrow();
    expect(payLinkSettings(good)).toMatchObject({ daysAfterDue: 90, publicOrigin: "" });
  });

  it.each<[string, Partial<WorkerEnv>, RegExp]>([
    ["no keys", { PAY_LINK_KEYS: "" }, /PAY_LINK_KEYS is missing/],
    ["a short secret", { PAY_LINK_KEYS: `a:${btoa("short")}` }, /at least 32 random bytes/],
    ["a key id of two characters", { PAY_LINK_KEYS: `ab:${KEY}` }, /one letter or digit/],
    ["the same key id twice", { PAY_LINK_KEYS: `a:${KEY},a:${KEY}` }, /twice/],
    ["a current key that is not among the keys", { PAY_LINK_CURRENT_KEY: "c" }, /PAY_LINK_CURRENT_KEY "c"/],
    ["more than 180 days after the due date", { PAY_LINK_DAYS_AFTER_DUE: "181" }, /180-day ceiling/],
    ["days that are not a number", { PAY_LINK_DAYS_AFTER_DUE: "ninety" }, /whole number of days/],
    ["a public origin on plain http", { PUBLIC_ORIGIN: "http://pay.example.com" }, /https/],
    ["a public origin with a path", { PUBLIC_ORIGIN: "https://pay.example.com/portal" }, /origin only/],
  ])("refuses %s", (_case, change, message) => {
    expect(() => assertConfigured({ ...good, ...change })).toThrow(message);
  });

  it("never puts a secret in its messages", () => {
    try {
      assertConfigured({ ...good, PAY_LINK_CURRENT_KEY: "z" });
    } catch (error) {
      for (const entry of good.PAY_LINK_KEYS.split(",")) expect(String(error)).not.toContain(entry.slice(2));
    }
  });

  it("accepts 180 days and an https public origin", () => {
    expect(payLinkSettings({ ...good, PAY_LINK_DAYS_AFTER_DUE: "180", PUBLIC_ORIGIN: "https://pay.alvarezwhitman.example/" })).toMatchObject({
      daysAfterDue: 180,
      publicOrigin: "https://pay.alvarezwhitman.example",
    });
  });
});
