// Dates as the portal shows them: MM/DD/YYYY in both languages, with the weekday spelled out
// where a promise is made ("between Friday, 11/27/2026 and Monday, 11/30/2026").
import { formatUsDate } from "../worker/domain/dates";
import { LANGUAGES, type Language } from "../worker/domain/language";

// Building an Intl.DateTimeFormat costs far more than formatting with one (about 0.4 ms against a
// few microseconds): a staff page of 100 payments built one per row. Each is built once per
// isolate and kept, keyed by what it depends on.
const weekdayFormats = new Map<Language, Intl.DateTimeFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDayLong(isoDate: string, language: Language): string {
  let format = weekdayFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(LANGUAGES[language].locale, { weekday: "long", timeZone: "UTC" });
    weekdayFormats.set(language, format);
  }
  return `${format.format(new Date(`${isoDate}T00:00:00Z`))}, ${formatUsDate(isoDate)}`;
}

/** An instant as MM/DD/YYYY HH:MM (24-hour) in the firm's time zone, for the staff. */
export function formatUsDateTime(ms: number, timeZone: string): string {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    dateTimeFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("month")}/${get("day")}/${get("year")} ${get("hour")}:${get("minute")}`;
}
