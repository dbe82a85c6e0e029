// Help-request fixtures for Worker tests: a complete form, and reads of what the consumers stored.
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { TEST_TOKEN } from "../../worker/gateways/turnstile";

export function helpForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: "Ana Pérez",
    email: "ana@brickellbay.example",
    phone: "(305) 555-0100",
    company: "Brickell Bay Holdings LLC",
    number: "413955",
    topic: "payment_problem",
    message: "My card was charged twice for invoice 413955.\nCan you check?",
    "cf-turnstile-response": TEST_TOKEN,
    ...overrides,
  };
}

export function referenceIn(html: string): string {
  const match = /id="help-reference"[^>]*>(HR-[2-9A-HJ-NP-Z]{6})</.exec(html);
  if (!match) throw new Error(`no reference in ${html.slice(0, 500)}`);
  return match[1]!;
}

export async function helpRow(reference: string) {
  return env.DB.prepare("SELECT * FROM help_requests WHERE reference = ?").bind(reference).first<Record<string, unknown>>();
}

export async function outboxRows(where: string, ...binds: unknown[]) {
  const rows = await env.DB.prepare(`SELECT * FROM outbox WHERE ${where} ORDER BY id`)
    .bind(...binds)
    .all<Record<string, unknown>>();
  return rows.results;
}

export async function sentEmail(outboxId: number) {
  return env.DB.prepare("SELECT * FROM sent_emails WHERE outbox_id = ?").bind(outboxId).first<{
    to_addresses: string;
    cc_addresses: string | null;
    reply_to: string | null;
    subject: string;
    text: string;
    html: string;
  }>();
}

/** Waits for the real queue consumer to store a help request. */
export async function waitForHelpRow(reference: string) {
  return vi.waitUntil(() => helpRow(reference), { timeout: 15_000, interval: 100 });
}

/** Waits for the real email consumer to send an outbox row, and returns what it sent. */
export async function waitForSent(outboxId: number) {
  return vi.waitUntil(async () => ((await outboxRows("id = ? AND status = 'sent'", outboxId)).length ? sentEmail(outboxId) : null), {
    timeout: 15_000,
    interval: 100,
  });
}
