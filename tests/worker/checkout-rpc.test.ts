// The client Worker reaches Stripe only through the staff Worker's Checkout entrypoint (its
// CHECKOUT binding). What the checkout tells apart must survive the hop: a refusal with Stripe's
// code, an unreachable provider, and a hop that fails on its own.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { GatewayRequestError, GatewayUnavailableError } from "../../worker/domain/gateway-errors";
import { checkoutGatewayOverRpc, settle, type CheckoutService } from "../../worker/gateways/checkout-rpc";

describe("the checkout's calls to Stripe through the staff Worker", () => {
  it("answers a refusal with Stripe's code as a value, over the real binding", async () => {
    const outcome = await env.CHECKOUT.retrieveConfirmationToken("ctoken_does_not_exist");
    expect(outcome).toMatchObject({ ok: false, error: "request", code: "resource_missing" });
  });

  it("turns that refusal back into GatewayRequestError with its code on the client side", async () => {
    const gateway = checkoutGatewayOverRpc(env.CHECKOUT);
    const error = await gateway.retrieveConfirmationToken("ctoken_does_not_exist").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect((error as GatewayRequestError).code).toBe("resource_missing");
  });

  it("finds no payment for an attempt Stripe never saw", async () => {
    const gateway = checkoutGatewayOverRpc(env.CHECKOUT);
    expect(await gateway.findPaymentForAttempt("never-attempted", Date.now() - 60_000)).toBeNull();
  });

  const refused = new GatewayRequestError("token expired", "expired");
  const unreachable = new GatewayUnavailableError("no answer");
  it.each([
    ["a refusal keeps its message and code", refused, GatewayRequestError, { message: "token expired", code: "expired" }],
    ["an unreachable provider stays unavailable", unreachable, GatewayUnavailableError, { message: "no answer" }],
  ])("%s across the hop", async (_case, thrown, expected, fields) => {
    const service = { findPaymentForAttempt: () => settle(() => Promise.reject(thrown)) } as unknown as CheckoutService;
    const error = await checkoutGatewayOverRpc(service)
      .findPaymentForAttempt("p", 0)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(expected);
    expect(error).toMatchObject(fields);
  });

  it("a hop that fails on its own is 'unavailable': the outcome is unknown, never a refusal", async () => {
    const service = {
      createPayment: () => Promise.reject(new Error("Network connection lost.")),
    } as unknown as CheckoutService;
    const error = await checkoutGatewayOverRpc(service)
      .createPayment({
        amountCents: 100,
        confirmationTokenId: "ctoken_x",
        methodType: "card",
        idempotencyKey: "k",
        receiptEmail: null,
        returnUrl: "https://portal.test/",
        description: "d",
        metadata: {},
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayUnavailableError);
    expect((error as Error).message).toContain("Network connection lost.");
  });

  it("settle lets anything but the gateway's own errors through, as the staff Worker's failure", async () => {
    await expect(settle(() => Promise.reject(new RangeError("bug")))).rejects.toThrow(RangeError);
  });
});
