import { describe, expect, it } from "vitest";
import {
  browserFamily,
  constantTimeEqual,
  ipPrefix,
  parseDaysAfterDue,
  parseKeyring,
  payLinkExpiry,
  payLinkLastDay,
  payLinkState,
  randomLinkId,
  signPayLinkCode,
  verifyPayLinkCode,
} from "../../worker/domain/pay-links";

const A = btoa("a".repeat(32));
const B = btoa("b".repeat(32));
const keys = parseKeyring(`a:${A},b:${B}`, "a");

describe("codes", () => {
  it("are 16 base64url characters: key id, 4-character id, 11-character tag", async () => {
    const code = await signPayLinkCode(keys, "Ab_-");
    expect(code).toMatch(/^aAb_-[A-Za-z0-9_-]{11}$/);
    expect(await verifyPayLinkCode(keys, code)).toEqual({ keyId: "a", id: "Ab_-" });
  });

  it("are deterministic for a key and id, and differ between keys", async () => {
    expect(await signPayLinkCode(keys, "0000")).toBe(await signPayLinkCode(keys, "0000"));
    const underB = await signPayLinkCode(parseKeyring(`a:${A},b:${B}`, "b"), "0000");
    expect(underB.slice(5)).not.toBe((await signPayLinkCode(keys, "0000")).slice(5));
    expect(await verifyPayLinkCode(keys, underB)).toEqual({ keyId: "b", id: "0000" });
  });

  it("random ids are 4 base64url characters (24 bits)", () => {
    expect(randomLinkId(() => new Uint8Array([0, 0, 0]))).toBe("AAAA");
    expect(randomLinkId(() => new Uint8Array([255, 255, 255]))).toBe("____");
    for (let i = 0; i < 50; i++) expect(randomLinkId()).toMatch(/^[A-Za-z0-9_-]{4}$/);
  });

  it("refuses an id that is not 4 base64url characters", async () => {
    await expect(signPayLinkCode(keys, "abc")).rejects.toThrow();
    await expect(signPayLinkCode(keys, "ab+c")).rejects.toThrow();
  });

  it("rejects every single-character change", async () => {
    const code = await signPayLinkCode(keys, "wXyZ");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < code.length; i++) {
      for (const ch of alphabet) {
        if (ch === code[i]) continue;
        const altered = code.slice(0, i) + ch + code.slice(i + 1);
        expect(await verifyPayLinkCode(keys, altered), altered).toBeNull();
      }
    }
  });

  it.each([
    ["empty", ""],
    ["truncated", "a".repeat(15)],
    ["extended", "a".repeat(17)],
    ["padding", "aAAAA==========="],
    ["a slash", "aAAAA/AAAAAAAAAA"],
    ["unicode", "aAAAAé.AAAAAAAAA"],
  ])("rejects %s without computing anything", async (_case, code) => {
    expect(await verifyPayLinkCode(keys, code)).toBeNull();
  });

  it("rejects a code once its key is removed from the keyring", async () => {
    const code = await signPayLinkCode(parseKeyring(`a:${A},b:${B}`, "b"), "Keep");
    expect(await verifyPayLinkCode(parseKeyring(`a:${A}`, "a"), code)).toBeNull();
  });
});

describe("constantTimeEqual", () => {
  it.each([
    ["abc", "abc", true],
    ["abc", "abd", false],
    ["abc", "ab", false],
    ["", "", true],
  ])("%j vs %j", (a, b, equal) => {
    expect(constantTimeEqual(a, b)).toBe(equal);
  });
});

