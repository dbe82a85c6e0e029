// Fixtures shared by the Stripe emulator tests: an emulator driven by the official SDK,
// browser-style calls (what Stripe.js sends), and a local webhook receiver.
import http from "node:http";
import Stripe from "stripe";
import { createStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from "../../stripe-emulator/emulator.ts";

export const SK = "sk_test_portal_emulator";
export const PK = "pk_test_portal_emulator";
export const WEBHOOK_SECRET = "whsec_test_only_secret";
export const ORIGIN = "http://127.0.0.1:12111";
export const FUTURE_YEAR = String(new Date().getUTCFullYear() + 3);

export function setup(options: Partial<StripeEmulatorOptions> = {}): { emulator: StripeEmulator; stripe: Stripe } {
  const emulator = createStripeEmulator({ webhookSecret: WEBHOOK_SECRET, publicOrigin: ORIGIN, ...options });
  // maxNetworkRetries 0: an error must surface as the emulator sent it, not after retries.
  const stripe = new Stripe(SK, { httpClient: Stripe.createFetchHttpClient(emulator.fetch), maxNetworkRetries: 0 });
  return { emulator, stripe };
}

/** A form POST the way Stripe.js makes it: publishable key in the body, no custom headers. */
export function browserPost(emulator: StripeEmulator, path: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return emulator.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params).toString(),
  });
}

export function cardParams(number: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    key: PK,
    "payment_method_data[type]": "card",
    "payment_method_data[card][number]": number,
    "payment_method_data[card][exp_month]": "12",
    "payment_method_data[card][exp_year]": FUTURE_YEAR,
    "payment_method_data[card][cvc]": number.startsWith("3") ? "1234" : "123",
    "payment_method_data[billing_details][name]": "Ada Client",
    "payment_method_data[billing_details][email]": "ada@example.com",
    ...overrides,
  };
}

export function bankParams(accountNumber: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    key: PK,
    "payment_method_data[type]": "us_bank_account",
    "payment_method_data[us_bank_account][routing_number]": "110000000",
    "payment_method_data[us_bank_account][account_number]": accountNumber,
    "payment_method_data[us_bank_account][account_holder_type]": "individual",
    "payment_method_data[us_bank_account][account_type]": "checking",
    "payment_method_data[billing_details][name]": "Ada Client",
    ...overrides,
  };
}

async function tokenFrom(emulator: StripeEmulator, params: Record<string, string>): Promise<string> {
  const response = await browserPost(emulator, "/v1/confirmation_tokens", params);
  const body = (await response.json()) as { id?: string };
  if (response.status !== 200 || !body.id) throw new Error(`confirmation token refused: ${JSON.stringify(body)}`);
  return body.id;
}

export const cardToken = (emulator: StripeEmulator, number: string): Promise<string> => tokenFrom(emulator, cardParams(number));
/** Instant verification: the test institution links the account, then Stripe.js makes the token. */
export async function bankToken(emulator: StripeEmulator, account: string, holderType: "individual" | "company" = "individual"): Promise<string> {
  const linked = await browserPost(emulator, "/_emulator/financial_connections/accounts", { key: PK, routing_number: "110000000", account_number: account });
  const body = (await linked.json()) as { id?: string };
  if (linked.status !== 200 || !body.id) throw new Error(`account link refused: ${JSON.stringify(body)}`);
  return tokenFrom(emulator, {
    key: PK,
    "payment_method_data[type]": "us_bank_account",
    "payment_method_data[us_bank_account][financial_connections_account]": body.id,
    "payment_method_data[us_bank_account][account_holder_type]": holderType,
    "payment_method_data[billing_details][name]": "Ada Client",
  });
}

/** Bank details entered by hand: confirming it asks for microdeposits. */
export const manualBankToken = (emulator: StripeEmulator, account: string, holderType: "individual" | "company" = "individual"): Promise<string> =>
  tokenFrom(emulator, bankParams(account, { "payment_method_data[us_bank_account][account_holder_type]": holderType }));

/** The Worker's confirm step: create and confirm in one call. */
export function createIntent(
  stripe: Stripe,
  confirmationToken: string,
  overrides: Partial<Stripe.PaymentIntentCreateParams> = {},
  options?: Stripe.RequestOptions,
): Promise<Stripe.Response<Stripe.PaymentIntent>> {
  return stripe.paymentIntents.create(
    {
      amount: 12_345,
      currency: "usd",
      confirm: true,
      confirmation_token: confirmationToken,
      allowed_payment_method_types: ["card", "us_bank_account"],
      metadata: { portal_payment_id: "pay_123" },
      ...overrides,
    },
    options,
  );
}

/** The error an SDK call rejected with (fails the test if it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error("expected the Stripe call to fail, but it succeeded");
}

export interface ReceivedWebhook {
  body: string;
  signature: string;
}

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}

/** A local HTTP endpoint for webhooks. `status` decides each answer (default 200). */
export async function startReceiver(status: (attempt: number, hook: ReceivedWebhook) => number = () => 200): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const hook = { body: Buffer.concat(chunks).toString("utf8"), signature: String(req.headers["stripe-signature"] ?? "") };
      received.push(hook);
      res.writeHead(status(received.length, hook), { "Content-Type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
