// What routes read from the Worker's environment, through the http layer: the typed Hono env,
// the configuration readers (worker/env.ts checks them at start) and the queue producers.
export type { AppEnv } from "../env";
export { arEmail, devMailboxEnabled, emailConfig, firmTimeZone, lockoutPolicy, payLinkSettings, positiveIntVar, stripeJsUrl } from "../env";
export { emailQueue, helpQueue } from "../queue/messages";
