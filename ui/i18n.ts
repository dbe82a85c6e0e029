// Every string the client sees, in English and Spanish. Spanish labels in «» in the issues are the
// firm's own wording. The Spanish table is typed against the English one, so a missing key is a
// type error and tests/ui/i18n.test.ts checks no value is left empty.

export type Language = "en" | "es";
export const LANGUAGES: readonly Language[] = ["en", "es"];

const en = {
  htmlTitleSuffix: "Payment portal",
  portalTitle: "Payment portal",
  skipToContent: "Skip to main content",
  languageSwitch: "Español",
  languageSwitchLabel: "Ver esta página en español",
  needHelp: "Need help?",
  faq: "FAQ",
  exit: "Exit",
  notYouExit: "Not you? Exit",
  footerSecure: "Payments are processed securely by Stripe. Card and bank numbers never reach the firm's servers.",
  working: "Working…",
  requestFailed: "Something went wrong and nothing was changed. Please try again.",
  networkFailed: "We couldn't reach the portal. Check your connection and try again; nothing was changed.",

  entryHeading: "Pay your invoices",
  entryIntro: "Enter the number and the original total of any one of your invoices to see everything you owe and pay online by bank account (ACH) or card.",
  invoiceNumber: "Invoice number",
  invoiceNumberHint: "6 digits starting with 4, printed at the top right of the invoice.",
  invoiceTotal: "Invoice total",
  invoiceTotalHint: "The invoice's original total, not the balance due. For example 15,308.81",
  continue: "Continue",
  errorsHeading: "Please correct the following:",
  errorInvoiceNumberEmpty: "Enter the invoice number.",
  errorClientNumber: "That looks like your client number (8 digits starting with 2). Enter the invoice number instead: 6 digits starting with 4.",
  errorInvoiceNumberFormat: "Invoice numbers have 6 digits and start with 4, for example 413955.",
  errorTotalEmpty: "Enter the invoice total.",
  errorTotalFormat: "Enter the total as an amount, for example 15,308.81.",
  errorTotalDecimals: "Amounts have at most two decimals (cents).",
  errorTotalNegative: "The total cannot be negative.",
  errorTotalTooLarge: "That amount is too large.",
  errorLookupFailed: "We couldn't match that invoice number and total. Check that you entered the invoice number (not your client number) and the invoice's original total (not the balance due).",
  errorLockedOut: "Too many attempts. For your security, lookups are paused for {minutes} minutes. If you need help now, use “Need help?”.",
  sessionEnded: "Your session ended after {minutes} minutes without activity, to protect your information. Enter an invoice number and total to continue.",
  exited: "You have left the portal. Thank you.",

  summaryHeading: "Your account",
  clientLabel: "Client",
  clientNumberLabel: "Client number",
  totalOutstanding: "Total outstanding",
  totalOutstandingNote: "All open invoices and late fees.",
  pendingNote: "Includes {amount} in payments still being processed.",
  selectView: "Select/view invoices and late fees",
  nothingOwed: "You have no open invoices. Thank you!",

  itemsHeading: "Select invoices and late fees",
  itemsIntro: "Untick anything you don't want to pay now. Click an invoice number to view its PDF.",
  payColumn: "Pay",
  itemColumn: "Item",
  dateColumn: "Date",
  originalTotalColumn: "Original total",
  balanceColumn: "Balance",
  invoiceLabel: "Invoice {number}",
  lateFeeLabel: "Late fee on invoice {number}",
  payItemLabel: "Pay {item}",
  viewPdf: "View invoice {number} (PDF)",
  downloadPdf: "Download",
  downloadPdfLabel: "Download invoice {number} (PDF)",
  paperInvoice: "Paper invoice: no PDF",
  pendingLabel: "{amount} pending",
  selectedTotal: "Total to pay",
  selectedCount: "{count} of {total} items selected",
  updateTotal: "Update total",
  ok: "OK",
  errorNothingSelected: "Select at least one invoice or late fee to pay.",
  back: "Back",

  methodHeading: "Choose how to pay",
  selectionSaved: "Selection saved: {count} items, {amount}.",

  notFoundHeading: "Page not found",
  notFoundBody: "The page you asked for doesn't exist or is no longer available.",
  rateLimitedHeading: "Too many requests",
  serverErrorHeading: "Something went wrong",
  serverErrorBody: "We couldn't complete your request and nothing was changed. Please try again in a moment.",
  startOver: "Go to the start",
} as const;

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

