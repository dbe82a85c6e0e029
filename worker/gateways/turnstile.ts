// Cloudflare Turnstile, checked on the server. Cloudflare documents test secrets with fixed
// outcomes; for those the answer is known without a network call, which keeps local runs and the
// browser suite offline. Any other secret is checked with siteverify.

export type ChallengeOutcome = "passed" | "failed" | "unavailable";

export interface ChallengeVerifier {
  verify(token: string, remoteIp: string | null): Promise<ChallengeOutcome>;
}

export const SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** Cloudflare's documented test secrets: always passes; always fails; "token already spent". */
export const TEST_SECRETS = {
  pass: "1x0000000000000000000000000000000AA",
  fail: "2x0000000000000000000000000000000AA",
  spent: "3x0000000000000000000000000000000AA",
} as const;

/** What the test sitekeys put in the form's cf-turnstile-response field. */
export const TEST_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";

export function isTestSecret(secret: string): boolean {
  return (Object.values(TEST_SECRETS) as string[]).includes(secret);
}

/** Real sitekeys start with 0x; the test ones with 1x, 2x or 3x. */
export function isRealSiteKey(siteKey: string): boolean {
  return siteKey.startsWith("0x");
}

export function turnstileVerifier(secret: string, fetcher: typeof fetch = (input, init) => fetch(input, init)): ChallengeVerifier {
  return {
    async verify(token, remoteIp) {
      // A form posted without the field did not come from our page, whatever the secret.
      if (!token || token.length > 2048) return "failed";
      if (secret === TEST_SECRETS.pass) return "passed";
      if (secret === TEST_SECRETS.fail || secret === TEST_SECRETS.spent) return "failed";
      const body = new URLSearchParams({ secret, response: token, idempotency_key: crypto.randomUUID() });
      if (remoteIp) body.set("remoteip", remoteIp);
      try {
        const response = await fetcher(SITEVERIFY_URL, { method: "POST", body, signal: AbortSignal.timeout(10_000) });
        if (!response.ok) return "unavailable";
        const result = (await response.json()) as { success?: boolean };
        return result.success === true ? "passed" : "failed";
      } catch {
        return "unavailable";
      }
    },
  };
}
