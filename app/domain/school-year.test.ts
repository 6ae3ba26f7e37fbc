import { describe, expect, it } from "vitest";
import { defaultPeriods, parseSchoolYearName, schoolYearStart } from "./school-year";

describe("school years", () => {
  it("start on 1 September", () => {
    expect(schoolYearStart(new Date("2026-08-31T12:00:00Z"))).toBe(2025);
    expect(schoolYearStart(new Date("2026-09-01T00:00:00Z"))).toBe(2026);
  });
  it("read «2025/2026» and refuse years that do not follow each other", () => {
    expect(parseSchoolYearName("2025/2026")).toBe(2025);
    expect(parseSchoolYearName("2025/2027")).toBeNull();
    expect(parseSchoolYearName("2025-2026")).toBeNull();
  });
  it("give trimesters that run in order inside the year, with Russian names", () => {
    const periods = defaultPeriods("trimester", 2025);
    expect(periods.map((p) => p.name)).toEqual(["1-й триместр", "2-й триместр", "3-й триместр"]);
    for (let i = 1; i < periods.length; i++) expect(periods[i].startDate > periods[i - 1].endDate).toBe(true);
    expect(periods[2].endDate.getUTCFullYear()).toBe(2026);
    expect(defaultPeriods("half", 2025)[1].name).toBe("2-е полугодие");
  });
});
