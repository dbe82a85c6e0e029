// The session cookie's signature: hono's signed-cookie format exactly (so cookies signed before
// the change still read), with a wrong, missing or malformed tag read as no cookie at all.
import { parseSigned, serializeSigned } from "hono/utils/cookie";
import { describe, expect, it } from "vitest";
import { signCookieValue, verifiedCookieValue } from "../../../worker/http/cookie-signing";

const SECRET = "test-secret-0123456789abcdef0123456789";
const VALUE = "f3c1e2a9~1764700000000~00000001-00000002-abc";

describe("the session cookie's signature", () => {
  it("is hono's: hono reads what we sign", async () => {
    const signed = await signCookieValue(VALUE, SECRET);
    expect(await parseSigned(`c=${encodeURIComponent(signed)}`, SECRET, "c")).toEqual({ c: VALUE });
  });

  it("reads what hono signed", async () => {
    const header = await serializeSigned("c", VALUE, SECRET);
    const signed = decodeURIComponent(header.slice("c=".length).split(";")[0]!);
    expect(await verifiedCookieValue(signed, SECRET)).toBe(VALUE);
  });

  it.each([
    ["no cookie", async () => undefined],
    ["another secret's tag", async () => signCookieValue(VALUE, `${SECRET}x`)],
    ["a changed value", async () => (await signCookieValue(VALUE, SECRET)).replace("~1764", "~9764")],
    ["no tag", async () => VALUE],
    ["a tag that is not base64", async () => `${VALUE}.${"!".repeat(43)}=`],
    ["a short tag", async () => `${VALUE}.abc=`],
  ])("refuses %s", async (_case, make) => {
    expect(await verifiedCookieValue(await make(), SECRET)).toBeNull();
  });
});
