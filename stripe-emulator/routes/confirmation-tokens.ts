// ConfirmationTokens: created by Stripe.js in the browser, or by the test helper from a test PaymentMethod.
import type Stripe from "stripe";
import { id, noExpand, type Route } from "../http.ts";
import type { EmulatedConfirmationToken } from "../state.ts";
import type { RouteContext } from "./context.ts";

export function confirmationTokenRoutes({ state }: RouteContext): Route[] {
  return [
    {
      method: "POST",
      path: /^\/v1\/confirmation_tokens$/,
      auth: "publishable",
      params: "StripeJs.ConfirmationTokenCreateParams",
      browser: true,
      idempotent: true,
      handle: ({ params, request }) => {
        noExpand(params);
        return wireToken(
          state.confirmationTokens.createConfirmationToken(params, {
            userAgent: request.headers.get("user-agent"),
            ip: request.headers.get("cf-connecting-ip") ?? request.headers.get("x-forwarded-for"),
          }),
        );
      },
    },
    {
      method: "POST",
      path: /^\/v1\/test_helpers\/confirmation_tokens$/,
      params: "TestHelpers.ConfirmationTokenCreateParams",
      auth: "secret",
      idempotent: true,
      handle: ({ params }) => {
        noExpand(params);
        return state.confirmationTokens.createTestConfirmationToken(params);
      },
    },
    {
      method: "GET",
      path: /^\/v1\/confirmation_tokens\/(?<id>[^/]+)$/,
      auth: "secret",
      params: "ConfirmationTokenRetrieveParams",
      handle: (call) => {
        noExpand(call.params);
        return wireToken(state.confirmationTokens.getConfirmationToken(id(call)));
      },
    },
  ];
}

/** The token as Stripe sends it: without the emulator's own `used` flag (see payment_intent). */
function wireToken({ used: _used, ...token }: EmulatedConfirmationToken): Stripe.ConfirmationToken {
  return token;
}
