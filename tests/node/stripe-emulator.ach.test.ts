// ACH as Stripe runs it: an instantly verified account (Financial Connections) debits at once;
// bank details typed by hand wait in requires_action for microdeposits, verified on the hosted
// page or through the API with Stripe's test values, with limited attempts and a 10-day expiry.
import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { bankToken, browserPost, createIntent, manualBankToken, ORIGIN, PK, rejectionOf, setup } from "./stripe-emulator.fixtures.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

function verification(intent: Stripe.PaymentIntent): Stripe.PaymentIntent.NextAction.VerifyWithMicrodeposits {
  expect(intent.status).toBe("requires_action");
  expect(intent.next_action?.type).toBe("verify_with_microdeposits");
  return intent.next_action!.verify_with_microdeposits!;
}

describe("ACH instant verification", () => {
  it("goes straight to processing and records the Financial Connections account", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await bankToken(emulator, "000123456789"));
    expect(intent.status).toBe("processing");
    expect(intent.next_action).toBeNull();
    const method = await stripe.paymentMethods.retrieve(String(intent.payment_method));
    expect(method.us_bank_account?.financial_connections_account).toMatch(/^fca_/);
  });

  it("refuses an unknown Financial Connections account and one given with typed numbers", async () => {
    const { emulator } = setup();
    const base = { key: PK, "payment_method_data[type]": "us_bank_account", "payment_method_data[billing_details][name]": "Ada Client" };
    const unknown = await browserPost(emulator, "/v1/confirmation_tokens", {
      ...base,
      "payment_method_data[us_bank_account][financial_connections_account]": "fca_nope",
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("resource_missing");
    const linked = (await (
      await browserPost(emulator, "/_emulator/financial_connections/accounts", { key: PK, routing_number: "110000000", account_number: "000123456789" })
    ).json()) as { id: string };
    const both = await browserPost(emulator, "/v1/confirmation_tokens", {
      ...base,
      "payment_method_data[us_bank_account][financial_connections_account]": linked.id,
      "payment_method_data[us_bank_account][routing_number]": "110000000",
      "payment_method_data[us_bank_account][account_number]": "000123456789",
    });
    expect(both.status).toBe(400);
  });
});

describe("ACH microdeposits (manual entry)", () => {
  it("asks for verification with Stripe's next_action shape, then processes once the descriptor code is right", async () => {
    const now = Date.UTC(2026, 10, 2, 12);
    const { emulator, stripe } = setup({ now: () => now });
    const intent = await createIntent(stripe, await manualBankToken(emulator, "000123456789"));
    const next = verification(intent);
    expect(next.microdeposit_type).toBe("descriptor_code");
    expect(next.arrival_date).toBe(now / 1000 + 2 * 24 * 3600);
    expect(next.hosted_verification_url).toMatch(new RegExp(`^${ORIGIN}/_emulator/microdeposit/pacs_test_`));
    expect(emulator.events().map((e) => e.type)).toEqual(["payment_intent.created", "payment_intent.requires_action"]);

    const wrong = await rejectionOf(stripe.paymentIntents.verifyMicrodeposits(intent.id, { descriptor_code: "SM22BB" }));
    expect(wrong.code).toBe("payment_method_microdeposit_verification_descriptor_code_mismatch");
    expect(wrong.message).toContain("9 verification attempts remaining");
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_action");

    const verified = await stripe.paymentIntents.verifyMicrodeposits(intent.id, { descriptor_code: "SM11AA" });
    expect(verified.status).toBe("processing");
    expect(verified.next_action).toBeNull();
  });

  it("verifies amounts 32 and 45 through Stripe.js with the client secret, and refuses other amounts", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await manualBankToken(emulator, "000123456789", "company"));
    expect(verification(intent).microdeposit_type).toBe("amounts");
    const post = (amounts: [string, string], secret = intent.client_secret!) =>
      browserPost(emulator, `/v1/payment_intents/${intent.id}/verify_microdeposits`, {
        key: PK,
        client_secret: secret,
        "amounts[0]": amounts[0],
        "amounts[1]": amounts[1],
      });
    expect((await post(["32", "45"], "pi_wrong_secret_x")).status).toBe(400);
    const mismatch = await post(["12", "34"]);
    expect(mismatch.status).toBe(400);
    expect(((await mismatch.json()) as { error: { code: string } }).error.code).toBe("payment_method_microdeposit_verification_amounts_mismatch");
    const ok = await post(["32", "45"]);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { status: string }).status).toBe("processing");
  });

  it("fails the PaymentIntent after three wrong amounts, as Stripe limits attempts", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await manualBankToken(emulator, "000123456789", "company"));
    for (const remaining of [2, 1]) {
      const error = await rejectionOf(stripe.paymentIntents.verifyMicrodeposits(intent.id, { amounts: [1, 2] }));
      expect(error.message).toContain(`${remaining} verification attempts remaining`);
    }
    const last = await rejectionOf(stripe.paymentIntents.verifyMicrodeposits(intent.id, { amounts: [32, 46] }));
    expect(last.code).toBe("payment_method_microdeposit_verification_attempts_exceeded");
    const failed = await stripe.paymentIntents.retrieve(intent.id);
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_payment_error?.code).toBe("payment_method_microdeposit_verification_attempts_exceeded");
    // Even the right amounts are refused now.
    expect((await rejectionOf(stripe.paymentIntents.verifyMicrodeposits(intent.id, { amounts: [32, 45] }))).code).toBe("payment_intent_unexpected_state");
  });

  it("times out after 10 days without verification: requires_payment_method and payment_intent.payment_failed", async () => {
    let now = Date.UTC(2026, 10, 2, 12);
    const { emulator, stripe } = setup({ now: () => now });
    const intent = await createIntent(stripe, await manualBankToken(emulator, "000123456789"));
    now += 10 * DAY_MS - 1000;
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("requires_action");
    now += 1000;
    const expired = await stripe.paymentIntents.retrieve(intent.id);
    expect(expired.status).toBe("requires_payment_method");
    expect(expired.last_payment_error?.code).toBe("payment_method_microdeposit_verification_timeout");
    expect(emulator.events().at(-1)?.type).toBe("payment_intent.payment_failed");
    // Then it can be canceled, which is what the portal's reconciliation does.
    expect((await stripe.paymentIntents.cancel(intent.id, { cancellation_reason: "abandoned" })).status).toBe("canceled");
  });

  it("serves a hosted verification page that refuses a wrong code and accepts SM11AA", async () => {
    const { emulator, stripe } = setup();
    const intent = await createIntent(stripe, await manualBankToken(emulator, "000123456789"));
    const url = new URL(verification(intent).hosted_verification_url);
    const page = await emulator.fetch(url.toString(), { headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="descriptor_code"');
    const wrong = await browserPost(emulator, url.pathname, { descriptor_code: "SM00XX" });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("does not match");
    const right = await browserPost(emulator, url.pathname, { descriptor_code: "sm11aa" });
    expect(await right.text()).toContain("Bank account verified");
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe("processing");
    expect((await emulator.fetch(`${ORIGIN}/_emulator/microdeposit/pacs_test_unknown`)).status).toBe(404);
  });
});
