// The options the Stripe.js stand-in accepts, for every call the portal makes, held to
// @stripe/stripe-js's published types by the compiler: a shape must name every key of its type
// (`-?` makes each one required) and nothing else (excess property checks), so a new or removed
// option in the installed types fails `npm run typecheck` until this file follows it.
// `node stripe-emulator/stripe-js-options.ts --write` copies the shapes into stripe-js/options.js
// (bundled into the served stand-in); tests/node/stripe-js-options.test.ts fails when the copy is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type {
  CreateConfirmationToken,
  FieldsOption,
  PaymentElementPaymentMethodType,
  Stripe,
  StripeConstructorOptions,
  StripeElementsOptionsMode,
  StripeElementsUpdateOptions,
  StripePaymentElementOptions,
} from "@stripe/stripe-js";

type Scalar = string | number | boolean | bigint | symbol | null | undefined;
// The object part of an option's type (what can hold nested options), without arrays or functions.
type Nested<V> = Exclude<V, Scalar | readonly unknown[] | ((...args: never[]) => unknown)>;

/**
 * Every key of T: `"misplaced"` where the types say `never` (e.g. clientSecret in deferred-intent
 * mode), `true` to accept any value, or the nested shape, checked key by key in turn.
 */
export type Shape<T> = {
  [K in keyof T]-?: [Exclude<T[K], undefined>] extends [never] ? "misplaced" : [Nested<T[K]>] extends [never] ? true : true | Shape<Nested<T[K]>>;
};

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function proven<T extends true>(_: T): void {}

const ADDRESS = { city: true, country: true, line1: true, line2: true, postal_code: true, state: true } as const;

const BILLING_DETAILS_FIELDS = {
  name: true,
  email: true,
  phone: true,
  address: { country: true, postalCode: true, state: true, city: true, line1: true, line2: true },
} as const satisfies Shape<Exclude<FieldsOption["billingDetails"], string | undefined>>;

// fields.<payment method type>.billingDetails overrides fields.billingDetails for that method.
const PAYMENT_ELEMENT_METHOD_TYPES = [
  "acss_debit",
  "affirm",
  "afterpay_clearpay",
  "alipay",
  "alma",
  "amazon_pay",
  "apple_pay",
  "au_becs_debit",
  "bacs_debit",
  "bancontact",
  "billie",
  "bizum",
  "blik",
  "boleto",
  "capchase_pay",
  "card",
  "cashapp",
  "crypto",
  "customer_balance",
  "eps",
  "fpx",
  "gcash",
  "giropay",
  "google_pay",
  "grabpay",
  "gopay",
  "id_bank_transfer",
  "ideal",
  "kakao_pay",
  "klarna",
  "konbini",
  "kr_card",
  "kr_market",
  "kriya",
  "link",
  "mb_way",
  "mobilepay",
  "momo",
  "mondu",
  "multibanco",
  "naver_pay",
  "ng_bank",
  "ng_bank_transfer",
  "ng_card",
  "ng_market",
  "ng_ussd",
  "ng_wallet",
  "nz_bank_account",
  "oxxo",
  "p24",
  "pay_by_bank",
  "payco",
  "paynow",
  "paypay",
  "paypal",
  "payto",
  "pix",
  "promptpay",
  "qris",
  "rechnung",
  "revolut_pay",
  "satispay",
  "samsung_pay",
  "scalapay",
  "sepa_debit",
  "sequra",
  "shopeepay",
  "sofort",
  "south_korea_market",
  "sunbit",
  "swish",
  "twint",
  "upi",
  "vipps",
  "us_bank_account",
  "wero",
  "wechat_pay",
  "zip",
] as const satisfies readonly PaymentElementPaymentMethodType[];
proven<Equal<(typeof PAYMENT_ELEMENT_METHOD_TYPES)[number], PaymentElementPaymentMethodType>>(true);

const METHOD_FIELDS = { billingDetails: BILLING_DETAILS_FIELDS } as const;
// Sound because the list above is proven to be exactly PaymentElementPaymentMethodType.
const PER_METHOD_FIELDS = Object.fromEntries(PAYMENT_ELEMENT_METHOD_TYPES.map((type) => [type, METHOD_FIELDS])) as Record<
  PaymentElementPaymentMethodType,
  typeof METHOD_FIELDS
>;

/** Stripe(publishableKey, options) */
export const STRIPE_OPTIONS = {
  stripeAccount: true,
  apiVersion: true,
  locale: true,
  betas: true,
  developerTools: { assistant: { enabled: true } },
} as const satisfies Shape<StripeConstructorOptions>;

/** stripe.elements(options) in deferred-intent mode "payment" (the only mode the portal uses). */
export const ELEMENTS_OPTIONS = {
  mode: true,
  amount: true,
  currency: true,
  fonts: true,
  locale: true,
  appearance: true,
  loader: true,
  customerOptions: true,
  customerSessionClientSecret: true,
  customPaymentMethods: true,
  syncAddressCheckbox: true,
  paymentMethodCreation: true,
  setupFutureUsage: true,
  setup_future_usage: true,
  captureMethod: true,
  capture_method: true,
  onBehalfOf: true,
  on_behalf_of: true,
  excludedPaymentMethodTypes: true,
  allowedPaymentMethodTypes: true,
  paymentMethodConfiguration: true,
  payment_method_configuration: true,
  paymentMethodOptions: true,
  payment_method_options: true,
  clientSecret: "misplaced",
  externalPaymentMethodTypes: true,
  adaptivePricing: { allowed: true },
} as const satisfies Shape<Extract<StripeElementsOptionsMode, { mode: "payment" }>>;

