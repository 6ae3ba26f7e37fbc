import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../../tests/setup/database";
import { seedDemoSchool } from "../../scripts/demo-school";
import { classMeasures } from "~/domain/measures";
import type { PeriodMark } from "~models/vocabulary/marks";
import { listYears, type AcademicYear } from "~models/academic-year.server";
import { findClasses } from "~models/class.server";
import { activeResultSets } from "~models/results.server";
import { listSchools } from "~models/school.server";
import { previousPeriod, schoolDashboard } from "./dashboard.server";

useTestDatabase();
let schoolId: never;
let lastYear: AcademicYear;
let thisYear: AcademicYear;

beforeAll(async () => {
  await seedDemoSchool(new Date("2026-11-23"));
  schoolId = (await listSchools()).find((s) => s.shortName === "МБОУ «СОШ № 17»")!._id as never;
  [thisYear, lastYear] = await listYears(schoolId);
});

describe("the school's measures for a period", () => {
  it("knows the period before, across the year's boundary", () => {
    expect(previousPeriod("3", lastYear, null)).toEqual({ yearId: lastYear._id, period: "2" });
    expect(previousPeriod("1", thisYear, lastYear)).toEqual({ yearId: lastYear._id, period: "3" });
    expect(previousPeriod("1", lastYear, null)).toBeNull();
  });

  it("gives each class's measures and their change, the same as the class summary's own function", async () => {
    const classes = await findClasses({ schoolId, yearId: lastYear._id });
    const result = await schoolDashboard(schoolId, classes, [], "3", previousPeriod("3", lastYear, null));
    const sets = await activeResultSets(schoolId, classes.flatMap((c) => [{ classId: c._id, period: "3" }, { classId: c._id, period: "2" }]));
    const by = (classId: unknown, period: string) => classMeasures(sets.get(`${classId}:${period}`)!.rows.map((r) => r.marks.map((m) => m.mark as PeriodMark)));
    expect(result.classes.map((r) => r.label)).toEqual(["4А", "4Б", "8А", "8Б"]);
    result.classes.forEach((row, i) => {
      expect(row.now).toEqual(by(classes[i]._id, "3"));
      expect(row.before).toEqual(by(classes[i]._id, "2"));
    });
    // A grade pools its classes' students.
    const grade4 = result.grades.find((g) => g.label === "4 классы")!;
    expect(grade4.now.n).toBe(result.classes[0].now.n + result.classes[1].now.n);
  });
});
