// What the route modules share: the state, the payout book, webhook delivery and the emulator's own verbs.
import type { DeliveryRecord, WebhookDispatcher } from "../webhooks.ts";
import type { Refusal } from "../http.ts";
import type { PayoutBook } from "../payouts.ts";
import type { EmulatorState } from "../state.ts";

export interface DeliverAllOptions {
  order?: "forward" | "reverse";
  scope?: "undelivered" | "all";
}

export interface RouteContext {
  state: EmulatorState;
  payouts: PayoutBook;
  dispatcher: WebhookDispatcher;
  /** The dashboard's form token: it stands in for the secret key on test-helper routes. */
  dashboardToken: string;
  /** The emulator's record of refused requests (appended to as requests arrive). */
  refusals: readonly Refusal[];
  loadStripeJs(): Promise<string | null>;
  deliverAll(options?: DeliverAllOptions): Promise<DeliveryRecord[]>;
  redeliver(eventId: string): Promise<DeliveryRecord>;
  reset(): void;
}
