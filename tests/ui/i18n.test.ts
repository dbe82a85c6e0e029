import { describe, expect, it } from "vitest";
import { MESSAGES, translator } from "../../ui/i18n";
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
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
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
});
