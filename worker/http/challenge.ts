// Turnstile on the help form: the verifier the service checks a token with, and what the page needs
// to show the widget (with Cloudflare's test sitekeys, the test token stands in for it).
import type { ChallengeWidget } from "../../ui/pages/HelpPage";
import type { WorkerEnv } from "../env";
import { isRealSiteKey, TEST_TOKEN, turnstileVerifier, type ChallengeVerifier } from "../gateways/turnstile";

export function challengeWidget(env: WorkerEnv): ChallengeWidget {
  const siteKey = env.TURNSTILE_SITE_KEY ?? "";
  return { siteKey, real: isRealSiteKey(siteKey), testToken: TEST_TOKEN };
}

export function challengeVerifier(env: WorkerEnv): ChallengeVerifier {
  return turnstileVerifier(env.TURNSTILE_SECRET_KEY);
}
