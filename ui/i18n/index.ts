// Every string the client and the staff see, one folder per language (ui/i18n/<code>/, split by
// area). Each language's tables are typed against the English ones, so a missing or extra key is a
// type error, and tests/ui/i18n.test.ts checks no value is left empty. Which languages exist is
// worker/domain/language.ts's LANGUAGES; this map makes each one's folder known.
import type { Language } from "../../worker/domain/language";
import { en } from "./en";
import { es } from "./es";

export type { Language };

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

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
