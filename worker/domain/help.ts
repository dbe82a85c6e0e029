// Help requests: what the "Need help?" form accepts, the reference given to the client, and the
// states the staff move a request through. Text is stored as typed (after whitespace clean-up)
// and escaped wherever it is shown; nothing here decides how it is displayed.
import { isClientNumber, isInvoiceNumber } from "./numbers";
import { isEmailAddress } from "./email-address";
import type { Language } from "./language";

export const HELP_TOPICS = ["missing_invoice", "payment_problem", "no_confirmation", "other"] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];

export const HELP_STATUSES = ["new", "in_progress", "answered"] as const;
export type HelpStatus = (typeof HELP_STATUSES)[number];

/** Limits in characters, shared by the form's maxlength and the server's check. */
export const HELP_LIMITS = { name: 100, email: 254, phone: 30, company: 120, number: 20, message: 4000, note: 2000 } as const;

export interface HelpInput {
  name: string;
  email: string;
  phone: string;
  company: string;
  number: string;
  topic: string;
  message: string;
}

export type HelpField = keyof HelpInput;
export type HelpFieldError = "required" | "format" | "too_long";

export interface HelpDraft {
  name: string;
  email: string;
  phone: string | null;
  company: string;
  /** A client or invoice number the client typed, digits only. */
  number: string | null;
  topic: HelpTopic;
  message: string;
}

export type HelpCheck = { ok: true; draft: HelpDraft } | { ok: false; errors: Partial<Record<HelpField, HelpFieldError>> };

// C0 controls and DEL, except tab and newline where a message keeps them.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** One line: newlines, tabs and runs of spaces become one space, so a value cannot span lines. */
export function singleLine(value: string): string {
  return value
    .normalize("NFC")
    .replace(/[\s\u0000-\u001f\u007f]+/g, " ")
    .trim();
}

/** A message keeps its line breaks (as \n); other control characters are dropped. */
export function multiLine(value: string): string {
  return value.normalize("NFC").replace(/\r\n?/g, "\n").replace(CONTROLS, "").trim();
}

// Bidi embeddings, overrides, isolates and marks: stored as the client typed them, but shown as
// visible code points, so a message cannot display differently from what it says (a reference
// or an amount reversed on the staff's screen) or reorder the page around it.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, (char) => `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}]`);
}

/** A stored record with every text neutralised, for display (inbox, detail, CSV, emails). */
export function forDisplay<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, typeof value === "string" ? neutraliseBidi(value) : value])) as T;
}

function isPhone(value: string): boolean {
  const match = /^([0-9+().\-\s]+?)\s*(?:(?:ext\.?|x)\s*\d{1,6})?$/i.exec(value);
  if (!match) return false;
  const digits = match[1]!.replace(/\D/g, "");
  return digits.length >= 7 && digits.length <= 15;
}

export function checkHelpRequest(input: HelpInput): HelpCheck {
  const errors: Partial<Record<HelpField, HelpFieldError>> = {};
  const name = singleLine(input.name);
  const email = singleLine(input.email);
  const phone = singleLine(input.phone);
  const company = singleLine(input.company);
  const number = singleLine(input.number).replace(/[\s-]/g, "").replace(/^#/, "");
  const message = multiLine(input.message);

  const required = (field: HelpField, value: string) => {
    if (!value) errors[field] = "required";
    else if (value.length > HELP_LIMITS[field as keyof typeof HELP_LIMITS]) errors[field] = "too_long";
  };
  required("name", name);
  required("company", company);
  required("message", message);
  if (!email) errors.email = "required";
  else if (email.length > HELP_LIMITS.email) errors.email = "too_long";
  else if (!isEmailAddress(email)) errors.email = "format";
  if (phone.length > HELP_LIMITS.phone) errors.phone = "too_long";
  else if (phone && !isPhone(phone)) errors.phone = "format";
  if (number.length > HELP_LIMITS.number) errors.number = "too_long";
  else if (number && !isClientNumber(number) && !isInvoiceNumber(number)) errors.number = "format";
  const topic = HELP_TOPICS.find((t) => t === input.topic);
  if (!topic) errors.topic = "required";

  if (Object.keys(errors).length > 0 || !topic) return { ok: false, errors };
  return { ok: true, draft: { name, email, phone: phone || null, company, number: number || null, topic, message } };
}

// 32 symbols with no 0/O or 1/I to misread on the phone: five random bits per character.
const REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/** HR- and six symbols from six random bytes (about a billion references). */
export function referenceFromBytes(bytes: Uint8Array): string {
  if (bytes.length < 6) throw new Error("a reference needs six random bytes");
  let code = "";
  for (let i = 0; i < 6; i++) code += REFERENCE_ALPHABET[bytes[i]! & 31];
  return `HR-${code}`;
}

export function isHelpReference(value: string): boolean {
  return /^HR-[2-9A-HJ-NP-Z]{6}$/.test(value);
}

export type StaffUpdateCheck = { ok: true; status: HelpStatus; note: string | null } | { ok: false; error: "status" | "note_too_long" | "nothing_to_record" };

/** A staff update: a status, possibly the same, and an optional internal note. */
export function checkStaffUpdate(current: HelpStatus, status: string, note: string): StaffUpdateCheck {
  const next = HELP_STATUSES.find((s) => s === status);
  if (!next) return { ok: false, error: "status" };
  const cleanNote = multiLine(note);
  if (cleanNote.length > HELP_LIMITS.note) return { ok: false, error: "note_too_long" };
  if (next === current && !cleanNote) return { ok: false, error: "nothing_to_record" };
  return { ok: true, status: next, note: cleanNote || null };
}

/** A help request, complete: the consumer stores it once per reference. */
export interface HelpRequestMessage {
  type: "help_request";
  reference: string;
  submittedAt: number;
  language: Language;
  /** From the client's portal session, if any: never typed. */
  sessionClientNumber: string | null;
  draft: HelpDraft;
}
