// «Применить» of a contingent file: the arrivals, moves, detail changes and confirmed departures of
// its plan. The engine has no transactions: every step is an idempotent write (students made under
// the ids the plan chose, enrolments opened and closed by their key), so a cut-off run is finished
// by running it again. Nothing of earlier years is touched: only the current year's enrolments.
import type { Types } from "mongoose";
import { Conflict } from "~/http/refusals";
import type { AcademicYear } from "~models/academic-year.server";
import { className, listClasses } from "~models/class.server";
import { admitStudent, closeEnrolment, listRunningEnrolments, listStudentsForRoster, openEnrolment, recordDeparture, updateStudentDetails } from "~models/student.server";
import type { RosterApplied } from "~models/roster-import.server";
import type { RosterPlan } from "~models/vocabulary/roster";
import { detailsOf } from "./plan.server";

export interface Departure {
  studentId: string;
  /** The day the student left. */
  on: Date;
  /** Where they went. */
  to: string;
}

export async function applyRosterPlan(input: { schoolId: Types.ObjectId; year: AcademicYear; plan: RosterPlan; on: Date; departures: Departure[] }): Promise<RosterApplied> {
  const { schoolId, year, plan, on, departures } = input;
  const yearId = year._id;
  const [classes, students, running] = await Promise.all([listClasses(schoolId, yearId), listStudentsForRoster({ schoolId }), listRunningEnrolments({ schoolId, yearId })]);
  const classId = new Map(classes.map((c) => [className(c), c._id]));
  const studentOf = new Map(students.map((s) => [String(s._id), s]));
  // A class removed since the check: nothing is written.
  for (const name of new Set([...plan.arrivals, ...plan.moves].map((c) => c.data.className))) {
    if (!classId.has(name)) throw new Conflict(`Класса ${name} больше нет в этом учебном году: загрузите файл заново; ничего не изменено.`);
  }
  // A change on the year's first day (or before it) counts from the year's start.
  const from = on.getTime() <= year.startDate.getTime() ? null : on;

  for (const a of plan.arrivals) {
    const studentId = a.studentId;
    const enrolledAt = a.data.enrolledAt ? new Date(`${a.data.enrolledAt}T00:00:00Z`) : on;
    await admitStudent({ schoolId, studentId, details: detailsOf(a.data, studentOf.get(a.studentId)), enrolledAt });
    await openEnrolment({ schoolId, studentId, yearId, classId: classId.get(a.data.className)!, from });
  }
  for (const m of plan.moves) {
    const studentId = m.studentId;
    // The old class ends the day the new one begins; the marks given there stay with it.
    for (const e of running.filter((e) => String(e.studentId) === m.studentId && String(e.classId) !== String(classId.get(m.data.className)))) {
      await closeEnrolment({ schoolId, studentId, yearId, classId: e.classId, until: on });
    }
    await openEnrolment({ schoolId, studentId, yearId, classId: classId.get(m.data.className)!, from });
    await updateStudentDetails({ schoolId, studentId, details: detailsOf(m.data, studentOf.get(m.studentId)) });
  }
  for (const u of plan.updates) {
    await updateStudentDetails({ schoolId, studentId: u.studentId, details: detailsOf(u.data, studentOf.get(u.studentId)) });
  }
  for (const d of departures) {
    await recordDeparture({ schoolId, studentId: d.studentId, yearId, leftAt: d.on, leftTo: d.to });
  }
  return { arrivals: plan.arrivals.length, moves: plan.moves.length, departures: departures.length, updates: plan.updates.length, on: on.toISOString().slice(0, 10) };
}
