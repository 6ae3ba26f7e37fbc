// The school's picture for a period (seed 000 §5): the class measures of every class and grade,
// beside the same measures of the period before, from the results in force.
import type { Types } from "mongoose";
import { classMeasures, type ClassMeasures } from "~/domain/measures";
import type { PeriodMark } from "~models/vocabulary/marks";
import type { AcademicYear } from "~models/academic-year.server";
import { className, type SchoolClass } from "~models/class.server";
import { activeResultSets, type ResultSet } from "~models/results.server";

export interface DashboardRow {
  label: string;
  /** The class a row is of (grade and school rows have none), for its link to the class summary. */
  classId?: string;
  now: ClassMeasures;
  before: ClassMeasures | null;
  /** The same period a year earlier, when asked for (the quality report). */
  lastYear?: ClassMeasures | null;
}

type Comparison = { yearId: Types.ObjectId; period: string } | null;

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
  before: Comparison,
  lastYear: Comparison = null,
) {
  // A class earlier on: the same children a grade lower last year, or this class earlier this year.
  const earlier = (c: SchoolClass, target: Comparison) =>
    !target ? undefined : String(target.yearId) !== String(c.yearId) ? previousClasses.find((p) => p.grade === c.grade - 1 && p.letter === c.letter) : c;
  const keysOf = (target: Comparison) =>
    target ? classes.map((c) => earlier(c, target)).filter((c): c is SchoolClass => !!c).map((c) => ({ classId: c._id, period: target.period })) : [];
  const sets = await activeResultSets(schoolId, [...classes.map((c) => ({ classId: c._id, period })), ...keysOf(before), ...keysOf(lastYear)]);
  const marksThen = (c: SchoolClass, target: Comparison) => {
    const then = earlier(c, target);
    const set = target && then ? sets.get(`${then._id}:${target.period}`) : undefined;
    return set ? marksOf(set) : null;
  };
  const rows: DashboardRow[] = [];
  const grades = new Map<number, { now: PeriodMark[][]; before: PeriodMark[][] | null; lastYear: PeriodMark[][] | null }>();
  const add = (into: PeriodMark[][] | null, marks: PeriodMark[][] | null) => (marks ? [...(into ?? []), ...marks] : into);
  for (const c of classes) {
    const now = marksOf(sets.get(`${c._id}:${period}`));
    const [b, l] = [marksThen(c, before), marksThen(c, lastYear)];
    rows.push({ label: className(c), classId: String(c._id), now: classMeasures(now), before: b ? classMeasures(b) : null, lastYear: l ? classMeasures(l) : null });
    const grade = grades.get(c.grade) ?? { now: [], before: null, lastYear: null };
    grades.set(c.grade, { now: [...grade.now, ...now], before: add(grade.before, b), lastYear: add(grade.lastYear, l) });
  }
  const measuresOf = (marks: PeriodMark[][] | null) => (marks ? classMeasures(marks) : null);
  const gradeRows: DashboardRow[] = [...grades].sort(([a], [b]) => a - b).map(([grade, g]) => ({ label: `${grade} классы`, now: classMeasures(g.now), before: measuresOf(g.before), lastYear: measuresOf(g.lastYear) }));
  const all = [...grades.values()];
  return {
    classes: rows,
    grades: gradeRows,
    school: {
      label: "Школа",
      now: classMeasures(rows.length ? all.flatMap((g) => g.now) : []),
      before: before ? classMeasures(all.flatMap((g) => g.before ?? [])) : null,
      lastYear: lastYear ? classMeasures(all.flatMap((g) => g.lastYear ?? [])) : null,
    },
  };
}
