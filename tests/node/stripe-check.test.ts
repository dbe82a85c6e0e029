// `npm run stripe:check`: the same script that checks Stripe's test mode with a real test key runs
// green against the emulator (it takes the base URL), and offline it skips with the reason.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatorServer, type EmulatorServer } from "../../stripe-emulator/server.ts";
import { planCheck, runStripeCheck } from "../../tools/stripe-check.ts";
import { SK } from "./stripe-emulator.fixtures.ts";

const root = join(import.meta.dirname, "../..");
let server: EmulatorServer;

beforeAll(async () => {
  server = await startEmulatorServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const base = { ...process.env };
    delete base.STRIPE_SECRET_KEY;
    delete base.STRIPE_EMULATOR;
    const child = spawn(join(root, "node_modules/.bin/tsx"), ["tools/stripe-check.ts", ...args], { cwd: root, env: { ...base, ...env } });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout }));
  });
}

describe("stripe:check", () => {
  it("runs a credit card, a debit card and an ACH payment through the gateway and reports each", async () => {
    const lines: string[] = [];
    expect(await runStripeCheck({ secretKey: SK, apiBase: server.url, log: (line) => lines.push(line) })).toBe(true);
    expect(lines[0]).toContain(server.url);
    expect(lines.find((l) => l.includes("credit card"))).toMatch(
      /^ok credit card: token ctoken_\w+ previews card\/credit; PaymentIntent pi_\w+ succeeded, retrieved succeeded, amount 1000$/,
    );
    expect(lines.find((l) => l.includes("debit card"))).toMatch(/^ok debit card: .* previews card\/debit; .* succeeded/);
    expect(lines.find((l) => l.includes("ACH debit"))).toMatch(/^ok ACH debit: .* previews us_bank_account; PaymentIntent pi_\w+ processing/);
    expect(lines.at(-1)).toBe("All checks passed.");
    // The emulator saw exactly the calls the portal makes, through its own gateway.
    const created = server.emulator.events().filter((e) => e.type === "payment_intent.created");
    expect(created).toHaveLength(3);
    expect(created.every((e) => (e.data.object as { metadata: Record<string, string> }).metadata.portal_payment_id?.startsWith("stripe-check-"))).toBe(true);
  });

  it.each([
    [{}, [], "skipped", /STRIPE_EMULATOR is not off/],
    [{ STRIPE_EMULATOR: "off" }, [], "skipped", /no STRIPE_SECRET_KEY/],
    [{ STRIPE_EMULATOR: "off", STRIPE_SECRET_KEY: "sk_live_abc" }, [], "refused", /not a test key/],
    [{ STRIPE_SECRET_KEY: "sk_live_abc" }, ["--base-url", "http://127.0.0.1:1"], "refused", /not a test key/],
  ] as const)("plans %j %j as %s", (env, argv, kind, reason) => {
    const plan = planCheck(env, [...argv]);
    expect(plan.run).toBe(false);
    if (!plan.run) {
      expect(plan.outcome.kind).toBe(kind);
      expect("reason" in plan.outcome ? plan.outcome.reason : "").toMatch(reason);
    }
  });

  it("offline, the command says it skipped and why, and exits 0", async () => {
    const result = await runCli([], { STRIPE_EMULATOR: "off" });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Stripe check skipped: no STRIPE_SECRET_KEY set");
  }, 60_000);

  it("pointed at the emulator, the command runs green", async () => {
    const result = await runCli(["--base-url", server.url], { STRIPE_SECRET_KEY: "sk_test_stripe_check" });
    expect(result.stdout).toContain("All checks passed.");
    expect(result.code).toBe(0);
  }, 60_000);
});
