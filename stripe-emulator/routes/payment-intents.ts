// PaymentIntents: the API calls, and the test helper that settles an ACH payment.
import { expandOf, helperResult, id, noExpand, publishableView, requireClientSecret, type Route } from "../http.ts";
import { invalidRequest, readString } from "../wire.ts";
import type { RouteContext } from "./context.ts";

export function paymentIntentRoutes({ state }: RouteContext): Route[] {
  return [
    {
      method: "POST",
      path: /^\/v1\/payment_intents$/,
      auth: "secret",
      params: "PaymentIntentCreateParams",
      idempotent: true,
      handle: ({ params, ctx }) => {
        const intent = state.paymentIntents.createPaymentIntent(params, ctx);
        return state.paymentIntents.expandPaymentIntent(intent, expandOf(params));
      },
    },
    {
      method: "GET",
      path: /^\/v1\/payment_intents$/,
      params: "PaymentIntentListParams",
      auth: "secret",
      handle: ({ params }) => {
        noExpand(params);
        return { object: "list", url: "/v1/payment_intents", ...state.paymentIntents.listPaymentIntentsPage(params) };
      },
    },
    {
      method: "GET",
      path: /^\/v1\/payment_intents\/(?<id>[^/]+)$/,
      auth: "client_secret",
      params: "PaymentIntentRetrieveParams",
      browser: true,
      handle: (call) => {
        const intent = state.paymentIntents.getPaymentIntent(id(call));
        if (call.key?.kind === "secret") return state.paymentIntents.expandPaymentIntent(intent, expandOf(call.params));
        requireClientSecret(intent, call.params);
        noExpand(call.params);
        return publishableView(intent);
      },
    },
    {
      method: "POST",
      path: /^\/v1\/payment_intents\/(?<id>[^/]+)\/confirm$/,
      auth: "secret",
      params: "PaymentIntentConfirmParams",
      idempotent: true,
      handle: (call) =>
        state.paymentIntents.expandPaymentIntent(state.paymentIntents.confirmPaymentIntent(id(call), call.params, call.ctx), expandOf(call.params)),
    },
    {
      method: "POST",
      path: /^\/v1\/payment_intents\/(?<id>[^/]+)\/cancel$/,
      auth: "secret",
      params: "PaymentIntentCancelParams",
      idempotent: true,
      handle: (call) =>
        state.paymentIntents.expandPaymentIntent(state.paymentIntents.cancelPaymentIntent(id(call), call.params, call.ctx), expandOf(call.params)),
    },
    {
      method: "POST",
      path: /^\/_emulator\/payment_intents\/(?<id>[^/]+)\/settle$/,
      auth: "helper",
      handle: (call) => {
        const outcome = readString(call.params, "outcome") || null;
        if (outcome !== null && outcome !== "succeed" && outcome !== "fail") {
          throw invalidRequest("outcome must be succeed or fail.", { param: "outcome" });
        }
        return helperResult(call, state.paymentIntents.settle(id(call), outcome, null));
      },
    },
  ];
}
