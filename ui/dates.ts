// Dates as the portal shows them: MM/DD/YYYY in both languages, with the weekday spelled out
// where a promise is made ("between Friday, 11/27/2026 and Monday, 11/30/2026").
import { formatUsDate } from "../worker/domain/dates";
import { LANGUAGES, type Language } from "../worker/domain/language";

export function formatDayLong(isoDate: string, language: Language): string {
  const weekday = new Intl.DateTimeFormat(LANGUAGES[language].locale, { weekday: "long", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));
  return `${weekday}, ${formatUsDate(isoDate)}`;
}

/** An instant as MM/DD/YYYY HH:MM (24-hour) in the firm's time zone, for the staff. */
export function formatUsDateTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("month")}/${get("day")}/${get("year")} ${get("hour")}:${get("minute")}`;
}
