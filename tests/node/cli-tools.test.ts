// The staff command-line tools against a fresh local state, exactly as staff run them:
// `npm run import -- file.csv` and `npm run pay-link -- <invoice>`.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUsDate } from "../../worker/domain/dates";
import { payLinkExpiry } from "../../worker/domain/pay-links";

const root = join(import.meta.dirname, "../..");
const fixtures = join(root, "tests/node/fixtures/import");
const persistDir = mkdtempSync(join(tmpdir(), "portal-cli-"));
const env = {
  ...process.env,
  PATH: `${join(root, "node_modules/.bin")}:${process.env.PATH}`,
  PERSIST_DIR: persistDir,
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  PAY_LINK_KEYS: `a:${Buffer.alloc(32, 7).toString("base64")}`,
  STAFF_EMAIL: "cli-test@alvarezwhitman.example",
};

function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, "node_modules/.bin", command), args, { cwd: root, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const importFile = (name: string) => run("tsx", ["tools/import.ts", join(fixtures, name)]);

async function query<T>(sql: string): Promise<T[]> {
  const proxy = await getPlatformProxy<{ DB: { prepare(sql: string): { all<R>(): Promise<{ results: R[] }> } } }>({
    configPath: join(root, "wrangler.toml"),
    persist: { path: join(persistDir, "v3") },
  });
  try {
    return (await proxy.env.DB.prepare(sql).all<T>()).results;
  } finally {
    await proxy.dispose();
  }
}

beforeAll(async () => {
  const migrated = await run("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistDir]);
  if (migrated.code !== 0) throw new Error(migrated.stdout + migrated.stderr);
}, 60_000);
afterAll(() => rmSync(persistDir, { recursive: true, force: true }));

describe("npm run import", () => {
  it("loads a good file and the PDFs next to it", async () => {
    const result = await importFile("invoices.csv");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Imported 4 rows: 4 created, 0 updated, 0 unchanged; 1 PDF written.");
    // Progress as it goes: checked whole, staged in batches, applied at once.
    expect(result.stdout).toContain("Checked 4 rows: all good.\nStaged 6 of 6 changes.\nApplied in one atomic batch.\n");
    const items = await query<{ invoice_number: string; kind: string; original_cents: number; pdf_key: string | null }>(
      "SELECT invoice_number, kind, original_cents, pdf_key FROM items ORDER BY id",
    );
    expect(items).toEqual([
      { invoice_number: "415001", kind: "invoice", original_cents: 240_000, pdf_key: "invoices/415001.pdf" },
      { invoice_number: "415002", kind: "invoice", original_cents: 118_050, pdf_key: null },
      { invoice_number: "415001", kind: "late_fee", original_cents: 3_600, pdf_key: null },
      { invoice_number: "415101", kind: "invoice", original_cents: 95_000, pdf_key: null },
    ]);
    expect(await query("SELECT name FROM clients ORDER BY id")).toEqual([{ name: "Little Havana Bakery LLC" }, { name: "Wynwood Print Shop, Inc." }]);
    expect(await query("SELECT email, action FROM staff_actions")).toEqual([{ email: "cli-test@alvarezwhitman.example", action: "import_invoices" }]);
  }, 60_000);

  it("changes nothing when the same file is imported again", async () => {
    const before = await query("SELECT * FROM items ORDER BY id");
    const result = await importFile("invoices.csv");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Imported 4 rows: 0 created, 0 updated, 4 unchanged; 0 PDFs written.");
    expect(await query("SELECT * FROM items ORDER BY id")).toEqual(before);
  }, 60_000);

  it("refuses a bad file whole, naming each problem by spreadsheet row", async () => {
    const before = await query("SELECT count(*) AS n FROM items");
    const result = await importFile("bad.csv");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Refused: nothing was written.");
    expect(result.stderr).toContain("row 2 (pdf_file): pdf_file was not found next to the CSV file.");
    expect(result.stderr).toContain("row 3 (date): date must be a real date, as MM/DD/YYYY or YYYY-MM-DD.");
    expect(result.stderr).toContain("row 3 (delivery): delivery must be electronic or paper for an invoice.");
    expect(result.stderr).toContain("row 4 (invoice_number): The late fee's invoice is neither in the portal nor in this file.");
    expect(await query("SELECT count(*) AS n FROM items")).toEqual(before);
  }, 60_000);

  it("loads a 50,000-row export in one file, showing progress; a bad row at line 49,999 refuses it whole first", async () => {
    const folder = mkdtempSync(join(tmpdir(), "portal-cli-big-"));
    const lines = (bad: boolean) => {
      const out = ["record_type,client_number,client_name,client_email,invoice_number,date,amount,delivery,pdf_file"];
      for (let i = 0; i < 50_000; i++) {
        const amount = bad && out.length + 1 === 49_999 ? "1.2.3" : `${(i % 500) + 1}.00`;
        out.push(`invoice,${20_700_000 + (i % 5_000)},Client ${i % 5_000},,${430_000 + i},2026-09-01,${amount},paper,`);
      }
      return `${out.join("\n")}\n`;
    };
    try {
      const before = await query("SELECT count(*) AS n FROM items");
      writeFileSync(join(folder, "bad.csv"), lines(true));
      const refused = await run("tsx", ["tools/import.ts", join(folder, "bad.csv")]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("row 49999 (amount):");
      expect(await query("SELECT count(*) AS n FROM items")).toEqual(before);

      writeFileSync(join(folder, "big.csv"), lines(false));
      const started = Date.now();
      const result = await run("tsx", ["tools/import.ts", join(folder, "big.csv")]);
      console.log(`npm run import of 50,000 rows: ${Date.now() - started} ms`);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Checked 50,000 rows: all good.");
      expect(result.stdout).toContain("Staged 10,000 of 55,000 changes.");
      expect(result.stdout).toContain("Staged 55,000 of 55,000 changes.");
      expect(result.stdout).toContain("Imported 50000 rows: 50000 created, 0 updated, 0 unchanged; 0 PDFs written.");
      expect(await query("SELECT count(*) AS n FROM items WHERE invoice_number BETWEEN '430000' AND '479999'")).toEqual([{ n: 50_000 }]);
      expect(await query("SELECT count(*) AS n FROM import_staging")).toEqual([{ n: 0 }]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 180_000);

  it("refuses a file with a column it does not know", async () => {
    const result = await importFile("missing-column.csv");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Unknown or repeated column: total.");
  }, 60_000);
});

describe("npm run pay-link", () => {
  it("prints a link for each invoice", async () => {
    const result = await run("tsx", ["tools/pay-link.ts", "415001", "415002"]);
    expect(result.code).toBe(0);
    const lastDay = formatUsDate(payLinkExpiry("2026-11-02", Date.now(), 90).expiresOn);
    expect(result.stdout).toMatch(new RegExp(`^415001 {2}http://127\\.0\\.0\\.1:8787/p/a[A-Za-z0-9_-]{15} {2}\\(works through ${lastDay}\\)$`, "m"));
    expect(result.stdout).toMatch(/^415002 {2}http:\/\/127\.0\.0\.1:8787\/p\/a[A-Za-z0-9_-]{15} /m);
    expect(await query("SELECT count(*) AS n FROM pay_links")).toEqual([{ n: 2 }]);
  }, 60_000);

  it("mints nothing if any number is unknown", async () => {
    const result = await run("tsx", ["tools/pay-link.ts", "415101", "499999"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Invoice 499999 is not in the portal.");
    expect(await query("SELECT count(*) AS n FROM pay_links")).toEqual([{ n: 2 }]);
  }, 60_000);
});
