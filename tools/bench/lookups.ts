// Lookups for the benches. Each client address is new (the per-IP limits measure nothing but
// themselves), and the invoices rotate: the D1 lockout counts every attempt on an invoice while it
// is in flight, so 64 concurrent lookups of one invoice are rightly refused (429). A real firm's
// concurrent lookups are of different invoices: the bench imports that many through the staff
// API, as the billing system would, and looks them up in turn.
import type autocannon from "autocannon";

const BENCH_INVOICES = 400;

let ipCounter = 0;
/** A new client address per request. */
export function nextIp(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

interface Pair {
  invoiceNumber: string;
  total: string;
}

/** Invoice 499xxx (left free for imports by seed:large too) for client 29xxxxxx: numbers no seed uses. */
function benchPairs(): Pair[] {
  return Array.from({ length: BENCH_INVOICES }, (_, i) => ({
    invoiceNumber: String(499_000 + i),
    total: `${1000 + (i % 90)}.${String(i % 100).padStart(2, "0")}`,
  }));
}

/** Loads the bench's invoices through PUT /staff/api/invoices (locally signed in as STAFF_DEV_EMAIL). */
export async function importBenchInvoices(base: string): Promise<void> {
  const lines = ["record_type,client_number,client_name,invoice_number,date,amount,delivery"];
  for (const [i, pair] of benchPairs().entries()) {
    lines.push(`invoice,${29_000_000 + Math.floor(i / 4)},Bench Client ${Math.floor(i / 4)},${pair.invoiceNumber},2026-11-02,"${pair.total}",paper`);
  }
  const response = await fetch(`${base}/staff/api/invoices`, {
    method: "PUT",
    headers: { "Content-Type": "text/csv", Origin: base },
    body: `${lines.join("\n")}\n`,
  });
  if (!response.ok) throw new Error(`importing the bench invoices answered ${response.status}: ${await response.text()}`);
}

/** An autocannon request that looks up the next bench invoice from a new address each time. */
export function rotatingLookup(base: string): autocannon.Request {
  const pairs = benchPairs();
  let next = 0;
  return {
    method: "POST",
    setupRequest: (request) => {
      const pair = pairs[next++ % pairs.length]!;
      return {
        ...request,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, "CF-Connecting-IP": nextIp() },
        body: `invoiceNumber=${pair.invoiceNumber}&invoiceTotal=${pair.total}`,
      };
    },
  };
}
