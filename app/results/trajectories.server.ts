// A student's subject results over time as the record page and the portfolio show them: the
// average per period for each subject and overall, and each series' direction with its reason.
import type { Types } from "mongoose";
import { trajectoryDirection, DIRECTION_LABELS, type Direction } from "~/domain/trajectory";
import { listSubjects } from "~models/subject.server";
import { resultSeries, type EnrolmentHistoryReads } from "./series.server";

export interface Trajectory {
  values: (number | null)[];
  direction: Direction;
  label: string;
  reason: string;
}

export interface StudentResults {
  labels: string[];
  overall: Trajectory;
  subjects: ({ id: string; name: string } & Trajectory)[];
}

export async function studentResults(schoolId: Types.ObjectId, studentId: Types.ObjectId, history?: EnrolmentHistoryReads): Promise<StudentResults> {
  const [series, subjects] = await Promise.all([resultSeries(schoolId, [studentId], history).then((m) => m.get(String(studentId))!), listSubjects(schoolId)]);
  const trajectory = (values: (number | null)[]): Trajectory => {
    const verdict = trajectoryDirection(series.labels.map((label, i) => ({ label, value: values[i] })));
    return { values, direction: verdict.direction, label: DIRECTION_LABELS[verdict.direction], reason: verdict.reason };
  };
  return {
    labels: series.labels,
    overall: trajectory(series.overall),
    subjects: subjects
      .filter((s) => series.bySubject.has(String(s._id)))
      .map((s) => ({ id: String(s._id), name: s.name, ...trajectory(series.bySubject.get(String(s._id))!) })),
  };
}

/** The same results narrowed to the periods of the given school years (labels end with the year). */
export function resultsOfYears(results: StudentResults, years: string[]): StudentResults {
  if (years.length === 0) return results;
  const keep = results.labels.map((label) => years.some((year) => label.includes(year)));
  const pick = <T,>(values: T[]) => values.filter((_, i) => keep[i]);
  const narrowed = (t: Trajectory) => {
    const values = pick(t.values);
    const verdict = trajectoryDirection(pick(results.labels).map((label, i) => ({ label, value: values[i] })));
    return { values, direction: verdict.direction, label: DIRECTION_LABELS[verdict.direction], reason: verdict.reason };
  };
  return {
    labels: pick(results.labels),
    overall: narrowed(results.overall),
    subjects: results.subjects.map((s) => ({ ...s, ...narrowed(s) })).filter((s) => s.values.some((v) => v !== null)),
  };
}
