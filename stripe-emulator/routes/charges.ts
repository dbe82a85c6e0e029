// Charges and PaymentMethods: retrieval only (the portal reads them after a payment).
import { id, noExpand, type Route } from "../http.ts";
import type { RouteContext } from "./context.ts";

export function chargeRoutes({ state }: RouteContext): Route[] {
  return [
    {
      method: "GET",
      path: /^\/v1\/charges\/(?<id>[^/]+)$/,
      auth: "secret",
      params: "ChargeRetrieveParams",
      handle: (call) => {
        noExpand(call.params);
        return state.charges.getCharge(id(call));
      },
    },
    {
      method: "GET",
      path: /^\/v1\/payment_methods\/(?<id>[^/]+)$/,
      auth: "secret",
      params: "PaymentMethodRetrieveParams",
      handle: (call) => {
        noExpand(call.params);
        return state.paymentMethods.getPaymentMethod(id(call));
      },
    },
  ];
}
