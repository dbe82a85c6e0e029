// Types shared by the emulator's resources.
import type Stripe from "stripe";
import type { MethodData } from "../methods.ts";

/** Stripe's ConfirmationToken plus `used`, an emulator convenience for tests and the dashboard. */
export type EmulatedConfirmationToken = Stripe.ConfirmationToken & { used: boolean };

export interface TokenRecord {
  token: EmulatedConfirmationToken;
  method: MethodData;
}

/** Microdeposits sent to a bank account entered by hand, waiting for the customer to verify them. */
export interface MicrodepositRecord {
  type: "amounts" | "descriptor_code";
  attemptsLeft: number;
  /** Seconds: when the deposits were sent; verification times out 10 days later. */
  sentAt: number;
  /** The secret path segment of the hosted verification page. */
  pageToken: string;
}

export interface IntentRecord {
  intent: Stripe.PaymentIntent;
  microdeposits?: MicrodepositRecord | null;
  /** The method of the current attempt (kept after a failure, for the dashboard). */
  method: MethodData | null;
  paymentMethod: Stripe.PaymentMethod | null;
  charge: Stripe.Charge | null;
}

/** Which request caused a change; null for changes made by test helpers (as Stripe's automatic events). */
export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
}

export type SettleOutcome = "succeed" | "fail";
export type DisputeScenario = "chargeback" | "won" | "lost" | "inquiry" | "inquiry_escalated" | "prevented" | "ach";
export const DISPUTE_SCENARIOS: readonly DisputeScenario[] = ["chargeback", "won", "lost", "inquiry", "inquiry_escalated", "prevented", "ach"];
export type ThreeDSOutcome = "approve" | "fail";

export interface StateOptions {
  now: () => number;
  publicOrigin: string;
  /** How many webhook endpoints each new event waits for (0 or 1). */
  webhookEndpointCount: () => number;
  onEvent: (event: Stripe.Event) => void;
}
