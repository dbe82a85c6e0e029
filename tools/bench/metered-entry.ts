// The client Worker as `npm run bench` runs it: the real Worker, with every D1 round trip
// counted and, when the bench asks with X-Bench-D1-Delay-Ms, slowed by that many milliseconds,
// as for a client an ocean away from the database. The count comes back in X-Bench-D1-Round-Trips.
// Only the bench serves this entry (in place of worker/index.ts in npm start's wrangler dev); it is
// never deployed. What the client Worker hands to the staff Worker (/staff, /webhooks) is the staff
// Worker's own D1 work, not metered here.
import portal from "../../worker/index";
import type { WorkerEnv } from "../../worker/env";
import { D1Meter } from "./d1-meter";

export default {
  async fetch(request, env, ctx) {
    const delayMs = Math.min(1000, Math.max(0, Number(request.headers.get("X-Bench-D1-Delay-Ms") ?? 0) || 0));
    const meter = new D1Meter(delayMs);
    const response = await portal.fetch(request, { ...env, DB: meter.wrap(env.DB) }, ctx);
    const metered = new Response(response.body, response);
    metered.headers.set("X-Bench-D1-Round-Trips", String(meter.sequential));
    metered.headers.set("X-Bench-D1-Calls", String(meter.calls));
    return metered;
  },
} satisfies ExportedHandler<WorkerEnv, unknown>;
