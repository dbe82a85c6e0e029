// Events: every change recorded as Stripe's event objects, oldest first, and handed to the webhooks.
import type Stripe from "stripe";
import { API_VERSION, invalidRequest, newId, noSuchObject, readInteger, readString, readStringArray, rejectUnknownParams, type FormObject } from "../wire.ts";
import { readCreatedFilter } from "./lists.ts";
import type { RequestContext, StateOptions } from "./types.ts";

export class Events {
  /** Oldest first. */
  readonly eventLog: Stripe.Event[] = [];
  private readonly options: StateOptions;

  constructor(options: StateOptions) {
    this.options = options;
  }

  reset(): void {
    this.eventLog.length = 0;
  }

  private seconds(): number {
    return Math.floor(this.options.now() / 1000);
  }

  getEvent(id: string): Stripe.Event {
    const event = this.eventLog.find((candidate) => candidate.id === id);
    if (!event) throw noSuchObject("event", id);
    return event;
  }

  listEvents(params: FormObject): { data: Stripe.Event[]; has_more: boolean } {
    rejectUnknownParams(params, ["limit", "starting_after", "ending_before", "type", "types", "created", "delivery_success", "expand"]);
    const limit = readInteger(params, "limit") ?? 10;
    if (limit < 1 || limit > 100) throw invalidRequest("Limit must be between 1 and 100.", { param: "limit" });
    const type = readString(params, "type");
    const types = readStringArray(params, "types");
    const created = readCreatedFilter(params);
    let events = [...this.eventLog].reverse();
    if (type) events = events.filter((event) => typeMatches(type, event.type));
    if (types) events = events.filter((event) => types.some((pattern) => typeMatches(pattern, event.type)));
    if (created) events = events.filter((event) => created(event.created));

    const startingAfter = readString(params, "starting_after");
    const endingBefore = readString(params, "ending_before");
    if (startingAfter) {
      const index = events.findIndex((event) => event.id === startingAfter);
      if (index < 0) throw noSuchObject("event", startingAfter, { param: "starting_after", status: 400 });
      events = events.slice(index + 1);
      return { data: events.slice(0, limit), has_more: events.length > limit };
    }
    if (endingBefore) {
      const index = events.findIndex((event) => event.id === endingBefore);
      if (index < 0) throw noSuchObject("event", endingBefore, { param: "ending_before", status: 400 });
      const before = events.slice(0, index);
      return { data: before.slice(Math.max(0, before.length - limit)), has_more: before.length > limit };
    }
    return { data: events.slice(0, limit), has_more: events.length > limit };
  }

  record(type: Stripe.Event.Type, object: object, ctx: RequestContext | null): void {
    const event = {
      id: newId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: this.seconds(),
      // A snapshot: later changes to the object must not rewrite history.
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: this.options.webhookEndpointCount(),
      request: { id: ctx?.requestId ?? null, idempotency_key: ctx?.idempotencyKey ?? null },
      type,
    } as Stripe.Event;
    this.eventLog.push(event);
    this.options.onEvent(event);
  }
}

function typeMatches(pattern: string, type: string): boolean {
  // Stripe allows a trailing wildcard such as `payment_intent.*`.
  return pattern.endsWith(".*") ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}
