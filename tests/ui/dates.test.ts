// The staff's dates and the promised days: each formatter is built once and kept per time zone
// (or language), so the same instant must still read differently in each zone, in any order.
import { describe, expect, it } from "vitest";
import { formatDayLong, formatUsDateTime } from "../../ui/dates";

describe("formatUsDateTime", () => {
  const instant = Date.UTC(2026, 10, 27, 3, 5); // 27 Nov 2026 03:05 UTC

  it("shows MM/DD/YYYY HH:MM in the given zone, each zone its own, however often asked", () => {
    for (let round = 0; round < 2; round++) {
      expect(formatUsDateTime(instant, "America/New_York")).toBe("11/26/2026 22:05");
      expect(formatUsDateTime(instant, "UTC")).toBe("11/27/2026 03:05");
      expect(formatUsDateTime(instant, "America/Los_Angeles")).toBe("11/26/2026 19:05");
    }
  });

  it("midnight reads 00, not 24", () => {
    expect(formatUsDateTime(Date.UTC(2026, 0, 2, 5, 0), "America/New_York")).toBe("01/02/2026 00:00");
  });
});

describe("formatDayLong", () => {
  it("spells the weekday in the page's language", () => {
    for (let round = 0; round < 2; round++) {
      expect(formatDayLong("2026-11-27", "en")).toBe("Friday, 11/27/2026");
      expect(formatDayLong("2026-11-27", "es")).toBe("viernes, 11/27/2026");
    }
  });
});
