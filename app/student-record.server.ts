import type { Types } from "mongoose";
import { audit } from "~/auth/audit.server";
import { notFound, reachableStudentIds, schoolOf } from "~/auth/access.server";
import { AcademicYearModel, type AcademicYear } from "~models/academic-year.server";
import { ClassModel, className, type SchoolClass } from "~models/class.server";
import { EnrolmentModel, fullName, getStudent, type Enrolment } from "~models/student.server";
import { UserModel, type PublicUser } from "~models/user.server";

/**
 * A student's record for whoever may read it (404 for anyone else), with the read written to the
 * audit log: staff pages and family pages both come through here.
 */
export async function readStudentRecord(request: Request, user: PublicUser, studentId: string) {
  const schoolId = schoolOf(user);
  const student = await getStudent(schoolId, studentId, await reachableStudentIds(user));
  if (!student) notFound();
  await audit(request, user, { action: "read", entity: "student", entityId: studentId, studentId: student._id, summary: fullName(student) });

  const enrolments = await EnrolmentModel.find({ schoolId, studentId: student._id }).lean<Enrolment[]>();
  const [classes, years] = await Promise.all([
    ClassModel.find({ schoolId, _id: { $in: enrolments.map((e) => e.classId) } }).lean<SchoolClass[]>(),
    AcademicYearModel.find({ schoolId, _id: { $in: enrolments.map((e) => e.yearId) } }).lean<AcademicYear[]>(),
  ]);
  const history = years
    .sort((a, b) => b.startDate.getTime() - a.startDate.getTime())
    .map((year) => {
      const enrolment = enrolments.find((e) => String(e.yearId) === String(year._id));
      const schoolClass = classes.find((c) => String(c._id) === String(enrolment?.classId));
      return { year: year.name, current: year.current, className: schoolClass ? className(schoolClass) : "—", classId: String(schoolClass?._id ?? "") };
    });
  const representatives = await UserModel.find({ schoolId, _id: { $in: student.representativeIds as Types.ObjectId[] } }, { lastName: 1, firstName: 1, middleName: 1 }).lean<PublicUser[]>();
  return {
    student: {
      id: String(student._id),
      name: fullName(student),
      birthDate: student.birthDate,
      enrolledAt: student.enrolledAt,
      leftAt: student.leftAt,
    },
    history,
    representatives: representatives.map((r) => fullName(r)),
  };
}

export type StudentRecord = Awaited<ReturnType<typeof readStudentRecord>>;
