// Who hears of a change about a child: the family (its legal representatives and the child's own
// account), the class teacher of the child's class this year, the administration.
import type { Types } from "mongoose";
import { getCurrentYear } from "~models/academic-year.server";
import { findClasses } from "~models/class.server";
import { getStudent, listEnrolmentsOfStudents } from "~models/student.server";
import { listUserIdsWithRole, studentAccountIds } from "~models/user.server";

/** The child as a notice names them (first name only), with the accounts of the family. */
export async function childAndFamily(schoolId: Types.ObjectId, studentId: Types.ObjectId | string) {
  const student = await getStudent(schoolId, String(studentId), null);
  if (!student) return { firstName: "", family: [] as Types.ObjectId[] };
  return { firstName: student.firstName, family: [...(student.representativeIds as Types.ObjectId[]), ...(await studentAccountIds(schoolId, student._id))] };
}

/** The class teacher of the child's class now (none when the child is in no class this year). */
export async function classTeachersOf(schoolId: Types.ObjectId, studentId: Types.ObjectId | string) {
  const year = await getCurrentYear(schoolId);
  if (!year) return [];
  const enrolments = (await listEnrolmentsOfStudents({ schoolId, studentIds: [studentId] })).filter((e) => String(e.yearId) === String(year._id) && !e.until);
  const classes = await findClasses({ schoolId, classIds: enrolments.map((e) => e.classId) });
  return classes.map((c) => c.classTeacherId).filter((id): id is Types.ObjectId => id != null);
}

export const administrationOf = (schoolId: Types.ObjectId) => listUserIdsWithRole(schoolId, "admin");
