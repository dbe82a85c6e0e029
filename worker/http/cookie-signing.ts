// The session cookie's signature, in hono's signed-cookie format (`value.base64(HMAC-SHA256)`, the
// tag 44 characters), with the HMAC key imported once per isolate. hono/cookie imports it again on
// every read and write: about 7% of a portal page's CPU in a profile under load.
const HMAC = { name: "HMAC", hash: "SHA-256" } as const;
const keys = new Map<string, Promise<CryptoKey>>();
const encoder = new TextEncoder();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), HMAC, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

/** `value.tag`, ready for setCookie. */
export async function signCookieValue(value: string, secret: string): Promise<string> {
  const tag = new Uint8Array(await crypto.subtle.sign(HMAC.name, await keyFor(secret), encoder.encode(value)));
  return `${value}.${btoa(String.fromCharCode(...tag))}`;
}

/** The value a signed cookie carries, or null when it is missing, malformed or its tag is wrong (a constant-time check). */
export async function verifiedCookieValue(signed: string | undefined, secret: string): Promise<string | null> {
  if (!signed) return null;
  const dot = signed.lastIndexOf(".");
  const tag = signed.slice(dot + 1);
  if (dot < 0 || tag.length !== 44 || !tag.endsWith("=")) return null;
  const value = signed.slice(0, dot);
  let tagBytes: Uint8Array<ArrayBuffer>;
  try {
    tagBytes = Uint8Array.from(atob(tag), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
  return (await crypto.subtle.verify(HMAC.name, await keyFor(secret), tagBytes, encoder.encode(value))) ? value : null;
}
