import { afterEach, describe, expect, it } from "vitest";
import { setSchoolTimeZone } from "~/domain/format";
import { closedReasonOf } from "./school-year.server";

describe("a closed year's refusal", () => {
  afterEach(() => setSchoolTimeZone("Europe/Moscow"));

  it("names the day of closing on the school's clock, not UTC's", () => {
    // 30 June, 21:30 UTC: 00:30 on 1 July in Moscow, still 23:30 on 30 June in Kaliningrad.
    const year = { name: "2025/2026", closedAt: new Date("2026-06-30T21:30:00Z") };
    expect(closedReasonOf(year)).toBe("Учебный год 2025/2026 закрыт 01.07.2026: его отметки и достижения только для чтения.");
    setSchoolTimeZone("Europe/Kaliningrad");
    expect(closedReasonOf(year)).toContain("закрыт 30.06.2026");
    expect(closedReasonOf({ name: "2026/2027", closedAt: null })).toBeNull();
  });
});
