// The languages the portal speaks to clients, in one table: each one's code (a BCP 47 tag that is
// also a Stripe.js locale), its own name for the language switch and the staff pages, and the locale
// its dates are written in. Its words live in ui/i18n/<code>/, typed against the English ones.
// The first is the default and the firm's working language.
export const LANGUAGES = {
  en: { name: "English", locale: "en-US" },
  es: { name: "Español", locale: "es-US" },
} as const;

export type Language = keyof typeof LANGUAGES;

/** Every code, in the table's order (a tuple, for the schema's enum columns). */
export const LANGUAGE_CODES = Object.keys(LANGUAGES) as [Language, ...Language[]];

export const DEFAULT_LANGUAGE: Language = "en";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && Object.hasOwn(LANGUAGES, value);
}

/** A stored or sent code read back: anything unknown is the default language. */
export function languageOr(value: unknown): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

/** ?lang= wins, then the cookie, then the browser's Accept-Language, then the default. */
export function pickLanguage(query: string | undefined, cookie: string | undefined, acceptLanguage: string | undefined): Language {
  for (const candidate of [query, cookie]) {
    if (isLanguage(candidate)) return candidate;
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
    if (isLanguage(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}
