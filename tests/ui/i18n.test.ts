import { describe, expect, it } from "vitest";
import { MESSAGES, pickLanguage, translator } from "../../ui/i18n";

describe("translations", () => {
  const english = Object.keys(MESSAGES.en).sort();
  const spanish = Object.keys(MESSAGES.es).sort();

  it("has every English key in Spanish and no extra ones", () => {
    expect(spanish).toEqual(english);
  });

  it.each(english)("%s is translated, with the same placeholders", (key) => {
    const en = MESSAGES.en[key as keyof typeof MESSAGES.en];
    const es = MESSAGES.es[key as keyof typeof MESSAGES.es];
    expect(es.trim()).not.toBe("");
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(placeholders(es)).toEqual(placeholders(en));
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

describe("pickLanguage", () => {
  it.each<[string | undefined, string | undefined, string | undefined, string]>([
    ["es", undefined, "en-US", "es"],
    [undefined, "es", "en-US", "es"],
    ["en", "es", "es-MX", "en"],
    [undefined, undefined, "es-MX,es;q=0.9,en;q=0.8", "es"],
    [undefined, undefined, "fr-FR,en;q=0.5,es;q=0.4", "en"],
    [undefined, undefined, "fr-FR,es;q=0.5,en;q=0.4", "es"],
    [undefined, undefined, "es;q=0", "en"],
    ["xx", "yy", undefined, "en"],
  ])("query %s, cookie %s, Accept-Language %s -> %s", (query, cookie, accept, expected) => {
    expect(pickLanguage(query, cookie, accept)).toBe(expected);
  });
});
