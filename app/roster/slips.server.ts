// Accounts for families in bulk, and their login slips as the page hands them out: for a class or
// the whole school, or one family's slip again (new passwords for that family's accounts only).
import type { Types } from "mongoose";
import { NotFound, RefusedByRule } from "~/http/refusals";
import { getCurrentYear } from "~models/academic-year.server";
import { className, getClass, listClasses, type SchoolClass } from "~models/class.server";
import { getSchool } from "~models/school.server";
import { fullName, getEnrolment, getStudentName, listStudentIdsAtSchool, listStudentsOfClasses, studentLeftReason } from "~models/student.server";
import { makeFamilyAccounts } from "./accounts.server";
import { loginSlipsPdf } from "./login-slips.server";

/** Accounts for the families of a class (or the whole school) now at school; their login slips. */
export async function classAccounts(schoolId: Types.ObjectId, classId: string, origin: string) {
  const year = await getCurrentYear(schoolId);
  if (!year) throw new RefusedByRule("В школе нет текущего учебного года", "classId");
  const classes = (await listClasses(schoolId, year._id)).filter((c) => classId === "all" || String(c._id) === classId);
  if (!classes.length) throw new NotFound("Нет такого класса в этом учебном году");
  const studentIds = await listStudentIdsAtSchool({ schoolId, yearId: year._id, classIds: classes.map((c) => c._id) });
  if (!studentIds.length) throw new RefusedByRule("В классе нет обучающихся: сначала загрузите контингент", "classId");
  const label = classId === "all" ? "вся школа" : className(classes[0]);
  return slipsFor(schoolId, studentIds, classes, false, origin, label);
}

/** One family's slip again: new passwords for the accounts on it, and only those. */
export async function familySlipAgain(schoolId: Types.ObjectId, studentId: string, origin: string) {
  const year = await getCurrentYear(schoolId);
  const student = year ? await getStudentName({ schoolId, studentId }) : null;
  if (!year || !student) throw new NotFound("Нет такого обучающегося");
  // Their class now (its name goes on the slip); none, or gone from the school: no slip.
  const enrolment = await getEnrolment(schoolId, student._id, year._id);
  const schoolClass = enrolment && !enrolment.until ? await getClass(schoolId, String(enrolment.classId)) : null;
  if (!schoolClass || (await studentLeftReason({ schoolId, studentId: student._id }))) {
    throw new RefusedByRule("Обучающийся не учится в школе в этом году: листок входа не выдаётся", "studentId");
  }
  return slipsFor(schoolId, [student._id], [schoolClass], true, origin, fullName(student));
}

async function slipsFor(schoolId: Types.ObjectId, studentIds: Types.ObjectId[], classes: SchoolClass[], resetPasswords: boolean, origin: string, label: string) {
  const members = await listStudentsOfClasses(schoolId, classes.map((c) => c._id));
  const nameOfClass = new Map(classes.map((c) => [String(c._id), className(c)]));
  const classNameOf = new Map(members.map((m) => [String(m._id), nameOfClass.get(String(m.classId)) ?? ""]));
  const { slips, made } = await makeFamilyAccounts({ schoolId, studentIds, classNameOf, resetPasswords });
  const school = await getSchool(schoolId);
  const bytes = await loginSlipsPdf({ schoolName: school?.name ?? "", origin, slips });
  const summary = resetPasswords
    ? `листок входа выдан повторно (пароли семьи сброшены): ${label}`
    : `учётные записи семей (${label}): создано ученикам ${made.students}, родителям ${made.parents}, привязано уже существующих ${made.linked}; листков входа ${slips.length}`;
  return { bytes, fileName: `Листки входа — ${label}.pdf`, summary };
}
