// 3D Secure: the challenge page Stripe.js opens, its answer, and the test helper that answers for it.
import type { ThreeDSOutcome } from "../state.ts";
import { helperResult, html, id, publishableView, redirect, requireClientSecret, wantsHtml, type Route } from "../http.ts";
import { messagePage, threeDSPage, threeDSResultPage } from "../pages.ts";
import { invalidRequest, readString, type FormObject } from "../wire.ts";
import type { RouteContext } from "./context.ts";

export function threeDSRoutes({ state }: RouteContext): Route[] {
  return [
    {
      method: "GET",
      path: /^\/_emulator\/3ds\/(?<id>[^/]+)$/,
      auth: "none",
      browser: true,
      handle: (call) => {
        const intent = state.paymentIntents.intents.get(id(call))?.intent;
        const secret = readString(call.params, "client_secret");
        if (!intent || !secret || secret !== intent.client_secret) {
          return html(messagePage("Not found", "No such 3D Secure challenge for this client secret."), 404);
        }
        if (intent.status !== "requires_action") {
          return html(messagePage("Nothing to authenticate", `This payment is ${intent.status}.`), 409);
        }
        return html(threeDSPage(intent, secret));
      },
    },
    {
      method: "POST",
      path: /^\/_emulator\/3ds\/(?<id>[^/]+)\/complete$/,
      auth: "none", // checked in the handler: secret key, or the PaymentIntent's client_secret
      browser: true,
      handle: (call) => {
        const intent = state.paymentIntents.getPaymentIntent(id(call));
        if (call.key?.kind !== "secret") requireClientSecret(intent, call.params);
        const outcome = readThreeDSOutcome(call.params);
        const returnUrl = intent.next_action?.use_stripe_sdk?.return_url;
        state.paymentIntents.completeThreeDS(intent.id, outcome, null);
        if (!wantsHtml(call.request)) return call.key?.kind === "secret" ? intent : publishableView(intent);
        // A plain form post from the challenge page: behave like Stripe's redirect flow.
        if (typeof returnUrl === "string" && returnUrl) {
          const target = new URL(returnUrl);
          target.searchParams.set("payment_intent", intent.id);
          target.searchParams.set("payment_intent_client_secret", intent.client_secret ?? "");
          target.searchParams.set("redirect_status", intent.status === "succeeded" ? "succeeded" : "failed");
          return redirect(target.toString());
        }
        return html(threeDSResultPage(intent));
      },
    },
    {
      method: "POST",
      path: /^\/_emulator\/payment_intents\/(?<id>[^/]+)\/authenticate$/,
      auth: "helper",
      handle: (call) => helperResult(call, state.paymentIntents.completeThreeDS(id(call), readThreeDSOutcome(call.params), null)),
    },
  ];
}

function readThreeDSOutcome(params: FormObject): ThreeDSOutcome {
  const outcome = readString(params, "outcome");
  if (outcome !== "approve" && outcome !== "fail") throw invalidRequest("outcome must be approve or fail.", { param: "outcome" });
  return outcome;
}
