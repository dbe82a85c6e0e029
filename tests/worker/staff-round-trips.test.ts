// Round trips to D1 per staff page: each page's reads come from several repositories (a table's
// or an aggregate's statements each) and its service sends them in one db.batch, so a staff member
// far from the database waits one trip per page, however many tables it shows.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { D1Meter } from "../../tools/bench/d1-meter";
import { createStaffApp } from "../../worker/staff-app";
import { ORIGIN, seedDemoData } from "./helpers";
import { confirmAndFollow, enterDetails, openReview, paymentRow, selectAndChoose, signedInBrowser } from "./payment-flow";
import { CARDS, cardToken, deliverWebhook, eventsFor } from "./stripe-helpers";
import { installAccessJwks, staffHeaders } from "./staff-helpers";

/** A staff GET through a metered D1: its status and the waves of D1 calls it made. */
async function tripsOf(path: string) {
  const meter = new D1Meter();
  const ctx = createExecutionContext();
  const response = await createStaffApp().fetch(new Request(`${ORIGIN}${path}`, { headers: await staffHeaders() }), { ...env, DB: meter.wrap(env.DB) }, ctx);
  await response.arrayBuffer();
  await waitOnExecutionContext(ctx);
  return { status: response.status, trips: meter.sequential };
}

let paymentId = "";
let intent = "";
let linkCode = "";
let invoiceNumber = "";

beforeAll(async () => {
  await installAccessJwks();
  const seed = await seedDemoData();
  const browser = await signedInBrowser();
  await selectAndChoose(browser, { "413018": "100.00" }, "card");
  await enterDetails(browser, await cardToken(CARDS.visaCredit));
  ({ paymentId } = await confirmAndFollow(browser, await openReview(browser)));
  intent = String((await paymentRow(paymentId))!.stripe_payment_intent_id);
  for (const event of await eventsFor(intent)) await deliverWebhook(event);
  const link = seed.links[0]!;
  linkCode = new URL(link.url).pathname.split("/").pop()!;
  invoiceNumber = link.invoiceNumber;
});

describe("D1 round trips per staff page", () => {
  it("the dashboard, search of every kind, the payments list, the client page and the payment page are one round trip each", async () => {
    const paths = [
      "/staff",
      `/staff?invoice=${invoiceNumber}`,
      "/staff?status=active&limit=2",
      ...["G%C3%B3mez", "gomez", invoiceNumber, "20481736", paymentId, intent, linkCode].map((q) => `/staff/search?q=${q}`),
      "/staff/payments",
      "/staff/payments?status=succeeded&limit=1",
      "/staff/clients/20481736",
      `/staff/payments/${paymentId}`,
      `/staff/api/payments/${paymentId}`,
    ];
    for (const path of paths) expect([path, await tripsOf(path)]).toEqual([path, { status: 200, trips: 1 }]);
  });

  it("a deposit's lines are matched to our payments in one round trip", async () => {
    const run = await fetch(`${env.STRIPE_API_BASE}/_emulator/payouts/run`, { method: "POST", headers: { Authorization: `Bearer ${env.STRIPE_SECRET_KEY}` } });
    const { payout } = (await run.json()) as { payout: { id: string } };
    const { status, trips } = await tripsOf(`/staff/api/deposits/${payout.id}`);
    expect(status).toBe(200);
    // None only if another test file's payout run took this file's charge first (the emulator is shared).
    expect(trips).toBeLessThanOrEqual(1);
  });
});
