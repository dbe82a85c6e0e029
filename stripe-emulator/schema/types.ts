// The shape of the schemas generate.ts derives from the `stripe` package's type definitions.
// Kept tiny and JSON-friendly so the generated request schemas can be checked into the repo.

export type Schema =
  | { t: "string"; enum?: string[] } // enum: a closed union of string literals
  | { t: "number" }
  | { t: "boolean" }
  | { t: "null" }
  | { t: "any" }
  | { t: "array"; items: Schema }
  | { t: "object"; props: Record<string, Prop>; extra?: Schema } // extra: an index signature
  | { t: "union"; of: Schema[]; tag?: string } // tag: a discriminating literal property
  | { t: "ref"; ref: string };

/** [required, schema] */
export type Prop = [boolean, Schema];

export interface SchemaBundle {
  /** Where the schemas came from, e.g. "stripe@23.1.0 (API 2026-10-28.endive)". */
  source: string;
  /** Named roots, e.g. "PaymentIntentCreateParams". */
  roots: Record<string, Schema>;
  /** Shared definitions the roots reference by name. */
  defs: Record<string, Schema>;
  /** Stripe's error codes (the enum of PaymentIntent.LastPaymentError.code). */
  errorCodes: string[];
}

/** Looks up a definition by name; response checks resolve them lazily from the compiler. */
export type Resolve = (ref: string) => Schema;
