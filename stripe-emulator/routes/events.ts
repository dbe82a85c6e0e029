// Events: the API calls, and the emulator's own delivery controls (list with deliveries, redeliver, deliver).
import { helperResult, id, noExpand, type Route } from "../http.ts";
import { invalidRequest, readString } from "../wire.ts";
import type { RouteContext } from "./context.ts";

export function eventRoutes({ state, dispatcher, deliverAll, redeliver }: RouteContext): Route[] {
  return [
    {
      method: "GET",
      path: /^\/v1\/events$/,
      auth: "secret",
      params: "EventListParams",
      handle: ({ params }) => ({ object: "list", url: "/v1/events", ...state.events.listEvents(params) }),
    },
    {
      method: "GET",
      path: /^\/v1\/events\/(?<id>[^/]+)$/,
      auth: "secret",
      params: "EventRetrieveParams",
      handle: (call) => {
        noExpand(call.params);
        return state.events.getEvent(id(call));
      },
    },
    {
      method: "GET",
      path: /^\/_emulator\/events$/,
      auth: "secret",
      handle: () => ({
        object: "list",
        data: state.events.eventLog,
        deliveries: state.events.eventLog.map((event) => dispatcher.record(event.id) ?? null),
      }),
    },
    {
      method: "POST",
      path: /^\/_emulator\/events\/(?<id>[^/]+)\/redeliver$/,
      auth: "helper",
      handle: async (call) => {
        const record = await redeliver(id(call));
        return helperResult(call, { object: "delivery", ...record });
      },
    },
    {
      method: "POST",
      path: /^\/_emulator\/deliver$/,
      auth: "helper",
      handle: async (call) => {
        const order = readString(call.params, "order") || "forward";
        const scope = readString(call.params, "scope") || "undelivered";
        if (order !== "forward" && order !== "reverse") throw invalidRequest("order must be forward or reverse.", { param: "order" });
        if (scope !== "undelivered" && scope !== "all") throw invalidRequest("scope must be undelivered or all.", { param: "scope" });
        const records = await deliverAll({ order, scope });
        return helperResult(call, { object: "list", data: records });
      },
    },
  ];
}
