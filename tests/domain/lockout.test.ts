import { describe, expect, it } from "vitest";
import { ipKey, ipPrefix } from "../../worker/domain/ip";
import { attemptVerdict, lockoutKeys, verdictAfterFailure } from "../../worker/domain/lockout";

const policy = { maxFailures: 5, windowMs: 900_000 };

describe("lockout: counters already include this attempt", () => {
  it.each([
    [[{ failures: 1, windowStartedAt: 0 }], 1000, true],
    [[{ failures: 5, windowStartedAt: 0 }], 1000, true],
    [[{ failures: 6, windowStartedAt: 0 }], 1000, false],
    [
      [
        { failures: 1, windowStartedAt: 0 },
        { failures: 6, windowStartedAt: 500 },
      ],
      1000,
      false,
    ],
  ])("%j at %i: compare the guess %s", (counters, now, evaluate) => {
    expect(attemptVerdict(counters, policy, now).evaluate).toBe(evaluate);
  });

  it("refuses until the latest exceeded window ends", () => {
    expect(
      attemptVerdict(
        [
          { failures: 9, windowStartedAt: 0 },
          { failures: 7, windowStartedAt: 60_000 },
        ],
        policy,
        100_000,
      ),
    ).toEqual({
      evaluate: false,
      retryAfterSeconds: 860,
    });
  });

  it.each([
    [4, true],
    [5, false],
  ])("a wrong guess that was attempt %i leaves lookups open: %s", (failures, open) => {
    expect(verdictAfterFailure([{ failures, windowStartedAt: 0 }], policy, 1000).evaluate).toBe(open);
  });
});

describe("IP keys: one helper for limits (IPv6 /64) and records (/24, /48)", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7", "203.0.113.0/24"],
    ["::ffff:203.0.113.7", "203.0.113.7", "203.0.113.0/24"],
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64", "2001:db8:1::/48"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64", "2001:db8:1::/48"],
    ["2001:DB8:1:2:ffff::", "2001:db8:1:2::/64", "2001:db8:1::/48"],
    ["garbage", "unknown", "unknown"],
    ["", "unknown", "unknown"],
  ])("%s keys as %s, records as %s", (ip, key, prefix) => {
    expect(ipKey(ip)).toBe(key);
    expect(ipPrefix(ip)).toBe(prefix);
  });

  it("keys a lookup by the /64, so one network cannot rotate addresses to guess more", () => {
    expect(lockoutKeys("2001:db8:1:2::1", "413955").ip).toBe(lockoutKeys("2001:db8:1:2:ffff:ffff:ffff:ffff", "413955").ip);
    expect(lockoutKeys("2001:db8:1:3::1", "413955").ip).not.toBe(lockoutKeys("2001:db8:1:2::1", "413955").ip);
  });
});
