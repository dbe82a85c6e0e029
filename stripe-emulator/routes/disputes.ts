// Disputes: retrieval, and the test helper that runs one of Stripe's dispute sequences.
import { helperResult, id, noExpand, type Route } from "../http.ts";
import { DISPUTE_SCENARIOS, type DisputeScenario } from "../state.ts";
import { invalidRequest, readString } from "../wire.ts";
import type { RouteContext } from "./context.ts";

export function disputeRoutes({ state }: RouteContext): Route[] {
  return [
    {
      method: "GET",
      path: /^\/v1\/disputes\/(?<id>[^/]+)$/,
      params: "DisputeRetrieveParams",
      auth: "secret",
      handle: (call) => {
        noExpand(call.params);
        return state.disputes.getDispute(id(call));
      },
    },
    {
      method: "POST",
      path: /^\/_emulator\/payment_intents\/(?<id>[^/]+)\/dispute$/,
      auth: "helper",
      handle: (call) => {
        const scenario = readString(call.params, "scenario") || null;
        if (scenario !== null && !DISPUTE_SCENARIOS.includes(scenario as DisputeScenario)) {
          throw invalidRequest(`scenario must be one of ${DISPUTE_SCENARIOS.join(", ")}.`, { param: "scenario" });
        }
        return helperResult(call, state.disputes.dispute(id(call), scenario as DisputeScenario | null, null));
      },
    },
  ];
}
