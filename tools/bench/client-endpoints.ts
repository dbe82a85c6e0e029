// The client endpoints both benches load, on a portal readied as a client would leave it: the
// bench invoices imported (for the rotating lookup), and a demo client signed in who has chosen
// every item and the card, so the amounts step's recompute has a selection to total.
import autocannon from "autocannon";
import { importBenchInvoices, nextIp, rotatingLookup } from "./lookups";

export interface BenchEndpoint {
  name: string;
  options: autocannon.Options;
  /** The statuses that count as answered; 200 when not given. */
  okStatuses?: number[];
}

/** One round of load on one endpoint. */
export interface Round {
  rps: number;
  p50: number;
  p99: number;
  /** Answers other than the expected status, by status code. */
  unexpected: Record<string, number>;
  errors: number;
}

/** Loads one endpoint for one round: `connections` at once for `seconds`. */
export async function loadRound(endpoint: BenchEndpoint, load: { connections: number; seconds: number }): Promise<Round> {
  const result = await autocannon({ connections: load.connections, duration: load.seconds, ...endpoint.options });
  const okStatuses = endpoint.okStatuses ?? [200];
  const unexpected = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {})
      .filter(([code]) => !okStatuses.includes(Number(code)))
      .map(([code, stat]) => [code, (stat as { count: number }).count]),
  );
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, unexpected, errors: result.errors };
}

/** Signs in as the demo's Brickell Bay Holdings (invoice 413955) and returns the session cookie. */
async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/lookup`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, "CF-Connecting-IP": nextIp() },
    body: "invoiceNumber=413955&invoiceTotal=15308.81",
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__Host-portal_session="));
  if (!cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie.split(";")[0]!;
}

/** Readies the portal (see the header) and returns its client endpoints, by what they are. */
export async function clientEndpoints(base: string) {
  await importBenchInvoices(base);
  const cookie = await signIn(base);
  const items = await (await fetch(`${base}/portal/items`, { headers: { Cookie: cookie } })).text();
  const ids = [...items.matchAll(/name="pay" value="(\d+)"/g)].map((m) => m[1]!);
  const post = (path: string, body: string) =>
    fetch(`${base}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
  await post("/portal/items", new URLSearchParams([...ids.map((id) => ["pay", id]), ["action", "ok"]]).toString());
  await post("/portal/pay", "method=card");
  const amounts = new URLSearchParams(ids.map((id) => [`amount-${id}`, "100.00"]));
  const signedIn = { Cookie: cookie };
  return {
    entry: { name: "portal GET / (entry page)", options: { url: `${base}/` } },
    lookup: { name: "lookup POST /lookup (valid pair)", options: { url: `${base}/lookup`, requests: [rotatingLookup(base)] }, okStatuses: [303] },
    summary: { name: "summary GET /portal", options: { url: `${base}/portal`, headers: signedIn } },
    items: { name: "list GET /portal/items", options: { url: `${base}/portal/items`, headers: signedIn } },
    amountsRecompute: {
      name: "amounts recompute POST /portal/amounts/preview",
      options: {
        url: `${base}/portal/amounts/preview`,
        method: "POST",
        headers: { ...signedIn, Origin: base, "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded" },
        body: amounts.toString(),
      },
    },
  } satisfies Record<string, BenchEndpoint>;
}
