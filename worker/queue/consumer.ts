// The queue handler: one function for the help, email and dead-letter queues. Each message is
// acknowledged or retried on its own, so one bad message never holds back the rest of a batch.
import { retryDelaySeconds } from "../domain/retry";
import { emailConfig, firmTimeZone, queueRetryBaseSeconds, type EmailConfig, type WorkerEnv } from "../env";
import { emailServiceMailer, type Mailer } from "../gateways/mailer";
import { openDatabase, type Database } from "../storage/db";
import { recordDeadLetter, recordUnreadable } from "../services/dead-letters";
import { deliverOutboxEmail, dispatchPendingEmails } from "../services/emails";
import { storeHelpRequest } from "../services/help";
import { emailQueue, parseMessage, QUEUE_NAMES, type EmailQueue } from "./messages";
import { log } from "../logger";

export interface QueueDeps {
  db: Database;
  now: () => number;
  mailer: Mailer;
  emailQueue: EmailQueue;
  config: EmailConfig;
  timeZone: string;
  retryBaseSeconds: number;
}

export function queueDeps(env: WorkerEnv): QueueDeps {
  return {
    db: openDatabase(env.DB),
    now: () => Date.now(),
    mailer: emailServiceMailer(env.EMAIL),
    emailQueue: emailQueue(env.EMAIL_QUEUE),
    config: emailConfig(env),
    timeZone: firmTimeZone(env),
    retryBaseSeconds: queueRetryBaseSeconds(env),
  };
}

type Outcome = { ack: true } | { retryAfterSeconds: number };

async function handle(queue: string, message: Message<unknown>, deps: QueueDeps): Promise<Outcome> {
  if (queue === QUEUE_NAMES.deadLetters) {
    await recordDeadLetter(deps, message);
    return { ack: true };
  }
  const parsed = parseMessage(message.body);
  if (!parsed) {
    await recordUnreadable(deps, message);
    return { ack: true };
  }
  if (parsed.type === "help_request") {
    await storeHelpRequest({ ...deps, arEmail: deps.config.arEmail }, parsed);
    // Stored: its emails go out now; if this fails the cron sweep sends them within minutes.
    await dispatchPendingEmails(deps).catch((error) => log.error("email dispatch after a help request failed", {}, error));
    return { ack: true };
  }
  const retryAt = deps.now() + retryDelaySeconds(message.attempts, deps.retryBaseSeconds) * 1000;
  const delivery = await deliverOutboxEmail(deps, parsed.outboxId, retryAt);
  return delivery.outcome === "busy" ? { retryAfterSeconds: delivery.retryAfterSeconds } : { ack: true };
}

export async function handleQueueBatch(batch: MessageBatch<unknown>, deps: QueueDeps): Promise<void> {
  for (const message of batch.messages) {
    try {
      const outcome = await handle(batch.queue, message, deps);
      if ("ack" in outcome) message.ack();
      else message.retry({ delaySeconds: outcome.retryAfterSeconds });
    } catch (error) {
      // After the last retry the queue moves the message to the dead-letter queue.
      log.error(`message on ${batch.queue} failed`, { attempt: message.attempts }, error);
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts, deps.retryBaseSeconds) });
    }
  }
}
