// How long a queue message waits before its next attempt: doubling from a base, capped, so a
// short outage is retried quickly and a long one does not hammer the service.

/** The most a retry waits: 15 minutes (Queues accept up to 12 hours). */
export const MAX_RETRY_DELAY_SECONDS = 900;

/** `attempts` is the message's delivery count so far (1 on the first delivery). */
export function retryDelaySeconds(attempts: number, baseSeconds: number, capSeconds = MAX_RETRY_DELAY_SECONDS): number {
  if (baseSeconds <= 0) return 0;
  const exponent = Math.max(0, Math.min(attempts - 1, 20));
  return Math.min(capSeconds, baseSeconds * 2 ** exponent);
}
