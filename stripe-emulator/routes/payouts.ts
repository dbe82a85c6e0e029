// Payouts and balance transactions, and the test helper that runs the day's payout.
import { helperResult, type Route } from "../http.ts";
import type { RouteContext } from "./context.ts";

export function payoutRoutes({ payouts }: RouteContext): Route[] {
  return [
    {
      method: "GET",
      path: /^\/v1\/payouts$/,
      params: "PayoutListParams",
      auth: "secret",
      handle: ({ params }) => ({ object: "list", url: "/v1/payouts", ...payouts.listPayouts(params) }),
    },
    {
      method: "GET",
      path: /^\/v1\/balance_transactions$/,
      params: "BalanceTransactionListParams",
      auth: "secret",
      handle: ({ params }) => ({ object: "list", url: "/v1/balance_transactions", ...payouts.listBalanceTransactions(params) }),
    },
    {
      // Test helper: the day's automatic payout (Stripe runs it daily; npm start's server does too).
      method: "POST",
      path: /^\/_emulator\/payouts\/run$/,
      auth: "helper",
      handle: (call) => helperResult(call, { payout: payouts.run() }),
    },
  ];
}
