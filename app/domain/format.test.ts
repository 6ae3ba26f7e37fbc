import { describe, expect, it } from "vitest";
import { schoolDayStart, todayIso } from "./format";

describe("the school's clock (Europe/Moscow)", () => {
  it("turns the day at midnight in the school, not in UTC", () => {
    expect(todayIso(new Date("2026-12-01T20:59:59Z"))).toBe("2026-12-01");
    expect(todayIso(new Date("2026-12-01T21:30:00Z"))).toBe("2026-12-02");
    expect(todayIso(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
  });

  it("starts a day at the school's midnight", () => {
    expect(schoolDayStart("2026-12-02").toISOString()).toBe("2026-12-01T21:00:00.000Z");
    expect(Number.isNaN(schoolDayStart("2026-02-31").getTime())).toBe(true);
  });
});
