// The receipt PDF in every script a client's name or address may be written in, read back with
// poppler's pdftotext (an independent reader): the text must come out as it went in, Arabic in
// logical order (so it was drawn right to left), and each font must be an embedded subset.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyFonts } from "../../tools/build-assets.ts";
import { translator } from "../../ui/i18n/index.ts";
import { renderPdf } from "../../ui/pdf/document.ts";
import { fontsFor, type FontSource } from "../../ui/pdf/fonts.ts";
import { receiptDocument } from "../../ui/receipt-pdf.ts";

const fontsDir = copyFonts();
/** Serves ui/static/fonts as the ASSETS binding does, counting what was fetched. */
const fetched: string[] = [];
const assets: FontSource = {
  fetch: async (url: string) => {
    const name = new URL(url).pathname.replace(/^\/fonts\//, "");
    fetched.push(name);
    return new Response(readFileSync(join(fontsDir, name)));
  },
};
const work = mkdtempSync(join(tmpdir(), "receipt-pdf-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function pdftotext(bytes: Uint8Array): string {
  const file = join(work, `r${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  // Bidi marks pdftotext adds around right-to-left words are not part of the text.
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/[\u200e\u200f\u202a-\u202e]/g, "");
}
const pdffonts = (bytes: Uint8Array) => {
  const file = join(work, "fonts.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdffonts", [file], { encoding: "utf8" });
};

const payment = {
  id: "pay_1",
  status: "succeeded",
  method: "card" as const,
  methodLabel: "Visa •••• 4242",
  cardFunding: "credit",
  quote: { subtotalCents: 1_530_881, feeCents: 45_926, totalCents: 1_576_807 },
  refundedCents: 0,
  receiptEmail: null,
  reference: "pi_3Qabc",
  createdAt: Date.UTC(2026, 10, 20, 15),
  failureCode: null,
  verification: null,
  lines: [
    { kind: "invoice" as const, invoiceNumber: "413955", cents: 1_500_000 },
    { kind: "late_fee" as const, invoiceNumber: "413955", cents: 30_881 },
  ],
};

async function receipt(clientName: string, language: "en" | "es" = "en") {
  const doc = receiptDocument({
    t: translator(language),
    firmName: "Alvarez & Whitman CPAs",
    firmDomain: "alvarezwhitman.example",
    clientName,
    clientNumber: "C-1001",
    payment,
  });
  return renderPdf(doc, await fontsFor(assets, doc));
}

describe("receipt PDF text", () => {
  // First in the file: the fonts are cached for the rest of it.
  it("embeds only subsets of the fonts it needs, fetching each font once and only when needed", async () => {
    const latin = await receipt("Acme Holdings LLC");
    expect(fetched.sort()).toEqual(["NotoSans-Bold.ttf", "NotoSans-Regular.ttf"]);
    const latinFonts = pdffonts(latin);
    expect(latinFonts).toMatch(/[A-Z]{6}\+NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(latinFonts).not.toContain("NotoSansSC");
    expect(latin.length).toBeLessThan(40_000);

    const mixed = await receipt("王小明 / محمد");
    const mixedFonts = pdffonts(mixed);
    expect(mixedFonts).toMatch(/\+NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    expect(mixedFonts).toMatch(/\+NotoNaskhArabic\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    // A few glyphs of a 10 MB font, not the font.
    expect(mixed.length).toBeLessThan(80_000);
    expect(fetched.sort()).toEqual([
      "NotoNaskhArabic-Bold.ttf",
      "NotoNaskhArabic-Regular.ttf",
      "NotoSans-Bold.ttf",
      "NotoSans-Regular.ttf",
      "NotoSansSC-Regular.ttf",
    ]);
  });
  it.each([
    ["Latin", "Acme Holdings LLC, 12 Main St"],
    ["accented", "José Álvarez Müller, Calle Señor 3"],
    ["Polish", "Zażółć Gęślą Jaźń, ul. Łódzka 5"],
    ["Chinese", "王小明 北京市朝阳区建国路88号"],
    ["Arabic", "محمد عبد الله"],
  ])("prints a %s name and address as written", async (_script, name) => {
    const text = pdftotext(await receipt(name));
    // Right-to-left words come out one by one (in logical order) wherever pdftotext places them.
    for (const word of name.split(" ")) expect(text).toContain(word);
    expect(text).toContain("C-1001");
    expect(text).toContain("Payment receipt");
    expect(text).toContain("$15,768.07");
    expect(text).toContain("Late fee");
  });

  it("prints an Arabic address with its number in order, and a Spanish receipt's labels", async () => {
    const text = pdftotext(await receipt("شارع الملك فهد 12", "es"));
    for (const word of ["شارع", "الملك", "فهد", "12"]) expect(text).toContain(word);
    expect(text).toContain(translator("es")("receiptTitle"));
  });
});
