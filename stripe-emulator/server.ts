// Node HTTP server around the emulator's fetch handler.
//   node_modules/.bin/node stripe-emulator/server.ts
// Env: STRIPE_EMULATOR_PORT (12111), STRIPE_EMULATOR_WEBHOOK_URL (unset: record events only),
// STRIPE_WEBHOOK_SECRET (whsec_emulator_local_only), STRIPE_EMULATOR_AUTO_DELIVER (1; 0 holds
// events until /_emulator/deliver), STRIPE_EMULATOR_QUIET (0; 1 silences the request log).
import http from "node:http";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createStripeEmulator, type StripeEmulator } from "./emulator.ts";
import { buildStripeJs } from "./stripe-js-build.ts";

export const DEFAULT_PORT = 12111;
export const DEFAULT_WEBHOOK_SECRET = "whsec_emulator_local_only";
const HOST = "127.0.0.1";

export interface EmulatorServerOptions {
  /** 0 picks a free port. Default 12111. */
  port?: number;
  webhookUrl?: string;
  webhookSecret?: string;
  autoDeliverWebhooks?: boolean;
  webhookRetryDelaysMs?: readonly number[];
  /** Print one line per request. Default false. */
  log?: boolean;
  /** False lets the process exit while the server is still open (e.g. one started from a test config). Default true. */
  keepAlive?: boolean;
}

export interface EmulatorServer {
  /** e.g. http://127.0.0.1:12111 */
  url: string;
  port: number;
  emulator: StripeEmulator;
  close(): Promise<void>;
}

export async function startEmulatorServer(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
  let emulator: StripeEmulator | null = null;

  const server = http.createServer((req, res) => {
    if (!emulator) {
      res.writeHead(503).end();
      return;
    }
    handleNodeRequest(emulator, req, res, options.log ?? false).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(`Stripe emulator error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once("error", rejectListen);
    server.listen(options.port ?? DEFAULT_PORT, HOST, () => {
      server.off("error", rejectListen);
      resolveListen();
    });
  });
  if (options.keepAlive === false) server.unref();
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? DEFAULT_PORT);
  const url = `http://${HOST}:${port}`;

  // Created after listen so that port 0 still yields the right origin for 3DS URLs.
  emulator = createStripeEmulator({
    webhookSecret: options.webhookSecret ?? DEFAULT_WEBHOOK_SECRET,
    webhookUrl: options.webhookUrl,
    publicOrigin: url,
    autoDeliverWebhooks: options.autoDeliverWebhooks,
    webhookRetryDelaysMs: options.webhookRetryDelaysMs,
    stripeJsSource: buildStripeJs,
    // Always printed: a refused request is a bug in the caller (or the emulator), never noise.
    onRefusal: (refusal) =>
      console.error(
        `Stripe emulator REFUSED ${refusal.method} ${refusal.path} (${refusal.kind}): ${refusal.code ?? refusal.status} ${refusal.param ?? ""} ${refusal.message}`,
      ),
  });
  const running = emulator;
  // Stripe's automatic payouts run daily; so do the emulator's (the helper runs one at once).
  const dailyPayouts = setInterval(() => running.runPayouts(), 24 * 60 * 60 * 1000);
  dailyPayouts.unref();

  return {
    url,
    port,
    emulator: running,
    close: () =>
      new Promise<void>((resolveClose, rejectClose) => {
        clearInterval(dailyPayouts);
        running.reset();
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        server.closeAllConnections();
      }),
  };
}

async function handleNodeRequest(emulator: StripeEmulator, req: http.IncomingMessage, res: http.ServerResponse, log: boolean): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);

  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";

  const request = new Request(`http://${req.headers.host ?? HOST}${req.url ?? "/"}`, {
    method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
  const response = await emulator.fetch(request);
  const body = Buffer.from(await response.arrayBuffer());
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => (responseHeaders[name] = value));
  res.writeHead(response.status, responseHeaders);
  res.end(body);
  if (log) console.log(`${method} ${req.url} -> ${response.status} ${response.headers.get("request-id") ?? ""}`);
}

async function main(): Promise<void> {
  const port = Number(process.env.STRIPE_EMULATOR_PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid STRIPE_EMULATOR_PORT: ${process.env.STRIPE_EMULATOR_PORT}`);
  const webhookUrl = process.env.STRIPE_EMULATOR_WEBHOOK_URL || undefined;
  const server = await startEmulatorServer({
    port,
    webhookUrl,
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || DEFAULT_WEBHOOK_SECRET,
    autoDeliverWebhooks: process.env.STRIPE_EMULATOR_AUTO_DELIVER !== "0",
    log: process.env.STRIPE_EMULATOR_QUIET !== "1",
  });
  console.log(`Stripe emulator (test mode only) listening on ${server.url}`);
  console.log(`  dashboard: ${server.url}/_emulator/   Stripe.js stand-in: ${server.url}/v3/`);
  console.log(`  webhooks: ${webhookUrl ?? "not sent (set STRIPE_EMULATOR_WEBHOOK_URL)"}`);

  const stop = (signal: string) => {
    console.log(`${signal}: stopping the Stripe emulator`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
