// What every resource shares: the options (clock, public origin) and the event log.
import type Stripe from "stripe";
import type { Events } from "./events.ts";
import type { RequestContext, StateOptions } from "./types.ts";

export abstract class Resource {
  protected readonly options: StateOptions;
  private readonly events: Events;

  constructor(options: StateOptions, events: Events) {
    this.options = options;
    this.events = events;
  }

  protected seconds(): number {
    return Math.floor(this.options.now() / 1000);
  }

  protected record(type: Stripe.Event.Type, object: object, ctx: RequestContext | null): void {
    this.events.record(type, object, ctx);
  }
}
