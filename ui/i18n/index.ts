// Every string the client and the staff see, one folder per language (ui/i18n/<code>/, split by
// area). Each language's tables are typed against the English ones, so a missing or extra key is a
// type error, and tests/ui/i18n.test.ts checks no value is left empty. Which languages exist is
// worker/domain/language.ts's LANGUAGES; this map makes each one's folder known.
// These whole tables are the staff Worker's (staff pages, emails, the PDFs it renders); the client
// Worker carries only the client's areas, ui/i18n/client.ts.
import type { Language } from "../../worker/domain/language";
import { CLIENT_EN, CLIENT_ES, fill, merge } from "./client";
import { emails as enEmails } from "./en/emails";
import { staff as enStaff } from "./en/staff";
import { emails as esEmails } from "./es/emails";
import { staff as esStaff } from "./es/staff";

export type { Language };

const en = /* @__PURE__ */ merge(CLIENT_EN, enEmails, enStaff);

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

export const MESSAGES: Record<Language, Messages> = { en, es: /* @__PURE__ */ merge(CLIENT_ES, esEmails, esStaff) };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const messages = MESSAGES[language];
  return (key, params) => fill(messages[key], params);
}
