// The school's picture for a period (seed 000 §5): the class measures of every class and grade,
// beside the same measures of the period before, from the results in force.
import type { Types } from "mongoose";
import { classMeasures, type ClassMeasures } from "~/domain/measures";
import type { PeriodMark } from "~/domain/marks";
import type { AcademicYear } from "~models/academic-year.server";
import { className, type SchoolClass } from "~models/class.server";
import { activeResultSets, type ResultSet } from "~models/results.server";

export interface DashboardRow {
  label: string;
  now: ClassMeasures;
  before: ClassMeasures | null;
}

/** The period before: the previous period of the year, or the last of the previous year. */
export function previousPeriod(period: string, year: AcademicYear, previousYear: AcademicYear | null) {
  if (period === "year") return previousYear ? { yearId: previousYear._id, period: "year" } : null;
  const n = Number(period);
  if (n > 1) return { yearId: year._id, period: String(n - 1) };
  return previousYear ? { yearId: previousYear._id, period: String(previousYear.periods.length) } : null;
}

const marksOf = (set: ResultSet | undefined) => (set?.rows ?? []).map((r) => r.marks.map((m) => m.mark as PeriodMark));

export async function schoolDashboard(
  schoolId: Types.ObjectId,
  classes: SchoolClass[],
  previousClasses: SchoolClass[],
  period: string,
  before: { yearId: Types.ObjectId; period: string } | null,
) {
  const keys = classes.map((c) => ({ classId: c._id, period }));
  // A class's «before» is the same children a grade lower last year, or this class earlier this year.
  const predecessor = (c: SchoolClass) =>
    before && String(before.yearId) !== String(c.yearId) ? previousClasses.find((p) => p.grade === c.grade - 1 && p.letter === c.letter) : c;
  const beforeKeys = before ? classes.map((c) => predecessor(c)).filter((c): c is SchoolClass => !!c).map((c) => ({ classId: c._id, period: before.period })) : [];
  const sets = await activeResultSets(schoolId, [...keys, ...beforeKeys]);
  const rows: DashboardRow[] = [];
  const grades = new Map<number, { now: PeriodMark[][]; before: PeriodMark[][]; hasBefore: boolean }>();
  for (const c of classes) {
    const now = marksOf(sets.get(`${c._id}:${period}`));
    const prev = predecessor(c);
    const beforeSet = before && prev ? sets.get(`${prev._id}:${before.period}`) : undefined;
    rows.push({ label: className(c), now: classMeasures(now), before: beforeSet ? classMeasures(marksOf(beforeSet)) : null });
    const grade = grades.get(c.grade) ?? { now: [], before: [], hasBefore: false };
    grade.now.push(...now);
    if (beforeSet) (grade.before.push(...marksOf(beforeSet)), (grade.hasBefore = true));
    grades.set(c.grade, grade);
  }
  const gradeRows: DashboardRow[] = [...grades].sort(([a], [b]) => a - b).map(([grade, g]) => ({
    label: `${grade} классы`,
    now: classMeasures(g.now),
    before: g.hasBefore ? classMeasures(g.before) : null,
  }));
  return { classes: rows, grades: gradeRows, school: { label: "Школа", now: classMeasures(rows.length ? [...grades.values()].flatMap((g) => g.now) : []), before: before ? classMeasures([...grades.values()].flatMap((g) => g.before)) : null } };
}
