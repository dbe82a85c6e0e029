// "Need help?", the staff inbox, the FAQ and the development mailbox in Chromium, against the
// portal as `npm start` serves it (its STAFF_DEV_EMAIL is the staff identity, DEV_MAILBOX is on).
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, openPage, snap } from "./browser";

const baseUrl = inject("baseUrl");
const SHOTS = "screenshots";
const STAFF = "ar-staff@alvarezwhitman.example";
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("help requests in Chromium", () => {
  it("a client asks for help; the request appears in the staff inbox without a reload", async () => {
    // The staff inbox is open first: the new request must arrive by itself (htmx polling).
    const staff = await openPage(browser);
    await staff.page.goto(`${baseUrl}/staff/help`);
    await expect.poll(() => staff.page.getByRole("heading", { name: "Help requests" }).count()).toBe(1);

    const { page, problems } = await openPage(browser);
    const thirdParty: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(baseUrl)) thirdParty.push(request.url());
    });
    await page.goto(baseUrl);
    await page.getByRole("link", { name: "Need help?" }).click();
    await page.waitForURL(`${baseUrl}/help`);
    await snap(page, `${SHOTS}/10-help-form-en.png`);

    // Errors at each field, in place.
    await page.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => page.getByText("Enter your name.").count()).toBeGreaterThan(0);
    expect(await page.getByLabel("Your name").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("Topic").getAttribute("aria-describedby")).toBe("topic-error");
    await snap(page, `${SHOTS}/10-help-form-errors-en.png`);

    await page.getByLabel("Your name").fill("Ana Pérez <b>bold</b>");
    await page.getByLabel("Email").fill("ana@brickellbay.example");
    await page.getByLabel("Phone (optional)").fill("(305) 555-0100");
    await page.getByLabel("Company").fill("Brickell Bay Holdings LLC");
    await page.getByLabel("Client or invoice number (optional)").fill("413955");
    await page.getByLabel("Topic").selectOption("payment_problem");
    await page.getByLabel("How can we help?").fill("I was charged twice for invoice 413955.\n<script>alert('x')</script>");
    await page.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Request sent" }).count()).toBe(1);
    const reference = (await page.locator("#help-reference").textContent())!.trim();
    expect(reference).toMatch(/^HR-[2-9A-HJ-NP-Z]{6}$/);
    expect(await page.getByRole("status").textContent()).toMatch(
      /within 1-2 business days: between \w+day, \d{2}\/\d{2}\/\d{4} and \w+day, \d{2}\/\d{2}\/\d{4}\./,
    );
    await snap(page, `${SHOTS}/11-help-sent-en.png`);
    expect(thirdParty).toEqual([]);
    expect(problems).toEqual([]);

    // The queue consumer stores it; the open inbox polls every 10 seconds.
    const row = staff.page.locator(`tr[data-reference="${reference}"]`);
    await expect.poll(() => row.count(), { timeout: 25_000, interval: 500 }).toBe(1);
    expect(await row.textContent()).toContain("Ana Pérez <b>bold</b>");
    expect(await row.textContent()).toContain("Problem with a payment");
    await snap(staff.page, `${SHOTS}/12-staff-inbox-en.png`);

    await row.getByRole("link", { name: reference }).click();
    await staff.page.waitForURL(`${baseUrl}/staff/help/${reference}`);
    expect(await staff.page.locator("#help-message").textContent()).toBe("I was charged twice for invoice 413955.\n<script>alert('x')</script>");
    await staff.page.getByLabel("Status").selectOption("in_progress");
    await staff.page.getByLabel("Internal note (optional)").fill("Refund of the duplicate charge requested.");
    await staff.page.getByRole("button", { name: "Save" }).click();
    await staff.page.waitForURL(`${baseUrl}/staff/help/${reference}?saved=1`);
    const history = (await staff.page.locator("ol.history").textContent())!;
    expect(history).toContain(STAFF);
    expect(history).toContain("Status: New → In progress");
    expect(history).toContain("Refund of the duplicate charge requested.");
    await snap(staff.page, `${SHOTS}/13-staff-request-en.png`);
    expect(staff.problems).toEqual([]);
  });

  it("the FAQ answers in both languages, linked from every page", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${baseUrl}/help`);
    await page.getByRole("link", { name: "FAQ" }).click();
    await page.waitForURL(`${baseUrl}/faq`);
    expect(await page.locator("#faq-fees").textContent()).toContain("Credit cards carry a 3% processing fee");
    expect(await page.locator("#faq-confirmation").textContent()).toContain("accountsreceivable@alvarezwhitman.example");
    await snap(page, `${SHOTS}/14-faq-en.png`);
    await page.getByRole("link", { name: "Ver esta página en español" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Preguntas frecuentes" }).count()).toBe(1);
    await snap(page, `${SHOTS}/14-faq-es.png`);
    expect(problems).toEqual([]);
  });

  it("works in Spanish without JavaScript", async () => {
    const { page, problems } = await openPage(browser, { javaScriptEnabled: false, locale: "es-US" });
    await page.goto(`${baseUrl}/help`);
    await page.getByLabel("Su nombre").fill("Luis Gómez");
    await page.getByLabel("Correo electrónico").fill("luis@coconutgrovedental.example");
    await page.getByLabel("Empresa").fill("Coconut Grove Dental PA");
    await page.getByLabel("Tema").selectOption("no_confirmation");
    await page.getByLabel("¿Cómo podemos ayudarle?").fill("Pagué ayer y no recibí la confirmación.");
    await page.getByRole("button", { name: "Enviar solicitud" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Solicitud enviada" }).count()).toBe(1);
    expect(await page.getByRole("status").textContent()).toMatch(/entre el \S+, \d{2}\/\d{2}\/\d{4} y el \S+, \d{2}\/\d{2}\/\d{4}/);
    await snap(page, `${SHOTS}/11-help-sent-es.png`);
    expect(problems).toEqual([]);
  });

  it("the development mailbox shows the payment emails the suite's payments caused", async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${baseUrl}/dev/mailbox`);
    await expect.poll(() => page.getByRole("heading", { name: "Development mailbox" }).count()).toBe(1);
    // The credit-card payment of payments.flows: 4,000.00 + 120.00 fee.
    const received = page.locator("article.mail", { hasText: "Payment received: $4,120.00" });
    await expect
      .poll(
        async () => {
          await page.reload();
          return received.count();
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/15-dev-mailbox-en.png`, caret: "initial" });
    const mail = received.first();
    expect(await mail.getAttribute("data-status")).toBe("sent");
    const text = (await mail.locator("pre.mail-text").textContent())!;
    expect(text).toContain("Invoice 413018: $4,000.00");
    expect(text).toContain("Transaction fees: $120.00");
    expect(text).toContain("Total: $4,120.00");
    expect(await mail.textContent()).toContain("accountsreceivable@alvarezwhitman.example");
    await mail.locator("summary", { hasText: "HTML version" }).click();
    const frame = mail.frameLocator("iframe.mail-html");
    await expect.poll(() => frame.getByText("Transaction fees").count()).toBeGreaterThan(0);
    // The page holds every email of the run: its top (above), and the payment email on its own.
    await mail.screenshot({ path: `${SHOTS}/15-dev-mailbox-payment-en.png`, caret: "initial" });
    expect(problems).toEqual([]);
  });
});
