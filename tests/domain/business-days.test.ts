import { describe, expect, it } from "vitest";
import { addBusinessDays, contactWindow, dueDate, isBusinessDay, isOverdue, isoDateInZone, observedHolidays } from "../../worker/domain/business-days";

describe("US federal holidays, as observed", () => {
  it("lists 2026's eleven days off, Independence Day moved to Friday July 3", () => {
    expect(observedHolidays(2026).map((h) => h.date)).toEqual([
      "2026-01-01",
      "2026-01-19",
      "2026-02-16",
      "2026-05-25",
      "2026-06-19",
      "2026-07-03",
      "2026-09-07",
      "2026-10-12",
      "2026-11-11",
      "2026-11-26", // Thanksgiving: fourth Thursday of November
      "2026-12-25",
    ]);
  });

  it.each([
    ["2027-07-05", "Independence Day on a Sunday is observed on Monday"],
    ["2027-12-24", "Christmas on a Saturday is observed on Friday"],
    ["2027-12-31", "New Year's Day 2028 on a Saturday is observed on December 31, 2027"],
    ["2027-06-18", "Juneteenth on a Saturday is observed on Friday"],
    ["2022-12-26", "Christmas on a Sunday is observed on Monday"],
  ])("%s: %s", (date) => {
    expect(isBusinessDay(date)).toBe(false);
  });

  it("puts an observed New Year's Day in the year it falls in", () => {
    expect(observedHolidays(2021).map((h) => h.date)).toContain("2021-12-31");
    expect(observedHolidays(2022).map((h) => h.date)).not.toContain("2022-01-01");
    expect(observedHolidays(2022).map((h) => h.date)).not.toContain("2021-12-31");
  });

  it.each(["2027-12-25", "2027-07-04", "2026-11-28", "2026-11-29"])("%s is a weekend day, not a business day", (date) => {
    expect(isBusinessDay(date)).toBe(false);
  });

  it.each(["2026-11-25", "2026-11-27", "2026-12-24", "2027-07-06", "2026-12-31"])("%s is a business day", (date) => {
    expect(isBusinessDay(date)).toBe(true);
  });
});

describe("within 1-2 business days", () => {
  it.each([
    // [request made on, first day, last day (the staff's due date)]
    ["2026-11-24", "2026-11-25", "2026-11-27"], // Tuesday: Thanksgiving Thursday skipped
    ["2026-11-25", "2026-11-27", "2026-11-30"], // Wednesday before Thanksgiving: Friday, then Monday
    ["2026-11-26", "2026-11-27", "2026-11-30"], // on Thanksgiving itself
    ["2026-11-27", "2026-11-30", "2026-12-01"], // Friday: the weekend skipped
    ["2026-11-28", "2026-11-30", "2026-12-01"], // Saturday
    ["2026-11-29", "2026-11-30", "2026-12-01"], // Sunday
    ["2026-12-24", "2026-12-28", "2026-12-29"], // Christmas Eve (Thursday): Christmas Friday and the weekend skipped
    ["2026-12-31", "2027-01-04", "2027-01-05"], // New Year's Day on a Friday
    ["2026-07-02", "2026-07-06", "2026-07-07"], // Independence Day observed Friday July 3
    ["2027-07-02", "2027-07-06", "2027-07-07"], // Independence Day observed Monday July 5
    ["2027-12-23", "2027-12-27", "2027-12-28"], // Christmas observed Friday December 24
    ["2027-12-30", "2028-01-03", "2028-01-04"], // New Year's Day 2028 observed Friday December 31
    ["2026-11-09", "2026-11-10", "2026-11-12"], // Veterans Day on a Wednesday
    ["2026-06-17", "2026-06-18", "2026-06-22"], // Juneteenth on a Friday
  ])("a request on %s: between %s and %s", (day, from, to) => {
    expect(contactWindow(day)).toEqual({ from, to });
    expect(dueDate(day)).toBe(to);
  });

  it("counts any number of business days", () => {
    expect(addBusinessDays("2026-11-20", 5)).toBe("2026-11-30"); // Friday + 5 over Thanksgiving week
    expect(addBusinessDays("2026-11-20", 0)).toBe("2026-11-20");
  });
});

describe("overdue", () => {
  it.each([
    ["2026-11-30", "2026-11-30", false, false], // on the due date: not yet
    ["2026-11-30", "2026-12-01", false, true], // the day after
    ["2026-11-30", "2026-12-15", true, false], // answered requests are never overdue
  ])("due %s, today %s, answered %s -> %s", (due, today, answered, expected) => {
    expect(isOverdue(due, today, answered)).toBe(expected);
  });
});

describe("the firm's calendar date", () => {
  it("is the date in the firm's time zone, not in UTC", () => {
    const lateThursdayEvening = Date.parse("2026-11-27T03:30:00Z"); // 10:30 pm Thursday in New York
    expect(isoDateInZone(lateThursdayEvening, "America/New_York")).toBe("2026-11-26");
    expect(isoDateInZone(lateThursdayEvening, "UTC")).toBe("2026-11-27");
  });
});
