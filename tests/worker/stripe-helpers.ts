// Driving the Stripe emulator from Worker tests the way a browser and Stripe would: Stripe.js
// creates ConfirmationTokens with the publishable key; Stripe signs and delivers webhooks.
import { env, exports } from "cloudflare:workers";

export const CARDS = {
  visaCredit: "4242424242424242",
  visaDebit: "4000056655665556",
  mastercardCredit: "5555555555554444",
  mastercardDebit: "5200828282828210",
  prepaid: "5105105105105100",
  declined: "4000000000000002",
  insufficientFunds: "4000000000009995",
  threeDS: "4000002760003184",
} as const;

export const BANK = { routing: "110000000", settles: "000123456789", noAccount: "000111111116" } as const;

async function emulator(path: string, init: RequestInit & { key?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${init.key ?? env.STRIPE_SECRET_KEY}`);
  return fetch(`${env.STRIPE_API_BASE}${path}`, { ...init, headers });
}

/** What Stripe.js's createConfirmationToken sends, with the publishable key. */
export async function cardToken(number: string): Promise<string> {
  const body = new URLSearchParams({
    "payment_method_data[type]": "card",
    "payment_method_data[card][number]": number,
    "payment_method_data[card][exp_month]": "12",
    "payment_method_data[card][exp_year]": "2034",
    "payment_method_data[card][cvc]": "123",
    "payment_method_data[billing_details][email]": "ap@brickellbay.example",
  });
  const response = await emulator("/v1/confirmation_tokens", { method: "POST", body, key: env.STRIPE_PUBLISHABLE_KEY });
  const json = (await response.json()) as { id?: string; error?: unknown };
  if (!json.id) throw new Error(`token failed: ${JSON.stringify(json)}`);
  return json.id;
}

/** Instant verification (the test institution links the account first), as the Payment Element does by default. */
export async function bankToken(account: string): Promise<string> {
  const linked = await emulator("/_emulator/financial_connections/accounts", {
    method: "POST",
    body: new URLSearchParams({ routing_number: BANK.routing, account_number: account }),
    key: env.STRIPE_PUBLISHABLE_KEY,
  });
  const link = (await linked.json()) as { id?: string };
  if (!link.id) throw new Error(`account link failed: ${JSON.stringify(link)}`);
  return bankTokenFrom({
    "payment_method_data[us_bank_account][financial_connections_account]": link.id,
    "payment_method_data[us_bank_account][account_holder_type]": "company",
  });
}

/** Bank details entered by hand: Stripe verifies them with microdeposits (amounts for a company, else a descriptor code). */
export async function manualBankToken(account: string, holderType: "company" | "individual" = "individual"): Promise<string> {
  return bankTokenFrom({
    "payment_method_data[us_bank_account][routing_number]": BANK.routing,
    "payment_method_data[us_bank_account][account_number]": account,
    "payment_method_data[us_bank_account][account_holder_type]": holderType,
    "payment_method_data[us_bank_account][account_type]": "checking",
  });
}

async function bankTokenFrom(fields: Record<string, string>): Promise<string> {
  const body = new URLSearchParams({
    "payment_method_data[type]": "us_bank_account",
    ...fields,
    "payment_method_data[billing_details][name]": "Brickell Bay Holdings LLC",
  });
  const response = await emulator("/v1/confirmation_tokens", { method: "POST", body, key: env.STRIPE_PUBLISHABLE_KEY });
  const json = (await response.json()) as { id?: string };
  if (!json.id) throw new Error(`bank token failed: ${JSON.stringify(json)}`);
  return json.id;
}

export interface EmulatedEvent {
  id: string;
  type: string;
  data: { object: { id: string; metadata?: Record<string, string>; payment_intent?: string } };
}

/** Every event the emulator recorded about one PaymentIntent, oldest first. */
export async function eventsFor(paymentIntentId: string): Promise<EmulatedEvent[]> {
  const response = await emulator("/_emulator/events");
  const body = (await response.json()) as { data?: EmulatedEvent[] } | EmulatedEvent[];
  const all = Array.isArray(body) ? body : (body.data ?? []);
  return all.filter((e) => e.data.object.id === paymentIntentId || e.data.object.payment_intent === paymentIntentId);
}

export async function settleAch(paymentIntentId: string, outcome?: "succeed" | "fail") {
  const body = new URLSearchParams(outcome ? { outcome } : {});
  const response = await emulator(`/_emulator/payment_intents/${paymentIntentId}/settle`, { method: "POST", body });
  if (!response.ok) throw new Error(`settle failed: ${response.status} ${await response.text()}`);
}

export async function refund(paymentIntentId: string, amount?: number) {
  const body = new URLSearchParams({ payment_intent: paymentIntentId, ...(amount ? { amount: String(amount) } : {}) });
  const response = await emulator("/v1/refunds", { method: "POST", body });
  if (!response.ok) throw new Error(`refund failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

/** What the client does on the hosted verification page (or Stripe.js verifyMicrodepositsForPayment). */
export async function verifyMicrodeposits(paymentIntentId: string, values: { amounts: [number, number] } | { descriptorCode: string }) {
  const body = new URLSearchParams(
    "amounts" in values ? { "amounts[0]": String(values.amounts[0]), "amounts[1]": String(values.amounts[1]) } : { descriptor_code: values.descriptorCode },
  );
  return emulator(`/v1/payment_intents/${paymentIntentId}/verify_microdeposits`, { method: "POST", body });
}

export async function expireMicrodeposits(paymentIntentId: string) {
  const response = await emulator(`/_emulator/payment_intents/${paymentIntentId}/expire_microdeposits`, { method: "POST" });
  if (!response.ok) throw new Error(`expire failed: ${response.status} ${await response.text()}`);
}

export async function completeThreeDS(paymentIntentId: string, outcome: "approve" | "fail") {
  const response = await emulator(`/_emulator/3ds/${paymentIntentId}/complete`, { method: "POST", body: new URLSearchParams({ outcome }) });
  if (!response.ok) throw new Error(`3ds failed: ${response.status} ${await response.text()}`);
}

/** Signs like Stripe: t=<seconds>,v1=HMAC-SHA256(secret, t + "." + body). */
export async function signedWebhook(body: string, secret = env.STRIPE_WEBHOOK_SECRET, timestamp = Math.floor(Date.now() / 1000)) {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${timestamp}.${body}`));
  const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `t=${timestamp},v1=${hex}`;
}

export async function deliverWebhook(event: unknown, signature?: string): Promise<Response> {
  const body = JSON.stringify(event);
  return exports.default.fetch(
    new Request("https://portal.test/webhooks/stripe", {
      method: "POST",
      body,
      headers: { "Content-Type": "application/json", "Stripe-Signature": signature ?? (await signedWebhook(body)) },
    }),
  );
}
