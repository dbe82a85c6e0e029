// The Worker's one logger: a JSON line per event, read by Workers Logs ([observability] in
// wrangler.toml). Fields are a few scalars chosen by the caller: never a request body, a Stripe
// payload, a secret, or a client's personal data. An error is reduced to its name and message.

type Field = string | number | boolean | null | undefined;
type Fields = Record<string, Field>;

/** "Name: message", as stored with failed emails and logged; bounded so no payload rides along. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 300);
}

function line(level: "info" | "warn" | "error", message: string, fields: Fields, error?: unknown): string {
  return JSON.stringify({ level, message, ...fields, ...(error === undefined ? {} : { detail: describeError(error) }) });
}

export const log = {
  info(message: string, fields: Fields = {}): void {
    console.log(line("info", message, fields));
  },
  warn(message: string, fields: Fields = {}, error?: unknown): void {
    console.warn(line("warn", message, fields, error));
  },
  error(message: string, fields: Fields = {}, error?: unknown): void {
    console.error(line("error", message, fields, error));
  },
};
