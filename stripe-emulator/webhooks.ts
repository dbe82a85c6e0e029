// Signed webhook delivery, the way Stripe does it: POST the event JSON with
// `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
// WebCrypto only, so it runs in workerd as well as Node.
import type Stripe from "stripe";

const encoder = new TextEncoder();

export async function computeSignature(secret: string, signedPayload: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(signedPayload));
  return [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The `Stripe-Signature` header value for `payload` signed at `timestampSeconds`. */
export async function signPayload(secret: string, payload: string, timestampSeconds: number): Promise<string> {
  const signature = await computeSignature(secret, `${timestampSeconds}.${payload}`);
  return `t=${timestampSeconds},v1=${signature}`;
}

export type DeliveryStatus = "pending" | "delivered" | "failed" | "not_configured";

export interface DeliveryRecord {
  eventId: string;
  status: DeliveryStatus;
  attempts: number;
  /** HTTP status of the last attempt, or null when it never got an answer. */
  lastStatus: number | null;
  lastError: string | null;
  /** Unix seconds of the successful attempt. */
  deliveredAt: number | null;
}

export interface DispatcherOptions {
  secret: string;
  deliver: (url: string, init: RequestInit) => Promise<Response>;
  now: () => number;
  /** Waits before each retry of an automatic delivery; its length is the number of retries. */
  retryDelaysMs: readonly number[];
  /** When false, events wait for an explicit deliver/redeliver (to stage out-of-order delivery). */
  autoDeliver: boolean;
  /**
   * Inline: events wait in a backlog that the host flushes (flushInline) before answering the
   * request that caused them, with retries done in place. For workerd, where background work
   * dies with the request and promises must not cross request contexts.
   */
  inline: boolean;
  eventById: (id: string) => Stripe.Event | undefined;
  onDelivered: (event: Stripe.Event) => void;
}

export class WebhookDispatcher {
  url: string | undefined;
  private readonly options: DispatcherOptions;
  private readonly records = new Map<string, DeliveryRecord>();
  // One attempt at a time keeps deliveries in event order (retries are scheduled aside).
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();
  // Pending retries, with the function that settles their tracked promise (for reset()).
  private readonly timers = new Map<ReturnType<typeof setTimeout>, () => void>();
  private readonly backlog: string[] = [];

  constructor(url: string | undefined, options: DispatcherOptions) {
    this.url = url;
    this.options = options;
  }

  get endpointCount(): number {
    return this.url ? 1 : 0;
  }

  record(eventId: string): DeliveryRecord | undefined {
    return this.records.get(eventId);
  }

  enqueue(event: Stripe.Event): void {
    this.records.set(event.id, {
      eventId: event.id,
      status: this.url ? "pending" : "not_configured",
      attempts: 0,
      lastStatus: null,
      lastError: null,
      deliveredAt: null,
    });
    if (!this.url || !this.options.autoDeliver) return;
    if (this.options.inline) this.backlog.push(event.id);
    else this.track(this.serial(() => this.attempt(event.id, 0)));
  }

  /** Inline mode: deliver the backlog now, in order, retrying each event in place. */
  async flushInline(): Promise<void> {
    for (let id = this.backlog.shift(); id !== undefined; id = this.backlog.shift()) {
      let record = await this.attempt(id, null);
      for (const delay of this.options.retryDelaysMs) {
        if (record.status !== "failed") break;
        await new Promise((resolve) => setTimeout(resolve, delay));
        record = await this.attempt(id, null);
      }
    }
  }

  /** One explicit attempt (no automatic retries); resolves with the outcome. */
  redeliver(eventId: string): Promise<DeliveryRecord> {
    if (this.options.inline) return this.attempt(eventId, null);
    return this.track(this.serial(() => this.attempt(eventId, null)));
  }

  /** Explicit attempts for many events, one after another in the order given. */
  async deliverMany(eventIds: readonly string[]): Promise<DeliveryRecord[]> {
    const results: DeliveryRecord[] = [];
    for (const id of eventIds) results.push({ ...(await this.redeliver(id)) });
    return results;
  }

  /** Resolves once every queued attempt and scheduled retry has finished. */
  async idle(): Promise<void> {
    if (this.options.inline) await this.flushInline();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  reset(): void {
    for (const [timer, settle] of this.timers) {
      clearTimeout(timer);
      settle();
    }
    this.timers.clear();
    this.records.clear();
    this.backlog.length = 0;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    const done = () => this.inFlight.delete(promise);
    promise.then(done, done);
    return promise;
  }

  /** `retryIndex` null means a manual attempt that schedules no retry. */
  private async attempt(eventId: string, retryIndex: number | null): Promise<DeliveryRecord> {
    const event = this.options.eventById(eventId);
    const record = this.records.get(eventId);
    if (!event || !record) throw new Error(`Unknown event ${eventId}`);
    const url = this.url;
    if (!url) {
      record.status = "not_configured";
      return record;
    }
    record.attempts += 1;
    const body = JSON.stringify(event, null, 2);
    const timestamp = Math.floor(this.options.now() / 1000);
    try {
      const response = await this.options.deliver(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Stripe-Signature": await signPayload(this.options.secret, body, timestamp),
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks) stripe-emulator",
          "Cache-Control": "no-cache",
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      // Drain the body so keep-alive sockets are released.
      await response.arrayBuffer().catch(() => undefined);
      record.lastStatus = response.status;
      if (response.ok) {
        record.status = "delivered";
        record.lastError = null;
        record.deliveredAt = timestamp;
        this.options.onDelivered(event);
        return record;
      }
      record.lastError = `HTTP ${response.status}`;
    } catch (error) {
      record.lastStatus = null;
      record.lastError = error instanceof Error ? error.message : String(error);
    }
    record.status = "failed";
    if (retryIndex !== null) this.scheduleRetry(eventId, retryIndex);
    return record;
  }

  private scheduleRetry(eventId: string, retryIndex: number): void {
    const delay = this.options.retryDelaysMs[retryIndex];
    if (delay === undefined) return;
    const retry = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.serial(() => this.attempt(eventId, retryIndex + 1)).then(
          () => resolve(),
          () => resolve(),
        );
      }, delay);
      this.timers.set(timer, resolve);
      // In Node, a pending retry must not keep the process alive on shutdown.
      (timer as { unref?: () => void }).unref?.();
    });
    this.track(retry);
  }
}
