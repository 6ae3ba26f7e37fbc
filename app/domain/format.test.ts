import { describe, expect, it } from "vitest";
import { afterEach } from "vitest";
import { formatDate, formatDateTime, schoolDayStart, setSchoolTimeZone, todayIso, zoneLabel } from "./format";

describe("the school's clock (Europe/Moscow)", () => {
  it("turns the day at midnight in the school, not in UTC", () => {
    expect(todayIso(new Date("2026-12-01T20:59:59Z"))).toBe("2026-12-01");
    expect(todayIso(new Date("2026-12-01T21:30:00Z"))).toBe("2026-12-02");
    expect(todayIso(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
  });

  it("dates a moment by the school's day: a document issued at 21:30 or 23:30 UTC says the same day as its «выдан» time", () => {
    for (const moment of [new Date("2026-12-01T21:30:00Z"), new Date("2026-12-01T23:30:00Z")]) {
      expect(formatDate(moment)).toBe("02.12.2026");
      expect(formatDateTime(moment).startsWith("02.12.2026")).toBe(true);
    }
  });

  it("shows a calendar date (stored at UTC midnight) as that very day", () => {
    expect(formatDate(new Date("2026-12-01T00:00:00Z"))).toBe("01.12.2026");
    expect(formatDate("2011-03-05")).toBe("05.03.2011");
  });

  it("starts a day at the school's midnight", () => {
    expect(schoolDayStart("2026-12-02").toISOString()).toBe("2026-12-01T21:00:00.000Z");
    expect(Number.isNaN(schoolDayStart("2026-02-31").getTime())).toBe(true);
  });
});

describe("the school's own time zone (a setting)", () => {
  afterEach(() => setSchoolTimeZone("Europe/Moscow"));

  it("turns the day at the school's midnight, wherever the school is", () => {
    const moment = new Date("2026-12-01T19:30:00Z");
    expect(formatDate(moment)).toBe("01.12.2026");
    setSchoolTimeZone("Asia/Yekaterinburg");
    expect(formatDate(moment)).toBe("02.12.2026");
    expect(formatDateTime(moment)).toBe("02.12.2026, 00:30:00");
    expect(todayIso(moment)).toBe("2026-12-02");
    expect(schoolDayStart("2026-12-02").toISOString()).toBe("2026-12-01T19:00:00.000Z");
    expect(zoneLabel()).toBe("МСК+2");
    // A calendar date stays its day in every zone.
    expect(formatDate(new Date("2026-12-01T00:00:00Z"))).toBe("01.12.2026");
  });

  it("ignores a zone that is not one of the list", () => {
    setSchoolTimeZone("Mars/Olympus");
    expect(zoneLabel()).toBe("мск");
  });
});
