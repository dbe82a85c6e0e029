// Which Chromium the browser tests launch (never a downloaded browser): the e2e suite and the
// node suite's Stripe.js stand-in test share it.
import { existsSync } from "node:fs";

/**
 * Debian's chromium-headless-shell when installed: the same Blink and V8 as Debian's chromium,
 * without the browser's UI layer that headless never shows (Playwright's own default for headless
 * runs). On these 2-core machines it cut the browser suite by about a sixth. CHROMIUM_PATH
 * overrides; the full browser is the fallback. The binary, not /usr/bin's shell wrapper, so that
 * closing the browser ends the process Playwright started.
 */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const headlessShell = "/usr/lib/chromium/chromium-headless-shell";
  return existsSync(headlessShell) ? headlessShell : "/usr/bin/chromium";
}