const es: Messages = {
  htmlTitleSuffix: "Portal de pagos",
  portalTitle: "Portal de pagos",
  skipToContent: "Saltar al contenido principal",
  languageSwitch: "English",
  languageSwitchLabel: "View this page in English",
  needHelp: "¿Necesita ayuda?",
  faq: "Preguntas frecuentes",
  exit: "Salir",
  notYouExit: "¿No es usted? Salir",
  footerSecure: "Los pagos se procesan de forma segura con Stripe. Los números de tarjeta y de cuenta bancaria nunca llegan a los servidores de la firma.",
  working: "Procesando…",
  requestFailed: "Algo salió mal y no se cambió nada. Inténtelo de nuevo.",
  networkFailed: "No pudimos conectar con el portal. Revise su conexión e inténtelo de nuevo; no se cambió nada.",

  entryHeading: "Pague sus facturas",
  entryIntro: "Ingrese el número y el monto total original de cualquiera de sus facturas para ver todo lo que adeuda y pagar en línea con cuenta bancaria (ACH) o tarjeta.",
  invoiceNumber: "Número de factura",
  invoiceNumberHint: "6 dígitos que empiezan con 4, impreso arriba a la derecha de la factura.",
  invoiceTotal: "Monto total de la factura",
  invoiceTotalHint: "El monto total original de la factura, no el saldo pendiente. Por ejemplo 15,308.81",
  continue: "Continuar",
  errorsHeading: "Corrija lo siguiente:",
  errorInvoiceNumberEmpty: "Ingrese el número de factura.",
  errorClientNumber: "Ese parece ser su número de cliente (8 dígitos que empiezan con 2). Ingrese el número de factura: 6 dígitos que empiezan con 4.",
  errorInvoiceNumberFormat: "Los números de factura tienen 6 dígitos y empiezan con 4, por ejemplo 413955.",
  errorTotalEmpty: "Ingrese el monto total de la factura.",
  errorTotalFormat: "Ingrese el total como un monto, por ejemplo 15,308.81.",
  errorTotalDecimals: "Los montos tienen como máximo dos decimales (centavos).",
  errorTotalNegative: "El total no puede ser negativo.",
  errorTotalTooLarge: "Ese monto es demasiado grande.",
  errorLookupFailed: "No pudimos encontrar esa combinación de número de factura y total. Verifique que ingresó el número de factura (no su número de cliente) y el monto total original de la factura (no el saldo pendiente).",
  errorLockedOut: "Demasiados intentos. Por su seguridad, las búsquedas se pausaron durante {minutes} minutos. Si necesita ayuda ahora, use «¿Necesita ayuda?».",
  sessionEnded: "Su sesión terminó tras {minutes} minutos sin actividad, para proteger su información. Ingrese un número de factura y su total para continuar.",
  exited: "Ha salido del portal. Gracias.",

  summaryHeading: "Su cuenta",
  clientLabel: "Cliente",
  clientNumberLabel: "Número de cliente",
  totalOutstanding: "Total pendiente",
  totalOutstandingNote: "Todas las facturas y cargos por retraso abiertos.",
  pendingNote: "Incluye {amount} en pagos que aún se están procesando.",
  selectView: "Seleccionar/ver facturas y cargos por retraso",
  nothingOwed: "No tiene facturas abiertas. ¡Gracias!",

  itemsHeading: "Seleccione facturas y cargos por retraso",
  itemsIntro: "Desmarque lo que no quiera pagar ahora. Haga clic en un número de factura para ver su PDF.",
  payColumn: "Pagar",
  itemColumn: "Concepto",
  dateColumn: "Fecha",
  originalTotalColumn: "Total original",
  balanceColumn: "Saldo",
  invoiceLabel: "Factura {number}",
  lateFeeLabel: "Cargo por retraso de la factura {number}",
  payItemLabel: "Pagar {item}",
  viewPdf: "Ver la factura {number} (PDF)",
  downloadPdf: "Descargar",
  downloadPdfLabel: "Descargar la factura {number} (PDF)",
  paperInvoice: "Factura en papel: sin PDF",
  pendingLabel: "{amount} en proceso",
  selectedTotal: "Total a pagar",
  selectedCount: "{count} de {total} conceptos seleccionados",
  updateTotal: "Actualizar total",
  ok: "OK",
  errorNothingSelected: "Seleccione al menos una factura o cargo por retraso para pagar.",
  back: "Atrás",

  methodHeading: "Elija cómo pagar",
  selectionSaved: "Selección guardada: {count} conceptos, {amount}.",

  notFoundHeading: "Página no encontrada",
  notFoundBody: "La página que buscó no existe o ya no está disponible.",
  rateLimitedHeading: "Demasiadas solicitudes",
  serverErrorHeading: "Algo salió mal",
  serverErrorBody: "No pudimos completar su solicitud y no se cambió nada. Inténtelo de nuevo en un momento.",
  startOver: "Ir al inicio",
};

export const MESSAGES: Record<Language, Messages> = { en, es };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const messages = MESSAGES[language];
  return (key, params) => {
    const template = messages[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}

/** ?lang= wins, then the cookie, then the browser's Accept-Language, then English. */
export function pickLanguage(query: string | undefined, cookie: string | undefined, acceptLanguage: string | undefined): Language {
  for (const candidate of [query, cookie]) {
    if (candidate === "en" || candidate === "es") return candidate;
  }
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag, q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (base === "es" || base === "en") return base;
  }
  return "en";
}
