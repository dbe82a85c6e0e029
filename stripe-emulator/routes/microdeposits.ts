// ACH verification: microdeposits (the API call and Stripe's hosted page, and its expiry) and the
// test institution's instant verification.
import { expandOf, helperResult, html, id, noExpand, publishableView, RawResponse, requireClientSecret, type Route } from "../http.ts";
import { messagePage, microdepositPage } from "../pages.ts";
import { readString, StripeApiError, type FormObject } from "../wire.ts";
import type { RouteContext } from "./context.ts";

export function microdepositRoutes({ state }: RouteContext): Route[] {
  function microdepositPageFor(token: string, error: string | null): RawResponse {
    const intent = state.microdeposits.intentForMicrodepositPage(token);
    if (!intent) return html(messagePage("Not found", "No such verification page."), 404);
    return html(microdepositPage(intent, state.microdeposits.microdepositType(intent.id), token, error), error ? 400 : 200);
  }

  return [
    {
      method: "POST",
      path: /^\/v1\/payment_intents\/(?<id>[^/]+)\/verify_microdeposits$/,
      params: "PaymentIntentVerifyMicrodepositsParams",
      auth: "client_secret",
      browser: true,
      idempotent: true,
      handle: (call) => {
        const intent = state.paymentIntents.getPaymentIntent(id(call));
        if (call.key?.kind !== "secret") {
          requireClientSecret(intent, call.params);
          noExpand(call.params);
        }
        delete call.params.client_secret;
        const verified = state.microdeposits.verifyMicrodeposits(intent.id, call.params, call.ctx);
        return call.key?.kind === "secret" ? state.paymentIntents.expandPaymentIntent(verified, expandOf(call.params)) : publishableView(verified);
      },
    },
    // ACH: the test institution's instant verification, the hosted microdeposit page, and its expiry.
    {
      method: "POST",
      path: /^\/_emulator\/financial_connections\/accounts$/,
      auth: "publishable",
      browser: true,
      handle: (call) => state.financialConnections.linkAccount(call.params),
    },
    {
      method: "GET",
      path: /^\/_emulator\/microdeposit\/(?<id>[^/]+)$/,
      auth: "none",
      browser: true,
      handle: (call) => microdepositPageFor(id(call), null),
    },
    {
      method: "POST",
      path: /^\/_emulator\/microdeposit\/(?<id>[^/]+)$/,
      auth: "none", // the page token in the URL is the credential, as on Stripe's hosted page
      browser: true,
      handle: (call) => {
        const intent = state.microdeposits.intentForMicrodepositPage(id(call));
        if (!intent) return html(messagePage("Not found", "No such verification page."), 404);
        const form: FormObject =
          state.microdeposits.microdepositType(intent.id) === "amounts"
            ? { amounts: [readString(call.params, "amount_1") ?? "", readString(call.params, "amount_2") ?? ""] }
            : { descriptor_code: readString(call.params, "descriptor_code") ?? "" };
        try {
          state.microdeposits.verifyMicrodeposits(intent.id, form, null);
        } catch (error) {
          if (error instanceof StripeApiError) return microdepositPageFor(id(call), error.body.message);
          throw error;
        }
        return microdepositPageFor(id(call), null);
      },
    },
    {
      method: "POST",
      path: /^\/_emulator\/payment_intents\/(?<id>[^/]+)\/expire_microdeposits$/,
      auth: "helper",
      handle: (call) => helperResult(call, state.microdeposits.expireMicrodeposits(id(call), null)),
    },
  ];
}
