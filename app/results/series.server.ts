// Each student's period marks over time, from the result sets in force: the data behind the
// trajectory page and the risk list (both call this, and the domain functions on its output).
import type { Types } from "mongoose";
import type { PeriodMark } from "~models/vocabulary/marks";
import { periodsForGrade } from "~/domain/school-year";
import { listYearsByIds } from "~models/academic-year.server";
import { findClasses } from "~models/class.server";
import { activePeriodSetsOfClasses, readActiveSets, type ResultRow, type ResultSet } from "~models/results.server";
import { listEnrolmentsOfStudents, type Enrolment } from "~models/student.server";

export interface StudentSeries {
  /** «1-й триместр 2025/2026», oldest first: every period of every year the student was enrolled. */
  labels: string[];
  /** subjectId → the numeric period mark in each period (null: none, н/а, осв, зач). */
  bySubject: Map<string, (number | null)[]>;
  /** Mean of the student's numeric period marks in each period. */
  overall: (number | null)[];
  /** The most recent period with marks: its label and row. */
  latest: { label: string; row: ResultRow } | null;
}

const numeric = (mark: PeriodMark): number | null => (typeof mark === "number" ? mark : null);

/** Students' enrolments with the years (oldest first) and classes they name. */
export interface EnrolmentHistory {
  enrolments: Enrolment[];
  years: Awaited<ReturnType<typeof listYearsByIds>>;
  classes: Awaited<ReturnType<typeof findClasses>>;
}

/**
 * Read once for a record page: its class history and its results' series both stand on it. The
 * enrolments come first, on their own: the series goes on with them while the years and classes are read.
 */
export function readEnrolmentHistory(schoolId: Types.ObjectId, studentIds: Types.ObjectId[]) {
  const enrolments = listEnrolmentsOfStudents({ schoolId, studentIds });
  const whole: Promise<EnrolmentHistory> = enrolments.then(async (list) => {
    const [years, classes] = await Promise.all([
      listYearsByIds({ schoolId, yearIds: [...new Set(list.map((e) => String(e.yearId)))], order: "oldestFirst" }),
      findClasses({ schoolId, classIds: [...new Set(list.map((e) => String(e.classId)))] }),
    ]);
    return { enrolments: list, years, classes };
  });
  whole.catch(() => undefined); // a failed read fails where it is awaited, not as an unhandled rejection
  return { enrolments, whole };
}
export type EnrolmentHistoryReads = ReturnType<typeof readEnrolmentHistory>;

export async function resultSeries(
  schoolId: Types.ObjectId,
  studentIds: Types.ObjectId[],
  history: EnrolmentHistoryReads = readEnrolmentHistory(schoolId, studentIds),
): Promise<Map<string, StudentSeries>> {
  // Two round trips: the enrolments with the sets in force, then the years, classes and marks.
  const [enrolments, inForce] = await Promise.all([history.enrolments, readActiveSets(schoolId)]);
  const classIds = [...new Set(enrolments.map((e) => String(e.classId)))];
  const [{ years, classes }, sets] = await Promise.all([
    history.whole,
    activePeriodSetsOfClasses(schoolId, classIds, studentIds.length === 1 ? studentIds[0] : undefined, inForce),
  ]);
  // Each student's periods in a year are those of the grade they were in (a grade range may have a
  // system of its own): slots per student, built from their own enrolments.
  const gradeOf = new Map(classes.map((c) => [String(c._id), c.grade]));
  const slotsOf = (mine: Enrolment[]) =>
    years.flatMap((year) => {
      const enrolment = mine.find((e) => String(e.yearId) === String(year._id));
      if (!enrolment) return [];
      return periodsForGrade(year, gradeOf.get(String(enrolment.classId))).periods.map((p) => ({
        yearId: String(year._id),
        period: String(p.number),
        label: `${p.name} ${year.name}`,
      }));
    });

  // Indexed once: a school has thousands of enrolments and rows, and ids compare as strings.
  const enrolmentsOf = new Map<string, Enrolment[]>();
  for (const e of enrolments) enrolmentsOf.set(String(e.studentId), [...(enrolmentsOf.get(String(e.studentId)) ?? []), e]);
  const rowIndex = new Map<ResultSet, Map<string, ResultRow>>();
  const rowIn = (set: ResultSet, studentId: string) => {
    if (!rowIndex.has(set)) rowIndex.set(set, new Map((set.rows ?? []).map((r) => [String(r.studentId), r])));
    return rowIndex.get(set)!.get(studentId) ?? null;
  };

  const result = new Map<string, StudentSeries>();
  for (const studentId of studentIds) {
    const id = String(studentId);
    const mine = enrolmentsOf.get(id) ?? [];
    const slots = slotsOf(mine);
    const rows = slots.map((slot) => {
      // A student moved mid-year has two classes that year: the marks are where they were given.
      for (const enrolment of mine.filter((e) => String(e.yearId) === slot.yearId)) {
        const set = sets.get(`${enrolment.classId}:${slot.period}`);
        const row = set ? rowIn(set, id) : null;
        if (row) return row;
      }
      return null;
    });
    const bySubject = new Map<string, (number | null)[]>();
    rows.forEach((row, index) => {
      for (const m of row?.marks ?? []) {
        const key = String(m.subjectId);
        if (!bySubject.has(key))
          bySubject.set(
            key,
            slots.map(() => null)
          );
        bySubject.get(key)![index] = numeric(m.mark as PeriodMark);
      }
    });
    const overall = rows.map((row) => {
      const values = (row?.marks ?? []).map((m) => numeric(m.mark as PeriodMark)).filter((v): v is number => v !== null);
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    });
    const lastIndex = rows.map((r, i) => (r && r.marks.length ? i : -1)).reduce((a, b) => Math.max(a, b), -1);
    // The series runs from the first period with marks to the last (not into periods still to come).
    const first = rows.findIndex((r) => r && r.marks.length);
    const from = first < 0 ? slots.length : first;
    const to = lastIndex + 1;
    result.set(id, {
      labels: slots.slice(from, to).map((s) => s.label),
      bySubject: new Map([...bySubject].map(([k, v]) => [k, v.slice(from, to)])),
      overall: overall.slice(from, to),
      latest: lastIndex >= 0 ? { label: slots[lastIndex].label, row: rows[lastIndex]! } : null,
    });
  }
  return result;
}