describe("configuration", () => {
  it("reads several keys, base64 or base64url, and the current one", () => {
    const ring = parseKeyring(` a:${A} , 7:${B.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")} `, "7");
    expect(ring.currentKeyId).toBe("7");
    expect([...ring.secrets.keys()]).toEqual(["a", "7"]);
    expect(ring.secrets.get("a")).toHaveLength(32);
  });

  it.each([
    ["", "a"],
    [`a:${btoa("x".repeat(31))}`, "a"],
    [`a:not base64!`, "a"],
    [`:${A}`, "a"],
    [`-:${A}`, "-"],
    [`a:${A}`, "b"],
    [`a:${A},a:${B}`, "a"],
  ])("refuses keys %j with current %j", (keysText, current) => {
    expect(() => parseKeyring(keysText, current)).toThrow();
  });

  it.each([
    [undefined, 90],
    ["", 90],
    ["1", 1],
    ["90", 90],
    ["180", 180],
  ])("days after due %j -> %i", (value, days) => {
    expect(parseDaysAfterDue(value)).toBe(days);
  });

  it.each(["181", "365", "0", "-5", "9.5", "ninety"])("refuses %j days", (value) => {
    expect(() => parseDaysAfterDue(value)).toThrow();
  });
});

describe("expiry", () => {
  const at = (iso: string) => Date.parse(`${iso}T15:00:00Z`);
  it.each([
    // Minted on the invoice date: due 30 days later, works 90 more.
    ["2026-10-30", "2026-10-30", 90, "2027-02-27"],
    ["2026-11-14", "2026-11-20", 90, "2027-03-14"],
    ["2026-01-31", "2026-01-31", 90, "2026-05-31"],
    ["2026-11-14", "2026-11-14", 180, "2027-06-12"],
    // Minted after the due date (a reminder, a replacement): counted from the day it is minted.
    ["2026-03-31", "2026-11-27", 90, "2027-02-25"],
    ["2026-03-31", "2026-04-30", 90, "2026-07-29"],
  ])("invoice %s minted %s with %i days: works through %s", (invoiceDate, minted, days, lastDay) => {
    const { expiresOn, expiresAt } = payLinkExpiry(invoiceDate, at(minted), days);
    expect(expiresOn).toBe(lastDay);
    expect(payLinkLastDay(expiresAt)).toBe(lastDay);
    expect(expiresAt).toBe(Date.parse(`${lastDay}T00:00:00Z`) + 86_400_000);
  });

  it("states", () => {
    const expiresAt = Date.parse("2027-02-28T00:00:00Z");
    expect(payLinkState({ expiresAt, revokedAt: null }, expiresAt - 1)).toBe("active");
    expect(payLinkState({ expiresAt, revokedAt: null }, expiresAt)).toBe("expired");
    expect(payLinkState({ expiresAt, revokedAt: 5 }, 0)).toBe("revoked");
  });
});

describe("what staff see of a visitor", () => {
  it.each([
    ["203.0.113.77", "203.0.113.0/24"],
    ["10.0.0.1", "10.0.0.0/24"],
    ["::ffff:198.51.100.9", "198.51.100.0/24"],
    ["2001:db8:abcd:12::1", "2001:db8:abcd::/48"],
    ["2001:0DB8:0000:0012:0000:0000:0000:0001", "2001:db8:0::/48"],
    ["::1", "0:0:0::/48"],
    ["fe80::", "fe80:0:0::/48"],
    ["256.1.1.1", "unknown"],
    ["1.2.3", "unknown"],
    ["2001:db8::1::2", "unknown"],
    ["1:2:3:4:5:6:7:8:9", "unknown"],
    ["not an ip", "unknown"],
    ["", "unknown"],
    [undefined, "unknown"],
  ])("%j -> %j", (ip, prefix) => {
    expect(ipPrefix(ip)).toBe(prefix);
  });

  it.each([
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36", "Chrome"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/141.0 Mobile/15E148 Safari/604.1", "Chrome"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari"],
    ["Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15", "Firefox"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0", "Edge"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 OPR/115.0.0.0", "Other"],
    ["Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", "Other"],
    ["curl/8.5.0", "Other"],
    ["", "Other"],
    [undefined, "Other"],
  ])("%j -> %s", (ua, family) => {
    expect(browserFamily(ua)).toBe(family);
  });
});
