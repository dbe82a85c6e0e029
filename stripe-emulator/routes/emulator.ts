// The emulator's own pages and controls: the Stripe.js stand-in, the dashboard, refusals and reset.
import { html, RawResponse, redirect, type Route } from "../http.ts";
import { dashboardPage } from "../pages.ts";
import type { RouteContext } from "./context.ts";

export function emulatorRoutes({ state, dispatcher, dashboardToken, refusals, loadStripeJs, reset }: RouteContext): Route[] {
  return [
    {
      method: "GET",
      path: /^\/(?:v3\/?|stripe-js\.js)$/,
      auth: "none",
      browser: true,
      handle: async () => {
        const source = await loadStripeJs();
        if (source === null) {
          return new RawResponse(
            new Response("// The Stripe.js stand-in was not provided to this emulator (option stripeJsSource).\n", {
              status: 404,
              headers: { "Content-Type": "text/javascript; charset=utf-8" },
            }),
          );
        }
        return new RawResponse(new Response(source, { headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" } }));
      },
    },
    {
      method: "GET",
      path: /^\/_emulator\/refusals$/,
      auth: "secret",
      handle: () => ({ object: "list", data: refusals }),
    },
    {
      method: "POST",
      path: /^\/_emulator\/reset$/,
      auth: "secret",
      handle: () => {
        reset();
        return { reset: true };
      },
    },
    {
      method: "GET",
      path: /^\/_emulator\/?$/,
      auth: "none",
      handle: () =>
        html(
          dashboardPage({
            token: dashboardToken,
            webhookUrl: dispatcher.url,
            intents: state.paymentIntents.listPaymentIntents().map((intent) => ({
              intent,
              method: state.paymentIntents.describeMethod(intent.id),
              disputed: typeof intent.latest_charge === "string" && state.charges.charges.get(intent.latest_charge)?.disputed === true,
            })),
            refunds: [...state.refunds.refunds.values()].reverse(),
            events: [...state.events.eventLog].reverse().map((event) => ({ event, delivery: dispatcher.record(event.id) })),
          }),
        ),
    },
    {
      method: "GET",
      path: /^\/$/,
      auth: "none",
      handle: () => redirect("/_emulator/"),
    },
  ];
}
