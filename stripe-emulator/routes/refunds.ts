// Refunds: the API calls, and the test helper that fails a refund later.
import { expandOf, helperResult, id, noExpand, type Route } from "../http.ts";
import type { RouteContext } from "./context.ts";

export function refundRoutes({ state }: RouteContext): Route[] {
  return [
    {
      method: "POST",
      path: /^\/v1\/refunds$/,
      auth: "secret",
      params: "RefundCreateParams",
      idempotent: true,
      handle: ({ params, ctx }) => state.refunds.expandRefund(state.refunds.createRefund(params, ctx), expandOf(params)),
    },
    {
      method: "GET",
      path: /^\/v1\/refunds$/,
      params: "RefundListParams",
      auth: "secret",
      handle: ({ params }) => {
        noExpand(params);
        return { object: "list", url: "/v1/refunds", ...state.refunds.listRefunds(params) };
      },
    },
    {
      method: "GET",
      path: /^\/v1\/refunds\/(?<id>[^/]+)$/,
      auth: "secret",
      params: "RefundRetrieveParams",
      handle: (call) => state.refunds.expandRefund(state.refunds.getRefund(id(call)), expandOf(call.params)),
    },
    {
      method: "POST",
      path: /^\/_emulator\/refunds\/(?<id>[^/]+)\/fail$/,
      auth: "helper",
      handle: (call) => helperResult(call, state.refunds.failRefund(id(call), null)),
    },
  ];
}
