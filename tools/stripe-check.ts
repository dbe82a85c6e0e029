// `npm run stripe:check`: runs the server-side calls of a credit card, a debit card and an ACH
// payment through the portal's own gateway (worker/gateways/stripe.ts) against Stripe's test mode,
// and prints what Stripe answered. ConfirmationTokens come from Stripe's test helper with Stripe's
// test PaymentMethods, since no browser is involved.
//
//   STRIPE_EMULATOR=off STRIPE_SECRET_KEY=sk_test_... npm run stripe:check      (Stripe test mode)
//   npm run stripe:check -- --base-url http://127.0.0.1:12111                    (the emulator)
//
// Without a test key (or with the emulator on and no base URL) it says it skipped, and exits 0.
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { ParseArgsOptionsConfig } from "node:util";
import Stripe from "stripe";
import { createStripeGateway } from "../worker/gateways/stripe";
import { parseCommand, readArgs, type Command } from "./cli";

export interface CheckCase {
  name: string;
  /** One of Stripe's test PaymentMethods (docs.stripe.com/testing). */
  testPaymentMethod: string;
  methodType: "card" | "us_bank_account";
  expect: { preview: string; statuses: string[] };
}

export const CHECK_CASES: CheckCase[] = [
  { name: "credit card", testPaymentMethod: "pm_card_visa", methodType: "card", expect: { preview: "card/credit", statuses: ["succeeded"] } },
  { name: "debit card", testPaymentMethod: "pm_card_visa_debit", methodType: "card", expect: { preview: "card/debit", statuses: ["succeeded"] } },
  // ACH stays processing for days in live mode; test mode may settle it within minutes.
  {
    name: "ACH debit",
    testPaymentMethod: "pm_usBankAccount_success",
    methodType: "us_bank_account",
    expect: { preview: "us_bank_account", statuses: ["processing", "succeeded"] },
  },
];

export interface CheckOptions {
  secretKey: string;
  /** Empty for api.stripe.com; the emulator's origin otherwise. */
  apiBase: string;
  log: (line: string) => void;
}

export const STRIPE_CHECK_COMMAND = {
  usage: `usage: npm run stripe:check [-- --base-url <origin>]

Runs a credit card, a debit card and an ACH payment through the portal's gateway against
Stripe's test mode (STRIPE_EMULATOR=off STRIPE_SECRET_KEY=sk_test_...) or the emulator, and
prints what Stripe answered. Without a test key it says it skipped, and exits 0.

  --base-url <origin>  the Stripe API to call instead of api.stripe.com (the emulator's origin)
  -h, --help           show this help`,
  options: { "base-url": { type: "string" } },
  positionals: { name: "argument", min: 0, max: 0 },
} satisfies Command<ParseArgsOptionsConfig>;

export type CheckOutcome = { kind: "skipped"; reason: string } | { kind: "refused"; reason: string } | { kind: "ran"; ok: boolean };

/** Decides from the environment whether (and where) to run; never runs against a live key. Throws a UsageError for bad arguments. */
export function planCheck(
  env: Record<string, string | undefined>,
  argv: string[],
): { run: false; outcome: CheckOutcome } | { run: true; secretKey: string; apiBase: string } {
  const apiBase = readArgs(STRIPE_CHECK_COMMAND, argv).values["base-url"] ?? "";
  const secretKey = env.STRIPE_SECRET_KEY ?? "";
  if (!apiBase && env.STRIPE_EMULATOR !== "off") {
    return {
      run: false,
      outcome: {
        kind: "skipped",
        reason: "STRIPE_EMULATOR is not off. To check against Stripe's test mode: STRIPE_EMULATOR=off STRIPE_SECRET_KEY=sk_test_... npm run stripe:check",
      },
    };
  }
  if (!secretKey) {
    return {
      run: false,
      outcome: { kind: "skipped", reason: "no STRIPE_SECRET_KEY set (offline). Set a test key (sk_test_...) to check against Stripe's test mode." },
    };
  }
  if (!secretKey.startsWith("sk_test_")) {
    return {
      run: false,
      outcome: { kind: "refused", reason: "STRIPE_SECRET_KEY is not a test key (sk_test_...): this check creates payments and runs in test mode only." },
    };
  }
  return { run: true, secretKey, apiBase };
}

export async function runStripeCheck(options: CheckOptions): Promise<boolean> {
  const gateway = createStripeGateway({ secretKey: options.secretKey, webhookSecret: "unused_by_this_check", apiBase: options.apiBase });
  const helper = testHelperClient(options.secretKey, options.apiBase);
  const run = randomUUID();
  options.log(`Stripe check against ${options.apiBase || "https://api.stripe.com"} (run ${run})`);
  let ok = true;
  for (const [index, check] of CHECK_CASES.entries()) {
    const amountCents = 1_000 + index;
    try {
      const token = await helper.testHelpers.confirmationTokens.create({ payment_method: check.testPaymentMethod });
      const preview = await gateway.retrieveConfirmationToken(token.id);
      const previewText = preview.method.type === "card" ? `card/${preview.method.funding}` : preview.method.type;
      const created = await gateway.createPayment({
        amountCents,
        confirmationTokenId: token.id,
        methodType: check.methodType,
        idempotencyKey: `stripe-check-${run}-${index}`,
        receiptEmail: null,
        returnUrl: "https://portal.invalid/portal/review",
        description: `stripe:check ${check.name}`,
        metadata: { portal_payment_id: `stripe-check-${run}-${index}` },
      });
      const again = await gateway.retrievePayment(created.paymentIntentId);
      const good = previewText === check.expect.preview && check.expect.statuses.includes(created.status) && again.amountCents === amountCents;
      ok &&= good;
      options.log(
        `${good ? "ok" : "FAIL"} ${check.name}: token ${token.id} previews ${previewText}; PaymentIntent ${created.paymentIntentId} ${created.status}` +
          `${created.failureCode ? ` (${created.failureCode})` : ""}, retrieved ${again.status}, amount ${again.amountCents}` +
          `${good ? "" : ` — expected ${check.expect.preview}, ${check.expect.statuses.join(" or ")}, amount ${amountCents}`}`,
      );
    } catch (error) {
      ok = false;
      options.log(`FAIL ${check.name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    }
  }
  options.log(ok ? "All checks passed." : "Some checks failed.");
  return ok;
}

/** The SDK for Stripe's test helpers only (the portal itself never creates ConfirmationTokens). */
function testHelperClient(secretKey: string, apiBase: string): Stripe {
  if (!apiBase) return new Stripe(secretKey, { maxNetworkRetries: 2 });
  const url = new URL(apiBase);
  return new Stripe(secretKey, {
    host: url.hostname,
    port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
    protocol: url.protocol === "https:" ? "https" : "http",
    maxNetworkRetries: 0,
  });
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  parseCommand(STRIPE_CHECK_COMMAND, argv);
  const plan = planCheck(process.env, argv);
  if (!plan.run) {
    console.log(`Stripe check ${plan.outcome.kind}: ${"reason" in plan.outcome ? plan.outcome.reason : ""}`);
    return plan.outcome.kind === "skipped" ? 0 : 1;
  }
  return (await runStripeCheck({ secretKey: plan.secretKey, apiBase: plan.apiBase, log: (line) => console.log(line) })) ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then((code) => process.exit(code));
}
