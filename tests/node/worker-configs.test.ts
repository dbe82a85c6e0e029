// The two Workers' configurations and what the client Worker bundles. The client Worker
// (wrangler.toml) is the one next to clients and the one with the size budget: none of the staff
// Worker's code (wrangler.staff.toml: staff pages and API, jose, webhooks, queue consumers, cron,
// emails, the PDF writer, the staff's strings, the Stripe SDK) may reach its bundle.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experimental_readRawConfig } from "wrangler";

const root = join(import.meta.dirname, "../..");
const raw = (file: string) => experimental_readRawConfig({ config: join(root, file) }).rawConfig;

describe("the two Workers' configurations", () => {
  const client = raw("wrangler.toml");
  const staff = raw("wrangler.staff.toml");

  it("have the same vars, so shared code reads the same settings in either Worker", () => {
    expect(staff.vars).toEqual(client.vars);
  });

  it("share one D1 database and one R2 bucket", () => {
    expect(staff.d1_databases).toEqual(client.d1_databases);
    expect(staff.r2_buckets).toEqual(client.r2_buckets);
  });

  it("put the queue consumers, the cron and email in the staff Worker only; the client binds to it", () => {
    expect(client.queues?.consumers ?? []).toEqual([]);
    expect(client.triggers).toBeUndefined();
    expect(client.send_email).toBeUndefined();
    expect(staff.queues?.consumers?.map((consumer: { queue: string }) => consumer.queue).sort()).toEqual([
      "portal-dead-letters",
      "portal-email",
      "portal-help",
    ]);
    expect(client.services).toEqual([
      { binding: "STAFF", service: staff.name },
      { binding: "PDF_RENDERER", service: staff.name, entrypoint: "PdfRenderer" },
      { binding: "CHECKOUT", service: staff.name, entrypoint: "Checkout" },
    ]);
    expect(staff.workers_dev).toBe(false);
  });
});

describe("the client Worker's bundle", () => {
  let work = "";
  let bundled: string[] = [];

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "client-bundle-"));
    const run = spawnSync(
      join(root, "node_modules/.bin/wrangler"),
      ["deploy", "--dry-run", "--minify", "-c", "wrangler.toml", "--outdir", join(work, "out"), "--metafile", join(work, "meta.json")],
      { cwd: root, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
    );
    expect(run.status, run.stderr).toBe(0);
    const meta = JSON.parse(readFileSync(join(work, "meta.json"), "utf8")) as {
      outputs: Record<string, { inputs?: Record<string, { bytesInOutput: number }> }>;
    };
    const script = Object.entries(meta.outputs).find(([file]) => file.endsWith(".js"))![1];
    // What ends up in the output (the metafile's inputs also list what was parsed and left out).
    bundled = Object.entries(script.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([file]) => file);
  }, 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("holds the client's own code", () => {
    expect(bundled).toContain("worker/index.ts");
    expect(bundled).toContain("worker/routes/pay.tsx");
    expect(bundled).toContain("ui/i18n/en/portal.ts");
  });

  it.each([
    ["the staff Worker's entry and app", /^worker\/staff-(index|app)\.ts$/],
    ["staff routes, webhooks and the mailbox", /^worker\/routes\/(staff|webhooks|dev-mailbox)/],
    ["staff http modules (Access, staff rendering and inputs)", /^worker\/http\/staff-/],
    [
      "the queue consumer and the cron's services",
      /^worker\/(queue\/consumer|services\/(reconcile|dead-letters|imports|staff|staff-ops|deposits|webhooks))\.ts$/,
    ],
    ["staff pages and layout", /^ui\/(pages\/staff\/|pages\/StaffPage|pages\/DevMailboxPage|StaffLayout|staff-)/],
    ["email templates", /^ui\/emails\//],
    ["the staff's and the emails' strings", /^ui\/i18n\/(en|es)\/(staff|emails)\.ts$/],
    ["the PDF writer", /^ui\/(pdf\/|receipt-pdf)/],
    ["jose", /node_modules\/jose\//],
    // The checkout reaches Stripe through the staff Worker's Checkout entrypoint.
    ["the Stripe SDK and our gateway over it", /node_modules\/stripe\/|^worker\/gateways\/stripe\.ts$/],
  ])("leaves out %s", (_what, pattern) => {
    expect(bundled.filter((file) => pattern.test(file))).toEqual([]);
  });
});
