// Helpers several resources share: Stripe's list pagination and filters, and common errors.
import type Stripe from "stripe";
import { invalidRequest, isObject, noSuchObject, readInteger, readString, rejectUnknownParams, StripeApiError, type FormObject } from "../wire.ts";

export function unexpectedState(intent: Stripe.PaymentIntent, action: string, allowed: readonly string[]): StripeApiError {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    code: "payment_intent_unexpected_state",
    message: `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be used: ${allowed.join(", ")}.`,
    doc_url: "https://docs.stripe.com/error-codes/payment-intent-unexpected-state",
    payment_intent: structuredClone(intent),
  });
}

export function cannotExpand(path: string): StripeApiError {
  return invalidRequest(`This property cannot be expanded (${path}).`, { param: "expand" });
}

/** Stripe's cursor pagination over a newest-first list. */
export function paginate<T extends { id: string }>(items: T[], params: FormObject, objectName: string): { data: T[]; has_more: boolean } {
  const limit = readInteger(params, "limit") ?? 10;
  if (limit < 1 || limit > 100) throw invalidRequest("Limit must be between 1 and 100.", { param: "limit" });
  const startingAfter = readString(params, "starting_after");
  const endingBefore = readString(params, "ending_before");
  if (startingAfter) {
    const index = items.findIndex((item) => item.id === startingAfter);
    if (index < 0) throw noSuchObject(objectName, startingAfter, { param: "starting_after", status: 400 });
    const after = items.slice(index + 1);
    return { data: after.slice(0, limit), has_more: after.length > limit };
  }
  if (endingBefore) {
    const index = items.findIndex((item) => item.id === endingBefore);
    if (index < 0) throw noSuchObject(objectName, endingBefore, { param: "ending_before", status: 400 });
    const before = items.slice(0, index);
    return { data: before.slice(Math.max(0, before.length - limit)), has_more: before.length > limit };
  }
  return { data: items.slice(0, limit), has_more: items.length > limit };
}

export function readCreatedFilter(params: FormObject): ((created: number) => boolean) | null {
  return readRangeFilter(params, "created");
}

/** A timestamp filter Stripe takes as one value or a range: `name=`, or `name[gt|gte|lt|lte]=`. */
export function readRangeFilter(params: FormObject, name: string): ((value: number) => boolean) | null {
  const raw = params[name];
  if (raw === undefined) return null;
  if (typeof raw === "string") {
    const exact = readInteger(params, name);
    return (value) => value === exact;
  }
  if (!isObject(raw)) throw invalidRequest(`Invalid ${name} filter`, { param: name });
  rejectUnknownParams(raw, ["gt", "gte", "lt", "lte"], name);
  const gt = readInteger(raw, "gt", `${name}[gt]`);
  const gte = readInteger(raw, "gte", `${name}[gte]`);
  const lt = readInteger(raw, "lt", `${name}[lt]`);
  const lte = readInteger(raw, "lte", `${name}[lte]`);
  return (value) =>
    (gt === undefined || value > gt) && (gte === undefined || value >= gte) && (lt === undefined || value < lt) && (lte === undefined || value <= lte);
}
