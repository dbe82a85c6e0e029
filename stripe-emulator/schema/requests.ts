// The checked-in request schemas (generated from the `stripe` package's types by generate.ts;
// tests/node/stripe-emulator.schema.test.ts fails when they are stale) and Stripe's error codes.
import generated from "./requests.generated.json" with { type: "json" };
import type { Resolve, SchemaBundle } from "./types.ts";

const bundle = generated as unknown as SchemaBundle;

export function requestSchemas(): SchemaBundle & { resolve: Resolve } {
  return {
    ...bundle,
    resolve: (name) => {
      const schema = bundle.defs[name];
      if (!schema) throw new Error(`Stripe emulator schema: no definition ${name}; run npm run stripe:schema`);
      return schema;
    },
  };
}

/**
 * Stripe's error codes: the enum the `stripe` package types `PaymentIntent.LastPaymentError.code`
 * with (generated from Stripe's OpenAPI spec; the same list as https://docs.stripe.com/error-codes).
 * Every `code` the emulator answers must be one of them.
 */
export const STRIPE_ERROR_CODES: ReadonlySet<string> = new Set(bundle.errorCodes);