/** elements.update(options) */
export const ELEMENTS_UPDATE_OPTIONS = {
  locale: true,
  fonts: true,
  appearance: true,
  mode: true,
  currency: true,
  amount: true,
  setupFutureUsage: true,
  setup_future_usage: true,
  captureMethod: true,
  capture_method: true,
  excludedPaymentMethodTypes: true,
  allowedPaymentMethodTypes: true,
  paymentMethodConfiguration: true,
  payment_method_configuration: true,
  onBehalfOf: true,
  on_behalf_of: true,
  customerSessionClientSecret: true,
  customPaymentMethods: true,
} as const satisfies Shape<StripeElementsUpdateOptions>;

/** elements.create("payment", options) */
export const PAYMENT_ELEMENT_OPTIONS = {
  defaultValues: {
    billingDetails: { name: true, email: true, phone: true, address: { ...ADDRESS } },
    card: { network: true },
  },
  business: { name: true },
  paymentMethodOrder: true,
  fields: { billingDetails: BILLING_DETAILS_FIELDS, ...PER_METHOD_FIELDS },
  readOnly: true,
  terms: {
    applePay: true,
    auBecsDebit: true,
    bancontact: true,
    card: true,
    cashapp: true,
    googlePay: true,
    ideal: true,
    klarna: true,
    paypal: true,
    sepaDebit: true,
    sofort: true,
    usBankAccount: true,
  },
  wallets: { applePay: true, googlePay: true, link: true },
  walletOptions: { emailRequired: true, phoneNumberRequired: true },
  layout: true,
  applePay: true,
} as const satisfies Shape<StripePaymentElementOptions>;

/** stripe.createConfirmationToken(options) */
export const CONFIRMATION_TOKEN_OPTIONS = {
  elements: true,
  params: {
    payment_method_data: {
      billing_details: { address: { ...ADDRESS }, email: true, name: true, phone: true },
      allow_redisplay: true,
      metadata: true,
    },
    shipping: { address: { ...ADDRESS }, name: true, phone: true },
    return_url: true,
    metadata: true,
  },
} as const satisfies Shape<CreateConfirmationToken>;

// handleNextAction is overloaded: { clientSecret } for PaymentIntents, { hashedValue } for shared
// payment tokens. A shape holds the keys of every overload.
type HandleNextActionOptions = Stripe["handleNextAction"] extends { (options: infer A): unknown; (options: infer B): unknown } ? A & B : never;
/** stripe.handleNextAction(options) */
export const HANDLE_NEXT_ACTION_OPTIONS = { clientSecret: true, hashedValue: true } as const satisfies Shape<HandleNextActionOptions>;

export const STAND_IN_OPTIONS = {
  Stripe: STRIPE_OPTIONS,
  elements: ELEMENTS_OPTIONS,
  "elements.update": ELEMENTS_UPDATE_OPTIONS,
  'elements.create("payment")': PAYMENT_ELEMENT_OPTIONS,
  createConfirmationToken: CONFIRMATION_TOKEN_OPTIONS,
  handleNextAction: HANDLE_NEXT_ACTION_OPTIONS,
} as const;

const BEGIN = "// BEGIN options generated from @stripe/stripe-js by stripe-emulator/stripe-js-options.ts";
const END = "// END generated options";

// Sub-shapes repeated in the output (the per-method `fields`, addresses) are written once as
// variables, so the block stays a few lines long.
function hoisted(shapes: object): { names: Map<string, string>; lines: string[] } {
  const counts = new Map<string, number>();
  const walk = (value: unknown): void => {
    if (typeof value !== "object" || value === null) return;
    const json = JSON.stringify(value);
    counts.set(json, (counts.get(json) ?? 0) + 1);
    for (const child of Object.values(value)) walk(child);
  };
  for (const shape of Object.values(shapes)) walk(shape);
  const names = new Map<string, string>();
  const lines: string[] = [];
  const repeated = [...counts].filter(([json, count]) => count > 1 && json.length > 40).map(([json]) => json);
  for (const json of repeated.sort((a, b) => a.length - b.length)) {
    const name = `S${names.size + 1}`;
    lines.push(`const ${name} = ${render(JSON.parse(json), names)};`);
    names.set(json, name);
  }
  return { names, lines };
}

function render(value: unknown, names: Map<string, string>): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const name = names.get(JSON.stringify(value));
  if (name) return name;
  return `{ ${Object.entries(value)
    .map(([key, child]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${render(child, names)}`)
    .join(", ")} }`;
}

/** The block stripe-js/options.js carries between its markers. */
export function optionsBlock(): string {
  const { names, lines } = hoisted(STAND_IN_OPTIONS);
  const calls = Object.entries(STAND_IN_OPTIONS).map(([call, shape]) => `  ${JSON.stringify(call)}: ${render(shape, names)},`);
  return [BEGIN, ...lines, "export const OPTIONS = {", ...calls, "};", END].join("\n");
}

/** Replaces the generated block in the stand-in's source. */
export function withOptionsBlock(source: string): string {
  const start = source.indexOf(BEGIN);
  const end = source.indexOf(END);
  if (start < 0 || end < start) throw new Error("stripe-js/options.js has no generated options block");
  return source.slice(0, start) + optionsBlock() + source.slice(end + END.length);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.includes("--write")) {
  const file = new URL("./stripe-js/options.js", import.meta.url);
  writeFileSync(file, withOptionsBlock(readFileSync(file, "utf8")));
  console.log("stripe-js/options.js: options block written");
}
