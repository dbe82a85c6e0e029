import { afterEach, describe, expect, it, vi } from "vitest";
import { describeError, log } from "../../worker/logger";

describe("the logger writes one JSON line and no payloads", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes level, message and the caller's scalar fields as one JSON object", () => {
    const spy = vi.spyOn(console, "log").mockImplementation(() => {});
    log.info("reconciled", { eventsApplied: 2, errors: 0 });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(JSON.parse(spy.mock.calls[0]![0] as string)).toEqual({ level: "info", message: "reconciled", eventsApplied: 2, errors: 0 });
  });

  it("reduces an error to its name and a bounded message", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    log.error("email dispatch failed", {}, new TypeError("x".repeat(1000)));
    const entry = JSON.parse(spy.mock.calls[0]![0] as string);
    expect(entry.level).toBe("error");
    expect(entry.detail.startsWith("TypeError: xxx")).toBe(true);
    expect(entry.detail.length).toBe(300);
  });

  it.each([
    [new Error("boom"), "Error: boom"],
    ["plain text", "plain text"],
    [42, "42"],
  ])("describes %s as %s", (error, expected) => {
    expect(describeError(error)).toBe(expected);
  });
});
