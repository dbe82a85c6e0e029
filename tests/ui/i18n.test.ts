import { describe, expect, it } from "vitest";
import { MESSAGES, translator } from "../../ui/i18n";
import { fill } from "../../ui/i18n/client";
import { LANGUAGE_CODES } from "../../worker/domain/language";

describe("translations", () => {
  const english = Object.keys(MESSAGES.en).sort();
  const others = LANGUAGE_CODES.filter((language) => language !== "en");

  it("has a table for every language", () => {
    expect(Object.keys(MESSAGES).sort()).toEqual([...LANGUAGE_CODES].sort());
  });

  it.each(others)("has every English key in %s and no extra ones", (language) => {
    expect(Object.keys(MESSAGES[language]).sort()).toEqual(english);
  });

  it.each(others.flatMap((language) => english.map((key) => [language, key] as const)))("%s: %s is translated, with the same placeholders", (language, key) => {
    const en = MESSAGES.en[key as keyof typeof MESSAGES.en];
    const other = MESSAGES[language][key as keyof typeof MESSAGES.en];
    expect(other.trim()).not.toBe("");
    // Each name once: a plural form ({count|item|items}) names its number as a placeholder does.
    const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)(?:\|[^|{}]*\|[^|{}]*)?\}/g)].map((m) => m[1]))].sort();
    expect(placeholders(other)).toEqual(placeholders(en));
  });

  it("uses the firm's own Spanish labels", () => {
    const t = translator("es");
    expect([t("portalTitle"), t("invoiceNumber"), t("invoiceTotal"), t("selectView"), t("payColumn"), t("ok"), t("exit"), t("needHelp"), t("faq")]).toEqual([
      "Portal de pagos",
      "Número de factura",
      "Monto total de la factura",
      "Seleccionar/ver facturas y cargos por retraso",
      "Pagar",
      "OK",
      "Salir",
      "¿Necesita ayuda?",
      "Preguntas frecuentes",
    ]);
    expect([t("payNow"), t("cardTitle"), t("transactionFees"), t("amountsHeading"), t("next"), t("confirm")]).toEqual([
      "Pagar ahora",
      "Tarjeta de crédito/débito",
      "Cargos por transacción",
      "Hacer pagos",
      "Siguiente",
      "Confirmar",
    ]);
  });

  it.each([
    [0, "0 items"],
    [1, "1 item"],
    [2, "2 items"],
  ])("words a count by its number: %s gives %s", (count, text) => {
    expect(fill("{count} {count|item|items}", { count })).toBe(text);
  });

  it("leaves a placeholder or plural form with no param as written", () => {
    expect(fill("{count} {count|item|items}, {amount}", { amount: "$1.00" })).toBe("{count} {count|item|items}, $1.00");
  });

  it("agrees the client's counts with their number in both languages", () => {
    const en = translator("en");
    const es = translator("es");
    expect(en("selectedCount", { count: 1, total: 1 })).toBe("1 of 1 item selected");
    expect(en("selectedCount", { count: 1, total: 7 })).toBe("1 of 7 items selected");
    expect(es("selectedCount", { count: 1, total: 1 })).toBe("1 de 1 concepto seleccionado");
    expect(es("selectedCount", { count: 0, total: 3 })).toBe("0 de 3 conceptos seleccionados");
    expect(en("methodIntro", { count: 1, amount: "$950.40" })).toMatch(/^Selected: 1 item, \$950\.40\./);
    expect(es("methodIntro", { count: 1, amount: "$950.40" })).toMatch(/^Seleccionado: 1 concepto, \$950\.40\./);
    expect(es("methodIntro", { count: 2, amount: "$4,100.40" })).toMatch(/^Seleccionados: 2 conceptos, \$4,100\.40\./);
    expect(en("opsDepositUnmatched", { count: 1 })).toMatch(/^1 line is not a payment made in the portal/);
    expect(es("opsDepositUnmatched", { count: 3 })).toMatch(/^3 líneas no son pagos hechos en el portal/);
  });
});
