// What travels through the portal's queues, and the small producer interfaces the services use.
// The queue names must match wrangler.toml.
import { isLanguage } from "../domain/language";
import { HELP_TOPICS, isHelpReference, type HelpDraft, type HelpRequestMessage } from "../domain/help";

export type { HelpRequestMessage };

export const QUEUE_NAMES = { help: "portal-help", email: "portal-email", deadLetters: "portal-dead-letters" } as const;

/** An outbox row to deliver; the row, not the message, says what to send. */
export interface OutboxEmailMessage {
  type: "email";
  outboxId: number;
}

export type PortalMessage = HelpRequestMessage | OutboxEmailMessage;

export interface HelpQueue {
  send(message: HelpRequestMessage): Promise<void>;
}

export interface EmailQueue {
  send(outboxIds: number[]): Promise<void>;
}

export function helpQueue(queue: Queue): HelpQueue {
  return { send: async (message) => void (await queue.send(message, { contentType: "json" })) };
}

export function emailQueue(queue: Queue): EmailQueue {
  return {
    async send(outboxIds) {
      // sendBatch takes at most 100 messages.
      for (let i = 0; i < outboxIds.length; i += 100) {
        const chunk = outboxIds.slice(i, i + 100);
        await queue.sendBatch(
          chunk.map((outboxId): MessageSendRequest => ({ body: { type: "email", outboxId } satisfies OutboxEmailMessage, contentType: "json" })),
        );
      }
    },
  };
}

const str = (value: unknown): value is string => typeof value === "string";
const strOrNull = (value: unknown): value is string | null => value === null || typeof value === "string";

/** The body if it is one of ours; null for anything else (it goes to the staff as unreadable). */
export function parseMessage(body: unknown): PortalMessage | null {
  if (!body || typeof body !== "object") return null;
  const m = body as Record<string, unknown>;
  if (m.type === "email") return Number.isSafeInteger(m.outboxId) && (m.outboxId as number) > 0 ? { type: "email", outboxId: m.outboxId as number } : null;
  if (m.type !== "help_request") return null;
  const d = m.draft as Record<string, unknown> | null | undefined;
  if (!str(m.reference) || !isHelpReference(m.reference) || !Number.isSafeInteger(m.submittedAt)) return null;
  if (!isLanguage(m.language) || !strOrNull(m.sessionClientNumber)) return null;
  if (!d || !str(d.name) || !str(d.email) || !strOrNull(d.phone) || !str(d.company) || !strOrNull(d.number) || !str(d.message)) return null;
  const topic = HELP_TOPICS.find((t) => t === d.topic);
  if (!topic) return null;
  return {
    type: "help_request",
    reference: m.reference,
    submittedAt: m.submittedAt as number,
    language: m.language,
    sessionClientNumber: m.sessionClientNumber,
    draft: { name: d.name, email: d.email, phone: d.phone, company: d.company, number: d.number, topic, message: d.message },
  };
}
