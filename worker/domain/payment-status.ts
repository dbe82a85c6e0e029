// The payment states the ledger knows, and how each counts against balances.
import type { AllocationEffect } from "./items";

export const PAYMENT_STATUSES = [
  "created", // recorded before the payment provider is called
  "requires_action", // 3D Secure or bank verification in progress
  "processing", // ACH submitted, waiting for the bank
  "succeeded",
  "failed",
  "canceled",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export function allocationEffect(status: string): AllocationEffect {
  switch (status) {
    case "succeeded":
      return "applied";
    case "created":
    case "requires_action":
    case "processing":
      return "reserved";
    default:
      return "released";
  }
}
