// Changes during the year made on a student's page rather than by a file: a move to another class
// on a day (the marks given in the old class stay with it), a departure on a day and where to.
// The same writes and the same rules as the contingent import.
import type { Types } from "mongoose";
import { formatDate } from "~/domain/format";
import { NotFound, RefusedByRule } from "~/http/refusals";
import { className, listClasses } from "~models/class.server";
import { closeEnrolment, fullName, getStudentName, listRunningEnrolments, openEnrolment, recordDeparture, studentLeftReason } from "~models/student.server";
import { currentYearOf, dayInYear } from "./import.server";

async function studentNow(schoolId: Types.ObjectId, studentId: string) {
  const student = await getStudentName({ schoolId, studentId });
  if (!student) throw new NotFound("Нет такого обучающегося");
  const left = await studentLeftReason({ schoolId, studentId });
  if (left) throw new RefusedByRule(left);
  const year = await currentYearOf(schoolId);
  const classes = await listClasses(schoolId, year._id);
  const enrolment = (await listRunningEnrolments({ schoolId, yearId: year._id })).find((e) => String(e.studentId) === studentId);
  const current = classes.find((c) => String(c._id) === String(enrolment?.classId));
  return { student, year, classes, current, since: enrolment?.from ?? null };
}

/** A move or a departure is dated on or after the day the student came into their class. */
function notBefore(day: Date, since: Date | null, what: string) {
  if (since && day < since) throw new RefusedByRule(`${what}: раньше, чем обучающийся пришёл в класс (${formatDate(since)})`, "on");
}

/** Moves the student to another class of the year from that day; the old class keeps its marks. */
export async function moveStudent({ schoolId, studentId, classId, on, now = new Date() }: { schoolId: Types.ObjectId; studentId: string; classId: string; on: string; now?: Date }) {
  const { student, year, classes, current, since } = await studentNow(schoolId, studentId);
  const target = classes.find((c) => String(c._id) === classId);
  if (!target) throw new RefusedByRule("Выберите класс этого учебного года", "classId");
  if (!current) throw new RefusedByRule("Обучающийся не записан ни в один класс этого года: добавьте его через «Контингент»");
  if (String(current._id) === classId) throw new RefusedByRule(`Обучающийся уже в ${className(target)} классе`, "classId");
  const day = dayInYear(on, year, now, "Дата перевода", "on");
  notBefore(day, since, "Дата перевода");
  await closeEnrolment({ schoolId, studentId, yearId: year._id, classId: current._id, until: day });
  await openEnrolment({ schoolId, studentId, yearId: year._id, classId: target._id, from: day.getTime() <= year.startDate.getTime() ? null : day });
  return { name: fullName(student), from: className(current), to: className(target), on: day };
}

/** The student leaves the school on that day, for where they go; their personal file becomes read-only. */
export async function departStudent({ schoolId, studentId, on, to, now = new Date() }: { schoolId: Types.ObjectId; studentId: string; on: string; to: string; now?: Date }) {
  const { student, year, since } = await studentNow(schoolId, studentId);
  const day = dayInYear(on, year, now, "Дата выбытия", "on");
  notBefore(day, since, "Дата выбытия");
  await recordDeparture({ schoolId, studentId, yearId: year._id, leftAt: day, leftTo: to.trim() });
  return { name: fullName(student), on: day };
}
