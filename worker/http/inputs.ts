// The schemas of what routes read from forms, JSON bodies and query strings (see validate.ts).
// Text is bounded before anything looks at it; the domain's parsers (parseAmount, invoice and
// client numbers, list queries, pages) are called here, so a route receives typed values. The staff
// Worker's schemas are in staff-inputs.ts (each schema is built when its module loads, so the
// client Worker carries only its own).
import * as v from "valibot";
import { CHECKOUT_PROBLEMS, REFRESH_PROBLEMS } from "../domain/errors";
import { parseAmount } from "../domain/money";
import { isCopyRequestId, parsePage } from "../domain/payment-history";
import { PAY_METHODS } from "../domain/payment-methods";

/** A text field cut to `max` characters; a missing field, a file or a repeated field reads as empty. */
export const text = (max: number) =>
  v.fallback(
    v.pipe(
      v.string(),
      v.transform((value) => value.slice(0, max)),
    ),
    "",
  );

/** An optional query value: absent, empty or malformed reads as undefined. */
export const maybe = <T>(schema: v.GenericSchema<string, T>) =>
  v.optional(
    v.fallback(
      v.pipe(
        v.string(),
        v.transform((value): T | undefined => {
          const parsed = value === "" ? null : v.safeParse(schema, value);
          return parsed?.success ? parsed.output : undefined;
        }),
      ),
      undefined,
    ),
  );

/** One checkbox value or several. */
const values = v.fallback(
  v.pipe(
    v.union([v.string(), v.array(v.string())]),
    v.transform((value) => (Array.isArray(value) ? value : [value])),
  ),
  [],
);

// ---------------------------------------------------------------------------------------------
// Portal

export const lookupForm = v.object({ invoiceNumber: text(64), invoiceTotal: text(64) });

export const selectionForm = v.object({ pay: values, action: text(16) });

export const methodForm = v.object({ method: v.picklist(PAY_METHODS) });

/** `amount-<item id>` fields; which ids count is the saved selection's business, not the form's. */
export const amountsForm = v.record(v.string(), text(32));

export const detailsForm = v.object({ email: text(254), confirmationToken: text(300) });

export const confirmForm = v.object({
  // Anything but a whole number of cents is a total the review never showed: -1 never matches.
  expectedTotalCents: v.fallback(
    v.pipe(
      v.string(),
      v.transform((value) => (Number.isSafeInteger(Number(value)) ? Number(value) : -1)),
    ),
    -1,
  ),
  attemptId: text(100),
  // What the review was built from (token, amounts, email, client): the confirm records exactly that or nothing.
  basis: text(16_000),
});

/** The problem a payment step was sent back with; an unknown one reads as a failed request. */
export const checkoutProblemQuery = v.object({
  problem: maybe(v.fallback(v.picklist([...CHECKOUT_PROBLEMS, "validation"]), "validation")),
});

export const reviewQuery = v.object({ payment_intent: v.optional(v.fallback(v.string(), "")) });

export const paymentQuery = v.object({
  problem: maybe(v.picklist(REFRESH_PROBLEMS)),
  copy: maybe(v.picklist(["sent", "limited"])),
});

export const historyQuery = v.object({
  page: v.fallback(
    v.pipe(
      v.string(),
      v.transform((value: string) => parsePage(value)),
    ),
    1,
  ),
});

/** A copy request without a valid id (an old page, a hand-made post) gets a fresh one: still one copy per post. */
export const receiptCopyForm = v.object({ requestId: maybe(v.pipe(v.string(), v.check(isCopyRequestId))) });

export const helpForm = v.object({
  name: text(10_000),
  email: text(10_000),
  phone: text(10_000),
  company: text(10_000),
  number: text(10_000),
  topic: text(10_000),
  message: text(10_000),
  "cf-turnstile-response": text(10_000),
});
