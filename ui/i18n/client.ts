// The strings the client Worker carries: the client's own areas (the portal and the help form), one
// table per language. The staff Worker's tables (ui/i18n/index.ts) add the staff pages and the
// emails to these; the client Worker never bundles those. Client pages, their components and the
// documents they show import from here, so a staff or email key on a client page is a type error.
// A new language adds its folder's client areas here and its other areas in index.ts (the
// compiler asks for both).
import type { Language } from "../../worker/domain/language";
import { help as enHelp } from "./en/help";
import { portal as enPortal } from "./en/portal";
import { help as esHelp } from "./es/help";
import { portal as esPortal } from "./es/portal";

export type { Language };

/**
 * One language's table from its areas. A call marked pure, unlike an object spread, lets the
 * bundler drop a table no code reads (the client Worker never reads the staff Worker's).
 */
export function merge<T extends object[]>(...areas: T): T extends [infer A, infer B] ? A & B : T extends [infer A, infer B, infer C] ? A & B & C : never {
  return Object.assign({}, ...areas);
}

export const CLIENT_EN = /* @__PURE__ */ merge(enPortal, enHelp);

export type MessageKey = keyof typeof CLIENT_EN;
export type Messages = Record<MessageKey, string>;

export const CLIENT_ES: Messages = /* @__PURE__ */ merge(esPortal, esHelp);

export const CLIENT_MESSAGES: Record<Language, Messages> = { en: CLIENT_EN, es: CLIENT_ES };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * Fills `{name}` with a param, and `{name|one|other}` with the word for exactly one of it or for
 * any other number ("{count} {count|item|items}"): English and Spanish need no other plural form.
 * A name missing from params stays as written.
 */
export function fill(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)(?:\|([^|{}]*)\|([^|{}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
    if (!(name in params)) return whole;
    if (one === undefined || other === undefined) return String(params[name]);
    return Number(params[name]) === 1 ? one : other;
  });
}

export function translator(language: Language): Translate {
  const messages = CLIENT_MESSAGES[language];
  return (key, params) => fill(messages[key], params);
}
