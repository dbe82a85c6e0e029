// How the payment provider can fail, as the services and routes tell the cases apart. The gateway
// (worker/gateways/payments.ts) throws them; nothing here knows Stripe.

/** The provider could not be reached or answered 5xx: the outcome is unknown, retry is safe. */
export class GatewayUnavailableError extends Error {
  override name = "GatewayUnavailableError";
}

/** The provider refused the request itself (an expired or used token, a bad parameter). */
export class GatewayRequestError extends Error {
  override name = "GatewayRequestError";
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

export class WebhookSignatureError extends Error {
  override name = "WebhookSignatureError";
}

/** A correctly signed event rendered for another API version than the SDK's: its shapes cannot be trusted. */
export class WebhookApiVersionError extends Error {
  override name = "WebhookApiVersionError";
  constructor(
    readonly eventId: string,
    readonly received: string | null,
    readonly expected: string,
  ) {
    super(`webhook api_version ${received ?? "(none)"} differs from the SDK's ${expected}`);
  }
}
