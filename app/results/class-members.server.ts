// Who belongs on a class's page for one period: the students in the class now, and those who moved
// to another class or left the school during the year but have marks of that period here — marks
// stay with the class where they were given (the students' record shows both classes).
import type { Types } from "mongoose";
import { listStudentsOfClasses, type ClassMember } from "~models/student.server";

export async function periodMembers(schoolId: Types.ObjectId | string, classId: Types.ObjectId, rows: readonly { studentId: Types.ObjectId }[] | undefined) {
  return membersOfPeriod(await listStudentsOfClasses(schoolId, [classId], { withFormer: true }), rows);
}

/** periodMembers of the class's members already read (everyone who was in it this year). */
export function membersOfPeriod(members: ClassMember[], rows: readonly { studentId: Types.ObjectId }[] | undefined) {
  const withMarks = new Set((rows ?? []).map((r) => String(r.studentId)));
  // A student who went and came back is in the class now: their running enrolment is the one shown.
  const now = new Set(members.filter((m) => !m.until).map((m) => String(m._id)));
  return members.filter((m) => (m.until ? withMarks.has(String(m._id)) && !now.has(String(m._id)) : true));
}
