// HTML served on the emulator's own origin: the 3D Secure challenge page and a small
// dashboard for people trying the portal locally. Every interpolated value is escaped.
import type Stripe from "stripe";
import { escapeHtml as e } from "./wire.ts";
import type { DeliveryRecord } from "./webhooks.ts";

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; color: #1a1f36; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
  .note { background: #fff4d6; border: 1px solid #e8c26a; padding: .4rem .7rem; display: inline-block; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; }
  th, td { text-align: left; border-bottom: 1px solid #e3e8ee; padding: .35rem .5rem; vertical-align: top; }
  code { font-size: .85em; } form { display: inline; margin: 0 .2rem .2rem 0; }
  button { font: inherit; padding: .25rem .6rem; cursor: pointer; }
  .status-succeeded { color: #0a7a3b; } .status-processing { color: #8a5a00; }
  .status-requires_payment_method, .status-canceled, .status-failed { color: #b3261e; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export function formatAmount(amount: number, currency: string): string {
  return currency === "usd" ? `$${(amount / 100).toFixed(2)}` : `${amount} ${currency}`;
}

export function threeDSPage(intent: Stripe.PaymentIntent, clientSecret: string): string {
  return page(
    "3D Secure test authentication",
    `<main>
<h1>3D Secure authentication</h1>
<p class="note">Test mode: Stripe emulator. This page stands in for the card issuer's challenge.</p>
<p>Authenticate the payment of <strong>${e(formatAmount(intent.amount, intent.currency))}</strong> (<code>${e(intent.id)}</code>).</p>
<form method="post" action="/_emulator/3ds/${e(intent.id)}/complete">
<input type="hidden" name="client_secret" value="${e(clientSecret)}">
<button type="submit" name="outcome" value="approve">Complete authentication</button>
<button type="submit" name="outcome" value="fail">Fail authentication</button>
</form>
</main>`,
  );
}

/**
 * Stands in for Stripe's hosted microdeposit verification page (hosted_verification_url): the
 * customer types the amounts or the SM code seen on their statement. Wrong values use up attempts.
 */
export function microdepositPage(intent: Stripe.PaymentIntent, type: "amounts" | "descriptor_code" | null, token: string, error: string | null): string {
  const amount = formatAmount(intent.amount, intent.currency);
  if (intent.status !== "requires_action" || !type) {
    const done = intent.status === "processing" || intent.status === "succeeded";
    return page(
      "Bank account verification",
      `<main>
<h1>${done ? "Bank account verified" : "Verification closed"}</h1>
<p class="note">Test mode: Stripe emulator. This page stands in for Stripe's hosted verification page.</p>
<p>${done ? `Thank you. The payment of <strong>${e(amount)}</strong> is now being processed.` : `This payment is ${e(intent.status)}; it can no longer be verified.`}</p>
</main>`,
    );
  }
  const fields =
    type === "amounts"
      ? `<p>Enter the two amounts, in cents, of the deposits described as ACCTVERIFY (test: 32 and 45).</p>
<p><label>First deposit (cents) <input name="amount_1" inputmode="numeric" autocomplete="off" required></label></p>
<p><label>Second deposit (cents) <input name="amount_2" inputmode="numeric" autocomplete="off" required></label></p>`
      : `<p>Enter the 6-character code starting with SM from the $0.01 deposit's description (test: SM11AA).</p>
<p><label>Descriptor code <input name="descriptor_code" autocomplete="off" maxlength="6" required></label></p>`;
  return page(
    "Verify your bank account",
    `<main>
<h1>Verify your bank account</h1>
<p class="note">Test mode: Stripe emulator. This page stands in for Stripe's hosted verification page.</p>
<p>Verify the bank account to pay <strong>${e(amount)}</strong>.</p>
${error ? `<p role="alert" id="verification-error">${e(error)}</p>` : ""}
<form method="post" action="/_emulator/microdeposit/${e(token)}">
${fields}
<button type="submit">Verify</button>
</form>
</main>`,
  );
}

export function threeDSResultPage(intent: Stripe.PaymentIntent): string {
  const ok = intent.status === "succeeded";
  return page(
    "3D Secure result",
    `<main>
<h1>${ok ? "Authentication complete" : "Authentication failed"}</h1>
<p class="note">Test mode: Stripe emulator.</p>
<p>The PaymentIntent <code>${e(intent.id)}</code> is now <strong>${e(intent.status)}</strong>. You can close this window.</p>
</main>`,
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<main><h1>${e(title)}</h1><p>${e(message)}</p></main>`);
}

export interface DashboardIntent {
  intent: Stripe.PaymentIntent;
  method: string | null;
  disputed: boolean;
}

export interface DashboardModel {
  token: string;
  webhookUrl: string | undefined;
  intents: DashboardIntent[];
  refunds: Stripe.Refund[];
  events: { event: Stripe.Event; delivery: DeliveryRecord | undefined }[];
}

function button(action: string, token: string, label: string, fields: Record<string, string> = {}): string {
  const hidden = Object.entries({ ...fields, dashboard_token: token })
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`)
    .join("");
  return `<form method="post" action="${e(action)}">${hidden}<button type="submit">${e(label)}</button></form>`;
}

function intentActions(row: DashboardIntent, token: string): string {
  const { intent } = row;
  const base = `/_emulator/payment_intents/${intent.id}`;
  if (intent.status === "processing") {
    return [
      button(`${base}/settle`, token, "Settle as the test account says"),
      button(`${base}/settle`, token, "Force succeed", { outcome: "succeed" }),
      button(`${base}/settle`, token, "Force fail", { outcome: "fail" }),
    ].join("");
  }
  if (intent.status === "requires_action") {
    return [
      button(`${base}/authenticate`, token, "Complete 3DS", { outcome: "approve" }),
      button(`${base}/authenticate`, token, "Fail 3DS", { outcome: "fail" }),
    ].join("");
  }
  if (intent.status === "succeeded" && !row.disputed) return button(`${base}/dispute`, token, "Dispute");
  return "";
}

export function dashboardPage(model: DashboardModel): string {
  const { token } = model;
  const intents = model.intents.length
    ? model.intents
        .map(
          (row) => `<tr>
<td><code>${e(row.intent.id)}</code><br>${e(new Date(row.intent.created * 1000).toISOString())}</td>
<td>${e(formatAmount(row.intent.amount, row.intent.currency))}</td>
<td class="status-${e(row.intent.status)}">${e(row.intent.status)}${row.disputed ? " (disputed)" : ""}</td>
<td>${e(row.method ?? "none yet")}</td>
<td><code>${e(JSON.stringify(row.intent.metadata))}</code></td>
<td>${intentActions(row, token)}</td>
</tr>`,
        )
        .join("\n")
    : `<tr><td colspan="6">No payment intents yet.</td></tr>`;

  const refunds = model.refunds.length
    ? model.refunds
        .map(
          (refund) => `<tr>
<td><code>${e(refund.id)}</code></td>
<td><code>${e(String(refund.payment_intent ?? ""))}</code></td>
<td>${e(formatAmount(refund.amount, refund.currency))}</td>
<td class="status-${e(refund.status ?? "")}">${e(refund.status ?? "")}</td>
<td>${refund.status === "succeeded" ? button(`/_emulator/refunds/${refund.id}/fail`, token, "Fail refund") : ""}</td>
</tr>`,
        )
        .join("\n")
    : `<tr><td colspan="5">No refunds yet.</td></tr>`;

  const events = model.events.length
    ? model.events
        .map(({ event, delivery }) => {
          const status = delivery ? delivery.status : "not_configured";
          const detail = delivery?.lastError ? ` (${delivery.lastError})` : "";
          return `<tr>
<td><code>${e(event.id)}</code></td>
<td>${e(event.type)}</td>
<td><code>${e(String((event.data.object as { id?: string }).id ?? ""))}</code></td>
<td>${e(status)}${e(detail)}; attempts: ${delivery?.attempts ?? 0}</td>
<td>${model.webhookUrl ? button(`/_emulator/events/${event.id}/redeliver`, token, "Redeliver") : ""}</td>
</tr>`;
        })
        .join("\n")
    : `<tr><td colspan="5">No events yet.</td></tr>`;

  const target = model.webhookUrl
    ? `Webhooks go to <code>${e(model.webhookUrl)}</code>.
${button("/_emulator/deliver", token, "Deliver undelivered events")}
${button("/_emulator/deliver", token, "Redeliver all, newest first", { order: "reverse", scope: "all" })}`
    : "No webhook URL is configured: events are recorded only.";

  return page(
    "Stripe emulator",
    `<main>
<h1>Stripe emulator</h1>
<p class="note">Test mode: Stripe emulator. Nothing here touches real money or Stripe.</p>
<p>${target}</p>
<p><a href="/_emulator/">Refresh</a></p>
<h2>Payment intents (newest first)</h2>
<table>
<thead><tr><th>Id</th><th>Amount</th><th>Status</th><th>Method</th><th>Metadata</th><th>Actions</th></tr></thead>
<tbody>
${intents}
</tbody>
</table>
<h2>Refunds</h2>
<table>
<thead><tr><th>Id</th><th>Payment intent</th><th>Amount</th><th>Status</th><th>Actions</th></tr></thead>
<tbody>
${refunds}
</tbody>
</table>
<h2>Events (newest first)</h2>
<table>
<thead><tr><th>Id</th><th>Type</th><th>Object</th><th>Delivery</th><th>Actions</th></tr></thead>
<tbody>
${events}
</tbody>
</table>
</main>`,
  );
}
