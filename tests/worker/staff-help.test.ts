// The staff help inbox behind Cloudflare Access: who gets in, the list (newest first, due dates,
// overdue marked in words), filters, polling, the detail view with everything escaped, status
// changes and notes recorded with the staff email, and a formula-safe CSV export.
import { env } from "cloudflare:workers";
import { generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { HelpRequestMessage } from "../../worker/queue/messages";
import { storeHelpRequest } from "../../worker/services/help";
import { openDatabase } from "../../worker/storage/db";
import { TestBrowser, seedDemoData, textOf } from "./helpers";
import { STAFF_EMAIL, staffHeaders, staffToken } from "./help-staff-helpers";

const ATTACK = '<script>alert("xss")</script><img src=x onerror=alert(1)>';

let sequence = 0;
async function store(draft: Partial<HelpRequestMessage["draft"]> = {}, options: { submittedAt?: number; status?: string; reference?: string } = {}) {
  sequence++;
  const reference = options.reference ?? `HR-ST${"23456789ABCDEFGH"[sequence % 16]}${"JKLMNPQR"[Math.floor(sequence / 16) % 8]}2${"23456789"[sequence % 8]}`;
  const message: HelpRequestMessage = {
    type: "help_request",
    reference,
    submittedAt: options.submittedAt ?? Date.now() - 60_000 + sequence,
    language: "en",
    sessionClientNumber: null,
    draft: {
      name: "Ana Pérez",
      email: "ana@brickellbay.example",
      phone: null,
      company: "Brickell Bay Holdings LLC",
      number: null,
      topic: "other",
      message: "Hello",
      ...draft,
    },
  };
  await storeHelpRequest(
    { db: openDatabase(env.DB), now: () => Date.now(), timeZone: "America/New_York", arEmail: "accountsreceivable@alvarezwhitman.example" },
    message,
  );
  if (options.status) await env.DB.prepare("UPDATE help_requests SET status = ? WHERE reference = ?").bind(options.status, reference).run();
  return reference;
}

const staff = new TestBrowser("10.30.0.1");
async function get(path: string) {
  return staff.get(path, { headers: await staffHeaders() });
}
async function post(path: string, form: Record<string, string>) {
  return staff.post(path, form, { headers: await staffHeaders() });
}

let old: string;
let oldAnswered: string;
let recent: string;
let attack: string;
beforeAll(async () => {
  await seedDemoData();
  old = await store({ topic: "missing_invoice", name: "Old Request" }, { submittedAt: Date.parse("2026-11-02T15:00:00Z") });
  oldAnswered = await store({ topic: "missing_invoice", name: "Old Answered" }, { submittedAt: Date.parse("2026-11-03T15:00:00Z"), status: "answered" });
  recent = await store({ topic: "payment_problem", name: "Recent Request" });
  attack = await store({
    name: ATTACK,
    email: "attacker@example.com",
    phone: "+1 305 555 0100",
    company: ATTACK,
    number: "413955",
    message: `${ATTACK}\n=HYPERLINK("http://evil.example","click")`,
  });
});

describe("only staff get in", () => {
  it.each(["/staff/help", "/staff/help/list", "/staff/help/export.csv"])("%s answers 401 without an Access token", async (path) => {
    expect((await new TestBrowser("10.30.0.9").get(path)).status).toBe(401);
  });

  it("answers 403 to a token signed by someone else, for another audience, or expired", async () => {
    const outsider = (await generateKeyPair("RS256")).privateKey;
    for (const token of [
      await staffToken(STAFF_EMAIL, { key: outsider }),
      await staffToken(STAFF_EMAIL, { audience: "another-app" }),
      await staffToken(STAFF_EMAIL, { expiresIn: "-1m" }),
    ]) {
      expect((await new TestBrowser("10.30.0.9").get("/staff/help", { headers: { "Cf-Access-Jwt-Assertion": token } })).status).toBe(403);
    }
  });

  it("accepts the CF_Authorization cookie as well", async () => {
    const browser = new TestBrowser("10.30.0.8");
    browser.setCookie("CF_Authorization", await staffToken());
    expect((await browser.get("/staff/help")).status).toBe(200);
  });
});

describe("the list", () => {
  it("shows requests newest first with status and due date, overdue ones marked in words", async () => {
    const response = await get("/staff/help");
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(textOf(html)).toContain(`Signed in as ${STAFF_EMAIL}`);
    const order = [attack, recent, oldAnswered, old].map((reference) => html.indexOf(`data-reference="${reference}"`));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const row = (reference: string) => {
      const start = html.indexOf(`data-reference="${reference}"`);
      return textOf(html.slice(start, html.indexOf("</tr>", start)));
    };
    // Made Monday 11/02/2026: due two business days later, Wednesday 11/04/2026.
    expect(row(old)).toContain("11/04/2026 ⚠ Overdue");
    expect(row(old)).toContain("New");
    expect(row(oldAnswered)).toContain("Answered");
    expect(row(oldAnswered)).not.toContain("Overdue");
    expect(row(recent)).not.toContain("Overdue");
  });

  it("filters by status and by topic", async () => {
    const answered = await (await get("/staff/help?status=answered")).text();
    expect(answered).toContain(oldAnswered);
    expect(answered).not.toContain(`data-reference="${recent}"`);
    const topic = await (await get("/staff/help?topic=payment_problem")).text();
    expect(topic).toContain(`data-reference="${recent}"`);
    expect(topic).not.toContain(`data-reference="${old}"`);
    // A filter the inbox cannot read is said so, never silently dropped.
    const unknown = await get("/staff/help?status=closed&topic=nonsense");
    expect(unknown.status).toBe(422);
    const html = await unknown.text();
    expect(html).toContain("These filters are not valid: status, topic.");
    expect(html).not.toContain(`data-reference="${old}"`);
  });

  it("polls for new requests every 10 seconds, keeping the filters", async () => {
    const page = await (await get("/staff/help?status=new")).text();
    expect(page).toContain('<div id="help-list" hx-get="/staff/help/list?status=new" hx-trigger="every 10s" hx-swap="outerHTML">');
    const arriving = await store({ name: "Just Arrived" });
    const fragment = await (await get("/staff/help/list?status=new")).text();
    expect(fragment.startsWith('<div id="help-list"')).toBe(true);
    expect(fragment).not.toContain("<html");
    expect(fragment).toContain(arriving);
  });

  it("shows everything a client typed as inert text", async () => {
    const html = await (await get("/staff/help")).text();
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;script>alert(&quot;xss&quot;)&lt;/script>");
  });

  it("is in Spanish too", async () => {
    const spanish = new TestBrowser("10.30.0.7");
    const text = textOf(await (await spanish.get("/staff/help?lang=es", { headers: await staffHeaders() })).text());
    expect(text).toContain("Solicitudes de ayuda");
    expect(text).toContain("⚠ Vencida");
    expect(text).toContain("Mensajes no entregados");
  });
});

describe("one request", () => {
  it("shows every field as text, the session's client number apart from the typed one", async () => {
    const response = await get(`/staff/help/${attack}`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img src=x");
    const text = textOf(html);
    expect(text).toContain("Client number (from the portal session) Not given");
    expect(text).toContain("Number typed 413955");
    expect(text).toContain("Phone +1 305 555 0100");
    expect(html).toMatch(/id="help-message">&lt;script>/);
  });

  it("is listed on the client's page, topic and status in words", async () => {
    const reference = await store({ topic: "payment_problem", number: "20993410", name: "Typed Number" });
    const text = textOf(await (await get("/staff/clients/20993410")).text());
    expect(text).toMatch(new RegExp(`${reference} · \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d · Problem with a payment · New`));
  });

  it("answers 404 for a reference that does not exist", async () => {
    expect((await get("/staff/help/HR-ZZZZZZ")).status).toBe(404);
    expect((await get("/staff/help/not-a-reference")).status).toBe(404);
  });

  it("records a status change and a note with the staff member's email", async () => {
    const saved = await post(`/staff/help/${recent}`, { seenStatus: "new", status: "in_progress", note: "Called the client <b>back</b>." });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("Location")).toBe(`/staff/help/${recent}?saved=1`);
    const text = textOf(await (await get(`/staff/help/${recent}?saved=1`)).text());
    expect(text).toContain("Saved.");
    expect(text).toContain(`${STAFF_EMAIL} Status: New → In progress`);
    const events = await env.DB.prepare(
      "SELECT e.staff_email, e.from_status, e.to_status, e.note FROM help_request_events e JOIN help_requests r ON r.id = e.request_id WHERE r.reference = ?",
    )
      .bind(recent)
      .all();
    expect(events.results).toEqual([{ staff_email: STAFF_EMAIL, from_status: "new", to_status: "in_progress", note: "Called the client <b>back</b>." }]);

    const noteOnly = await post(`/staff/help/${recent}`, { seenStatus: "in_progress", status: "in_progress", note: "Waiting for the bank." });
    expect(noteOnly.status).toBe(303);
    expect(await env.DB.prepare("SELECT status FROM help_requests WHERE reference = ?").bind(recent).first()).toEqual({ status: "in_progress" });
  });

  it("asks for a change or a note, and keeps the note typed", async () => {
    const nothing = await post(`/staff/help/${old}`, { seenStatus: "new", status: "new", note: "" });
    expect(nothing.status).toBe(422);
    expect(textOf(await nothing.text())).toContain("Change the status or write a note.");
    const tooLong = await post(`/staff/help/${old}`, { seenStatus: "new", status: "new", note: "n".repeat(2001) });
    expect(tooLong.status).toBe(422);
    expect(textOf(await tooLong.text())).toContain("Notes have at most 2000 characters.");
  });

  it("refuses to overwrite a change someone else made meanwhile", async () => {
    expect((await post(`/staff/help/${old}`, { seenStatus: "new", status: "answered", note: "" })).status).toBe(303);
    const late = await post(`/staff/help/${old}`, { seenStatus: "new", status: "in_progress", note: "Late" });
    expect(late.status).toBe(409);
    expect(textOf(await late.text())).toContain("Someone else changed this request meanwhile.");
    expect(await env.DB.prepare("SELECT status FROM help_requests WHERE reference = ?").bind(old).first()).toEqual({ status: "answered" });
  });

  it("refuses a change posted from another site", async () => {
    const response = await staff.post(
      `/staff/help/${old}`,
      { seenStatus: "answered", status: "new", note: "" },
      { headers: { ...(await staffHeaders()), Origin: "https://evil.example" } },
    );
    expect(response.status).toBe(403);
  });
});

describe("CSV export", () => {
  it("downloads every request, formula-safe, with a byte-order mark", async () => {
    const response = await get("/staff/help/export.csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="help-requests-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    expect(csv.split("\r\n")[0]).toBe(
      "\uFEFFReference,Received,Due,Overdue,Status,Topic,Name,Email,Phone,Company,Client number (from the portal session),Number typed,Language,Message",
    );
    const line = csv.split("\r\n").find((l) => l.startsWith(`${attack},`))!;
    expect(line).toContain(`,'+1 305 555 0100,`);
    // The message starts with "<", so only its second line would be a formula on its own: it stays inside the quoted cell.
    expect(csv).toContain('=HYPERLINK(""http://evil.example"",""click"")"');
    const formula = await store({ name: '=HYPERLINK("http://evil.example","Pay here")', company: "@SUM(1+1)", message: "-2+3" });
    const again = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await (await get("/staff/help/export.csv")).arrayBuffer());
    const row = again.split("\r\n").find((l) => l.startsWith(`${formula},`))!;
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""Pay here"")"`);
    expect(row).toContain(`,'@SUM(1+1),`);
    expect(row.endsWith(`,'-2+3`)).toBe(true);
    expect(row).not.toMatch(/(^|,)"?[=+\-@]/);
  });

  it("exports what the filters show", async () => {
    const csv = await (await get("/staff/help/export.csv?topic=payment_problem")).text();
    expect(csv).toContain(`\r\n${recent},`);
    expect(csv).not.toContain(old);
  });
});
