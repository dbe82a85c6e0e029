// Business days for the firm's promises ("we will contact you within 1-2 business days"):
// weekends and US federal holidays are skipped, with a holiday that falls on a Saturday observed
// the Friday before and one on a Sunday the Monday after (5 U.S.C. 6103). Dates are ISO
// calendar dates (YYYY-MM-DD) in the firm's time zone; all arithmetic is done in UTC days.

const DAY_MS = 86_400_000;

function toDay(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
function weekday(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

function ymd(year: number, month: number, date: number): number {
  return Date.UTC(year, month - 1, date) / DAY_MS;
}

/** The n-th given weekday of a month (n = -1 for the last). */
function nthWeekday(year: number, month: number, dayOfWeek: number, n: number): number {
  if (n > 0) {
    const first = ymd(year, month, 1);
    return first + ((dayOfWeek - weekday(first) + 7) % 7) + (n - 1) * 7;
  }
  const last = ymd(year, month + 1, 1) - 1;
  return last - ((weekday(last) - dayOfWeek + 7) % 7);
}

function observed(day: number): number {
  const dow = weekday(day);
  if (dow === 6) return day - 1;
  if (dow === 0) return day + 1;
  return day;
}

/** The holidays themselves, by law, for one year (not yet moved off weekends). */
function legalHolidays(year: number): { name: string; day: number; fixed: boolean }[] {
  return [
    { name: "New Year's Day", day: ymd(year, 1, 1), fixed: true },
    { name: "Birthday of Martin Luther King, Jr.", day: nthWeekday(year, 1, 1, 3), fixed: false },
    { name: "Washington's Birthday", day: nthWeekday(year, 2, 1, 3), fixed: false },
    { name: "Memorial Day", day: nthWeekday(year, 5, 1, -1), fixed: false },
    { name: "Juneteenth National Independence Day", day: ymd(year, 6, 19), fixed: true },
    { name: "Independence Day", day: ymd(year, 7, 4), fixed: true },
    { name: "Labor Day", day: nthWeekday(year, 9, 1, 1), fixed: false },
    { name: "Columbus Day", day: nthWeekday(year, 10, 1, 2), fixed: false },
    { name: "Veterans Day", day: ymd(year, 11, 11), fixed: true },
    { name: "Thanksgiving Day", day: nthWeekday(year, 11, 4, 4), fixed: false },
    { name: "Christmas Day", day: ymd(year, 12, 25), fixed: true },
  ];
}

/**
 * The days off in a calendar year, as observed: a January 1 that falls on a Saturday is observed
 * on December 31 of the year before, so it belongs to that year's list.
 */
export function observedHolidays(year: number): { name: string; date: string }[] {
  const days = [...legalHolidays(year), ...legalHolidays(year + 1).slice(0, 1)]
    .map((holiday) => ({ name: holiday.name, day: holiday.fixed ? observed(holiday.day) : holiday.day }))
    .filter((holiday) => new Date(holiday.day * DAY_MS).getUTCFullYear() === year);
  return days.map((holiday) => ({ name: holiday.name, date: fromDay(holiday.day) }));
}

const holidayCache = new Map<number, Set<number>>();

function isHoliday(day: number): boolean {
  const year = new Date(day * DAY_MS).getUTCFullYear();
  let set = holidayCache.get(year);
  if (!set) {
    set = new Set(observedHolidays(year).map((holiday) => toDay(holiday.date)));
    holidayCache.set(year, set);
  }
  return set.has(day);
}

export function isBusinessDay(iso: string): boolean {
  const day = toDay(iso);
  const dow = weekday(day);
  return dow !== 0 && dow !== 6 && !isHoliday(day);
}

/** The n-th business day after `iso` (the day itself never counts, whatever it is). */
export function addBusinessDays(iso: string, n: number): string {
  let day = toDay(iso);
  let left = n;
  while (left > 0) {
    day++;
    if (isBusinessDay(fromDay(day))) left--;
  }
  return fromDay(day);
}

/** "Within 1-2 business days" of a request made on `iso`: the first and the last day meant. */
export function contactWindow(iso: string): { from: string; to: string } {
  return { from: addBusinessDays(iso, 1), to: addBusinessDays(iso, 2) };
}

/** The staff's due date for a request made on `iso`: the end of the promised window. */
export function dueDate(iso: string): string {
  return addBusinessDays(iso, 2);
}

/** Overdue from the day after the due date, until answered. */
export function isOverdue(due: string, today: string, answered: boolean): boolean {
  return !answered && today > due;
}

/** One formatter per time zone: building one costs far more than formatting with it (a list's rows each format). */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone (e.g. America/New_York), as YYYY-MM-DD. */
export function isoDateInZone(ms: number, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  return format.format(new Date(ms));
}

/** Throws RangeError for a time zone the runtime does not know. */
export function assertTimeZone(timeZone: string): void {
  new Intl.DateTimeFormat("en-US", { timeZone }).format(0);
}
